//! The workloads with generator 0.8 (stackful: `Gn::new_scoped` allocates a stack per generator, counted in
//! every measurement; `done!()` ends a generator returning nothing by unwinding). Delegation is its idiom: a
//! plain function taking the `Scope`, called on the same stack.

use core::hint::black_box;
use generator::{Gn, Generator, Scope, done};

#[inline(always)]
fn drain(mut g: Generator<'_, (), u64>) -> u64 {
    let mut sum = 0u64;
    while let Some(v) = g.resume() {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

pub fn counter(n: u64) -> u64 {
    drain(Gn::<()>::new_scoped(move |mut s| {
        for i in 0..n {
            s.yield_with(i);
        }
        done!()
    }))
}

pub fn nested(n: u64) -> u64 {
    drain(Gn::<()>::new_scoped(move |mut s| {
        for i in 0..n {
            for j in 0..n {
                s.yield_with(i ^ j);
            }
        }
        done!()
    }))
}

pub fn triangular(n: u64) -> u64 {
    drain(Gn::<()>::new_scoped(move |mut s| {
        for i in 0..n {
            for j in 0..i {
                s.yield_with(i ^ j);
            }
        }
        done!()
    }))
}

pub fn running_total(n: u64) -> u64 {
    let mut g = Gn::<u64>::new_scoped(move |mut s| {
        let mut total = 0u64;
        for i in 0..n {
            let a = s.yield_(total).unwrap_or(0);
            total += a ^ i;
        }
        total
    });
    let mut sum = 0u64;
    let mut k = 0;
    loop {
        let v = g.raw_send(Some(crate::workload::running_arg(k))).expect("a value");
        if g.is_done() {
            return sum.wrapping_add(v);
        }
        sum = sum.wrapping_add(black_box(v));
        k += 1;
    }
}

pub fn large_state(n: u64) -> u64 {
    drain(Gn::<()>::new_scoped(move |mut s| {
        let mut buf = [0u64; 32];
        for i in 0..n {
            buf[(i % 32) as usize] += i;
            s.yield_with(buf[((i * 7) % 32) as usize]);
        }
        done!()
    }))
}

pub fn filter_map(v: Vec<u64>) -> u64 {
    drain(Gn::<()>::new_scoped(move |mut s| {
        for x in v.iter() {
            if x % 3 == 0 {
                s.yield_with(x * 2);
            }
        }
        done!()
    }))
}

fn sub(s: &mut Scope<'_, '_, (), u64>, k: u64, each: u64) -> u64 {
    for i in 0..each {
        s.yield_with(k * each + i);
    }
    k
}

pub fn delegate(subs: u64, each: u64) -> u64 {
    drain(Gn::<()>::new_scoped(move |mut s| {
        let mut acc = 0u64;
        for k in 0..subs {
            acc += sub(&mut s, k, each);
        }
        s.yield_with(acc);
        done!()
    }))
}
