// A block owns its captures as an `async move` block does: one it mutates must be declared `mut`.
use gen_runtime::prelude::*;

fn main() {
    let count = 0u32;
    let g = gen_block! {
        count += 1;
        yield_!(count);
    };
    let _ = Box::pin(g).into_iter().count();
}
