use gen_runtime::prelude::*;

#[generator(yield = u32, resume = u32, start = 5)]
fn numbers() {
    yield_!(1);
}

fn main() {}
