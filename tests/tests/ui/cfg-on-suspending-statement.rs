use gen_runtime::prelude::*;

// The macro lowers the body before rustc evaluates `cfg`: a suspension point cannot be configured out.
#[generator(yield = u32)]
fn configured() {
    #[cfg(any())]
    yield_!(1);
    yield_!(2);
}

// A local declared under `cfg` and still alive at a suspension point (here: shadowed, not dropped).
#[generator(yield = u32)]
fn configured_local() {
    #[cfg(debug_assertions)]
    let limit = 10;
    #[cfg(not(debug_assertions))]
    let limit = 100;
    yield_!(limit);
}

fn main() {}
