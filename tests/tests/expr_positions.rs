//! A few yields in expression position, where the lowering has to explode the surrounding expression and keep
//! Rust's evaluation order: what stands left of the yield is evaluated once, before the suspension (`side` logs when an
//! operand is evaluated). The full list of positions belongs to the "yield anywhere" issue.

use gen_runtime::prelude::*;
use gen_tests::*;

#[generator(yield = u32, resume = u32)]
fn binary_operand() -> u32 {
    let y = side("left operand", 1) + yield_!(10);
    log(format!("y = {y}"));
    y
}

#[test]
fn yield_as_right_operand_evaluates_the_left_operand_first() {
    assert_eq!(
        trace(binary_operand(), [0, 5]),
        [
            "resume 0",
            "left operand",
            "yield 10",
            "resume 5",
            "y = 6",
            "return 6",
            "drop generator"
        ]
    );
}

#[generator(yield = u32, resume = bool)]
fn condition() -> u32 {
    let mut taken = 0;
    for i in 0..3 {
        if yield_!(i) {
            log(format!("then {i}"));
            taken += 1;
        } else {
            log(format!("else {i}"));
        }
    }
    taken
}

#[test]
fn yield_as_if_condition_branches_on_the_resume_value() {
    assert_eq!(
        trace(condition(), [false, true, false, true]),
        [
            "resume false",
            "yield 0",
            "resume true",
            "then 0",
            "yield 1",
            "resume false",
            "else 1",
            "yield 2",
            "resume true",
            "then 2",
            "return 2",
            "drop generator",
        ]
    );
}

fn three(a: u32, b: u32, c: u32) -> u32 {
    log(format!("three({a}, {b}, {c})"));
    a * 100 + b * 10 + c
}

#[generator(yield = u32, resume = u32)]
fn call_arguments() -> u32 {
    let first = three(yield_!(1), 2, side("third argument", 3));
    three(side("first argument", 4), yield_!(first), 6)
}

#[test]
fn yield_as_call_argument_keeps_left_to_right_argument_order() {
    assert_eq!(
        trace(call_arguments(), [0, 7, 8]),
        [
            "resume 0",
            "yield 1",
            "resume 7",
            "third argument",
            "three(7, 2, 3)",
            "first argument",
            "yield 723",
            "resume 8",
            "three(4, 8, 6)",
            "return 486",
            "drop generator",
        ]
    );
}

#[generator(yield = u32, resume = u32)]
fn compound_assignment() -> u32 {
    let mut total = 1;
    total += yield_!(total);
    total *= yield_!(total);
    total
}

#[test]
fn yield_as_compound_assignment_operand() {
    assert_eq!(run(compound_assignment(), [0, 4, 3]), (vec![1, 5], 15));
}

#[generator(yield = u32, resume = u32)]
fn nested_yields() -> u32 {
    let z = yield_!(yield_!(1) + 1);
    z * 2
}

#[test]
fn nested_yield_yields_the_inner_result_plus_one() {
    assert_eq!(
        trace(nested_yields(), [0, 10, 20]),
        [
            "resume 0",
            "yield 1",
            "resume 10",
            "yield 11",
            "resume 20",
            "return 40",
            "drop generator"
        ]
    );
}

#[generator(yield = u32, resume = bool)]
fn short_circuit(flags: [bool; 2]) -> Vec<&'static str> {
    let mut out = Vec::new();
    if flags[0] && yield_!(1) {
        out.push("and");
    }
    if flags[1] || yield_!(2) {
        out.push("or");
    }
    out
}

#[test]
fn yield_on_the_right_of_and_or_runs_only_when_evaluated() {
    assert_eq!(
        run(short_circuit([true, true]), [false, true]),
        (vec![1], vec!["and", "or"])
    );
    assert_eq!(
        run(short_circuit([false, false]), [false, true]),
        (vec![2], vec!["or"])
    );
    assert_eq!(
        run(short_circuit([true, false]), [false, false, false]),
        (vec![1, 2], vec![])
    );
}

#[generator(yield = u32, resume = u32)]
fn match_scrutinee() -> &'static str {
    let mut answers = 0;
    loop {
        match yield_!(answers) {
            0 => break "stop",
            n if n > 100 => answers += 100,
            _ => answers += 1,
        }
    }
}

#[test]
fn yield_as_match_scrutinee() {
    assert_eq!(
        run(match_scrutinee(), [9, 5, 500, 0]),
        (vec![0, 1, 101], "stop")
    );
}

#[generator(yield = u32, resume = u32)]
fn tail_and_tuple() -> (u32, u32) {
    let pair = (side("tuple head", 1), yield_!(2));
    log(format!("pair = {pair:?}"));
    (pair.0 + pair.1, yield_!(3) * 2)
}

#[test]
fn yield_in_a_tuple_literal_and_in_the_tail_expression() {
    assert_eq!(
        trace(tail_and_tuple(), [0, 40, 6]),
        [
            "resume 0",
            "tuple head",
            "yield 2",
            "resume 40",
            "pair = (1, 40)",
            "yield 3",
            "resume 6",
            "return (41, 12)",
            "drop generator",
        ]
    );
}

#[generator(yield = u32, resume = bool)]
fn while_condition() -> u32 {
    let mut n = 0;
    while yield_!(n) {
        n += 1;
    }
    n
}

#[test]
fn yield_as_while_condition_is_evaluated_before_every_iteration() {
    assert_eq!(
        run(while_condition(), [false, true, true, false]),
        (vec![0, 1, 2], 2)
    );
}

#[generator(yield = u32, resume = u32)]
fn return_a_yield(early: bool) -> u32 {
    let _d = D::new("d");
    if early {
        return yield_!(1);
    }
    yield_!(2) + 1
}

#[test]
fn return_of_a_yield_returns_the_resume_value() {
    assert_eq!(
        trace(return_a_yield(true), [0, 9]),
        [
            "resume 0",
            "yield 1",
            "resume 9",
            "drop d",
            "return 9",
            "drop generator"
        ]
    );
    assert_eq!(
        trace(return_a_yield(false), [0, 9]),
        [
            "resume 0",
            "yield 2",
            "resume 9",
            "drop d",
            "return 10",
            "drop generator"
        ]
    );
}
