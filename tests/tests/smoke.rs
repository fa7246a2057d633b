#![deny(clippy::pedantic, clippy::all, warnings)]
use gen_runtime::prelude::*;
use std::pin::pin;

#[generator(yield = u32)]
fn countdown(n: u32) -> &'static str {
    let mut i = n;
    while i > 0 {
        yield_!(i);
        i -= 1;
    }
    "liftoff"
}

fn drain<G: Generator<Yield = Y, Return = R>, Y, R>(g: G) -> (Vec<Y>, R) {
    let mut g = pin!(g);
    let mut ys = Vec::new();
    loop {
        match g.as_mut().resume(()) {
            GeneratorState::Yielded(y) => ys.push(y),
            GeneratorState::Complete(r) => return (ys, r),
        }
    }
}

#[test]
fn countdown_works() {
    assert_eq!(drain(countdown(3)), (vec![3, 2, 1], "liftoff"));
}

/// A marker takes a trailing comma, as `dbg!(v,)` does; `yield_!()` yields `()`.
#[generator(yield = u32, resume = u32)]
fn trailing_commas() -> u32 {
    let a = yield_!(1,);
    let b = yield_from!(echo_once(2),);
    a + b
}

#[generator(yield = u32, resume = u32)]
fn echo_once(v: u32) -> u32 {
    yield_!(v) * 10
}

#[generator(yield = ())]
fn bare_yields(n: u32) -> u32 {
    for _ in 0..n {
        yield_!();
    }
    n
}

#[test]
fn markers_take_a_trailing_comma_and_yield_takes_no_operand() {
    let mut g = pin!(trailing_commas());
    assert_eq!(g.as_mut().resume(0), GeneratorState::Yielded(1));
    assert_eq!(g.as_mut().resume(7), GeneratorState::Yielded(2));
    assert_eq!(g.as_mut().resume(3), GeneratorState::Complete(37));
    assert_eq!(drain(bare_yields(2)), (vec![(), ()], 2));
}

/// Attributes on statements stay on them: `#[allow]` on a suspending `let`, `#[cfg]` on statements that do not
/// suspend and declare nothing held across a suspension point.
#[generator(yield = u32)]
fn attributed(n: u32) -> u32 {
    #[allow(unused_variables)]
    let ignored = yield_!(n);
    #[cfg(debug_assertions)]
    let dbg_only = n + 1;
    #[cfg(debug_assertions)]
    std::hint::black_box(dbg_only);
    #[cfg(any())]
    compile_error!("configured out");
    let limit = if cfg!(any()) { 0 } else { n * 2 };
    yield_!(limit);
    limit
}

#[test]
fn attributes_on_statements_are_kept() {
    assert_eq!(drain(attributed(3)), (vec![3, 6], 6));
}

/// `#[derive(Serialize, Deserialize)]`: the snapshot impls add no warning either (a drop-flag slot, a delegation).
mod snapshots {
    use gen_runtime::prelude::*;
    use serde::{Deserialize, Serialize};

    #[generator(yield = u32)]
    #[derive(Serialize, Deserialize, Clone)]
    fn part(n: u32) -> u32 {
        yield_!(n);
        n + 1
    }

    #[generator(yield = u32)]
    #[derive(Serialize, Deserialize)]
    fn whole(n: u32, label: String) -> String {
        if n > 10 {
            drop(label);
            return String::new();
        }
        let got = yield_from!(part(n));
        yield_!(got);
        label
    }

    #[test]
    fn saves() {
        use gen_runtime::Snapshot;
        let mut g = whole(1, "x".to_string());
        g.resume_unpin(());
        let mut bytes = Vec::new();
        g.save(&mut serde_json::Serializer::new(&mut bytes)).unwrap();
        let mut h = whole(0, String::new()).restored_from(&mut serde_json::Deserializer::from_slice(&bytes)).unwrap();
        assert_eq!(h.resume_unpin(()), GeneratorState::Yielded(2));
    }
}
