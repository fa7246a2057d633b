//! The async stream workloads, driven by hand with a no-op waker.
//!
//! `stream`: `STREAM_N` items, each produced after `.await`ing a future that is pending once (so every item costs two
//! polls, one of which suspends at the `.await`). `filtered_vec`: an owned `Vec` walked with `.iter().filter(..)` (a
//! borrow of the stream's own local, and a closure, held across every `.await`), each kept element `.await`ed
//! through a ready future (one poll per item, never suspending) and yielded.

use core::hint::black_box;
use core::pin::{Pin, pin};
use core::task::{Context, Poll, Waker};
use futures_core::Stream;
use gen_runtime::prelude::*;

use crate::handwritten::{AwaitEach, FilteredVec};
pub use crate::workload::{PendingOnce, pending_once};

#[generator(yield = u64)]
pub async fn ours_gen(n: u64) {
    for i in 0..n {
        let v = pending_once(i).await;
        yield_!(v);
    }
}

pub fn async_stream_gen(n: u64) -> impl Stream<Item = u64> {
    async_stream::stream! {
        for i in 0..n {
            let v = pending_once(i).await;
            yield v;
        }
    }
}

/// The handwritten machine of `stream` (in `handwritten.rs`, shared with the native crate), as a `Stream`.
impl Stream for AwaitEach {
    type Item = u64;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        self.get_mut().poll_item(cx)
    }
}

pub fn handwritten_gen(n: u64) -> AwaitEach {
    AwaitEach::new(n)
}

#[generator(yield = u64)]
pub async fn ours_filtered(v: Vec<u64>) {
    for x in v.iter().filter(|x| **x % 3 != 0) {
        let y = core::future::ready(*x).await;
        yield_!(y);
    }
}

pub fn async_stream_filtered(v: Vec<u64>) -> impl Stream<Item = u64> {
    async_stream::stream! {
        for x in v.iter().filter(|x| **x % 3 != 0) {
            let y = core::future::ready(*x).await;
            yield y;
        }
    }
}

/// The handwritten machine of `filtered_vec`, as a `Stream`.
impl Stream for FilteredVec {
    type Item = u64;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        self.get_mut().poll_item(cx)
    }
}

#[inline(always)]
fn drain<S: Stream<Item = u64>>(s: S) -> u64 {
    let mut s = pin!(s);
    let mut cx = Context::from_waker(Waker::noop());
    let mut sum = 0u64;
    loop {
        match s.as_mut().poll_next(&mut cx) {
            Poll::Ready(Some(v)) => sum = sum.wrapping_add(black_box(v)),
            Poll::Ready(None) => return sum,
            Poll::Pending => {}
        }
    }
}

pub fn ours(n: u64) -> u64 {
    drain(ours_gen(n))
}

pub fn async_stream(n: u64) -> u64 {
    drain(async_stream_gen(n))
}

pub fn handwritten(n: u64) -> u64 {
    drain(handwritten_gen(n))
}

pub fn filtered_vec_ours(v: Vec<u64>) -> u64 {
    drain(ours_filtered(v))
}

pub fn filtered_vec_async_stream(v: Vec<u64>) -> u64 {
    drain(async_stream_filtered(v))
}

pub fn filtered_vec_handwritten(v: Vec<u64>) -> u64 {
    drain(FilteredVec::new(v))
}
