use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    yield_!("text");
}

fn main() {}
