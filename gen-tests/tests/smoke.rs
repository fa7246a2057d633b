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
