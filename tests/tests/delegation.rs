//! `yield_from!`: PEP 380's rules for `yield from`, as they apply to Rust generators.

use gen_runtime::prelude::*;
use gen_tests::{D, log, take_log, trace, trace_unit};
use std::pin::Pin;

#[generator(yield = u32, resume = u32)]
fn echo(n: u32) -> u32 {
    log(format!("echo start {n}"));
    let mut total = 0;
    for i in 0..n {
        let got = yield_!(i);
        log(format!("echo got {got}"));
        total += got;
    }
    total
}

#[generator(yield = u32, resume = u32)]
fn outer_echo() -> u32 {
    log("outer start");
    let r = yield_from!(echo(2));
    log(format!("inner returned {r}"));
    let last = yield_!(100);
    r + last
}

#[test]
fn yields_pass_out_and_resume_values_pass_in_unchanged() {
    assert_eq!(
        trace(outer_echo(), [0, 10, 20, 30]),
        [
            "resume 0",
            "outer start",
            "echo start 2",
            "yield 0",
            "resume 10",
            "echo got 10",
            "yield 1",
            "resume 20",
            "echo got 20",
            "inner returned 30",
            "yield 100",
            "resume 30",
            "return 60",
            "drop generator"
        ]
    );
}

#[generator(yield = u32)]
fn finishes_at_once() -> &'static str {
    log("inner runs");
    "done"
}

#[generator(yield = u32)]
fn delegates_to_immediate() -> usize {
    log("before");
    let s = yield_from!(finishes_at_once());
    log(format!("after {s}"));
    yield_!(7);
    s.len()
}

#[test]
fn a_sub_generator_that_finishes_at_once_causes_no_suspension() {
    assert_eq!(
        trace_unit(delegates_to_immediate()),
        ["before", "inner runs", "after done", "yield 7", "return 4", "drop generator"]
    );
}

#[generator(yield = u32, resume = u32)]
fn level3() -> u32 {
    let a = yield_!(3);
    log(format!("level3 got {a}"));
    a * 2
}

#[generator(yield = u32, resume = u32)]
fn level2() -> u32 {
    let r = yield_from!(level3());
    r + 1
}

#[generator(yield = u32, resume = u32)]
fn level1() -> u32 {
    let r = yield_from!(level2());
    log(format!("level1 sees {r}"));
    r + 1
}

#[test]
fn chains_three_deep_forward_resume_values_and_unwind_returns_in_one_resume() {
    assert_eq!(
        trace(level1(), [0, 5]),
        ["resume 0", "yield 3", "resume 5", "level3 got 5", "level1 sees 11", "return 12", "drop generator"]
    );
}

#[generator(yield = u32)]
fn guarded_inner() {
    let _g = D::new("inner guard");
    yield_!(1);
    yield_!(2);
}

#[generator(yield = u32)]
fn guarded_outer() {
    let _g = D::new("outer guard");
    yield_from!(guarded_inner());
    log("outer after");
}

#[test]
fn dropping_while_delegating_drops_inner_first() {
    let mut g = Box::pin(guarded_outer());
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(1));
    drop(g);
    assert_eq!(take_log(), ["drop inner guard", "drop outer guard"]);
}

#[generator(yield = u32)]
fn panicking_inner() {
    yield_!(1);
    panic!("inner fails");
}

#[generator(yield = u32)]
fn outer_of_panicking() {
    let _g = D::new("outer guard");
    yield_from!(panicking_inner());
}

#[test]
fn a_panic_in_the_inner_generator_poisons_the_outer() {
    let mut g = Box::pin(outer_of_panicking());
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(1));
    let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| g.as_mut().resume(())));
    assert!(err.is_err());
    assert_eq!(take_log(), ["drop outer guard"]);
    let again = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| g.as_mut().resume(())));
    let msg = again.expect_err("a poisoned generator panics").downcast::<&str>().map(|s| s.to_string()).unwrap_or_default();
    assert!(msg.contains("resumed after panicking"), "{msg}");
}

#[generator(yield = char)]
fn letters() -> usize {
    yield_from!("abc".chars());
    yield_from!(vec!['x', 'y']);
    5
}

#[test]
fn delegation_to_an_iterable_yields_each_item() {
    let mut g = Box::pin(letters());
    let mut out = String::new();
    let ret = loop {
        match g.as_mut().resume(()) {
            GeneratorState::Yielded(c) => out.push(c),
            GeneratorState::Complete(r) => break r,
        }
    };
    assert_eq!((out.as_str(), ret), ("abcxy", 5));
}

enum Tree {
    Leaf(u32),
    Node(Box<Tree>, Box<Tree>),
}

#[generator(yield = u32)]
fn walk(tree: &Tree) -> u32 {
    match tree {
        Tree::Leaf(v) => {
            yield_!(*v);
            1
        }
        Tree::Node(l, r) => {
            let a = yield_from!(Box::pin(walk(l)));
            let b = yield_from!(Box::pin(walk(r)));
            a + b
        }
    }
}

#[test]
fn recursive_tree_walk_through_box_pin() {
    let t = Tree::Node(
        Box::new(Tree::Node(Box::new(Tree::Leaf(1)), Box::new(Tree::Leaf(2)))),
        Box::new(Tree::Leaf(3)),
    );
    let mut g = Box::pin(walk(&t));
    let mut seen = Vec::new();
    let leaves = loop {
        match g.as_mut().resume(()) {
            GeneratorState::Yielded(v) => seen.push(v),
            GeneratorState::Complete(n) => break n,
        }
    };
    assert_eq!((seen, leaves), (vec![1, 2, 3], 3));
}

// The refactoring principle: moving code into a sub-generator does not change behaviour.
#[generator(yield = u32, resume = u32)]
fn inline_version(n: u32) -> u32 {
    let _g = D::new("outer");
    let mut acc = 0;
    for i in 0..n {
        acc += yield_!(i);
    }
    log(format!("acc {acc}"));
    acc
}

#[generator(yield = u32, resume = u32)]
fn part(n: u32) -> u32 {
    let mut acc = 0;
    for i in 0..n {
        acc += yield_!(i);
    }
    acc
}

#[generator(yield = u32, resume = u32)]
fn refactored_version(n: u32) -> u32 {
    let _g = D::new("outer");
    let acc = yield_from!(part(n));
    log(format!("acc {acc}"));
    acc
}

#[test]
fn moving_code_into_a_sub_generator_does_not_change_behaviour() {
    let a = trace(inline_version(3), [0, 1, 2, 3]);
    let b = trace(refactored_version(3), [0, 1, 2, 3]);
    assert_eq!(a, b);
    assert!(a.contains(&"acc 6".to_string()), "{a:?}");
}

#[generator(yield = u32)]
fn sub_value() -> u32 {
    yield_!(1);
    41
}

#[generator(yield = u32)]
fn delegate_in_expression() -> u32 {
    let x = 1 + yield_from!(sub_value());
    x
}

#[test]
fn yield_from_stands_in_expression_position() {
    assert_eq!(trace_unit(delegate_in_expression()), ["yield 1", "return 42", "drop generator"]);
}

#[test]
fn the_sub_generator_expression_is_evaluated_once() {
    #[generator(yield = u32)]
    fn counted(n: u32) {
        for i in 0..n {
            yield_!(i);
        }
    }
    #[generator(yield = u32)]
    fn outer() {
        yield_from!({
            log("evaluated");
            counted(2)
        });
    }
    assert_eq!(trace_unit(outer()), ["evaluated", "yield 0", "yield 1", "return ()", "drop generator"]);
    let _ = Pin::new(&mut Box::pin(outer()));
}
