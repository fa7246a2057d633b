use gen_runtime::prelude::*;

// Without `yield = u32` a generator yields `()`: the error names the type to declare.
#[generator]
fn numbers() {
    let n: u32 = 5;
    yield_!(n);
}

fn main() {}
