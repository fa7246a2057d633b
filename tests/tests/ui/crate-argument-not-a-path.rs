use gen_runtime::prelude::*;

// `crate = …` takes the path gen-runtime is re-exported under (`crate = my_lib::gen_runtime`, or as a string).
#[generator(yield = u32, crate = 5)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
