//! `#[derive(Clone)]` under `#[generator]`: a copy of a generator, suspended or not, resumes on its own from where the
//! original was, with copies of what the original held there; both drop what they hold.

use core::future::Future;
use core::pin::{Pin, pin};
use core::task::{Context, Poll, Waker};
use futures::Stream;
use gen_runtime::prelude::*;
use gen_tests::{log, take_log};

/// A value that can be copied and logs its drops.
#[derive(Clone, Debug, PartialEq)]
struct C(String);

impl Drop for C {
    fn drop(&mut self) {
        log(format!("drop {}", self.0));
    }
}

#[generator(yield = u32)]
#[derive(Clone)]
fn countdown(n: u32) -> &'static str {
    let tag = C(format!("countdown {n}"));
    let mut i = n;
    while i > 0 {
        yield_!(i);
        i -= 1;
    }
    drop(tag);
    "done"
}

/// Resumes `g` to its end: the values it yields and what it returns.
fn run<G: Generator<Yield = u32> + Unpin>(mut g: G) -> (Vec<u32>, G::Return) {
    let mut out = Vec::new();
    loop {
        match Pin::new(&mut g).resume(()) {
            GeneratorState::Yielded(v) => out.push(v),
            GeneratorState::Complete(r) => return (out, r),
        }
    }
}

#[test]
fn a_copy_made_mid_run_resumes_from_the_same_point_and_the_two_are_independent() {
    let mut g = countdown(4);
    assert_eq!(Pin::new(&mut g).resume(()), GeneratorState::Yielded(4));
    assert_eq!(Pin::new(&mut g).resume(()), GeneratorState::Yielded(3));
    let copy = g.clone();
    assert_eq!(run(copy), (vec![2, 1], "done"));
    assert_eq!(take_log(), ["drop countdown 4"]);
    assert_eq!(Pin::new(&mut g).resume(()), GeneratorState::Yielded(2));
    assert_eq!(run(g), (vec![1], "done"));
    assert_eq!(take_log(), ["drop countdown 4"]);
}

#[test]
fn a_copy_made_before_the_first_resume_runs_the_whole_body() {
    let g = countdown(2);
    let copy = g.clone();
    assert_eq!(run(g), (vec![2, 1], "done"));
    assert_eq!(run(copy), (vec![2, 1], "done"));
    assert_eq!(take_log(), ["drop countdown 2", "drop countdown 2"]);
}

#[test]
fn dropping_a_suspended_copy_drops_its_own_copies_only() {
    let mut g = countdown(3);
    assert_eq!(Pin::new(&mut g).resume(()), GeneratorState::Yielded(3));
    let copy = g.clone();
    drop(copy);
    assert_eq!(take_log(), ["drop countdown 3"]);
    assert_eq!(run(g), (vec![2, 1], "done"));
    assert_eq!(take_log(), ["drop countdown 3"]);
}

#[generator(yield = u64, resume = u64)]
#[derive(Clone)]
fn running_total() -> u64 {
    let mut total = 0;
    loop {
        let x = yield_!(total);
        if x == 0 {
            return total;
        }
        total += x;
    }
}

#[test]
fn copies_of_a_coroutine_take_different_resume_arguments() {
    let mut g = running_total();
    assert_eq!(Pin::new(&mut g).resume(0), GeneratorState::Yielded(0));
    assert_eq!(Pin::new(&mut g).resume(5), GeneratorState::Yielded(5));
    let mut copy = g.clone();
    assert_eq!(Pin::new(&mut g).resume(1), GeneratorState::Yielded(6));
    assert_eq!(Pin::new(&mut copy).resume(100), GeneratorState::Yielded(105));
    assert_eq!(Pin::new(&mut g).resume(0), GeneratorState::Complete(6));
    assert_eq!(Pin::new(&mut copy).resume(0), GeneratorState::Complete(105));
}

#[generator(yield = u32)]
#[derive(Clone)]
fn delegating() -> u32 {
    let a = yield_from!(countdown(2));
    yield_!(10);
    let b = yield_from!(countdown(1));
    a.len() as u32 + b.len() as u32
}

#[test]
fn a_copy_made_while_delegating_copies_the_sub_generator() {
    let mut g = delegating();
    assert_eq!(Pin::new(&mut g).resume(()), GeneratorState::Yielded(2));
    let copy = g.clone();
    assert_eq!(run(copy), (vec![1, 10, 1], 8));
    assert_eq!(take_log(), ["drop countdown 2", "drop countdown 1"]);
    assert_eq!(run(g), (vec![1, 10, 1], 8));
    assert_eq!(take_log(), ["drop countdown 2", "drop countdown 1"]);
}

fn consume(c: C) {
    log(format!("consume {}", c.0));
}

/// `c` is moved on one path only: it lives in a slot of its own (its drop flag), which the copy copies.
#[generator(yield = u32)]
#[derive(Clone)]
fn moved_on_one_path(early: bool) {
    let c = C("c".into());
    if early {
        consume(c);
    }
    yield_!(1);
    yield_!(2);
}

