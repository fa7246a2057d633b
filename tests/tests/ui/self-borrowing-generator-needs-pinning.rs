use gen_runtime::prelude::*;

// `lengths` keeps a borrow of its own `text` across a yield, so it is not `Unpin`: it must be pinned to be resumed.
#[generator(yield = usize)]
fn lengths(text: String) {
    for w in text.split_whitespace() {
        yield_!(w.len());
    }
}

fn main() {
    let mut g = lengths(String::from("a bb"));
    let _ = g.resume_unpin(());
}
