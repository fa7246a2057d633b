use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers(stop: bool) -> u32 {
    if stop {
        return "early";
    }
    yield_!(1);
    0
}

fn main() {}
