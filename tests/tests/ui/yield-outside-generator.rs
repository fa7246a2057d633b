use gen_runtime::prelude::*;

fn numbers() {
    yield_!(1);
}

fn main() {
    numbers();
}
