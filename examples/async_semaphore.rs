//! The note's `Semaphore(10)`: at most 10 coroutines inside the guarded section at once.
//!
//! ```python
//! sem = asyncio.Semaphore(10)
//! async def limited(i):
//!     async with sem:
//!         await fetch(i)
//! await asyncio.gather(*(limited(i) for i in range(30)))
//! ```
//!
//! `tokio::sync::Semaphore`: the permit is a guard, released when it is dropped at the end of the coroutine. 30 calls
//! of 1 s each, 10 at a time, take 3 s. Seconds are scaled to 100 ms so the example runs quickly: about 300 ms.

use gen_runtime::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

const SECOND: Duration = Duration::from_millis(100); // one "second" of the note

static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MAX_RUNNING: AtomicUsize = AtomicUsize::new(0);

#[generator]
async fn limited(sem: &Semaphore, i: u32) -> u32 {
    let _permit = sem.acquire().await.expect("the semaphore is never closed");
    let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
    MAX_RUNNING.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(SECOND).await; // the guarded call
    RUNNING.fetch_sub(1, Ordering::SeqCst);
    i
}

#[tokio::main]
async fn main() {
    let sem = Semaphore::new(10);
    let t0 = Instant::now();
    let done = futures::future::join_all((0..30).map(|i| limited(&sem, i))).await;
    println!("{} calls in {:?}, at most {} at once", done.len(), t0.elapsed(), MAX_RUNNING.load(Ordering::SeqCst));
}
