use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() -> &'static str {
    let s = String::from("done");
    yield_!(1);
    &s
}

fn main() {}
