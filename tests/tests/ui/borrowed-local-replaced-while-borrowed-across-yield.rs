use gen_runtime::prelude::*;

#[generator(yield = usize)]
fn lengths() {
    let mut text = String::from("a bb ccc");
    let words = text.split_whitespace();
    let old = std::mem::replace(&mut text, String::new());
    for w in words {
        yield_!(w.len());
    }
    let _ = (old, text);
}

fn main() {}
