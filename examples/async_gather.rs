//! The note's `gather`: two calls awaited together take the time of the slower one.
//!
//! ```python
//! a, b = await asyncio.gather(fetch("users"), fetch("orders"))   # 1 s in all
//! ```
//!
//! `futures::future::join` is `gather` for two futures, `join_all` for a list. Seconds are scaled to 100 ms so the
//! example runs quickly: expect about 100 ms.

use gen_runtime::prelude::*;
use std::time::{Duration, Instant};

const SECOND: Duration = Duration::from_millis(100); // one "second" of the note

#[generator]
async fn fetch(what: &'static str) -> String {
    tokio::time::sleep(SECOND).await; // stands for a 1 s network call
    format!("{what} data")
}

#[generator]
async fn gather() -> (String, String) {
    // Both coroutines are polled by the same `join`: they wait at the same time.
    futures::future::join(fetch("users"), fetch("orders")).await
}

#[generator]
async fn gather_all(names: Vec<&'static str>) -> Vec<String> {
    futures::future::join_all(names.into_iter().map(fetch)).await
}

#[tokio::main]
async fn main() {
    let t0 = Instant::now();
    let (users, orders) = gather().await;
    println!("{users}, {orders} in {:?} (together: 100 ms, not 200)", t0.elapsed());

    let t0 = Instant::now();
    let all = gather_all(vec!["a", "b", "c", "d", "e"]).await;
    println!("{} results in {:?} (join_all of 5)", all.len(), t0.elapsed());
}
