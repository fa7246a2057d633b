use gen_runtime::prelude::*;

#[generator(yield = u32, resume = usize)]
fn numbers() {
    let mut v = vec![0; 4];
    let b;
    (v[yield_!(0)], b) = (1, 2);
    let _ = b;
}

fn main() {}
