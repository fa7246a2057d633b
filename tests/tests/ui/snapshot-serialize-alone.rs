use gen_runtime::prelude::*;
use serde::Serialize;

#[generator(yield = u32)]
#[derive(Serialize)]
fn countdown(n: u32) {
    let mut i = n;
    while i > 0 {
        yield_!(i);
        i -= 1;
    }
}

fn main() {
    let _ = countdown(3);
}
