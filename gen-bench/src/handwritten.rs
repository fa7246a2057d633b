//! Handwritten state machines: the floor each generator is measured against. Plain `Iterator`s where the workload
//! is an iterator; `resume(arg) -> ControlFlow<Return, Yield>` where it takes resume arguments; `Future`s for the
//! futures workloads; for the streams, an inherent `poll_item` that `streams.rs` wraps in `futures_core::Stream` and
//! the native crate in `AsyncIterator`. No dependencies (the native crate includes this file through `#[path]`).

use core::future::{Future, Ready, ready};
use core::hint::black_box;
use core::ops::ControlFlow;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::workload::{PendingOnce, pending_once};

/// `counter`.
pub struct Counter {
    i: u64,
    n: u64,
}

impl Iterator for Counter {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        if self.i < self.n {
            let v = self.i;
            self.i += 1;
            Some(v)
        } else {
            None
        }
    }
}

pub fn counter(n: u64) -> u64 {
    drain(Counter { i: 0, n })
}

/// `nested`.
pub struct Nested {
    i: u64,
    j: u64,
    n: u64,
}

impl Iterator for Nested {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        if self.j == self.n {
            self.j = 0;
            self.i += 1;
        }
        if self.i >= self.n || self.n == 0 {
            return None;
        }
        let v = self.i ^ self.j;
        self.j += 1;
        Some(v)
    }
}

pub fn nested(n: u64) -> u64 {
    drain(Nested { i: 0, j: 0, n })
}

/// `running_total`: yields the total so far, folds `arg ^ i` into it on each resume, returns the total.
pub struct RunningTotal {
    started: bool,
    i: u64,
    n: u64,
    total: u64,
}

impl RunningTotal {
    #[inline]
    pub fn resume(&mut self, arg: u64) -> ControlFlow<u64, u64> {
        if self.started {
            self.total += arg ^ self.i;
            self.i += 1;
        } else {
            self.started = true;
        }
        if self.i < self.n { ControlFlow::Continue(self.total) } else { ControlFlow::Break(self.total) }
    }
}

pub fn running_total(n: u64) -> u64 {
    let mut g = RunningTotal { started: false, i: 0, n, total: 0 };
    let mut sum = 0u64;
    let mut k = 0;
    loop {
        match g.resume(crate::workload::running_arg(k)) {
            ControlFlow::Continue(v) => sum = sum.wrapping_add(black_box(v)),
            ControlFlow::Break(r) => return sum.wrapping_add(r),
        }
        k += 1;
    }
}

/// `large_state`: `buf[i % 32] += i; yield buf[(i * 7) % 32]`.
pub struct LargeState {
    buf: [u64; 32],
    i: u64,
    n: u64,
}

impl Iterator for LargeState {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        if self.i < self.n {
            let i = self.i;
            self.buf[(i % 32) as usize] += i;
            self.i += 1;
            Some(self.buf[((i * 7) % 32) as usize])
        } else {
            None
        }
    }
}

pub fn large_state(n: u64) -> u64 {
    drain(LargeState { buf: [0; 32], i: 0, n })
}

/// `filter_map`: owns the `Vec`, yields `2 * x` for each `x % 3 == 0`.
pub struct FilterMap {
    v: Vec<u64>,
    pos: usize,
}

impl Iterator for FilterMap {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        while let Some(&x) = self.v.get(self.pos) {
            self.pos += 1;
            if x % 3 == 0 {
                return Some(x * 2);
            }
        }
        None
    }
}

pub fn filter_map(v: Vec<u64>) -> u64 {
    drain(FilterMap { v, pos: 0 })
}

/// `delegate`: the outer machine holds the running sub-machine (`k`, `i`) inline; each sub-generator yields
/// `k * each + i` for `i in 0..each` and returns `k`; the outer yields the sum of the returns at the end.
pub struct Delegate {
    k: u64,
    i: u64,
    acc: u64,
    subs: u64,
    each: u64,
    done: bool,
}

impl Iterator for Delegate {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        while self.k < self.subs {
            if self.i < self.each {
                let v = self.k * self.each + self.i;
                self.i += 1;
                return Some(v);
            }
            self.acc += self.k;
            self.k += 1;
            self.i = 0;
        }
        if self.done {
            None
        } else {
            self.done = true;
            Some(self.acc)
        }
    }
}

pub fn delegate(subs: u64, each: u64) -> u64 {
    drain(Delegate { k: 0, i: 0, acc: 0, subs, each, done: false })
}

/// `triangular`: `i ^ j` for `j < i < n`; starts at `i = 1` (`i = 0` yields nothing).
pub struct Triangular {
    i: u64,
    j: u64,
    n: u64,
}

