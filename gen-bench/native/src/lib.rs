//! The benchmark workloads as rustc's native `static` coroutines (the stream workloads as `async gen` blocks), next
//! to the same handwritten machines that `gen-bench` measures (shared through `#[path]`), so the native figures come
//! with a handwritten baseline measured in the same binary. The futures workloads are not here: a native `async fn`
//! is stable, so `gen-bench` measures it in the same binary as ours.
#![feature(coroutines, coroutine_trait, stmt_expr_attributes, gen_blocks, async_iterator)]
#![allow(clippy::all)]

#[path = "../../src/workload.rs"]
pub mod workload;

#[path = "../../src/handwritten.rs"]
pub mod handwritten;

pub mod native {
    use core::hint::black_box;
    use core::ops::{Coroutine, CoroutineState};
    use core::pin::pin;

    pub fn counter_gen(n: u64) -> impl Coroutine<(), Yield = u64, Return = ()> {
        #[coroutine]
        static move || {
            for i in 0..n {
                yield i;
            }
        }
    }

    pub fn nested_gen(n: u64) -> impl Coroutine<(), Yield = u64, Return = ()> {
        #[coroutine]
        static move || {
            for i in 0..n {
                for j in 0..n {
                    yield i ^ j;
                }
            }
        }
    }

    pub fn triangular_gen(n: u64) -> impl Coroutine<(), Yield = u64, Return = ()> {
        #[coroutine]
        static move || {
            for i in 0..n {
                for j in 0..i {
                    yield i ^ j;
                }
            }
        }
    }

    pub fn running_total_gen(n: u64) -> impl Coroutine<u64, Yield = u64, Return = u64> {
        #[coroutine]
        static move |_first: u64| {
            let mut total = 0u64;
            for i in 0..n {
                let a = yield total;
                total += a ^ i;
            }
            total
        }
    }

    pub fn large_state_gen(n: u64) -> impl Coroutine<(), Yield = u64, Return = ()> {
        #[coroutine]
        static move || {
            let mut buf = [0u64; 32];
            for i in 0..n {
                buf[(i % 32) as usize] += i;
                yield buf[((i * 7) % 32) as usize];
            }
        }
    }

    pub fn filter_map_gen(v: Vec<u64>) -> impl Coroutine<(), Yield = u64, Return = ()> {
        #[coroutine]
        static move || {
            for x in v.iter() {
                if x % 3 == 0 {
                    yield x * 2;
                }
            }
        }
    }

    pub fn sub_gen(k: u64, each: u64) -> impl Coroutine<(), Yield = u64, Return = u64> {
        #[coroutine]
        static move || {
            for i in 0..each {
                yield k * each + i;
            }
            k
        }
    }

    /// Delegation by hand (native coroutines have no `yield from`): the sub-coroutine pinned in the outer one.
    pub fn delegate_gen(subs: u64, each: u64) -> impl Coroutine<(), Yield = u64, Return = ()> {
        #[coroutine]
        static move || {
            let mut acc = 0u64;
            for k in 0..subs {
                let mut sub = pin!(sub_gen(k, each));
                let r = loop {
                    match sub.as_mut().resume(()) {
                        CoroutineState::Yielded(v) => yield v,
                        CoroutineState::Complete(r) => break r,
                    }
                };
                acc += r;
            }
            yield acc;
        }
    }

    #[inline(always)]
    fn drain<G: Coroutine<(), Yield = u64, Return = ()>>(g: G) -> u64 {
        let mut g = pin!(g);
        let mut sum = 0u64;
        while let CoroutineState::Yielded(v) = g.as_mut().resume(()) {
            sum = sum.wrapping_add(black_box(v));
        }
        sum
    }

    pub fn counter(n: u64) -> u64 {
        drain(counter_gen(n))
    }

    pub fn nested(n: u64) -> u64 {
        drain(nested_gen(n))
    }

    pub fn triangular(n: u64) -> u64 {
        drain(triangular_gen(n))
    }

    pub fn running_total(n: u64) -> u64 {
        let mut g = pin!(running_total_gen(n));
        let mut sum = 0u64;
        let mut k = 0;
        loop {
            match g.as_mut().resume(crate::workload::running_arg(k)) {
                CoroutineState::Yielded(v) => sum = sum.wrapping_add(black_box(v)),
                CoroutineState::Complete(r) => return sum.wrapping_add(r),
            }
            k += 1;
        }
    }

