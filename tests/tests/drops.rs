//! When a generator drops what it holds: locals at the end of their scope as in plain Rust, the live locals of a
//! generator dropped while suspended (reverse declaration order, then the arguments, last first), only the arguments
//! of one that never started, and the temporaries of the statement that suspends.

// Deferred initialisation (`let x; … x = …;`) is the behaviour under test.
#![allow(clippy::needless_late_init)]

use gen_runtime::prelude::*;
use gen_tests::*;

#[generator(yield = u32)]
fn three_locals() -> u32 {
    let _a = D::new("a");
    yield_!(1);
    let _b = D::new("b");
    yield_!(2);
    let _c = D::new("c");
    log("body end");
    3
}

#[test]
fn locals_drop_in_reverse_declaration_order_when_the_body_ends() {
    assert_eq!(
        trace_unit(three_locals()),
        [
            "yield 1",
            "yield 2",
            "body end",
            "drop c",
            "drop b",
            "drop a",
            "return 3",
            "drop generator"
        ]
    );
}

#[generator(yield = u32)]
fn suspended_deep(arg: D) -> u32 {
    let _a = D::new("a");
    yield_!(1);
    let _b = D::new("b");
    {
        let _c = D::new("c");
        yield_!(2);
    }
    log(format!("unreachable in this test: {}", arg.name()));
    3
}

#[test]
fn drop_while_suspended_drops_live_locals_in_reverse_order() {
    let mut g = Traced::new(suspended_deep(D::new("arg")));
    g.step();
    g.step();
    drop(g);
    assert_eq!(
        take_log(),
        [
            "yield 1",
            "yield 2",
            "drop generator",
            "drop c",
            "drop b",
            "drop a",
            "drop arg"
        ]
    );
}

#[test]
fn drop_at_the_first_suspension_drops_only_what_is_declared_so_far() {
    let mut g = Traced::new(suspended_deep(D::new("arg")));
    g.step();
    drop(g);
    assert_eq!(
        take_log(),
        ["yield 1", "drop generator", "drop a", "drop arg"]
    );
}

#[generator(yield = u32)]
fn scope_ended_before_suspension() -> u32 {
    let _a = D::new("a");
    {
        let _inner = D::new("inner");
        yield_!(1);
    }
    yield_!(2);
    0
}

#[test]
fn drop_while_suspended_does_not_drop_locals_of_scopes_already_left() {
    let mut g = Traced::new(scope_ended_before_suspension());
    g.step();
    g.step();
    drop(g);
    assert_eq!(
        take_log(),
        [
            "yield 1",
            "drop inner",
            "yield 2",
            "drop generator",
            "drop a"
        ]
    );
}

#[generator(yield = u32)]
fn three_args(x: D, y: D, z: D) -> usize {
    log("body ran");
    let _a = D::new("a");
    yield_!(1);
    x.name().len() + y.name().len() + z.name().len()
}

#[test]
fn never_started_generator_drops_only_its_arguments_last_first() {
    let g = three_args(D::new("x"), D::new("y"), D::new("z"));
    assert_eq!(take_log(), Vec::<String>::new());
    drop(g);
    assert_eq!(take_log(), ["drop z", "drop y", "drop x"]);
}

#[test]
fn arguments_are_dropped_after_body_locals_last_first() {
    assert_eq!(
        trace_unit(three_args(D::new("x"), D::new("y"), D::new("z"))),
        [
            "body ran",
            "yield 1",
            "drop a",
            "drop z",
            "drop y",
            "drop x",
            "return 3",
            "drop generator",
        ]
    );
}

#[test]
fn drop_while_suspended_drops_arguments_after_locals_last_first() {
    let mut g = Traced::new(three_args(D::new("x"), D::new("y"), D::new("z")));
    g.step();
    drop(g);
    assert_eq!(
        take_log(),
        [
            "body ran",
            "yield 1",
            "drop generator",
            "drop a",
            "drop z",
            "drop y",
            "drop x"
        ]
    );
}

#[generator(yield = u32)]
fn consumes_first_arg(x: D, y: D) -> u32 {
    yield_!(1);
    drop(x);
    log("x consumed");
    yield_!(2);
    log(format!("y is {}", y.name()));
    3
}

