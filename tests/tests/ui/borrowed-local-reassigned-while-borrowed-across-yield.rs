use gen_runtime::prelude::*;

#[generator(yield = usize)]
fn lengths() {
    let mut text = String::from("a bb ccc");
    let words = text.split_whitespace();
    text = String::from("replaced");
    for w in words {
        yield_!(w.len());
    }
    let _ = text;
}

fn main() {}
