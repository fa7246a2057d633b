//! A resume after completion panics at the caller's line (`#[track_caller]`), not inside the expansion: the message
//! then leads to the code that resumed too often. Its own test binary, because it sets the process's panic hook.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn one() {
    yield_!(1);
}

/// Runs `f`, which must panic, and returns the file and line the panic reports.
fn panic_location(f: impl FnOnce()) -> (String, u32) {
    let seen: Arc<Mutex<Option<(String, u32)>>> = Arc::default();
    let hook_seen = Arc::clone(&seen);
    std::panic::set_hook(Box::new(move |info| {
        *hook_seen.lock().unwrap() = info.location().map(|l| (l.file().to_string(), l.line()));
    }));
    let result = catch_unwind(AssertUnwindSafe(f));
    let _ = std::panic::take_hook();
    assert!(result.is_err(), "expected a panic");
    let seen = seen.lock().unwrap().clone();
    seen.expect("the panic has a location")
}

#[test]
fn a_resume_after_completion_panics_at_the_callers_line() {
    let mut g = Box::pin(one());
    while let GeneratorState::Yielded(_) = g.as_mut().resume(()) {}
    let line = line!() + 1;
    let at = panic_location(|| { let _ = g.as_mut().resume(()); });
    assert_eq!(at, (file!().to_string(), line));

    let mut h = one();
    while let GeneratorState::Yielded(_) = h.resume_unpin(()) {}
    let line = line!() + 1;
    let at = panic_location(|| { let _ = h.resume_unpin(()); });
    assert_eq!(at, (file!().to_string(), line));
}
