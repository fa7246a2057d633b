use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    let _f = async {
        yield_!(1);
    };
}

fn main() {}
