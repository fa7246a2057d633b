use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers(ok: bool) {
    assert!(ok, "failed with {}", yield_!(1));
}

fn main() {}
