//! The note's `as_completed`: handle each result as soon as it is ready, the fastest first.
//!
//! ```python
//! for next_done in asyncio.as_completed([fetch("slow", 3), fetch("fast", 1), fetch("medium", 2)]):
//!     print(await next_done)
//! ```
//!
//! `futures::stream::FuturesUnordered` yields the outputs of the futures it holds in the order they finish. Seconds
//! are scaled to 100 ms so the example runs quickly.

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use gen_runtime::prelude::*;
use std::time::{Duration, Instant};

const SECOND: Duration = Duration::from_millis(100); // one "second" of the note

#[generator]
async fn fetch(what: &'static str, seconds: u32) -> &'static str {
    tokio::time::sleep(SECOND * seconds).await;
    what
}

#[generator]
async fn as_completed() -> Vec<&'static str> {
    let t0 = Instant::now();
    let mut pending: FuturesUnordered<_> =
        [fetch("slow", 3), fetch("fast", 1), fetch("medium", 2)].into_iter().collect();
    let mut order = Vec::new();
    while let Some(done) = pending.next().await {
        println!("{done:>6} done after {:?}", t0.elapsed());
        order.push(done);
    }
    order
}

#[tokio::main]
async fn main() {
    let order = as_completed().await;
    println!("finished in this order: {order:?}");
}
