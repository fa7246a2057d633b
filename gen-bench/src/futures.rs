//! The futures workloads: one future awaiting `AWAIT_N` futures that are each pending once, so every `.await`
//! suspends once and is resumed once. `await_loop` awaits them directly; `nested_async` through two more levels of
//! `async fn` (`mid` awaits `leaf` awaits `pending_once`, each adding 1), so each await resumes three nested
//! machines. Ours is `#[generator] async fn`; native is the same body as a plain `async fn` (stable, so it is
//! measured here, in the same binary as ours); handwritten is one `Future` (in `handwritten.rs`).

use core::future::Future;
use core::hint::black_box;
use core::pin::pin;
use core::task::{Context, Poll, Waker};
use gen_runtime::prelude::*;

use crate::handwritten::{AwaitLoop, NestedAsync};
use crate::workload::pending_once;

#[generator]
pub async fn ours_await_loop(n: u64) -> u64 {
    let mut sum = 0u64;
    for i in 0..n {
        let v = pending_once(i).await;
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

pub async fn native_await_loop(n: u64) -> u64 {
    let mut sum = 0u64;
    for i in 0..n {
        let v = pending_once(i).await;
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

#[generator]
pub async fn ours_leaf(i: u64) -> u64 {
    pending_once(i).await + 1
}

#[generator]
pub async fn ours_mid(i: u64) -> u64 {
    ours_leaf(i).await + 1
}

#[generator]
pub async fn ours_nested_async(n: u64) -> u64 {
    let mut sum = 0u64;
    for i in 0..n {
        let v = ours_mid(i).await;
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

pub async fn native_leaf(i: u64) -> u64 {
    pending_once(i).await + 1
}

pub async fn native_mid(i: u64) -> u64 {
    native_leaf(i).await + 1
}

pub async fn native_nested_async(n: u64) -> u64 {
    let mut sum = 0u64;
    for i in 0..n {
        let v = native_mid(i).await;
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

/// Polls a future to completion with a no-op waker (`PendingOnce` wakes its task and is ready on the next poll).
#[inline(always)]
fn run<F: Future<Output = u64>>(f: F) -> u64 {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

pub fn await_loop_handwritten(n: u64) -> u64 {
    run(AwaitLoop::new(n))
}

pub fn await_loop_ours(n: u64) -> u64 {
    run(ours_await_loop(n))
}

pub fn await_loop_native(n: u64) -> u64 {
    run(native_await_loop(n))
}

pub fn nested_async_handwritten(n: u64) -> u64 {
    run(NestedAsync::new(n))
}

pub fn nested_async_ours(n: u64) -> u64 {
    run(ours_nested_async(n))
}

pub fn nested_async_native(n: u64) -> u64 {
    run(native_nested_async(n))
}

/// `size_of` of each workload's future before its first poll: ours, then the native `async fn`.
pub fn sizes() -> Vec<(&'static str, usize, usize)> {
    vec![
        ("await_loop", size_of_val(&ours_await_loop(1)), size_of_val(&native_await_loop(1))),
        ("nested_async", size_of_val(&ours_nested_async(1)), size_of_val(&native_nested_async(1))),
    ]
}