#[test]
fn moved_argument_is_not_dropped_again() {
    assert_eq!(
        trace_unit(consumes_first_arg(D::new("x"), D::new("y"))),
        [
            "yield 1",
            "drop x",
            "x consumed",
            "yield 2",
            "y is y",
            "drop y",
            "return 3",
            "drop generator",
        ]
    );
}

#[test]
fn drop_while_suspended_after_an_argument_was_moved_drops_only_the_rest() {
    let mut g = Traced::new(consumes_first_arg(D::new("x"), D::new("y")));
    g.step();
    g.step();
    drop(g);
    assert_eq!(
        take_log(),
        [
            "yield 1",
            "drop x",
            "x consumed",
            "yield 2",
            "drop generator",
            "drop y"
        ]
    );
}

#[generator(yield = u32)]
fn maybe_moves(consume: bool) -> u32 {
    let a = D::new("a");
    let _b = D::new("b");
    if consume {
        let _moved = a;
        log("moved a");
    }
    yield_!(1);
    log("after yield");
    2
}

// A local moved on only some paths before a suspension point is kept in a slot whose emptiness is its drop flag:
// dropped at the end of its scope exactly when it was not moved, as in plain Rust.
#[test]
fn conditionally_moved_local_is_dropped_only_when_it_was_not_moved() {
    assert_eq!(
        trace_unit(maybe_moves(true)),
        ["moved a", "drop a", "yield 1", "after yield", "drop b", "return 2", "drop generator"]
    );
    assert_eq!(
        trace_unit(maybe_moves(false)),
        ["yield 1", "after yield", "drop b", "drop a", "return 2", "drop generator"]
    );
}

#[test]
fn dropping_after_a_conditional_move_drops_only_what_is_still_owned() {
    let mut g = Traced::new(maybe_moves(true));
    g.step();
    drop(g);
    assert_eq!(take_log(), ["moved a", "drop a", "yield 1", "drop generator", "drop b"]);

    let mut g = Traced::new(maybe_moves(false));
    g.step();
    drop(g);
    assert_eq!(take_log(), ["yield 1", "drop generator", "drop b", "drop a"]);
}

#[generator(yield = u32)]
fn reassigned() -> u32 {
    let mut d = D::new("first");
    yield_!(1);
    log(format!("holding {}", d.name()));
    d = D::new("second");
    log("reassigned");
    yield_!(2);
    d.name().len() as u32
}

#[test]
fn reassigning_a_held_local_drops_the_old_value_at_the_assignment() {
    assert_eq!(
        trace_unit(reassigned()),
        [
            "yield 1",
            "holding first",
            "drop first",
            "reassigned",
            "yield 2",
            "drop second",
            "return 6",
            "drop generator"
        ]
    );
}

#[generator(yield = u32)]
fn deferred_guard() -> u32 {
    let _a = D::new("a");
    let late;
    yield_!(0);
    late = D::new("late");
    yield_!(1);
    late.name().len() as u32
}

#[test]
fn dropping_before_a_deferred_initialisation_drops_nothing_for_it() {
    let mut g = Traced::new(deferred_guard());
    g.step();
    drop(g);
    assert_eq!(take_log(), ["yield 0", "drop generator", "drop a"]);

    let mut g = Traced::new(deferred_guard());
    g.step();
    g.step();
    drop(g);
    assert_eq!(
        take_log(),
        [
            "yield 0",
            "yield 1",
            "drop generator",
            "drop late",
            "drop a"
        ]
    );
}

#[generator(yield = usize)]
fn yield_temporary(arg: D) -> usize {
    let _a = D::new("a");
    yield_!(len(&D::new("temp")));
    log("next statement");
    arg.name().len()
}

#[test]
fn temporaries_of_the_suspending_statement_live_across_the_yield_until_the_statement_ends() {
    assert_eq!(
        trace_unit(yield_temporary(D::new("arg"))),
        [
            "yield 4",
            "drop temp",
            "next statement",
            "drop a",
            "drop arg",
            "return 3",
            "drop generator",
        ]
    );
}

