use gen_runtime::prelude::*;

#[generator(yield = u32, resume = u32)]
fn numbers() {
    let s: String = yield_!(1);
    drop(s);
}

fn main() {}
