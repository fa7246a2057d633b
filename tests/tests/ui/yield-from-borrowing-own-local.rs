// A value handed out of the generator (a yielded item, a delegated generator's items, a value written through the
// resume argument) must not borrow the generator's own locals: they end when the generator is dropped.
use gen_runtime::prelude::*;
#[generator(yield = &'a str)]
fn inner<'a>(t: &'a str) {
    for w in t.split(' ') { yield_!(w); }
}
#[generator(yield = &str)]
fn words(_t: &str) {
    let s = String::from("a b");
    let n = s.len();
    yield_from!(inner(&s));
    yield_!("x");
    let _ = n;
}
fn main() {}
