use gen_runtime::prelude::*;

// A block cannot hand out a borrow of what it owns: `words` is moved into it, and the block may be dropped while
// the yielded `&str` is still in use.
fn first_words() -> impl Generator<(), Yield = &'static str, Return = ()> {
    let words = String::from("a b");
    gen_block! {
        for w in words.split(' ') {
            yield_!(w);
        }
    }
}

fn main() {
    let _ = first_words();
}
