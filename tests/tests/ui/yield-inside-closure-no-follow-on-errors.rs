use gen_runtime::prelude::*;

// The misplaced `yield_!` is the only error: the caller still sees the declared generator type, so its
// `.into_iter()` and `for` loop are not reported too.
#[generator(yield = u32)]
fn numbers(v: Vec<u32>) {
    v.iter().for_each(|x| {
        yield_!(*x);
    });
}

fn main() {
    for n in Box::pin(numbers(vec![1])).into_iter() {
        println!("{n}");
    }
}
