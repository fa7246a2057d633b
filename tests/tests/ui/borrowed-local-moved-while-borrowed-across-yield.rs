use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    let text = String::from("a b");
    let words = text.split_whitespace();
    let moved = text;
    for w in words {
        yield_!(w.len() as u32);
    }
    drop(moved);
}

fn main() {}
