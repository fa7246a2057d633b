//! Handwritten state machines: the floor each generator is measured against. Plain `Iterator`s where the workload
//! is an iterator; `resume(arg) -> ControlFlow<Return, Yield>` where it takes resume arguments. No dependencies
//! (the native crate includes this file through `#[path]`).

use core::hint::black_box;
use core::ops::ControlFlow;

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

/// Sums what an iterator yields, each value through `black_box` so no closed form replaces the loop.
#[inline(always)]
pub fn drain(it: impl Iterator<Item = u64>) -> u64 {
    let mut sum = 0u64;
    for v in it {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}
