use gen_runtime::prelude::*;

#[generator(yield = u32)]
async fn numbers(n: u32) -> u32 {
    for i in 0..n {
        yield_!(i);
    }
    n
}

fn main() {}
