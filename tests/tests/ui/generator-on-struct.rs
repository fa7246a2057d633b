use gen_runtime::prelude::*;

#[generator(yield = u32)]
struct Numbers {
    n: u32,
}

fn main() {}
