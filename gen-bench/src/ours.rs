//! The workloads with `#[generator]`, driven by `resume` directly.

use core::hint::black_box;
use core::pin::pin;
use gen_runtime::prelude::*;

#[generator(yield = u64)]
pub fn counter_gen(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

#[generator(yield = u64)]
pub fn nested_gen(n: u64) {
    for i in 0..n {
        for j in 0..n {
            yield_!(i ^ j);
        }
    }
}

#[generator(yield = u64)]
pub fn triangular_gen(n: u64) {
    for i in 0..n {
        for j in 0..i {
            yield_!(i ^ j);
        }
    }
}

#[generator(yield = u64, resume = u64)]
pub fn running_total_gen(n: u64) -> u64 {
    let mut total = 0u64;
    for i in 0..n {
        let a = yield_!(total);
        total += a ^ i;
    }
    total
}

#[generator(yield = u64)]
pub fn large_state_gen(n: u64) {
    let mut buf = [0u64; 32];
    for i in 0..n {
        buf[(i % 32) as usize] += i;
        yield_!(buf[((i * 7) % 32) as usize]);
    }
}

#[generator(yield = u64)]
pub fn filter_map_gen(v: Vec<u64>) {
    for x in v.iter() {
        if x % 3 == 0 {
            yield_!(x * 2);
        }
    }
}

#[generator(yield = u64)]
pub fn sub_gen(k: u64, each: u64) -> u64 {
    for i in 0..each {
        yield_!(k * each + i);
    }
    k
}

#[generator(yield = u64)]
pub fn delegate_gen(subs: u64, each: u64) {
    let mut acc = 0u64;
    for k in 0..subs {
        acc += yield_from!(sub_gen(k, each));
    }
    yield_!(acc);
}

/// Sums what a generator yields, each value through `black_box`.
#[inline(always)]
pub fn drain<G: Generator<(), Yield = u64, Return = ()>>(g: G) -> u64 {
    let mut g = pin!(g);
    let mut sum = 0u64;
    while let GeneratorState::Yielded(v) = g.as_mut().resume(()) {
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
            GeneratorState::Yielded(v) => sum = sum.wrapping_add(black_box(v)),
            GeneratorState::Complete(r) => return sum.wrapping_add(r),
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

/// `size_of` of each workload's generator, before its first resume (the streams' too; the futures' are in
/// `futures::sizes`).
pub fn sizes() -> Vec<(&'static str, usize)> {
    vec![
        ("counter", size_of_val(&counter_gen(1))),
        ("nested", size_of_val(&nested_gen(1))),
        ("running_total", size_of_val(&running_total_gen(1))),
        ("large_state", size_of_val(&large_state_gen(1))),
        ("filter_map", size_of_val(&filter_map_gen(Vec::new()))),
        ("delegate", size_of_val(&delegate_gen(1, 1))),
        ("triangular", size_of_val(&triangular_gen(1))),
        ("stream", size_of_val(&crate::streams::ours_gen(1))),
        ("filtered_vec", size_of_val(&crate::streams::ours_filtered(Vec::new()))),
    ]
}
