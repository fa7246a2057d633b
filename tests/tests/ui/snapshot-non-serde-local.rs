use gen_runtime::prelude::*;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

// `shared` is held across the yield: a snapshot must save it, and `Rc` has no serde impls (without serde's `rc`).
#[generator(yield = u32)]
#[derive(Serialize, Deserialize)]
fn counter() {
    let shared = Rc::new(5u32);
    yield_!(*shared);
    yield_!(*shared + 1);
}

fn main() {
    let _ = counter();
}
