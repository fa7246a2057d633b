//! Panics: resuming a completed generator panics; a panic inside `resume` drops every live local exactly once and
//! poisons the generator, so a later resume panics too and dropping it drops nothing more.

use gen_runtime::prelude::*;
use gen_tests::*;

#[generator(yield = u32)]
fn short(arg: D) -> usize {
    let _a = D::new("a");
    yield_!(1);
    arg.name().len()
}

#[test]
fn resume_after_completion_panics() {
    let mut g = Traced::new(short(D::new("arg")));
    g.step();
    g.step();
    let message = catch(|| g.step()).expect_err("resuming a completed generator must panic");
    assert!(
        message.contains("resumed after completion"),
        "unexpected panic message: {message:?}"
    );
    drop(g);
    assert_eq!(
        take_log(),
        [
            "yield 1",
            "drop a",
            "drop arg",
            "return 3",
            "drop generator"
        ]
    );
}

#[test]
fn resume_after_completion_panics_again_with_the_same_message() {
    let mut g = Box::pin(short(D::new("arg")));
    while let GeneratorState::Yielded(_) = g.as_mut().resume(()) {}
    for _ in 0..2 {
        let message =
            catch(|| g.as_mut().resume(())).expect_err("resuming a completed generator must panic");
        assert!(
            message.contains("resumed after completion"),
            "unexpected panic message: {message:?}"
        );
    }
    drop(g);
    assert_eq!(take_log(), ["drop a", "drop arg"]);
}

#[generator(yield = u32)]
fn fragile(arg: D, explode_at: u32) -> u32 {
    let _a = D::new("a");
    yield_!(1);
    let _b = D::new("b");
    if explode_at == 2 {
        panic!("boom at 2");
    }
    yield_!(2);
    let _c = D::new("c");
    arg.name().len() as u32
}

#[test]
fn panic_inside_resume_drops_every_live_local_once_and_poisons() {
    let mut g = Traced::new(fragile(D::new("arg"), 2));
    g.step();
    let message = catch(|| g.step()).expect_err("the body panics");
    assert_eq!(message, "boom at 2");
    log("caught");
    let message = catch(|| g.step()).expect_err("resuming a poisoned generator must panic");
    assert!(
        message.contains("resumed after panicking"),
        "unexpected panic message: {message:?}"
    );
    log("caught again");
    drop(g);
    assert_eq!(
        take_log(),
        [
            "yield 1",
            "drop b",
            "drop a",
            "drop arg",
            "caught",
            "caught again",
            "drop generator",
        ]
    );
}

#[test]
fn poisoned_generator_keeps_panicking_on_every_resume() {
    let mut g = Box::pin(fragile(D::new("arg"), 2));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(1));
    assert!(catch(|| g.as_mut().resume(())).is_err());
    for _ in 0..2 {
        let message =
            catch(|| g.as_mut().resume(())).expect_err("resuming a poisoned generator must panic");
        assert!(
            message.contains("resumed after panicking"),
            "unexpected panic message: {message:?}"
        );
    }
    drop(g);
    assert_eq!(take_log(), ["drop b", "drop a", "drop arg"]);
}

#[test]
fn generator_that_does_not_panic_runs_to_completion() {
    assert_eq!(
        trace_unit(fragile(D::new("arg"), 0)),
        [
            "yield 1",
            "yield 2",
            "drop c",
            "drop b",
            "drop a",
            "drop arg",
            "return 3",
            "drop generator",
        ]
    );
}

#[generator(yield = u32)]
fn panics_on_first_resume(x: D, y: D, explode: bool) -> u32 {
    let _a = D::new("a");
    if explode {
        panic!("boom before any yield");
    }
    yield_!(1);
    (x.name().len() + y.name().len()) as u32
}

#[test]
fn panic_in_the_first_resume_drops_the_arguments_last_first_and_poisons() {
    let mut g = Traced::new(panics_on_first_resume(D::new("x"), D::new("y"), true));
    let message = catch(|| g.step()).expect_err("the body panics");
    assert_eq!(message, "boom before any yield");
    log("caught");
    let message = catch(|| g.step()).expect_err("resuming a poisoned generator must panic");
    assert!(
        message.contains("resumed after panicking"),
        "unexpected panic message: {message:?}"
    );
    drop(g);
    assert_eq!(
        take_log(),
        ["drop a", "drop y", "drop x", "caught", "drop generator"]
    );
}

fn check(n: u32) -> u32 {
    if n == 2 {
        panic!("item {n} is bad");
    }
    n
}

#[generator(yield = u32)]
fn panics_in_loop(items: Vec<D>) -> u32 {
    let mut i = 0;
    for item in items {
        let _guard = D::new(format!("guard {}", item.name()));
        yield_!(check(i));
        i += 1;
    }
    i
}

#[test]
fn panic_inside_a_for_loop_drops_the_item_and_the_remaining_items_once() {
    let mut g = Traced::new(panics_in_loop(vec![
        D::new("a"),
        D::new("b"),
        D::new("c"),
        D::new("d"),
    ]));
    g.step();
    g.step();
    let message = catch(|| g.step()).expect_err("the body panics");
    assert_eq!(message, "item 2 is bad");
    log("caught");
    drop(g);
    assert_eq!(
        take_log(),
        [
            "yield 0",
            "drop guard a",
            "drop a",
            "yield 1",
            "drop guard b",
            "drop b",
            "drop guard c",
            "drop c",
            "drop d",
            "caught",
            "drop generator",
        ]
    );
}

#[generator(yield = usize)]
fn panics_holding_temporary(explode: bool) -> usize {
    let _a = D::new("a");
    yield_!(len(&D::new("temp")));
    if explode {
        panic!("after the temporary");
    }
    0
}

#[test]
fn panic_after_the_suspending_statement_does_not_drop_its_temporary_twice() {
    let mut g = Traced::new(panics_holding_temporary(true));
    g.step();
    assert!(catch(|| g.step()).is_err());
    log("caught");
    drop(g);
    assert_eq!(
        take_log(),
        ["yield 4", "drop temp", "drop a", "caught", "drop generator"]
    );
}
