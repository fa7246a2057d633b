use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() -> usize {
    let s = String::new();
    drop(s);
    yield_!(1);
    s.len()
}

fn main() {}