#[test]
fn a_local_with_a_drop_flag_is_copied_with_its_flag() {
    let mut kept = moved_on_one_path(false);
    assert_eq!(Pin::new(&mut kept).resume(()), GeneratorState::Yielded(1));
    let copy = kept.clone();
    assert_eq!(run(copy), (vec![2], ()));
    assert_eq!(run(kept), (vec![2], ()));
    assert_eq!(take_log(), ["drop c", "drop c"]);

    let mut moved = moved_on_one_path(true);
    assert_eq!(Pin::new(&mut moved).resume(()), GeneratorState::Yielded(1));
    assert_eq!(take_log(), ["consume c", "drop c"]);
    let copy = moved.clone();
    assert_eq!(run(copy), (vec![2], ()));
    assert_eq!(run(moved), (vec![2], ()));
    assert_eq!(take_log(), Vec::<String>::new());
}

/// A future that is pending on its first poll and can be copied, pending or not.
#[derive(Clone)]
struct PendingOnce(u32, bool);

impl Future for PendingOnce {
    type Output = u32;
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<u32> {
        if self.1 {
            Poll::Ready(self.0)
        } else {
            self.1 = true;
            Poll::Pending
        }
    }
}

#[generator]
#[derive(Clone)]
async fn sum_of(n: u32) -> u32 {
    let mut sum = 0;
    for i in 1..=n {
        sum += PendingOnce(i, false).await;
    }
    sum
}

#[test]
fn a_future_copied_while_awaiting_copies_the_awaited_future() {
    let mut cx = Context::from_waker(Waker::noop());
    let mut f = sum_of(3);
    assert_eq!(Pin::new(&mut f).poll(&mut cx), Poll::Pending);
    assert_eq!(Pin::new(&mut f).poll(&mut cx), Poll::Pending);
    let copy = f.clone();
    assert_eq!((finish(f), finish(copy)), (6, 6));
}

/// Polls `f` to its end.
fn finish<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[generator(yield = u32)]
#[derive(Clone)]
async fn numbers(n: u32) {
    for i in 0..n {
        let v = PendingOnce(i, false).await;
        yield_!(v * 10);
    }
}

fn collect<S: Stream<Item = u32>>(s: S) -> Vec<u32> {
    let mut s = pin!(s);
    let mut cx = Context::from_waker(Waker::noop());
    let mut out = Vec::new();
    loop {
        match s.as_mut().poll_next(&mut cx) {
            Poll::Ready(Some(v)) => out.push(v),
            Poll::Ready(None) => return out,
            Poll::Pending => {}
        }
    }
}

#[test]
fn a_stream_copied_between_items_yields_the_rest_twice() {
    let mut cx = Context::from_waker(Waker::noop());
    let mut s = numbers(3);
    assert_eq!(Pin::new(&mut s).poll_next(&mut cx), Poll::Pending);
    assert_eq!(Pin::new(&mut s).poll_next(&mut cx), Poll::Ready(Some(0)));
    assert_eq!(Pin::new(&mut s).poll_next(&mut cx), Poll::Pending);
    let copy = s.clone();
    assert_eq!(collect(copy), [10, 20]);
    assert_eq!(collect(s), [10, 20]);
}

/// Settings whose methods return owned values the macro cannot see the type of.
#[derive(Clone)]
struct Settings {
    step: u32,
    limit: u32,
}

impl Settings {
    fn limit(&self) -> u32 {
        self.limit
    }
    fn steps(&self) -> Vec<u32> {
        (0..self.limit).map(|i| i * self.step).collect()
    }
}

/// `limit`, the range, `steps` and `first` are kept across yields and, as far as the macro can see, may borrow
/// `settings` (method results; `settings` is pinned for them): the derive accepts them because their types hold no
/// borrow (`HoldsNoBorrow`), so the copy of `settings` goes with copies of them that point nowhere.
#[generator(yield = u32)]
#[derive(Clone)]
fn suspected_borrows(settings: Settings) -> u32 {
    let limit = settings.limit();
    let steps = settings.steps();
    let first = [steps[0], settings.step];
    for i in 0..limit {
        yield_!(steps[i as usize] + first[1]);
    }
    first[0] + settings.limit
}

#[test]
fn values_that_may_borrow_a_local_are_copied_when_they_hold_no_borrow() {
    let mut g = Box::pin(suspected_borrows(Settings { step: 10, limit: 3 }));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(10));
    let mut copy = Box::pin((*g).clone());
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(20));
    drop(g);
    // The copy holds its own `settings`, `steps` and range: the original is gone.
    assert_eq!(copy.as_mut().resume(()), GeneratorState::Yielded(20));
    assert_eq!(copy.as_mut().resume(()), GeneratorState::Yielded(30));
    assert_eq!(copy.as_mut().resume(()), GeneratorState::Complete(3));
}
