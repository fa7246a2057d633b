//! The workloads with corosensei 0.3 (stackful: `Coroutine::new` allocates a stack, 1 MiB by default, counted in
//! every measurement). Delegation is its idiom: a plain function taking the `Yielder`, called on the same stack.

use core::hint::black_box;
use corosensei::{Coroutine, CoroutineResult, Yielder};

#[inline(always)]
fn drain(mut c: Coroutine<(), u64, ()>) -> u64 {
    let mut sum = 0u64;
    while let CoroutineResult::Yield(v) = c.resume(()) {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

pub fn counter(n: u64) -> u64 {
    drain(Coroutine::new(move |y: &Yielder<(), u64>, ()| {
        for i in 0..n {
            y.suspend(i);
        }
    }))
}

pub fn nested(n: u64) -> u64 {
    drain(Coroutine::new(move |y: &Yielder<(), u64>, ()| {
        for i in 0..n {
            for j in 0..n {
                y.suspend(i ^ j);
            }
        }
    }))
}

pub fn triangular(n: u64) -> u64 {
    drain(Coroutine::new(move |y: &Yielder<(), u64>, ()| {
        for i in 0..n {
            for j in 0..i {
                y.suspend(i ^ j);
            }
        }
    }))
}

pub fn running_total(n: u64) -> u64 {
    let mut c = Coroutine::new(move |y: &Yielder<u64, u64>, _first: u64| {
        let mut total = 0u64;
        for i in 0..n {
            let a = y.suspend(total);
            total += a ^ i;
        }
        total
    });
    let mut sum = 0u64;
    let mut k = 0;
    loop {
        match c.resume(crate::workload::running_arg(k)) {
            CoroutineResult::Yield(v) => sum = sum.wrapping_add(black_box(v)),
            CoroutineResult::Return(r) => return sum.wrapping_add(r),
        }
        k += 1;
    }
}

pub fn large_state(n: u64) -> u64 {
    drain(Coroutine::new(move |y: &Yielder<(), u64>, ()| {
        let mut buf = [0u64; 32];
        for i in 0..n {
            buf[(i % 32) as usize] += i;
            y.suspend(buf[((i * 7) % 32) as usize]);
        }
    }))
}

pub fn filter_map(v: Vec<u64>) -> u64 {
    drain(Coroutine::new(move |y: &Yielder<(), u64>, ()| {
        for x in v.iter() {
            if x % 3 == 0 {
                y.suspend(x * 2);
            }
        }
    }))
}

fn sub(y: &Yielder<(), u64>, k: u64, each: u64) -> u64 {
    for i in 0..each {
        y.suspend(k * each + i);
    }
    k
}

pub fn delegate(subs: u64, each: u64) -> u64 {
    drain(Coroutine::new(move |y: &Yielder<(), u64>, ()| {
        let mut acc = 0u64;
        for k in 0..subs {
            acc += sub(y, k, each);
        }
        y.suspend(acc);
    }))
}
