use gen_runtime::prelude::*;

macro_rules! twice {
    ($e:expr) => {
        ($e, $e)
    };
}

#[generator(yield = u32)]
fn numbers() {
    let _pair = twice!(yield_!(1));
}

fn main() {}
