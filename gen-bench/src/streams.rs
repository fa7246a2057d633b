//! The async `stream` workload: `STREAM_N` items, each produced after `.await`ing a future that is pending once
//! (so every item costs two polls, one of which suspends at the `.await`). Driven by hand with a no-op waker.

use core::future::Future;
use core::hint::black_box;
use core::pin::{Pin, pin};
use core::task::{Context, Poll, Waker};
use futures_core::Stream;
use gen_runtime::prelude::*;

/// A future that is pending on its first poll (waking its task at once) and ready with `value` on the next one.
pub struct PendingOnce {
    value: u64,
    polled: bool,
}

pub fn pending_once(value: u64) -> PendingOnce {
    PendingOnce { value, polled: false }
}

impl Future for PendingOnce {
    type Output = u64;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u64> {
        if self.polled {
            Poll::Ready(self.value)
        } else {
            self.polled = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

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

/// The handwritten stream: the same two polls per item, as a state machine.
pub struct Handwritten {
    i: u64,
    n: u64,
    awaiting: Option<PendingOnce>,
}

impl Stream for Handwritten {
    type Item = u64;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        let this = &mut *self;
        loop {
            if let Some(fut) = &mut this.awaiting {
                return match Pin::new(fut).poll(cx) {
                    Poll::Ready(v) => {
                        this.awaiting = None;
                        Poll::Ready(Some(v))
                    }
                    Poll::Pending => Poll::Pending,
                };
            }
            if this.i < this.n {
                this.awaiting = Some(pending_once(this.i));
                this.i += 1;
            } else {
                return Poll::Ready(None);
            }
        }
    }
}

pub fn handwritten_gen(n: u64) -> Handwritten {
    Handwritten { i: 0, n, awaiting: None }
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
