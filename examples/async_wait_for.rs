//! The note's `wait_for`: give up on a call after 5 s; the abandoned coroutine is cancelled.
//!
//! ```python
//! try:
//!     result = await asyncio.wait_for(slow_query(), timeout=5)
//! except asyncio.TimeoutError:
//!     print("timed out")
//! ```
//!
//! `tokio::time::timeout` polls the coroutine until the deadline, then drops it: dropping a suspended coroutine is how
//! Rust cancels it (its live locals and the future it awaits are dropped). Seconds are scaled to 100 ms so the
//! example runs quickly: the timeout fires after about 500 ms.

use gen_runtime::prelude::*;
use std::time::{Duration, Instant};

const SECOND: Duration = Duration::from_millis(100); // one "second" of the note

/// Prints when the coroutine holding it is dropped.
struct Connection(&'static str);

impl Drop for Connection {
    fn drop(&mut self) {
        println!("{} closed (dropped with the coroutine)", self.0);
    }
}

#[generator]
async fn slow_query() -> &'static str {
    let _conn = Connection("connection of slow_query");
    println!("slow_query started");
    tokio::time::sleep(SECOND * 10).await; // takes 10 s: longer than the timeout
    println!("slow_query finished"); // never printed
    "rows"
}

#[generator]
async fn fast_query() -> &'static str {
    tokio::time::sleep(SECOND).await;
    "rows"
}

#[tokio::main]
async fn main() {
    let t0 = Instant::now();
    match tokio::time::timeout(SECOND * 5, slow_query()).await {
        Ok(rows) => println!("got {rows}"),
        Err(_) => println!("timed out after {:?}", t0.elapsed()),
    }
    let t0 = Instant::now();
    match tokio::time::timeout(SECOND * 5, fast_query()).await {
        Ok(rows) => println!("fast_query: got {rows} after {:?}", t0.elapsed()),
        Err(_) => println!("fast_query timed out"),
    }
}
