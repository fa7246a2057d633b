use gen_runtime::prelude::*;

struct Connection;

#[generator(yield = u32)]
#[derive(Clone)]
fn requests(conn: Connection) {
    yield_!(1);
    drop(conn);
}

fn main() {
    let _ = requests(Connection);
}
