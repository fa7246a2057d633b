use gen_runtime::prelude::*;

// A generator block reports a misplaced `yield_!` as a `#[generator]` function does, and nothing more: the block
// still has a generator type, so the `for` loop below adds no error.
fn main() {
    let v = vec![1u32, 2];
    let g = gen_block! {
        v.iter().for_each(|x| {
            yield_!(*x);
        });
    };
    for n in Box::pin(g).into_iter() {
        println!("{n}");
    }
}
