use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() -> Result<(), String> {
    let n: u32 = 1;
    yield_!(n);
    let _m = n?;
    Ok(())
}

fn main() {}
