//! Shared helpers for the runtime behaviour tests in `tests/`.
//!
//! Every test records one trace per thread (libtest runs each test on its own thread) in a thread-local log:
//!
//! - [`D`] is a drop guard: dropping `D::new("a")` logs `"drop a"`;
//! - [`log`] records an event from a generator body (`log("after loop")`);
//! - [`Traced`] drives a generator and logs `"resume {arg:?}"` before each [`Traced::resume`] (not for
//!   [`Traced::step`], which resumes with `()`), then `"yield {value:?}"` or `"return {value:?}"`, and
//!   `"drop generator"` when it drops the generator (what the generator drops follows that line);
//! - [`trace`] / [`trace_unit`] run a generator to completion with [`Traced`], drop it, and return the whole log;
//! - [`run`] / [`run_unit`] run a generator to completion and return `(yields, return value)` without logging.
//!
//! The expected traces in the tests are what the same body does as a plain function in which `yield_!(v)` records `v`
//! and evaluates to the next scripted resume argument.

use std::any::Any;
use std::cell::RefCell;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;

use gen_runtime::{Generator, GeneratorState};

thread_local! {
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Records one event in this thread's log.
pub fn log(event: impl Into<String>) {
    let event = event.into();
    LOG.with(|log| log.borrow_mut().push(event));
}

/// Returns this thread's log and empties it.
pub fn take_log() -> Vec<String> {
    LOG.with(|log| std::mem::take(&mut *log.borrow_mut()))
}

/// Logs `what` and returns `value`: a side effect that shows when an operand is evaluated.
pub fn side<T>(what: &str, value: T) -> T {
    log(what);
    value
}

/// A drop guard: dropping it logs `"drop {name}"`.
pub struct D(String);

impl D {
    /// A guard named `name`; creating it logs nothing.
    pub fn new(name: impl Into<String>) -> D {
        D(name.into())
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for D {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "D({})", self.0)
    }
}

impl Drop for D {
    fn drop(&mut self) {
        log(format!("drop {}", self.0));
    }
}

/// The length of a guard's name: a function that takes a reference to a temporary, as in `yield_!(len(&D::new("t")))`.
pub fn len(d: &D) -> usize {
    d.name().len()
}

/// A generator under test, pinned on the heap, logging what goes in and out of it.
pub struct Traced<G> {
    generator: Pin<Box<G>>,
}

impl<G> Traced<G> {
    /// Wraps `generator`; logs nothing and runs nothing.
    pub fn new(generator: G) -> Self {
        Traced {
            generator: Box::pin(generator),
        }
    }

    /// Logs `"resume {arg:?}"`, resumes, and logs `"yield {v:?}"` or `"return {r:?}"`.
    pub fn resume<A: fmt::Debug>(&mut self, arg: A) -> GeneratorState<G::Yield, G::Return>
    where
        G: Generator<A>,
        G::Yield: fmt::Debug,
        G::Return: fmt::Debug,
    {
        log(format!("resume {arg:?}"));
        self.resume_quietly(arg)
    }

    /// Resumes with `()` (logging no `resume` line), and logs `"yield {v:?}"` or `"return {r:?}"`.
    pub fn step(&mut self) -> GeneratorState<G::Yield, G::Return>
    where
        G: Generator<()>,
        G::Yield: fmt::Debug,
        G::Return: fmt::Debug,
    {
        self.resume_quietly(())
    }

    fn resume_quietly<A>(&mut self, arg: A) -> GeneratorState<G::Yield, G::Return>
    where
        G: Generator<A>,
        G::Yield: fmt::Debug,
        G::Return: fmt::Debug,
    {
        let state = self.generator.as_mut().resume(arg);
        match &state {
            GeneratorState::Yielded(value) => log(format!("yield {value:?}")),
            GeneratorState::Complete(value) => log(format!("return {value:?}")),
        }
        state
    }
}

impl<G> Drop for Traced<G> {
    fn drop(&mut self) {
        // The generator itself is dropped right after this line is logged.
        log("drop generator");
    }
}

/// Most steps a test generator may take before it is considered stuck in a loop.
const MAX_STEPS: usize = 10_000;

/// Runs `generator` to completion with [`Traced`], resuming it with each of `resumes` in turn (the first one starts
/// it), drops it, and returns the whole log of this thread. Panics unless it completes exactly at the last resume.
pub fn trace<G, A>(generator: G, resumes: impl IntoIterator<Item = A>) -> Vec<String>
where
    G: Generator<A>,
    A: fmt::Debug,
    G::Yield: fmt::Debug,
    G::Return: fmt::Debug,
{
    let mut traced = Traced::new(generator);
    let mut resumes = resumes.into_iter();
    loop {
        let arg = resumes
            .next()
            .expect("the generator wants more resumes than the test scripted");
        if let GeneratorState::Complete(_) = traced.resume(arg) {
            break;
        }
    }
    assert!(
        resumes.next().is_none(),
        "the generator completed before the scripted resumes ran out"
    );
    drop(traced);
    take_log()
}

/// Runs a `()`-resumed `generator` to completion with [`Traced::step`], drops it, and returns the whole log.
pub fn trace_unit<G>(generator: G) -> Vec<String>
where
    G: Generator<()>,
    G::Yield: fmt::Debug,
    G::Return: fmt::Debug,
{
    let mut traced = Traced::new(generator);
    for _ in 0..MAX_STEPS {
        if let GeneratorState::Complete(_) = traced.step() {
            drop(traced);
            return take_log();
        }
    }
    panic!("the generator did not complete within {MAX_STEPS} resumes");
}

/// Runs `generator` to completion, resuming it with each of `resumes` in turn (the first one starts it); returns what
/// it yielded and what it returned. Panics unless it completes exactly at the last resume.
pub fn run<G, A>(generator: G, resumes: impl IntoIterator<Item = A>) -> (Vec<G::Yield>, G::Return)
where
    G: Generator<A>,
{
    let mut generator = Box::pin(generator);
    let mut yields = Vec::new();
    let mut resumes = resumes.into_iter();
    let ret = loop {
        let arg = resumes
            .next()
            .expect("the generator wants more resumes than the test scripted");
        match generator.as_mut().resume(arg) {
            GeneratorState::Yielded(value) => yields.push(value),
            GeneratorState::Complete(value) => break value,
        }
    };
    assert!(
        resumes.next().is_none(),
        "the generator completed before the scripted resumes ran out"
    );
    (yields, ret)
}

/// Runs a `()`-resumed `generator` to completion; returns what it yielded and what it returned.
pub fn run_unit<G>(generator: G) -> (Vec<G::Yield>, G::Return)
where
    G: Generator<()>,
{
    let mut generator = Box::pin(generator);
    let mut yields = Vec::new();
    for _ in 0..MAX_STEPS {
        match generator.as_mut().resume(()) {
            GeneratorState::Yielded(value) => yields.push(value),
            GeneratorState::Complete(value) => return (yields, value),
        }
    }
    panic!("the generator did not complete within {MAX_STEPS} resumes");
}

/// Runs `f`, catching a panic; `Err` holds the panic's message.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| panic_message(&*payload))
}

/// The message of a panic payload (`panic!("literal")` carries a `&str`, `panic!("{x}")` a `String`).
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "<non-string panic payload>".to_owned()
    }
}

/// Compiles only for `Send` values: `assert_send(&generator)`.
pub fn assert_send<T: Send>(_: &T) {}
