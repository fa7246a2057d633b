// A value handed out of the generator (a yielded item, a delegated generator's items, a value written through the
// resume argument) must not borrow the generator's own locals: they end when the generator is dropped.
use gen_runtime::prelude::*;
#[generator(yield = &str)]
fn words(_t: &str) {
    let s = String::from("a b");
    for w in s.split(' ') {
        yield_!(w);
    }
}
fn main() { let _ = words(""); }
