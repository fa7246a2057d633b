use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let mut g = numbers();
    let _ = g.resume(());
}
