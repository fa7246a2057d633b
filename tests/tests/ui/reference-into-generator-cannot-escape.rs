use gen_runtime::prelude::*;

// The yield type does not borrow from the generator, so a slice of its own `text` cannot be handed out: it would
// dangle once the generator is dropped. Yield owned values (`w.to_string()`) or borrow an argument instead.
#[generator(yield = &'static str)]
fn words(text: String) {
    for w in text.split_whitespace() {
        yield_!(w);
    }
}

fn main() {}
