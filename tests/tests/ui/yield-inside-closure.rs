use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers(v: Vec<u32>) {
    v.iter().for_each(|x| {
        yield_!(*x);
    });
}

fn main() {}
