//! The note's first pattern: two awaits in a row take the sum of their times.
//!
//! ```python
//! a = await fetch("users")    # 1 s
//! b = await fetch("orders")   # 1 s more: 2 s in all
//! ```
//!
//! Seconds are scaled to 100 ms so the example runs quickly: expect about 200 ms.

use gen_runtime::prelude::*;
use std::time::{Duration, Instant};

const SECOND: Duration = Duration::from_millis(100); // one "second" of the note

#[generator]
async fn fetch(what: &'static str) -> String {
    tokio::time::sleep(SECOND).await; // stands for a 1 s network call
    format!("{what} data")
}

#[generator]
async fn sequential() -> (String, String) {
    let users = fetch("users").await; // suspends until the first call is done
    let orders = fetch("orders").await; // only then starts the second
    (users, orders)
}

#[tokio::main]
async fn main() {
    let t0 = Instant::now();
    let (users, orders) = sequential().await;
    println!("{users}, {orders} in {:?} (2 x 100 ms: one after the other)", t0.elapsed());
}
