use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    let _x = const {
        yield_!(1);
        1
    };
}

fn main() {}
