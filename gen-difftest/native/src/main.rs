//! Runs the generated programs every way (direct execution, native coroutine, `#[generator]`, the async forms and
//! the stream form) and compares traces.
//! Output: one `FAIL <index> <seed>` line per disagreeing program, each followed by its report, then a summary line.
//! Exit status 1 when anything disagrees.
#![feature(coroutines, coroutine_trait, stmt_expr_attributes)]

use std::ops::{Coroutine, CoroutineState};
use std::pin::Pin;

use gen_runtime::{Generator, GeneratorState};

/// A native coroutine seen through `gen_runtime::Generator`, so one driver runs both.
pub struct Nat<C>(pub Pin<Box<C>>);

impl<C: Coroutine<i64, Yield = i64>> Generator<i64> for Nat<C> {
    type Yield = i64;
    type Return = C::Return;

    fn resume(self: Pin<&mut Self>, arg: i64) -> GeneratorState<i64, C::Return> {
        match self.get_mut().0.as_mut().resume(arg) {
            CoroutineState::Yielded(v) => GeneratorState::Yielded(v),
            CoroutineState::Complete(r) => GeneratorState::Complete(r),
        }
    }
}

/// `gen_difftest::sub`, natively.
pub fn sub_native(n: i64) -> impl Coroutine<i64, Yield = i64, Return = i64> {
    #[coroutine]
    static move |_start: i64| {
        let mut acc = 0i64;
        for i in 0..n {
            acc ^= yield i;
        }
        acc
    }
}

mod progs {
    include!(concat!(env!("OUT_DIR"), "/programs.rs"));
}

fn main() {
    let quiet = std::env::args().any(|a| a == "--quiet");
    let mut failures = 0;
    let mut scenarios = 0;
    for (i, (seed, check)) in progs::PROGRAMS.iter().enumerate() {
        match check() {
            Ok(n) => scenarios += n,
            Err(report) => {
                failures += 1;
                println!("FAIL {i} {seed}");
                if !quiet {
                    println!("{report}");
                }
            }
        }
    }
    println!(
        "{} programs, {scenarios} scenarios, {failures} mismatches, {} not run as a stream",
        progs::PROGRAMS.len(),
        progs::STREAM_SKIPPED
    );
    std::process::exit(if failures == 0 { 0 } else { 1 });
}
