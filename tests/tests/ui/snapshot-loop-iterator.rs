use gen_runtime::prelude::*;
use serde::{Deserialize, Serialize};

// The loop's iterator is held across the yield: `Rev<Range<u32>>` has no serde impls (`0..n` has).
#[generator(yield = u32)]
#[derive(Serialize, Deserialize)]
fn countdown(n: u32) {
    for i in (0..n).rev() {
        yield_!(i);
    }
}

fn main() {
    let _ = countdown(3);
}
