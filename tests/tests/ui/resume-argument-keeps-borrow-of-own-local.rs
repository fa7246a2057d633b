// A value handed out of the generator (a yielded item, a delegated generator's items, a value written through the
// resume argument) must not borrow the generator's own locals: they end when the generator is dropped.
use gen_runtime::prelude::*;
#[generator(yield = (), resume = &'a mut Vec<&'a str>)]
fn fill<'a>(_t: &'a str) {
    let s = String::from("hello world");
    for w in s.split(' ') {
        let out = yield_!(());
        out.push(w);
    }
}
fn main() {}
