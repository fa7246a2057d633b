use gen_runtime::prelude::*;
use std::pin::pin;

#[generator(yield = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let mut g = pin!(numbers());
    let _ = g.as_mut().resume(5);
}
