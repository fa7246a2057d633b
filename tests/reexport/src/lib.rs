//! Generators written against gen-runtime re-exported under another path, with `#[generator(crate = …)]`.

/// A re-export, as a library wrapping gen would write it.
pub mod reexported {
    pub use lib_gen::*;
}

use reexported::prelude::*;

/// A generator that pins a local and delegates, so the expansion names most of the runtime's hidden items.
#[generator(yield = usize, crate = crate::reexported)]
pub fn word_lengths(text: String) -> usize {
    let mut n = 0;
    for w in text.split_whitespace() {
        yield_!(w.len());
        n += 1;
    }
    let extra = yield_from!(tail());
    n + extra
}

#[generator(yield = usize, crate = "crate::reexported")]
fn tail() -> usize {
    yield_!(0);
    1
}

/// An async stream, through the same path.
#[generator(yield = u8, crate = crate::reexported)]
pub async fn bytes() {
    futures_ready().await;
    yield_!(7);
}

async fn futures_ready() {}

/// A snapshot through the same path: the derive's `serde(crate = …)` names serde through it too.
#[generator(yield = u32, crate = crate::reexported)]
#[derive(serde::Serialize, serde::Deserialize)]
pub fn countdown(n: u32) {
    for i in 0..n {
        yield_!(n - i);
    }
}
