use gen_runtime::prelude::*;

#[generator]
fn numbers() {
    yield_!(1);
}

fn main() {}
