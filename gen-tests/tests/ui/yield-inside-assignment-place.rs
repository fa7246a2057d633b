use gen_runtime::prelude::*;

#[generator(yield = u32, resume = usize)]
fn numbers() {
    let mut v = vec![0; 4];
    v[yield_!(0)] = 1;
}

fn main() {}
