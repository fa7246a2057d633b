use gen_runtime::prelude::*;

// `break` outside a loop: rustc's own error, on the user's `break` (the macro emits the function as written).
#[generator(yield = u32)]
fn numbers() {
    yield_!(1);
    break;
}

fn main() {
    let _ = numbers();
}
