//! Yields in every expression position, in Rust's evaluation order (issue: yield anywhere).
//! Each test logs side effects before and after the suspension and checks the order against plain Rust's.

use gen_runtime::prelude::*;
use gen_tests::{log, side, take_log, trace};

#[generator(yield = u32, resume = u32)]
fn guard_yields(v: Option<u32>) -> &'static str {
    match v {
        Some(n) if n > yield_!(n) => "big",
        Some(_) => "small",
        None => "none",
    }
}

#[test]
fn a_guard_that_yields_then_fails_falls_through_to_the_next_arm() {
    assert_eq!(trace(guard_yields(Some(5)), [0, 3]), ["resume 0", "yield 5", "resume 3", "return \"big\"", "drop generator"]);
    assert_eq!(trace(guard_yields(Some(5)), [0, 9]), ["resume 0", "yield 5", "resume 9", "return \"small\"", "drop generator"]);
    assert_eq!(trace(guard_yields(None), [0]), ["resume 0", "return \"none\"", "drop generator"]);
}

#[generator(yield = u32, resume = u32)]
fn guard_on_owned(v: Vec<String>) -> String {
    match v.into_iter().next() {
        Some(s) if s.len() as u32 == yield_!(1) => s,
        Some(s) => format!("other {s}"),
        None => String::new(),
    }
}

#[test]
fn a_guard_sees_bindings_by_reference_and_the_arm_gets_them_by_value() {
    assert_eq!(trace(guard_on_owned(vec!["abc".into()]), [0, 3]), ["resume 0", "yield 1", "resume 3", "return \"abc\"", "drop generator"]);
    assert_eq!(trace(guard_on_owned(vec!["abc".into()]), [0, 2]), ["resume 0", "yield 1", "resume 2", "return \"other abc\"", "drop generator"]);
}

#[generator(yield = u32, resume = u32)]
fn macro_args() -> String {
    println!("{} {}", side("a", 1), yield_!(side("b", 2)));
    let s = format!("{}-{}", side("c", 3), yield_!(4));
    let v = vec![side("d", 5), yield_!(6)];
    assert_eq!(yield_!(7), side("e", 7), "checked after both operands");
    format!("{s} {v:?}")
}

#[test]
fn yields_inside_std_macros_are_lowered_like_call_arguments() {
    assert_eq!(
        trace(macro_args(), [0, 20, 40, 60, 7]),
        [
            "resume 0",
            "a", "b", "yield 2",
            "resume 20",
            "c", "yield 4",
            "resume 40",
            "d", "yield 6",
            "resume 60",
            "yield 7",
            "resume 7",
            "e",
            "return \"3-40 [5, 60]\"",
            "drop generator"
        ]
    );
}

#[generator(yield = u32, resume = u32)]
fn compound_assign() -> u32 {
    let mut x = side("x", 10);
    x += yield_!(side("y", 1));
    let mut v = vec![0, 0];
    v[side("i", 1)] += yield_!(2);
    x + v[1]
}

#[test]
fn compound_assignment_evaluates_the_right_side_first_for_primitives() {
    assert_eq!(
        trace(compound_assign(), [0, 5, 7]),
        ["resume 0", "x", "y", "yield 1", "resume 5", "yield 2", "resume 7", "i", "return 22", "drop generator"]
    );
}

#[generator(yield = u32, resume = u32)]
fn let_chain(a: Option<u32>) -> u32 {
    if let Some(x) = a && x > 1 && yield_!(x) > 10 {
        log("taken");
        return x;
    }
    0
}

#[test]
fn let_chains_with_a_suspending_condition() {
    assert_eq!(trace(let_chain(Some(5)), [0, 11]), ["resume 0", "yield 5", "resume 11", "taken", "return 5", "drop generator"]);
    assert_eq!(trace(let_chain(Some(5)), [0, 1]), ["resume 0", "yield 5", "resume 1", "return 0", "drop generator"]);
    assert_eq!(trace(let_chain(Some(1)), [0]), ["resume 0", "return 0", "drop generator"]);
}

#[generator(yield = u32, resume = u32)]
fn let_else(a: Option<u32>) -> u32 {
    let Some(x) = a.or(Some(yield_!(0))) else { return 99 };
    x
}

#[test]
fn a_let_else_initialiser_that_suspends() {
    assert_eq!(trace(let_else(None), [0, 4]), ["resume 0", "yield 0", "resume 4", "return 4", "drop generator"]);
}

#[generator(yield = u32, resume = u32)]
fn break_value() -> u32 {
    let r = 'l: loop {
        let got = yield_!(1);
        if got > 2 {
            break 'l yield_!(got);
        }
    };
    r
}

#[test]
fn break_with_a_suspending_value() {
    assert_eq!(trace(break_value(), [0, 1, 3, 9]), ["resume 0", "yield 1", "resume 1", "yield 1", "resume 3", "yield 3", "resume 9", "return 9", "drop generator"]);
}

