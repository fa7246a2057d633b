//! The workloads with next-gen 0.1 (`#[generator]` over an `async` block, pinned on the stack by `mk_gen!`).
//! Delegation: a sub-generator pinned with `mk_gen!` inside the body and forwarded by hand (next-gen has no
//! `yield_from`).

use core::hint::black_box;
use next_gen::prelude::{GeneratorState, mk_gen};

#[next_gen::generator(yield(u64))]
fn counter_gen(n: u64) {
    for i in 0..n {
        yield_!(i);
    }
}

#[next_gen::generator(yield(u64))]
fn nested_gen(n: u64) {
    for i in 0..n {
        for j in 0..n {
            yield_!(i ^ j);
        }
    }
}

#[next_gen::generator(yield(u64))]
fn triangular_gen(n: u64) {
    for i in 0..n {
        for j in 0..i {
            yield_!(i ^ j);
        }
    }
}

#[next_gen::generator(yield(u64), resume(u64))]
fn running_total_gen(n: u64) -> u64 {
    let mut total = 0u64;
    for i in 0..n {
        let a = yield_!(total);
        total += a ^ i;
    }
    total
}

#[next_gen::generator(yield(u64))]
fn large_state_gen(n: u64) {
    let mut buf = [0u64; 32];
    for i in 0..n {
        buf[(i % 32) as usize] += i;
        yield_!(buf[((i * 7) % 32) as usize]);
    }
}

#[next_gen::generator(yield(u64))]
fn filter_map_gen(v: Vec<u64>) {
    for x in v.iter() {
        if x % 3 == 0 {
            yield_!(x * 2);
        }
    }
}

#[next_gen::generator(yield(u64))]
fn sub_gen(k: u64, each: u64) -> u64 {
    for i in 0..each {
        yield_!(k * each + i);
    }
    k
}

#[next_gen::generator(yield(u64))]
fn delegate_gen(subs: u64, each: u64) {
    let mut acc = 0u64;
    for k in 0..subs {
        mk_gen!(let mut sub = sub_gen(k, each));
        let r = loop {
            match sub.as_mut().resume(()) {
                GeneratorState::Yielded(v) => yield_!(v),
                GeneratorState::Returned(r) => break r,
            }
        };
        acc += r;
    }
    yield_!(acc);
}

macro_rules! drain {
    ($f:ident ( $($arg:expr),* )) => {{
        mk_gen!(let mut g = $f($($arg),*));
        let mut sum = 0u64;
        while let GeneratorState::Yielded(v) = g.as_mut().resume(()) {
            sum = sum.wrapping_add(black_box(v));
        }
        sum
    }};
}

pub fn counter(n: u64) -> u64 {
    drain!(counter_gen(n))
}

pub fn nested(n: u64) -> u64 {
    drain!(nested_gen(n))
}

pub fn triangular(n: u64) -> u64 {
    drain!(triangular_gen(n))
}

pub fn running_total(n: u64) -> u64 {
    mk_gen!(let mut g = running_total_gen(n));
    let mut sum = 0u64;
    let mut k = 0;
    loop {
        match g.as_mut().resume(crate::workload::running_arg(k)) {
            GeneratorState::Yielded(v) => sum = sum.wrapping_add(black_box(v)),
            GeneratorState::Returned(r) => return sum.wrapping_add(r),
        }
        k += 1;
    }
}

pub fn large_state(n: u64) -> u64 {
    drain!(large_state_gen(n))
}

pub fn filter_map(v: Vec<u64>) -> u64 {
    drain!(filter_map_gen(v))
}

pub fn delegate(subs: u64, each: u64) -> u64 {
    drain!(delegate_gen(subs, each))
}
