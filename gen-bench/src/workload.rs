//! The workloads' parameters and inputs, shared by every implementation (also by the native crate, through
//! `#[path]`: keep this file free of dependencies).

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
/// `stream`: items of the async stream (each one `.await`s a ready future first).
pub const STREAM_N: u64 = 10_000;

/// The input of `filter_map`.
pub fn filter_input() -> Vec<u64> {
    (0..FILTER_LEN).map(|i| i.wrapping_mul(2_654_435_761) % 1_000).collect()
}

/// How many values each workload yields: the denominator of ns/yield.
pub fn yields(workload: &str) -> u64 {
    match workload {
        "counter" => COUNTER_N,
        "nested" => NESTED_N * NESTED_N,
        "running_total" => RUNNING_N,
        "large_state" => LARGE_N,
        "filter_map" => filter_input().iter().filter(|x| *x % 3 == 0).count() as u64,
        "delegate" => DELEGATE_SUBS * DELEGATE_EACH + 1,
        "stream" => STREAM_N,
        _ => panic!("unknown workload {workload}"),
    }
}

/// The resume argument the driver of `running_total` passes on the `k`-th resume (`k` from 0).
#[inline(always)]
pub fn running_arg(k: u64) -> u64 {
    k.wrapping_mul(7) & 0xff
}
