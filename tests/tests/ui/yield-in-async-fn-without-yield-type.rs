use gen_runtime::prelude::*;

#[generator]
async fn numbers() -> u32 {
    yield_!(1);
    2
}

fn main() {}
