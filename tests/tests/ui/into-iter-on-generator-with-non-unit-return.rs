use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() -> u32 {
    yield_!(1);
    0
}

fn main() {
    for _n in Box::pin(numbers()).into_iter() {}
}