#[test]
fn temporary_of_the_suspending_statement_is_dropped_with_the_generator_before_locals() {
    let mut g = Traced::new(yield_temporary(D::new("arg")));
    g.step();
    drop(g);
    assert_eq!(
        take_log(),
        [
            "yield 4",
            "drop generator",
            "drop temp",
            "drop a",
            "drop arg"
        ]
    );
}

#[generator(yield = usize, resume = usize)]
fn let_with_temporary() -> usize {
    let got = yield_!(len(&D::new("temp")) + len(&D::new("other")));
    log(format!("got {got}"));
    got
}

#[test]
fn temporaries_of_a_suspending_let_are_dropped_after_resume_in_reverse_creation_order() {
    assert_eq!(
        trace(let_with_temporary(), [0, 7]),
        [
            "resume 0",
            "yield 9",
            "resume 7",
            "drop other",
            "drop temp",
            "got 7",
            "return 7",
            "drop generator",
        ]
    );
}

#[generator(yield = u32)]
fn match_scrutinee_temporary() -> u32 {
    let mut n = 0;
    match D::new("scrutinee").name().len() {
        9 => {
            log("arm start");
            yield_!(1);
            n += 1;
            log("arm end");
        }
        _ => log("other arm"),
    }
    log("after match");
    n
}

#[test]
fn match_scrutinee_temporary_lives_while_an_arm_yields() {
    assert_eq!(
        trace_unit(match_scrutinee_temporary()),
        [
            "arm start",
            "yield 1",
            "arm end",
            "drop scrutinee",
            "after match",
            "return 1",
            "drop generator",
        ]
    );
}

#[test]
fn match_scrutinee_temporary_is_dropped_with_a_generator_suspended_in_an_arm() {
    let mut g = Traced::new(match_scrutinee_temporary());
    g.step();
    drop(g);
    assert_eq!(
        take_log(),
        ["arm start", "yield 1", "drop generator", "drop scrutinee"]
    );
}

#[generator(yield = u32)]
fn if_let_scrutinee_temporary(want: usize) -> u32 {
    if let Some(n) = D::new("scrutinee").name().len().checked_sub(want) {
        log("then start");
        yield_!(n as u32);
        log("then end");
    } else {
        log("else");
    }
    log("after if let");
    0
}

#[test]
fn if_let_scrutinee_temporary_lives_through_a_yielding_then_block() {
    assert_eq!(
        trace_unit(if_let_scrutinee_temporary(4)),
        [
            "then start",
            "yield 5",
            "then end",
            "drop scrutinee",
            "after if let",
            "return 0",
            "drop generator",
        ]
    );
}

#[test]
fn if_let_scrutinee_temporary_is_dropped_before_the_else_block_in_edition_2024() {
    assert_eq!(
        trace_unit(if_let_scrutinee_temporary(100)),
        [
            "drop scrutinee",
            "else",
            "after if let",
            "return 0",
            "drop generator"
        ]
    );
}

#[generator(yield = u32)]
fn walk_guards(items: Vec<D>) -> u32 {
    let mut seen = 0;
    for item in items {
        yield_!(seen);
        log(format!("done with {}", item.name()));
        seen += 1;
    }
    seen
}

#[test]
fn drop_while_suspended_in_a_for_loop_drops_the_item_then_the_remaining_items() {
    let mut g = Traced::new(walk_guards(vec![D::new("a"), D::new("b"), D::new("c")]));
    g.step();
    g.step();
    drop(g);
    assert_eq!(
        take_log(),
        [
            "yield 0",
            "done with a",
            "drop a",
            "yield 1",
            "drop generator",
            "drop b",
            "drop c"
        ]
    );
}

#[generator(yield = u32)]
fn loop_body_guard() -> u32 {
    let mut i = 0;
    while i < 2 {
        let _turn = D::new(format!("turn {i}"));
        yield_!(i);
        i += 1;
    }
    i
}

#[test]
fn dropping_a_completed_generator_drops_nothing_more() {
    let mut g = Traced::new(loop_body_guard());
    while let GeneratorState::Yielded(_) = g.step() {}
    let before = take_log();
    assert_eq!(
        before,
        [
            "yield 0",
            "drop turn 0",
            "yield 1",
            "drop turn 1",
            "return 2"
        ]
    );
    drop(g);
    assert_eq!(take_log(), ["drop generator"]);
}
