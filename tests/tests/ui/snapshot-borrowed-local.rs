use gen_runtime::prelude::*;
use serde::{Deserialize, Serialize};

// A snapshot would hold `s.chars()`, a pointer into this generator's `s`.
#[generator(yield = char)]
#[derive(Serialize, Deserialize)]
fn chars(s: String) {
    for c in s.chars() {
        yield_!(c);
    }
}

fn main() {
    let _ = chars(String::new());
}
