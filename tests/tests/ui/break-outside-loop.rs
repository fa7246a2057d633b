use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    yield_!(1);
    break;
}

fn main() {}