struct Obj {
    items: Vec<u32>,
}

impl Obj {
    fn add(&mut self, x: u32) -> usize {
        self.items.push(x);
        self.items.len()
    }
}

#[generator(yield = u32, resume = u32)]
fn method_receiver() -> usize {
    let mut o = Obj { items: Vec::new() };
    o.add(yield_!(1));
    let n = o.add(yield_!(2) + side("after", 0));
    n + (yield_!(3) as usize) * 0
}

#[test]
fn an_autoref_receiver_is_borrowed_after_the_argument_suspends() {
    assert_eq!(trace(method_receiver(), [0, 5, 6, 7]), ["resume 0", "yield 1", "resume 5", "yield 2", "resume 6", "after", "yield 3", "resume 7", "return 2", "drop generator"]);
}

#[generator(yield = u32, resume = u32)]
fn casts_index_struct() -> (u64, u32, (u32, u32)) {
    let c = yield_!(1) as u64;
    let arr = [10, 20, 30];
    let i = arr[yield_!(2) as usize];
    let t = (side("l", 1), yield_!(3));
    (c, i, t)
}

#[test]
fn casts_indexes_and_tuples_suspend_in_order() {
    assert_eq!(
        trace(casts_index_struct(), [0, 4, 1, 8]),
        ["resume 0", "yield 1", "resume 4", "yield 2", "resume 1", "l", "yield 3", "resume 8", "return (4, 20, (1, 8))", "drop generator"]
    );
    let _ = take_log();
}

struct Point {
    x: u32,
    y: u32,
}

#[generator(yield = u32, resume = u32)]
fn literals_and_operators() -> (i64, u32, [u32; 2], std::ops::Range<u32>) {
    let neg = -(yield_!(1) as i64);
    let p = Point { x: side("px", 1), y: yield_!(2) };
    let arr = [side("a0", 5), yield_!(3)];
    let r = side("lo", 0)..yield_!(4);
    (neg, p.x + p.y, arr, r)
}

#[test]
fn unary_struct_array_and_range_operands_suspend_in_order() {
    assert_eq!(
        trace(literals_and_operators(), [0, 7, 8, 9, 10]),
        [
            "resume 0", "yield 1", "resume 7",
            "px", "yield 2", "resume 8",
            "a0", "yield 3", "resume 9",
            "lo", "yield 4", "resume 10",
            "return (-7, 9, [5, 9], 0..10)",
            "drop generator"
        ]
    );
}

#[generator(yield = u32, resume = u32)]
fn control_flow_as_values(flag: bool) -> u32 {
    let a = if flag { yield_!(1) } else { side("else", 0) };
    let b = match yield_!(2) {
        0 => side("zero", 100),
        n => n * 10,
    };
    let c = {
        let t = yield_!(3);
        t + 1
    };
    a + b + c
}

#[test]
fn if_match_and_blocks_that_suspend_are_values() {
    assert_eq!(
        trace(control_flow_as_values(true), [0, 1, 2, 3]),
        ["resume 0", "yield 1", "resume 1", "yield 2", "resume 2", "yield 3", "resume 3", "return 25", "drop generator"]
    );
    assert_eq!(
        trace(control_flow_as_values(false), [0, 0, 3]),
        ["resume 0", "else", "yield 2", "resume 0", "zero", "yield 3", "resume 3", "return 104", "drop generator"]
    );
}

#[generator(yield = u32, resume = Option<u32>)]
fn while_let_scrutinee() -> u32 {
    let mut sum = 0;
    while let Some(x) = yield_!(sum) {
        sum += x;
    }
    if let Some(extra) = yield_!(sum) {
        sum += extra;
    }
    sum
}

#[test]
fn while_let_and_if_let_scrutinees_suspend() {
    let got = trace(while_let_scrutinee(), [None, Some(2), Some(3), None, Some(10)]);
    assert_eq!(
        got,
        [
            "resume None", "yield 0", "resume Some(2)", "yield 2", "resume Some(3)", "yield 5", "resume None",
            "yield 5", "resume Some(10)", "return 15", "drop generator"
        ]
    );
}

#[generator(yield = u32, resume = u32)]
fn more_macros() -> bool {
    use std::fmt::Write;
    let mut s = String::new();
    write!(s, "{}", yield_!(1)).unwrap();
    let m = matches!(yield_!(2), 1..=5);
    let d = dbg!(yield_!(3));
    s.len() == 1 && m && d == 9
}

#[test]
fn write_matches_and_dbg_take_suspending_operands() {
    assert_eq!(
        trace(more_macros(), [0, 7, 4, 9]),
        ["resume 0", "yield 1", "resume 7", "yield 2", "resume 4", "yield 3", "resume 9", "return true", "drop generator"]
    );
}
