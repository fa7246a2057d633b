use gen_runtime::prelude::*;

// A copy of the suspended generator would hold `s.chars()`, a borrow of the original's `s`.
#[generator(yield = char)]
#[derive(Clone)]
fn chars(s: String) {
    for c in s.chars() {
        yield_!(c);
    }
}

fn main() {
    // A caller that copies the generator reports nothing more.
    let g = chars(String::new());
    let _ = g.clone();
}
