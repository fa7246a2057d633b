use gen_runtime::prelude::*;
use serde::{Deserialize, Serialize};

#[generator(yield = u32)]
#[derive(Serialize, Deserialize)]
fn each(items: Vec<u32>) {
    for i in 0..items.len() {
        yield_!(items[i]);
    }
}

// `items.to_vec()` is owned, but `part(&items)` may borrow `items` for all the macro can see, and the sub-generator's
// type is opaque.
#[generator(yield = u32)]
#[derive(Serialize, Deserialize)]
fn twice(items: Vec<u32>) {
    yield_from!(each(items.to_vec()));
    yield_from!(each(part(&items)));
}

fn part(items: &[u32]) -> Vec<u32> {
    items[..1].to_vec()
}

fn main() {
    let _ = twice(vec![1]);
}
