use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn inner() {
    yield_!(1);
}

fn outer() {
    yield_from!(inner());
}

fn main() {
    outer();
}
