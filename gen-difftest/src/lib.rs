//! Differential oracle for `#[generator]`: random programs, each run through the macro, as a plain function
//! (direct execution), — in `native/`, built only by `scripts/difftest.sh` — as a native coroutine, as a
//! `#[generator] async fn` and a plain `async fn` in which every yield is an `.await` of [`__ay`], and as a
//! `#[generator(yield = i64)] async fn` stream in which every yield is `{ yield_!(v); __sr().await }` (some yield
//! `ready(v).await` instead of `v`; see [`run_stream`]); the traces must be equal.
//!
//! A trace is the thread-local log of everything observable: `new L`/`drop L` of the drop guards [`G`], `tK` for each
//! [`tick`] passed, `start`, `yield v`, `resume a`, `return r`, `panic msg`, and what a resume after completion
//! ([`AFTER_COMPLETION`] when the form refuses it as it must) or after a panic does. Each program is run under several [`Scenario`]s: to completion, dropped after its `d`-th yield
//! (for every `d` it reaches), and with a panic injected at its `n`-th tick (for every tick it passes).
//!
//! Direct execution models the scenarios as follows: dropping a generator suspended at a yield drops what is live
//! there in scope order, which is what unwinding from that point does (`__y` unwinds with a private payload); a panic
//! leaves a poisoned generator, so its later resume panics and dropping it drops nothing more.

use std::any::Any;
use std::cell::RefCell;
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Once;

use gen_runtime::{Generator, GeneratorState};
// `futures_core::Stream`, re-exported by gen-runtime for its expansions: the same trait, without a dependency of
// this crate on `futures-core` (which would change the workspace's lock file).
use gen_runtime::__private::Stream;

#[doc(hidden)]
#[path = "progen.rs"]
pub mod progen;

/// What the generated programs see (`use gen_difftest::rt::*;`).
pub mod rt {
    pub use crate::{
        __ay, __ret, __sr, __start, __y, Er, G, P, ix, make, mix, opt, res, some_if, step, sub, sub_async, sub_async_gen, sub_direct,
        sub_stream, tick,
    };
    pub use gen_runtime::prelude::*;
    /// The derives of the snapshot form (`#[derive(Serialize, Deserialize)]` under `#[generator]`).
    pub use serde::{Deserialize, Serialize};
}

/// How one run of a program goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// Resumed until it returns (or panics).
    Full,
    /// Dropped when suspended after its `d`-th yield (`0`: before it starts).
    DropAt(u32),
    /// The `n`-th call of [`tick`] panics.
    PanicAt(u32),
}

struct State {
    log: Vec<String>,
    scenario: Scenario,
    salt: u64,
    yields: u32,
    ticks: u32,
    quiet: bool,
    /// The stream form's return value, as [`__ret`] logged it (`return r`), for [`run_stream`] to log at the end.
    ret: Option<String>,
    /// Set while [`run_gen_snapshot`] saves, drops and restores: what that does is no part of the program's trace.
    muted: bool,
}

thread_local! {
    static ST: RefCell<State> = const { RefCell::new(State {
        log: Vec::new(),
        scenario: Scenario::Full,
        salt: 0,
        yields: 0,
        ticks: 0,
        quiet: false,
        ret: None,
        muted: false,
    }) };
}

fn log(s: impl Into<String>) {
    let s = s.into();
    ST.with(|st| {
        let mut st = st.borrow_mut();
        if !st.muted {
            st.log.push(s);
        }
    });
}

fn setup(scenario: Scenario, salt: u64) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !ST.with(|st| st.borrow().quiet) {
                default(info)
            }
        }));
    });
    ST.with(|st| {
        let mut st = st.borrow_mut();
        st.log.clear();
        st.scenario = scenario;
        st.salt = salt;
        st.yields = 0;
        st.ticks = 0;
        st.quiet = true;
        st.ret = None;
        st.muted = false;
    });
}

fn finish() -> (Vec<String>, u32, u32) {
    ST.with(|st| {
        let mut st = st.borrow_mut();
        st.quiet = false;
        (std::mem::take(&mut st.log), st.yields, st.ticks)
    })
}

