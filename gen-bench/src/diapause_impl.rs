//! The workloads with diapause 0.2 (`#[diapause::coroutine]`). Its rules shape two of them: every value held across
//! a yield needs a syntactically known type (annotations below), and a `for` loop cannot iterate over a borrow of a
//! local, so `filter_map` walks the owned `Vec` by value (`for x in v`, its documented workaround) instead of
//! `v.iter()`.

use core::hint::black_box;
use diapause::{Coroutine, CoroutineState};

#[diapause::coroutine(yield = u64)]
pub fn counter_gen(n: u64) {
    for i in 0u64..n {
        yield_!(i);
    }
}

#[diapause::coroutine(yield = u64)]
pub fn nested_gen(n: u64) {
    for i in 0u64..n {
        for j in 0u64..n {
            yield_!(i ^ j);
        }
    }
}

#[diapause::coroutine(yield = u64)]
pub fn triangular_gen(n: u64) {
    for i in 0u64..n {
        for j in 0u64..i {
            yield_!(i ^ j);
        }
    }
}

#[diapause::coroutine(yield = u64, resume = u64)]
pub fn running_total_gen(n: u64) -> u64 {
    let mut total: u64 = 0;
    for i in 0u64..n {
        let a = yield_!(total);
        total += a ^ i;
    }
    total
}

#[diapause::coroutine(yield = u64)]
pub fn large_state_gen(n: u64) {
    let mut buf: [u64; 32] = [0u64; 32];
    for i in 0u64..n {
        buf[(i % 32) as usize] += i;
        yield_!(buf[((i * 7) % 32) as usize]);
    }
}

#[diapause::coroutine(yield = u64)]
pub fn filter_map_gen(v: Vec<u64>) {
    for x in v {
        if x % 3 == 0 {
            yield_!(x * 2);
        }
    }
}

#[diapause::coroutine(yield = u64)]
pub fn sub_gen(k: u64, each: u64) -> u64 {
    for i in 0u64..each {
        yield_!(k * each + i);
    }
    k
}

#[diapause::coroutine(yield = u64)]
pub fn delegate_gen(subs: u64, each: u64) {
    let mut acc: u64 = 0;
    for k in 0u64..subs {
        let r: u64 = yield_all!(sub_gen(k, each));
        acc += r;
    }
    yield_!(acc);
}

#[inline(always)]
fn drain<C: Coroutine<(), Yield = u64, Return = ()>>(mut c: C) -> u64 {
    let mut sum = 0u64;
    let mut s = c.start();
    while let CoroutineState::Yielded(v) = s {
        sum = sum.wrapping_add(black_box(v));
        s = c.resume(());
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
    let mut c = running_total_gen(n);
    let mut sum = 0u64;
    // diapause's `start()` takes no argument; the other implementations drop their first one (`running_arg(0)`).
    let mut s = c.start();
    let mut k = 1;
    loop {
        match s {
            CoroutineState::Yielded(v) => sum = sum.wrapping_add(black_box(v)),
            CoroutineState::Complete(r) => return sum.wrapping_add(r),
        }
        s = c.resume(crate::workload::running_arg(k));
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
    ]
}
