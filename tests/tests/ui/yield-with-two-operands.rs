use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    let a = 1;
    let b = 2;
    yield_!(a, b);
}

fn main() {}
