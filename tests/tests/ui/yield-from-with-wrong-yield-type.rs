use gen_runtime::prelude::*;

#[generator(yield = &'static str)]
fn words() {
    yield_!("a");
}

#[generator(yield = u32)]
fn numbers() {
    yield_from!(words());
}

fn main() {}
