use gen_runtime::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Cursor<'a> {
    #[serde(skip)]
    buf: &'a mut [u8],
    at: usize,
}

#[generator(yield = usize)]
#[derive(Serialize, Deserialize)]
fn step(mut cursor: Cursor<'_>) {
    yield_!(cursor.at);
    cursor.buf[cursor.at] = 1;
}

// The sub-generator holds `&mut data`, a borrow of this generator's local, which a snapshot would save with it.
#[generator(yield = usize)]
#[derive(Serialize, Deserialize)]
fn outer(mut data: Vec<u8>) {
    yield_from!(step(Cursor { buf: &mut data, at: 0 }));
}

fn main() {
    let _ = outer(vec![0]);
}