/// The resume argument after the `k`-th yield.
fn resume_value(k: u32, salt: u64) -> i64 {
    ((salt.wrapping_mul(31).wrapping_add(k as u64 * 7)) % 13) as i64 - 3
}

struct Stop;

/// A drop guard: logs `new L` when made and `drop L` when dropped.
pub struct G(std::borrow::Cow<'static, str>);

impl G {
    pub fn new(label: &'static str) -> G {
        log(format!("new {label}"));
        G(std::borrow::Cow::Borrowed(label))
    }
    /// A value read from the guard (a short borrow, never held across a yield).
    pub fn v(&self) -> i64 {
        self.0.len() as i64
    }
}

/// A copy of a guard (`#[derive(Clone)]` round trip) is the same guard: no `new` logged (the original is dropped
/// unlogged).
impl Clone for G {
    fn clone(&self) -> G {
        G(self.0.clone())
    }
}

/// A guard saves its label; a restored guard is the same guard (no `new` logged: it was made once, in the original).
impl serde::Serialize for G {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for G {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<G, D::Error> {
        // A restored label is owned (the program's are `'static` literals).
        Ok(G(std::borrow::Cow::Owned(String::deserialize(deserializer)?)))
    }
}

impl Drop for G {
    fn drop(&mut self) {
        log(format!("drop {}", self.0));
    }
}

/// The error of `res(x)?`.
#[derive(Debug, PartialEq)]
pub struct Er(pub i64);

/// A struct literal in expression position (serde and `HoldsNoMutBorrow`: a snapshot program may hold one across a
/// yield, as the operand of a comparison, which borrows it).
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct P {
    pub x: i64,
    pub y: i64,
}

// SAFETY: two integers.
unsafe impl gen_runtime::HoldsNoMutBorrow for P {}
// SAFETY: as above.
unsafe impl gen_runtime::HoldsNoBorrow for P {}

/// A call that returns a guard (`let r = &make("L", e);`, an extended temporary; `pin!(make("L", e))`); `x` is only
/// evaluated.
pub fn make(label: &'static str, x: i64) -> G {
    let _ = x;
    G::new(label)
}

/// An array index that logs itself: shows whether a compound assignment evaluated its place before its right side.
pub fn ix(i: i64) -> usize {
    log(format!("ix {i}"));
    (i as usize) % 4
}

pub fn mix(a: i64, b: i64) -> i64 {
    a.wrapping_mul(3).wrapping_add(b)
}

pub fn res(x: i64) -> Result<i64, Er> {
    if x.rem_euclid(5) == 3 { Err(Er(x)) } else { Ok(x) }
}

pub fn opt(x: i64) -> Option<i64> {
    if x.rem_euclid(5) == 4 { None } else { Some(x) }
}

pub fn some_if(x: i64) -> Option<i64> {
    if x.rem_euclid(3) == 0 { None } else { Some(x) }
}

/// The `while let` counter: `Some(1)`, `Some(2)`, … up to `n`.
pub fn step(c: &mut i64, n: i64) -> Option<i64> {
    if *c < n {
        *c += 1;
        Some(*c)
    } else {
        None
    }
}

/// A statement that logs `t{id}`; the `n`-th one panics under [`Scenario::PanicAt`]`(n)`.
pub fn tick(id: u32) {
    log(format!("t{id}"));
    let fire = ST.with(|st| {
        let mut st = st.borrow_mut();
        st.ticks += 1;
        st.scenario == Scenario::PanicAt(st.ticks)
    });
    if fire {
        panic!("injected");
    }
}

/// Direct execution: `yield_!(v)`.
pub fn __y(v: i64) -> i64 {
    log(format!("yield {v}"));
    let (stop, k, salt) = ST.with(|st| {
        let mut st = st.borrow_mut();
        st.yields += 1;
        (st.scenario == Scenario::DropAt(st.yields), st.yields, st.salt)
    });
    if stop {
        log("drop generator");
        resume_unwind(Box::new(Stop));
    }
    let a = resume_value(k, salt);
    log(format!("resume {a}"));
    a
}

/// Direct execution: the first resume.
pub fn __start() {
    if ST.with(|st| st.borrow().scenario == Scenario::DropAt(0)) {
        log("drop generator");
        resume_unwind(Box::new(Stop));
    }
    log("start");
}

/// The sub-generator of `yield_from!`; it can be copied and snapshotted, as the snapshot form's delegation needs.
#[gen_runtime::generator(yield = i64, resume = i64)]
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub fn sub(n: i64) -> i64 {
    let mut acc = 0i64;
    for i in 0..n {
        acc ^= gen_runtime::yield_!(i);
    }
    acc
}

/// [`sub`], executed directly.
pub fn sub_direct(n: i64) -> i64 {
    let mut acc = 0i64;
    for i in 0..n {
        acc ^= __y(i);
    }
    acc
}

/// The async forms' `yield_!(v)`: a future that, on its first poll, logs `yield v` and is pending (the suspension
/// point; [`run_future`] may drop the future there), and on its second logs `resume a` and is ready with the resume
/// value `a` that [`__y`] would return.
pub fn __ay(v: i64) -> AsyncYield {
    AsyncYield { v, at: None }
}

/// See [`__ay`].
pub struct AsyncYield {
    v: i64,
    /// The yield's number, once it has been polled.
    at: Option<u32>,
}

impl Future for AsyncYield {
    type Output = i64;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<i64> {
        match self.at {
            None => {
                log(format!("yield {}", self.v));
                let k = ST.with(|st| {
                    let mut st = st.borrow_mut();
                    st.yields += 1;
                    st.yields
                });
                self.at = Some(k);
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Some(k) => {
                let a = resume_value(k, ST.with(|st| st.borrow().salt));
                log(format!("resume {a}"));
                Poll::Ready(a)
            }
        }
    }
}

/// [`sub`] as a plain `async fn`, for the plain async form's `yield_from!`.
pub async fn sub_async(n: i64) -> i64 {
    let mut acc = 0i64;
    for i in 0..n {
        acc ^= __ay(i).await;
    }
    acc
}

/// [`sub`] as a `#[generator] async fn`, for the macro's async form's `yield_from!`.
#[gen_runtime::generator]
pub async fn sub_async_gen(n: i64) -> i64 {
    let mut acc = 0i64;
    for i in 0..n {
        acc ^= __ay(i).await;
    }
    acc
}

/// The stream form's resume value: `yield_!(v)` of the program becomes `{ yield_!(v); __sr().await }` in a
/// `#[generator(yield = i64)] async fn` (whose `yield_!` evaluates to `()`). [`run_stream`] logs `yield v` when the
/// stream hands out `v` and counts it; this future is then pending once (so a stream is also suspended at an
/// `.await` after each of its yields, and [`run_stream`] drops it there in half of the `DropAt` scenarios), and on
/// its second poll logs `resume a` and is ready with the resume value `a` that [`__y`] would return after that yield.
pub fn __sr() -> StreamResume {
    StreamResume { polled: false }
}

/// See [`__sr`].
pub struct StreamResume {
    polled: bool,
}

impl Future for StreamResume {
    type Output = i64;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<i64> {
        if !self.polled {
            self.polled = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let a = ST.with(|st| {
            let st = st.borrow();
            resume_value(st.yields, st.salt)
        });
        log(format!("resume {a}"));
        Poll::Ready(a)
    }
}

/// The stream form's `return r` (a stream's body cannot return a value): records `return r` for [`run_stream`],
/// which logs it when the stream ends, after what the body dropped on its way out, where the other forms log their
/// return value. The program then runs `return;`.
pub fn __ret<T: Debug>(r: T) {
    let s = format!("return {r:?}");
    ST.with(|st| st.borrow_mut().ret = Some(s));
}

/// [`sub`] as a stream, for the stream form's `yield_from!`: `{ let mut o = 0i64; yield_from!(sub_stream(n, &mut
/// o)); o }` — the stream cannot return `acc`, so it writes it through `out`, borrowed by the caller across the
/// delegation.
#[gen_runtime::generator(yield = i64)]
pub async fn sub_stream(n: i64, out: &mut i64) {
    let mut acc = 0i64;
    for i in 0..n {
        acc ^= {
            gen_runtime::yield_!(i);
            __sr().await
        };
    }
    *out = acc;
}

fn message(p: &(dyn Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "<non-string panic>".to_string()
    }
}

/// The trace line of a resume after completion that the form refuses as it must: a generator, a coroutine or a
/// future panics ("… resumed after completion"); a stream, which is fused, returns `None` again (see
/// [`run_stream`]).
pub const AFTER_COMPLETION: &str = "resume after completion: refused";

/// A resume that must panic, normalised (`generator resumed after …` and `coroutine resumed after …` alike; the
/// panic "resumed after completion" is the refusal of [`AFTER_COMPLETION`]).
fn classify<T: Debug>(what: &str, r: std::thread::Result<T>) -> String {
    match r {
        Ok(v) => format!("{what}: did not panic but gave {v:?}"),
        Err(p) => {
            let m = message(&*p);
            if m.contains("resumed after completion") {
                format!("{what}: refused")
            } else if m.contains("resumed after panicking") {
                format!("{what}: panics (resumed after panicking)")
            } else {
                format!("{what}: panics with {m:?}")
            }
        }
    }
}

/// Ends a run that completed or panicked: resumes it once more (`again`, which must panic), logs what that did,
/// then drops the machine, so the drops its locals log come last, as in direct execution.
fn end_run<M, T: Debug>(what: &str, mut machine: M, again: impl FnOnce(&mut M) -> T) {
    let r = catch_unwind(AssertUnwindSafe(|| again(&mut machine)));
    log(classify(what, r));
    log("drop generator");
    drop(machine);
}

const MAX_YIELDS: u32 = 20_000;

/// Runs the direct-execution form under `scenario`; returns the trace and how many yields and ticks it passed.
pub fn run_direct<R: Debug>(scenario: Scenario, salt: u64, f: &dyn Fn() -> R) -> (Vec<String>, u32, u32) {
    setup(scenario, salt);
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => {
            log(format!("return {r:?}"));
            log(AFTER_COMPLETION);
            log("drop generator");
        }
        Err(p) if p.is::<Stop>() => {}
        Err(p) => {
            log(format!("panic {:?}", message(&*p)));
            log("resume after panic: panics (resumed after panicking)");
            log("drop generator");
        }
    }
    finish()
}

/// Runs a generator (made by `make`) under `scenario`; returns the trace.
pub fn run_gen<Gen, R>(scenario: Scenario, salt: u64, make: &dyn Fn() -> Gen) -> Vec<String>
where
    Gen: Generator<i64, Yield = i64, Return = R>,
    R: Debug,
{
    drive_gen(scenario, salt, make, &mut |_, g| g)
}

/// How [`run_gen_snapshot`] replaces the suspended generator with another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundTrip {
    /// Saved to JSON, dropped, restored into a fresh generator of the same type (which that drops).
    Json,
    /// Copied (`#[derive(Clone)]`), the original dropped.
    Clone,
}

/// [`run_gen`] with the generator replaced when it is suspended after its `at`-th yield (`0`: before it starts): by
/// its snapshot restored, or by a copy (see [`RoundTrip`]), then run on. Nothing of the replacement is logged, so the
/// trace must be the uninterrupted run's.
pub fn run_gen_snapshot<Gen, R>(scenario: Scenario, salt: u64, make: &dyn Fn() -> Gen, at: u32, how: RoundTrip) -> Vec<String>
where
    Gen: Generator<i64, Yield = i64, Return = R> + gen_runtime::Snapshot + Clone,
    R: Debug,
{
    drive_gen(scenario, salt, make, &mut |k, g| match how {
        _ if k != at => g,
        RoundTrip::Json => round_trip(g, make),
        RoundTrip::Clone => {
            let copy = Box::pin((*g).clone());
            ST.with(|st| st.borrow_mut().muted = true);
            drop(g);
            ST.with(|st| st.borrow_mut().muted = false);
            copy
        }
    })
}

/// Saves `g`, drops it and restores the snapshot with `make()`'s `restored_from`, unlogged. A failure is logged (the
/// trace then differs from the uninterrupted run's) and the original is run on.
fn round_trip<Gen: gen_runtime::Snapshot>(g: Pin<Box<Gen>>, make: &dyn Fn() -> Gen) -> Pin<Box<Gen>> {
    let set_muted = |m: bool| ST.with(|st| st.borrow_mut().muted = m);
    let mut json = Vec::new();
    if let Err(e) = g.save(&mut serde_json::Serializer::new(&mut json)) {
        log(format!("snapshot: save failed: {e}"));
        return g;
    }
    set_muted(true);
    drop(g);
    let restored = make().restored_from(&mut serde_json::Deserializer::from_slice(&json));
    set_muted(false);
    match restored {
        Ok(g) => Box::pin(g),
        Err(e) => panic!("snapshot: restore failed: {e}; snapshot {}", String::from_utf8_lossy(&json)),
    }
}

/// The loop of [`run_gen`]; `at_suspension(k, g)` is called whenever the generator is suspended after its `k`-th
/// yield (`0`: not started) and returns the generator to go on with.
fn drive_gen<Gen, R>(
    scenario: Scenario,
    salt: u64,
    make: &dyn Fn() -> Gen,
    at_suspension: &mut dyn FnMut(u32, Pin<Box<Gen>>) -> Pin<Box<Gen>>,
) -> Vec<String>
where
    Gen: Generator<i64, Yield = i64, Return = R>,
    R: Debug,
{
    setup(scenario, salt);
    let mut g = Box::pin(make());
    let mut k = 0u32;
    loop {
        g = at_suspension(k, g);
        if scenario == Scenario::DropAt(k) {
            log("drop generator");
            drop(g);
            break;
        }
        let arg = if k == 0 {
            log("start");
            0
        } else {
            let a = resume_value(k, salt);
            log(format!("resume {a}"));
            a
        };
        match catch_unwind(AssertUnwindSafe(|| g.as_mut().resume(arg))) {
            Ok(GeneratorState::Yielded(v)) => {
                log(format!("yield {v}"));
                k += 1;
                if k > MAX_YIELDS {
                    log("(stopped: too many yields)");
                    break;
                }
            }
            Ok(GeneratorState::Complete(r)) => {
                log(format!("return {r:?}"));
                end_run("resume after completion", g, |g| g.as_mut().resume(0));
                break;
            }
            Err(p) => {
                log(format!("panic {:?}", message(&*p)));
                end_run("resume after panic", g, |g| g.as_mut().resume(0));
                break;
            }
        }
    }
    finish().0
}

/// Runs an async form (made by `make`) under `scenario`, polling it with a no-op waker; returns the trace. Its
/// only pending futures are [`__ay`]'s, so each `Pending` is a suspension at a yield: the trace reads as
/// [`run_gen`]'s (the yields and resumes are logged by `__ay`).
pub fn run_future<F, R>(scenario: Scenario, salt: u64, make: &dyn Fn() -> F) -> Vec<String>
where
    F: Future<Output = R>,
    R: Debug,
{
    setup(scenario, salt);
    let mut f = Box::pin(make());
    let mut cx = Context::from_waker(Waker::noop());
    if scenario == Scenario::DropAt(0) {
        log("drop generator");
        drop(f);
        return finish().0;
    }
    log("start");
    loop {
        match catch_unwind(AssertUnwindSafe(|| f.as_mut().poll(&mut cx))) {
            Ok(Poll::Pending) => {
                let k = ST.with(|st| st.borrow().yields);
                if scenario == Scenario::DropAt(k) {
                    log("drop generator");
                    drop(f);
                    break;
                }
                if k > MAX_YIELDS {
                    log("(stopped: too many yields)");
                    break;
                }
            }
            Ok(Poll::Ready(r)) => {
                log(format!("return {r:?}"));
                end_run("resume after completion", f, |f| f.as_mut().poll(&mut cx));
                break;
            }
            Err(p) => {
                log(format!("panic {:?}", message(&*p)));
                end_run("resume after panic", f, |f| f.as_mut().poll(&mut cx));
                break;
            }
        }
    }
    finish().0
}

/// Runs the stream form (made by `make`) under `scenario`, polling it with a no-op waker; returns the trace, which
/// reads as [`run_gen`]'s:
///
/// - `Ready(Some(v))` is a yield: logged `yield v` and counted (the `k`-th), as [`run_gen`] does; the program's
///   `resume a` is logged by [`__sr`] when the body goes on past the yield;
/// - `Pending` is the `.await` of [`__sr`] after each yield (the programs await nothing else): polled again;
/// - `Ready(None)`: the body ended; logs the `return r` it recorded with [`__ret`], then polls once more, which must
///   return `None` again (the crate's streams are fused: this is their [`AFTER_COMPLETION`], where a generator or a
///   future panics; a panic here is a mismatch), and drops the stream;
/// - a panic: logged, then a poll must panic ("resumed after panicking"), and dropping it must drop nothing more.
///
/// Every scenario is mirrored exactly. `DropAt(0)` drops the stream before its first poll; `DropAt(k)` drops it
/// suspended after its `k`-th yield: at the `yield_!` itself for odd `k`, and for even `k` at the `.await` of
/// [`__sr`] that follows it (one more poll, which runs no code of the program and logs nothing). Both hold what is
/// live at the yield (plus [`__sr`]'s future, which logs nothing when dropped), so both must drop what direct
/// execution unwinds from that yield.
pub fn run_stream<S>(scenario: Scenario, salt: u64, make: &dyn Fn() -> S) -> Vec<String>
where
    S: Stream<Item = i64>,
{
    setup(scenario, salt);
    let mut s = Box::pin(make());
    let mut cx = Context::from_waker(Waker::noop());
    if scenario == Scenario::DropAt(0) {
        log("drop generator");
        drop(s);
        return finish().0;
    }
    log("start");
    // Dropping at the `.await` after the yield: the next `Pending`.
    let mut drop_at_await = false;
    let mut polls = 0u32;
    loop {
        match catch_unwind(AssertUnwindSafe(|| s.as_mut().poll_next(&mut cx))) {
            Ok(Poll::Ready(Some(v))) => {
                log(format!("yield {v}"));
                let k = ST.with(|st| {
                    let mut st = st.borrow_mut();
                    st.yields += 1;
                    st.yields
                });
                if scenario == Scenario::DropAt(k) {
                    if k % 2 == 1 {
                        log("drop generator");
                        drop(s);
                        break;
                    }
                    drop_at_await = true;
                }
                if k > MAX_YIELDS {
                    log("(stopped: too many yields)");
                    break;
                }
            }
            Ok(Poll::Pending) => {
                if drop_at_await {
                    log("drop generator");
                    drop(s);
                    break;
                }
                polls += 1;
                if polls > 2 * MAX_YIELDS {
                    log("(stopped: too many pending polls)");
                    break;
                }
            }
            Ok(Poll::Ready(None)) => {
                let ret = ST.with(|st| st.borrow_mut().ret.take());
                log(ret.unwrap_or_else(|| "return <the stream ended without a return value>".to_string()));
                let again = catch_unwind(AssertUnwindSafe(|| s.as_mut().poll_next(&mut cx)));
                log(match again {
                    Ok(Poll::Ready(None)) => AFTER_COMPLETION.to_string(),
                    Ok(p) => format!("resume after completion: gave {p:?}, not None"),
                    Err(p) => format!("resume after completion: panics with {:?}, a fused stream returns None", message(&*p)),
                });
                log("drop generator");
                drop(s);
                break;
            }
            Err(p) => {
                log(format!("panic {:?}", message(&*p)));
                end_run("resume after panic", s, |s| s.as_mut().poll_next(&mut cx));
                break;
            }
        }
    }
    finish().0
}

/// One implementation under test: its name and how to run it under a scenario.
pub type Runner<'a> = (&'a str, &'a dyn Fn(Scenario) -> Vec<String>);

/// The scenarios of a program whose full direct run passed `yields` yields and `ticks` ticks (at most 12 of each).
pub fn scenarios(yields: u32, ticks: u32) -> Vec<Scenario> {
    let mut v = vec![Scenario::Full];
    v.extend((0..=yields.min(12)).map(Scenario::DropAt));
    v.extend((1..=ticks.min(12)).map(Scenario::PanicAt));
    v
}

/// Whether the form `name`, dropped before its first resume, drops its arguments first to last: the async forms
/// (`async fn` future or stream), as an unresumed plain `async fn` does (its arguments are its captures, dropped in
/// declaration order), and the native coroutine, whose arguments are upvars captured by its prelude `let a = a; let
/// b = b; ..` in declaration order and dropped in capture order. The `#[generator]` sync form drops them last to
/// first, as direct execution does unwinding from its first line (the project's decision for sync generators, see
/// the README); so the native twin is no oracle for that order, it checks the async forms' reference instead.
fn drops_arguments_first_to_last(name: &str) -> bool {
    name.contains("async") || name.contains("stream") || name == "native"
}

/// The direct execution's trace of `DropAt(0)` turned into the async forms' reference: what is dropped after `drop
/// generator` (the arguments, nothing else has been made) in the reverse order.
fn arguments_first_to_last(want: &[String]) -> Vec<String> {
    let mut v = want.to_vec();
    if let Some(at) = v.iter().position(|l| l == "drop generator") {
        v[at + 1..].reverse();
    }
    v
}

/// Runs every scenario of one program on the direct form and on each of `impls`; the first disagreement is
/// returned as a report (program and both traces). `Ok` counts the scenarios compared. Under `DropAt(0)` the async
/// forms (and the native coroutine) are compared with the direct trace whose argument drops are put first to last
/// (see [`drops_arguments_first_to_last`]); the plain `async fn` and the native coroutine, rustc's own lowerings,
/// check that reference.
pub fn check(seed: u64, src: &str, direct: &dyn Fn(Scenario) -> (Vec<String>, u32, u32), impls: &[Runner<'_>]) -> Result<usize, String> {
    let (_, yields, ticks) = direct(Scenario::Full);
    let all = scenarios(yields, ticks);
    for &sc in &all {
        let (want_sync, _, _) = direct(sc);
        let want_async = if sc == Scenario::DropAt(0) { arguments_first_to_last(&want_sync) } else { want_sync.clone() };
        for (name, run) in impls {
            let want = if drops_arguments_first_to_last(name) { &want_async } else { &want_sync };
            let got = run(sc);
            if got != *want {
                let reference = if want == &want_sync { "direct" } else { "direct (arguments first to last)" };
                return Err(report(seed, src, sc, reference, want, name, &got));
            }
        }
    }
    Ok(all.len())
}

/// The snapshot oracle: under every scenario, and for every suspension point `at` the run reaches (at most 12),
/// the generator saved and restored there, or copied there ([`run_gen_snapshot`] through `run`), must leave the
/// direct execution's trace unchanged. `Ok` counts the runs compared.
pub fn check_snapshots(
    seed: u64,
    src: &str,
    direct: &dyn Fn(Scenario) -> (Vec<String>, u32, u32),
    run: &dyn Fn(Scenario, u32, RoundTrip) -> Vec<String>,
) -> Result<usize, String> {
    let (_, yields, ticks) = direct(Scenario::Full);
    let mut compared = 0;
    for sc in scenarios(yields, ticks) {
        let (want, _, _) = direct(sc);
        let last = match sc {
            Scenario::DropAt(d) => d.min(yields),
            _ => yields,
        };
        for at in 0..=last.min(12) {
            for how in [RoundTrip::Json, RoundTrip::Clone] {
                let got = run(sc, at, how);
                if got != want {
                    let name = format!("macro, replaced at yield {at} ({how:?})");
                    return Err(report(seed, src, sc, "direct", &want, &name, &got));
                }
                compared += 1;
            }
        }
    }
    Ok(compared)
}

/// Like [`check`], comparing each implementation with the first one (macro vs native) too.
pub fn report(seed: u64, src: &str, sc: Scenario, a: &str, ta: &[String], b: &str, tb: &[String]) -> String {
    let first = ta.iter().zip(tb).position(|(x, y)| x != y).unwrap_or(ta.len().min(tb.len()));
    let mut s = format!("MISMATCH seed {seed}, scenario {sc:?}: `{a}` and `{b}` differ at trace line {first}\n");
    s += "---- program ----\n";
    s += src;
    s += &format!("---- {a:<40} | {b}\n");
    for i in 0..ta.len().max(tb.len()) {
        let x = ta.get(i).map(String::as_str).unwrap_or("");
        let y = tb.get(i).map(String::as_str).unwrap_or("");
        let mark = if x == y { " " } else { "!" };
        s += &format!("{mark} {x:<40} | {y}\n");
    }
    s
}
