use gen_runtime::prelude::*;

// A generator is not an iterator itself (it may need pinning, and it has a return value): `for` needs
// `.into_iter()` (on an `Unpin` generator that returns nothing) or `Box::pin(g).into_iter()`. rustc's message for a
// std trait cannot be changed by a library; the guide's "Common errors" says what to write.
#[generator(yield = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    for _n in numbers() {}
}
