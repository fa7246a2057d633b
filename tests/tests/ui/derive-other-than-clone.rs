use gen_runtime::prelude::*;

#[generator(yield = u32)]
#[derive(Clone, Debug)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
