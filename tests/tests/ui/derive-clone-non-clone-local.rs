use gen_runtime::prelude::*;

struct Connection;

// `conn` is held across the yield and `Connection` is not `Clone`.
#[generator(yield = u32)]
#[derive(Clone)]
fn requests() {
    let conn = Connection;
    yield_!(1);
    drop(conn);
}

fn main() {
    let _ = requests();
}
