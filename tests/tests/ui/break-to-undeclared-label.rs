use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    loop {
        yield_!(1);
        break 'outer;
    }
}

fn main() {}
