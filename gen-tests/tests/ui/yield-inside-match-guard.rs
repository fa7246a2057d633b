use gen_runtime::prelude::*;

#[generator(yield = u32, resume = bool)]
fn numbers(n: Option<u32>) {
    match n {
        Some(x) if yield_!(x) => {}
        _ => {}
    }
}

fn main() {}
