use gen_runtime::prelude::*;

#[generator(yeild = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {}