    pub fn large_state(n: u64) -> u64 {
        drain(large_state_gen(n))
    }

    pub fn filter_map(v: Vec<u64>) -> u64 {
        drain(filter_map_gen(v))
    }

    pub fn delegate(subs: u64, each: u64) -> u64 {
        drain(delegate_gen(subs, each))
    }

    /// `size_of` of each workload's coroutine, before its first resume.
    pub fn sizes() -> Vec<(&'static str, usize)> {
        vec![
            ("counter", size_of_val(&counter_gen(1))),
            ("nested", size_of_val(&nested_gen(1))),
            ("running_total", size_of_val(&running_total_gen(1))),
            ("large_state", size_of_val(&large_state_gen(1))),
            ("filter_map", size_of_val(&filter_map_gen(Vec::new()))),
            ("delegate", size_of_val(&delegate_gen(1, 1))),
            ("triangular", size_of_val(&triangular_gen(1))),
            ("stream", size_of_val(&crate::native_async::stream_gen(1))),
            ("filtered_vec", size_of_val(&crate::native_async::filtered_gen(Vec::new()))),
        ]
    }
}

/// The stream workloads as `async gen` blocks (`gen_blocks`, `async_iterator`), and the handwritten stream machines
/// as `AsyncIterator`s, both drained with a no-op waker as `gen-bench/src/streams.rs` drains its streams.
pub mod native_async {
    use crate::handwritten::{AwaitEach, FilteredVec};
    use crate::workload::pending_once;
    use core::async_iter::AsyncIterator;
    use core::hint::black_box;
    use core::pin::{Pin, pin};
    use core::task::{Context, Poll, Waker};

    pub fn stream_gen(n: u64) -> impl AsyncIterator<Item = u64> {
        async gen move {
            for i in 0..n {
                let v = pending_once(i).await;
                yield v;
            }
        }
    }

    pub fn filtered_gen(v: Vec<u64>) -> impl AsyncIterator<Item = u64> {
        async gen move {
            for x in v.iter().filter(|x| **x % 3 != 0) {
                let y = core::future::ready(*x).await;
                yield y;
            }
        }
    }

    impl AsyncIterator for AwaitEach {
        type Item = u64;
        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
            self.get_mut().poll_item(cx)
        }
    }

    impl AsyncIterator for FilteredVec {
        type Item = u64;
        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
            self.get_mut().poll_item(cx)
        }
    }

    #[inline(always)]
    fn drain<S: AsyncIterator<Item = u64>>(s: S) -> u64 {
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

    pub fn stream(n: u64) -> u64 {
        drain(stream_gen(n))
    }

    pub fn filtered_vec(v: Vec<u64>) -> u64 {
        drain(filtered_gen(v))
    }

    pub fn stream_handwritten(n: u64) -> u64 {
        drain(AwaitEach::new(n))
    }

    pub fn filtered_vec_handwritten(v: Vec<u64>) -> u64 {
        drain(FilteredVec::new(v))
    }
}

/// Checks every native workload against the handwritten one (panics on a mismatch).
pub fn check_agreement() {
    use workload::*;
    let pairs = [
        ("counter", native::counter(COUNTER_N), handwritten::counter(COUNTER_N)),
        ("nested", native::nested(NESTED_N), handwritten::nested(NESTED_N)),
        ("running_total", native::running_total(RUNNING_N), handwritten::running_total(RUNNING_N)),
        ("large_state", native::large_state(LARGE_N), handwritten::large_state(LARGE_N)),
        ("filter_map", native::filter_map(filter_input()), handwritten::filter_map(filter_input())),
        (
            "delegate",
            native::delegate(DELEGATE_SUBS, DELEGATE_EACH),
            handwritten::delegate(DELEGATE_SUBS, DELEGATE_EACH),
        ),
        ("triangular", native::triangular(TRIANGULAR_N), handwritten::triangular(TRIANGULAR_N)),
        ("stream", native_async::stream(STREAM_N), native_async::stream_handwritten(STREAM_N)),
        (
            "filtered_vec",
            native_async::filtered_vec(filtered_input()),
            native_async::filtered_vec_handwritten(filtered_input()),
        ),
    ];
    for (name, got, expected) in pairs {
        assert_eq!(got, expected, "{name}: native disagrees with handwritten");
    }
}
