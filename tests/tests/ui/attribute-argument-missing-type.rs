use gen_runtime::prelude::*;

#[generator(yield = )]
fn numbers() {
    yield_!(1);
}

fn main() {}
