use gen_runtime::prelude::*;

struct MyError;

#[generator(yield = u32)]
fn numbers(text: &str) -> Result<(), MyError> {
    yield_!(1);
    let n: u32 = text.parse()?;
    yield_!(n);
    Ok(())
}

fn main() {}
