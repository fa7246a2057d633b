use gen_runtime::prelude::*;

#[generator(yield = u32)]
extern "C" fn numbers() {
    yield_!(1);
}

fn main() {}
