use gen_runtime::prelude::*;
use serde::{Deserialize, Serialize};

// `cursor` holds `&mut data` across the yield; a snapshot reads `data`, which would invalidate that borrow.
#[derive(Serialize, Deserialize)]
struct Cursor<'a> {
    #[serde(skip)]
    buf: &'a mut [u8],
    at: usize,
}

#[generator(yield = usize)]
#[derive(Serialize, Deserialize)]
fn fill(mut data: Vec<u8>) {
    let cursor = Cursor { buf: &mut data, at: 0 };
    yield_!(cursor.at);
    cursor.buf[cursor.at] = 1;
}

fn main() {
    let _ = fill(vec![0]);
}