impl Iterator for Triangular {
    type Item = u64;
    #[inline]
    fn next(&mut self) -> Option<u64> {
        if self.j == self.i {
            self.j = 0;
            self.i += 1;
        }
        if self.i >= self.n {
            return None;
        }
        let v = self.i ^ self.j;
        self.j += 1;
        Some(v)
    }
}

pub fn triangular(n: u64) -> u64 {
    drain(Triangular { i: 1, j: 0, n })
}

/// `stream`: for each `i`, awaits `pending_once(i)` (two polls), then yields what it gave.
pub struct AwaitEach {
    i: u64,
    n: u64,
    awaiting: Option<PendingOnce>,
}

impl AwaitEach {
    pub fn new(n: u64) -> Self {
        AwaitEach { i: 0, n, awaiting: None }
    }

    #[inline]
    pub fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        loop {
            if let Some(fut) = &mut self.awaiting {
                return match Pin::new(fut).poll(cx) {
                    Poll::Ready(v) => {
                        self.awaiting = None;
                        Poll::Ready(Some(v))
                    }
                    Poll::Pending => Poll::Pending,
                };
            }
            if self.i < self.n {
                self.awaiting = Some(pending_once(self.i));
                self.i += 1;
            } else {
                return Poll::Ready(None);
            }
        }
    }
}

/// `filtered_vec`: owns the `Vec`; for each element not a multiple of 3, awaits `ready(x)` and yields what it gave.
pub struct FilteredVec {
    v: Vec<u64>,
    pos: usize,
    awaiting: Option<Ready<u64>>,
}

impl FilteredVec {
    pub fn new(v: Vec<u64>) -> Self {
        FilteredVec { v, pos: 0, awaiting: None }
    }

    #[inline]
    pub fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        loop {
            if let Some(fut) = &mut self.awaiting {
                return match Pin::new(fut).poll(cx) {
                    Poll::Ready(y) => {
                        self.awaiting = None;
                        Poll::Ready(Some(y))
                    }
                    Poll::Pending => Poll::Pending,
                };
            }
            match self.v.get(self.pos) {
                Some(&x) => {
                    self.pos += 1;
                    if x % 3 != 0 {
                        self.awaiting = Some(ready(x));
                    }
                }
                None => return Poll::Ready(None),
            }
        }
    }
}

/// `await_loop`: awaits `pending_once(i)` for `i in 0..n`, summing the outputs (each through `black_box`).
pub struct AwaitLoop {
    i: u64,
    n: u64,
    sum: u64,
    awaiting: Option<PendingOnce>,
}

impl AwaitLoop {
    pub fn new(n: u64) -> Self {
        AwaitLoop { i: 0, n, sum: 0, awaiting: None }
    }
}

impl Future for AwaitLoop {
    type Output = u64;
    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u64> {
        let this = &mut *self;
        loop {
            if let Some(fut) = &mut this.awaiting {
                match Pin::new(fut).poll(cx) {
                    Poll::Ready(v) => {
                        this.awaiting = None;
                        this.sum = this.sum.wrapping_add(black_box(v));
                    }
                    Poll::Pending => return Poll::Pending,
                }
            }
            if this.i < this.n {
                this.awaiting = Some(pending_once(this.i));
                this.i += 1;
            } else {
                return Poll::Ready(this.sum);
            }
        }
    }
}

/// `nested_async`: the three levels (`mid` awaits `leaf` awaits `pending_once`, each adding 1) flattened into one
/// machine, as a person would write it: the floor shows what the nesting costs the others.
pub struct NestedAsync {
    i: u64,
    n: u64,
    sum: u64,
    awaiting: Option<PendingOnce>,
}

impl NestedAsync {
    pub fn new(n: u64) -> Self {
        NestedAsync { i: 0, n, sum: 0, awaiting: None }
    }
}

impl Future for NestedAsync {
    type Output = u64;
    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u64> {
        let this = &mut *self;
        loop {
            if let Some(fut) = &mut this.awaiting {
                match Pin::new(fut).poll(cx) {
                    Poll::Ready(v) => {
                        this.awaiting = None;
                        this.sum = this.sum.wrapping_add(black_box(v + 1 + 1));
                    }
                    Poll::Pending => return Poll::Pending,
                }
            }
            if this.i < this.n {
                this.awaiting = Some(pending_once(this.i));
                this.i += 1;
            } else {
                return Poll::Ready(this.sum);
            }
        }
    }
}

/// Sums what an iterator yields, each value through `black_box` so no closed form replaces the loop.
#[inline(always)]
pub fn drain(it: impl Iterator<Item = u64>) -> u64 {
    let mut sum = 0u64;
    for v in it {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}
