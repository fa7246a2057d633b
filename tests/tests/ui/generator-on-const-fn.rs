use gen_runtime::prelude::*;

#[generator(yield = u32)]
const fn numbers() {
    yield_!(1);
}

fn main() {}
