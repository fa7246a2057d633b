use gen_runtime::prelude::*;

// `&String::from("x")` is an extended temporary the generator keeps, borrowed by `r` across the yield.
#[generator(yield = usize)]
#[derive(Clone)]
fn lengths() {
    let r = &String::from("x");
    yield_!(r.len());
    yield_!(r.len());
}

fn main() {
    let _ = lengths();
}
