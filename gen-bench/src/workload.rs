//! The workloads' parameters and inputs, shared by every implementation (also by the native crate, through
//! `#[path]`: keep this file free of dependencies).

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

/// `counter`: yield `0..COUNTER_N`.
pub const COUNTER_N: u64 = 10_000;
/// `nested`: `for i in 0..NESTED_N { for j in 0..NESTED_N { yield i ^ j } }`.
pub const NESTED_N: u64 = 100;
/// `running_total`: resumes, each folding its resume argument into the total.
pub const RUNNING_N: u64 = 10_000;
/// `large_state`: yields, with a `[u64; 32]` held across every one.
pub const LARGE_N: u64 = 10_000;
/// `filter_map`: length of the owned `Vec` walked with `.iter()` (every third element is yielded).
pub const FILTER_LEN: u64 = 10_000;
/// `delegate`: sub-generators delegated to, each yielding `DELEGATE_EACH` values.
pub const DELEGATE_SUBS: u64 = 1_000;
/// Values each sub-generator of `delegate` yields.
pub const DELEGATE_EACH: u64 = 10;
/// `triangular`: `for i in 0..TRIANGULAR_N { for j in 0..i { yield i ^ j } }`, 141 * 140 / 2 = 9 870 yields
/// (the inner loop's length changes on every pass, unlike `nested`'s).
pub const TRIANGULAR_N: u64 = 141;
/// `stream`: items of the async stream (each one `.await`s a future that is pending once first).
pub const STREAM_N: u64 = 10_000;
/// `filtered_vec`: length of the owned `Vec` an async stream walks with `.iter().filter(..)`, awaiting a ready future
/// before yielding each element that is not a multiple of 3.
pub const FILTERED_LEN: u64 = 10_000;
/// `await_loop` and `nested_async`: futures awaited (each pending once) by one future.
pub const AWAIT_N: u64 = 2_048;

/// The input of `filter_map`.
pub fn filter_input() -> Vec<u64> {
    (0..FILTER_LEN).map(|i| i.wrapping_mul(2_654_435_761) % 1_000).collect()
}

/// The input of `filtered_vec` (the same values as `filter_input`'s, kept apart so either can change alone).
pub fn filtered_input() -> Vec<u64> {
    (0..FILTERED_LEN).map(|i| i.wrapping_mul(2_654_435_761) % 1_000).collect()
}

/// How many values each workload yields (for the futures, how many futures it awaits): the denominator of ns/yield.
pub fn yields(workload: &str) -> u64 {
    match workload {
        "counter" => COUNTER_N,
        "nested" => NESTED_N * NESTED_N,
        "running_total" => RUNNING_N,
        "large_state" => LARGE_N,
        "filter_map" => filter_input().iter().filter(|x| *x % 3 == 0).count() as u64,
        "delegate" => DELEGATE_SUBS * DELEGATE_EACH + 1,
        "triangular" => TRIANGULAR_N * TRIANGULAR_N.saturating_sub(1) / 2,
        "stream" => STREAM_N,
        "filtered_vec" => filtered_input().iter().filter(|x| *x % 3 != 0).count() as u64,
        "await_loop" | "nested_async" => AWAIT_N,
        _ => panic!("unknown workload {workload}"),
    }
}

/// The resume argument the driver of `running_total` passes on the `k`-th resume (`k` from 0).
#[inline(always)]
pub fn running_arg(k: u64) -> u64 {
    k.wrapping_mul(7) & 0xff
}

/// A future that is pending on its first poll (waking its task at once) and ready with `value` on the next one: the
/// cheapest future that really suspends, so an `.await` of it costs a suspension and a resumption.
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
