use gen_runtime::prelude::*;

// The attribute already makes the function return the generator: `-> impl Generator<…>` names the wrong thing.
#[generator(yield = u32)]
fn numbers() -> impl Generator<Yield = u32> {
    yield_!(1);
    yield_!(2);
}

// Same for an iterator in mind.
#[generator(yield = u32)]
fn evens(n: u32) -> impl Iterator<Item = u32> {
    for i in 0..n {
        yield_!(2 * i);
    }
}

// A generator may return an iterator as its value: no error.
#[generator(yield = u32)]
fn head_then_rest(v: Vec<u32>) -> impl Iterator<Item = u32> {
    yield_!(v[0]);
    v.into_iter().skip(1)
}

fn main() {
    let _ = head_then_rest(vec![1, 2]);
}
