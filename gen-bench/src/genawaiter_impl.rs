//! The workloads with genawaiter 0.99 (`stack` flavour: the `async` block lives on the caller's stack, no
//! allocation). Delegation is an `async fn` taking the `Co`, awaited by the outer body: its idiom.

use core::hint::black_box;
use genawaiter::GeneratorState;
use genawaiter::stack::{Co, let_gen_using};

pub fn counter(n: u64) -> u64 {
    let_gen_using!(g, |co: Co<'_, u64>| async move {
        for i in 0..n {
            co.yield_(i).await;
        }
    });
    let mut sum = 0u64;
    while let GeneratorState::Yielded(v) = g.resume() {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

pub fn nested(n: u64) -> u64 {
    let_gen_using!(g, |co: Co<'_, u64>| async move {
        for i in 0..n {
            for j in 0..n {
                co.yield_(i ^ j).await;
            }
        }
    });
    let mut sum = 0u64;
    while let GeneratorState::Yielded(v) = g.resume() {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

pub fn triangular(n: u64) -> u64 {
    let_gen_using!(g, |co: Co<'_, u64>| async move {
        for i in 0..n {
            for j in 0..i {
                co.yield_(i ^ j).await;
            }
        }
    });
    let mut sum = 0u64;
    while let GeneratorState::Yielded(v) = g.resume() {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

pub fn running_total(n: u64) -> u64 {
    let_gen_using!(g, |co: Co<'_, u64, u64>| async move {
        let mut total = 0u64;
        for i in 0..n {
            let a = co.yield_(total).await;
            total += a ^ i;
        }
        total
    });
    let mut sum = 0u64;
    let mut k = 0;
    loop {
        match g.resume_with(crate::workload::running_arg(k)) {
            GeneratorState::Yielded(v) => sum = sum.wrapping_add(black_box(v)),
            GeneratorState::Complete(r) => return sum.wrapping_add(r),
        }
        k += 1;
    }
}

pub fn large_state(n: u64) -> u64 {
    let_gen_using!(g, |co: Co<'_, u64>| async move {
        let mut buf = [0u64; 32];
        for i in 0..n {
            buf[(i % 32) as usize] += i;
            co.yield_(buf[((i * 7) % 32) as usize]).await;
        }
    });
    let mut sum = 0u64;
    while let GeneratorState::Yielded(v) = g.resume() {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

pub fn filter_map(v: Vec<u64>) -> u64 {
    let_gen_using!(g, |co: Co<'_, u64>| async move {
        for x in v.iter() {
            if x % 3 == 0 {
                co.yield_(x * 2).await;
            }
        }
    });
    let mut sum = 0u64;
    while let GeneratorState::Yielded(v) = g.resume() {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

async fn sub(co: &Co<'_, u64>, k: u64, each: u64) -> u64 {
    for i in 0..each {
        co.yield_(k * each + i).await;
    }
    k
}

pub fn delegate(subs: u64, each: u64) -> u64 {
    let_gen_using!(g, |co: Co<'_, u64>| async move {
        let mut acc = 0u64;
        for k in 0..subs {
            acc += sub(&co, k, each).await;
        }
        co.yield_(acc).await;
    });
    let mut sum = 0u64;
    while let GeneratorState::Yielded(v) = g.resume() {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}
