use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn inner() {
    yield_!(1);
}

#[generator(yield = u32)]
fn outer() {
    let f = || {
        yield_from!(inner());
    };
    f();
}

fn main() {}
