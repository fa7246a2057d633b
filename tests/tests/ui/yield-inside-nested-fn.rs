use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    fn helper() {
        yield_!(1);
    }
    helper();
}

fn main() {}
