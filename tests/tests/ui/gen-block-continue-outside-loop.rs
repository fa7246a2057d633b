use gen_runtime::prelude::*;

// A generator block has no original function for rustc to check: the macro says what is wrong, on the `continue`.
fn main() {
    let g = gen_block! {
        yield_!(1u32);
        continue;
    };
    let _ = g;
}
