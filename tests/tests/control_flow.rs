//! Statement-level yields inside every control-flow form, at any depth. Each test runs the generator to completion and
//! compares the whole trace (yields, resume values, body events, drops, the return value) with what the same body
//! does as a plain function.

// Deferred initialisation (`let x; … x = …;`) is the behaviour under test.
#![allow(clippy::needless_late_init)]

use gen_runtime::prelude::*;
use gen_tests::*;

#[generator(yield = u32)]
fn nested_blocks() -> u32 {
    let _a = D::new("a");
    {
        let _b = D::new("b");
        yield_!(1);
        {
            let _c = D::new("c");
            yield_!(2);
        }
        log("after inner block");
        yield_!(3);
    }
    log("after outer block");
    yield_!(4);
    5
}

#[test]
fn nested_blocks_drop_their_locals_at_their_own_end_across_yields() {
    assert_eq!(
        trace_unit(nested_blocks()),
        [
            "yield 1",
            "yield 2",
            "drop c",
            "after inner block",
            "yield 3",
            "drop b",
            "after outer block",
            "yield 4",
            "drop a",
            "return 5",
            "drop generator",
        ]
    );
}

#[generator(yield = u32)]
fn size_class(n: u32) -> &'static str {
    if n > 10 {
        yield_!(1);
        let _big = D::new("big");
        yield_!(2);
        "big"
    } else if n > 5 {
        yield_!(3);
        "medium"
    } else {
        let _small = D::new("small");
        yield_!(4);
        log("in else");
        "small"
    }
}

#[test]
fn if_else_if_else_runs_only_the_chosen_branch() {
    assert_eq!(
        trace_unit(size_class(20)),
        [
            "yield 1",
            "yield 2",
            "drop big",
            r#"return "big""#,
            "drop generator"
        ]
    );
    assert_eq!(
        trace_unit(size_class(7)),
        ["yield 3", r#"return "medium""#, "drop generator"]
    );
    assert_eq!(
        trace_unit(size_class(1)),
        [
            "yield 4",
            "in else",
            "drop small",
            r#"return "small""#,
            "drop generator"
        ]
    );
}

#[generator(yield = u32)]
fn if_without_else(flags: [bool; 3]) -> u32 {
    let mut taken = 0;
    if flags[0] {
        yield_!(10);
        taken += 1;
        if flags[1] {
            yield_!(11);
            taken += 1;
        }
        log("end of outer if");
    }
    if flags[2] {
        yield_!(20);
        taken += 1;
    }
    taken
}

#[test]
fn nested_if_without_else_skips_or_enters_each_level() {
    assert_eq!(
        trace_unit(if_without_else([true, true, true])),
        [
            "yield 10",
            "yield 11",
            "end of outer if",
            "yield 20",
            "return 3",
            "drop generator"
        ]
    );
    assert_eq!(
        trace_unit(if_without_else([true, false, false])),
        ["yield 10", "end of outer if", "return 1", "drop generator"]
    );
    assert_eq!(
        trace_unit(if_without_else([false, true, true])),
        ["yield 20", "return 1", "drop generator"]
    );
    assert_eq!(
        trace_unit(if_without_else([false, false, false])),
        ["return 0", "drop generator"]
    );
}

#[generator(yield = u32)]
fn if_let_holds_binding(input: Option<D>) -> u32 {
    if let Some(d) = input {
        yield_!(1);
        log(format!("holding {}", d.name()));
        yield_!(2);
    } else {
        yield_!(0);
    }
    log("after if let");
    9
}

#[test]
fn if_let_binding_is_held_across_yields_and_dropped_at_the_end_of_its_block() {
    assert_eq!(
        trace_unit(if_let_holds_binding(Some(D::new("x")))),
        [
            "yield 1",
            "holding x",
            "yield 2",
            "drop x",
            "after if let",
            "return 9",
            "drop generator"
        ]
    );
    assert_eq!(
        trace_unit(if_let_holds_binding(None)),
        ["yield 0", "after if let", "return 9", "drop generator"]
    );
}

#[derive(Debug)]
enum Cmd {
    Push(u32),
    Twice(u32),
    Named(D),
    Stop,
}

#[generator(yield = u32)]
fn interpret(cmds: Vec<Cmd>) -> usize {
    let mut done = 0;
    for cmd in cmds {
        match cmd {
            Cmd::Push(v) => {
                yield_!(v);
            }
            Cmd::Twice(v) if v > 100 => log(format!("too big to repeat: {v}")),
            Cmd::Twice(v) => {
                yield_!(v);
                yield_!(v);
            }
            Cmd::Named(d) if d.name() == "skip" => log("skipped"),
            Cmd::Named(d) => {
                yield_!(d.name().len() as u32);
                log(format!("still holding {}", d.name()));
            }
            Cmd::Stop => break,
        }
        done += 1;
    }
    done
}

#[test]
fn match_arms_with_guards_yield_and_drop_their_bindings() {
    let cmds = vec![
        Cmd::Push(1),
        Cmd::Twice(2),
        Cmd::Twice(200),
        Cmd::Named(D::new("skip")),
        Cmd::Named(D::new("abc")),
        Cmd::Push(3),
        Cmd::Stop,
        Cmd::Named(D::new("never")),
    ];
    assert_eq!(
        trace_unit(interpret(cmds)),
        [
            "yield 1",
            "yield 2",
            "yield 2",
            "too big to repeat: 200",
            "skipped",
            "drop skip",
            "yield 3",
            "still holding abc",
            "drop abc",
            "yield 3",
            // `break` drops the loop's iterator, which still owns the last command.
            "drop never",
            "return 6",
            "drop generator",
        ]
    );
}

#[generator(yield = u32, resume = u32)]
fn guard_reads_resumed_value() -> Vec<&'static str> {
    let mut seen = Vec::new();
    let mut x = yield_!(0);
    while x != 0 {
        match x {
            n if n % 2 == 0 => {
                seen.push("even");
                x = yield_!(n / 2);
            }
            n if n > 10 => {
                seen.push("big odd");
                x = yield_!(n - 10);
            }
            _ => {
                seen.push("small odd");
                x = yield_!(x + 1);
            }
        }
    }
    seen
}

#[test]
fn match_guards_see_the_value_assigned_by_the_last_resume() {
    assert_eq!(
        trace(guard_reads_resumed_value(), [0, 8, 13, 3, 0]),
        [
            "resume 0",
            "yield 0",
            "resume 8",
            "yield 4",
            "resume 13",
            "yield 3",
            "resume 3",
            "yield 4",
            "resume 0",
            r#"return ["even", "big odd", "small odd"]"#,
            "drop generator",
        ]
    );
}

#[generator(yield = u32)]
fn loop_with_break_value() -> u32 {
    let mut i = 0;
    let found = loop {
        i += 1;
        let _turn = D::new(format!("turn {i}"));
        if i == 3 {
            break i * 10;
        }
        yield_!(i);
    };
    log(format!("found {found}"));
    found + 1
}

#[test]
fn loop_breaks_with_a_value_after_yielding() {
    assert_eq!(
        trace_unit(loop_with_break_value()),
        [
            "yield 1",
            "drop turn 1",
            "yield 2",
            "drop turn 2",
            "drop turn 3",
            "found 30",
            "return 31",
            "drop generator",
        ]
    );
}

#[generator(yield = u32)]
fn loop_with_continue() -> u32 {
    let mut i = 0;
    let mut skipped = 0;
    loop {
        i += 1;
        if i > 5 {
            break;
        }
        let _d = D::new(format!("d{i}"));
        if i % 2 == 0 {
            skipped += 1;
            continue;
        }
        yield_!(i);
        log(format!("after yield {i}"));
    }
    skipped
}

#[test]
fn continue_drops_the_iteration_locals_and_skips_the_rest_of_the_body() {
    assert_eq!(
        trace_unit(loop_with_continue()),
        [
            "yield 1",
            "after yield 1",
            "drop d1",
            "drop d2",
            "yield 3",
            "after yield 3",
            "drop d3",
            "drop d4",
            "yield 5",
            "after yield 5",
            "drop d5",
            "return 2",
            "drop generator",
        ]
    );
}

#[generator(yield = u32)]
fn while_counter(n: u32) -> u32 {
    let mut i = 0;
    while i < n {
        let _d = D::new(format!("d{i}"));
        yield_!(i);
        i += 1;
    }
    i
}

#[test]
fn while_loop_yields_each_iteration_and_drops_its_locals_per_iteration() {
    assert_eq!(
        trace_unit(while_counter(3)),
        [
            "yield 0",
            "drop d0",
            "yield 1",
            "drop d1",
            "yield 2",
            "drop d2",
            "return 3",
            "drop generator"
        ]
    );
    assert_eq!(trace_unit(while_counter(0)), ["return 0", "drop generator"]);
}

#[generator(yield = u32)]
fn while_let_stack(mut stack: Vec<u32>) -> usize {
    let mut popped = 0;
    while let Some(top) = stack.pop() {
        yield_!(top);
        popped += 1;
        if top == 2 {
            stack.push(10);
            stack.push(20);
        }
    }
    popped
}

#[test]
fn while_let_pops_until_empty_including_values_pushed_after_a_yield() {
    assert_eq!(
        trace_unit(while_let_stack(vec![1, 2, 3])),
        [
            "yield 3",
            "yield 2",
            "yield 20",
            "yield 10",
            "yield 1",
            "return 5",
            "drop generator"
        ]
    );
}

#[generator(yield = usize)]
fn for_over_owned(words: Vec<D>) -> usize {
    let mut total = 0;
    for w in words {
        yield_!(w.name().len());
        total += w.name().len();
        log(format!("counted {}", w.name()));
    }
    total
}

#[test]
fn for_loop_holds_its_iterator_and_item_across_yields() {
    let words = vec![D::new("a"), D::new("bb"), D::new("ccc")];
    assert_eq!(
        trace_unit(for_over_owned(words)),
        [
            "yield 1",
            "counted a",
            "drop a",
            "yield 2",
            "counted bb",
            "drop bb",
            "yield 3",
            "counted ccc",
            "drop ccc",
            "return 6",
            "drop generator",
        ]
    );
}

#[generator(yield = u32)]
fn for_over_chars_with_pattern() -> u32 {
    let mut sum = 0;
    for (i, c) in "xyz".chars().enumerate() {
        yield_!(i as u32);
        sum += c as u32 - 'x' as u32 + 1;
    }
    sum
}

#[test]
fn for_loop_with_a_tuple_pattern_over_an_adapter_chain() {
    assert_eq!(run_unit(for_over_chars_with_pattern()), (vec![0, 1, 2], 6));
}

#[generator(yield = u32)]
fn labeled_grid() -> u32 {
    let mut count = 0;
    'rows: for i in 0..4u32 {
        let _row = D::new(format!("row{i}"));
        for j in 0..4u32 {
            if j > i {
                continue 'rows;
            }
            if i == 3 {
                break 'rows;
            }
            yield_!(i * 10 + j);
            count += 1;
        }
    }
    count
}

#[test]
fn labeled_break_and_continue_leave_the_outer_loop_and_drop_its_locals() {
    assert_eq!(
        trace_unit(labeled_grid()),
        [
            "yield 0",
            "drop row0",
            "yield 10",
            "yield 11",
            "drop row1",
            "yield 20",
            "yield 21",
            "yield 22",
            "drop row2",
            "drop row3",
            "return 6",
            "drop generator",
        ]
    );
}

#[generator(yield = u32)]
fn labeled_loop_break_value() -> (u32, u32) {
    let mut outer = 0;
    let inner_hit = 'outer: loop {
        outer += 1;
        let mut inner = 0;
        loop {
            inner += 1;
            yield_!(outer * 100 + inner);
            if inner == 2 {
                break;
            }
            if outer == 2 {
                break 'outer inner;
            }
        }
    };
    (outer, inner_hit)
}

#[test]
fn labeled_break_with_a_value_leaves_both_loops() {
    assert_eq!(
        run_unit(labeled_loop_break_value()),
        (vec![101, 102, 201], (2, 1))
    );
}

#[generator(yield = u32)]
fn labeled_block(n: u32) -> u32 {
    let r = 'found: {
        let _d = D::new("block");
        if n == 0 {
            break 'found 100;
        }
        yield_!(n);
        if n == 1 {
            break 'found 200;
        }
        yield_!(n + 1);
        300
    };
    log(format!("r = {r}"));
    r
}

#[test]
fn labeled_block_breaks_with_a_value_before_or_after_yields() {
    assert_eq!(
        trace_unit(labeled_block(0)),
        ["drop block", "r = 100", "return 100", "drop generator"]
    );
    assert_eq!(
        trace_unit(labeled_block(1)),
        [
            "yield 1",
            "drop block",
            "r = 200",
            "return 200",
            "drop generator"
        ]
    );
    assert_eq!(
        trace_unit(labeled_block(2)),
        [
            "yield 2",
            "yield 3",
            "drop block",
            "r = 300",
            "return 300",
            "drop generator"
        ]
    );
}

#[generator(yield = u32)]
fn let_else(input: Option<D>) -> &'static str {
    yield_!(0);
    let Some(d) = input else {
        log("none");
        yield_!(1);
        return "none";
    };
    yield_!(2);
    log(format!("have {}", d.name()));
    "some"
}

#[test]
fn let_else_binds_or_runs_its_diverging_else_block_with_a_yield() {
    assert_eq!(
        trace_unit(let_else(Some(D::new("x")))),
        [
            "yield 0",
            "yield 2",
            "have x",
            "drop x",
            r#"return "some""#,
            "drop generator"
        ]
    );
    assert_eq!(
        trace_unit(let_else(None)),
        [
            "yield 0",
            "none",
            "yield 1",
            r#"return "none""#,
            "drop generator"
        ]
    );
}

#[generator(yield = u32)]
fn early_return(limit: u32) -> &'static str {
    let _outer = D::new("outer");
    for i in 0..10 {
        let _iter = D::new(format!("iter{i}"));
        {
            let _inner = D::new("inner");
            if i == limit {
                return "early";
            }
            yield_!(i);
        }
    }
    "late"
}

#[test]
fn early_return_from_nested_scopes_drops_every_live_local_innermost_first() {
    assert_eq!(
        trace_unit(early_return(1)),
        [
            "yield 0",
            "drop inner",
            "drop iter0",
            "drop inner",
            "drop iter1",
            "drop outer",
            r#"return "early""#,
            "drop generator",
        ]
    );
}

#[test]
fn early_return_not_taken_runs_to_the_tail() {
    let mut expected = Vec::new();
    for i in 0..10 {
        expected.extend([
            format!("yield {i}"),
            "drop inner".to_owned(),
            format!("drop iter{i}"),
        ]);
    }
    expected.extend(["drop outer", r#"return "late""#, "drop generator"].map(String::from));
    assert_eq!(trace_unit(early_return(100)), expected);
}

#[derive(Debug, PartialEq)]
enum ParseError {
    BadNumber,
}

impl From<std::num::ParseIntError> for ParseError {
    fn from(_: std::num::ParseIntError) -> Self {
        log("convert error");
        ParseError::BadNumber
    }
}

#[generator(yield = i32)]
fn parse_all(items: Vec<&'static str>) -> Result<i32, ParseError> {
    let mut sum = 0;
    for s in items {
        let _guard = D::new(s);
        let n = s.parse::<i32>()?;
        yield_!(n);
        sum += n;
    }
    Ok(sum)
}

#[test]
fn question_mark_on_result_converts_the_error_with_from_and_returns_early() {
    assert_eq!(
        trace_unit(parse_all(vec!["1", "x", "3"])),
        [
            "yield 1",
            "drop 1",
            "convert error",
            "drop x",
            "return Err(BadNumber)",
            "drop generator"
        ]
    );
}

#[test]
fn question_mark_on_result_passes_ok_values_through() {
    assert_eq!(
        trace_unit(parse_all(vec!["4", "5"])),
        [
            "yield 4",
            "drop 4",
            "yield 5",
            "drop 5",
            "return Ok(9)",
            "drop generator"
        ]
    );
}

#[generator(yield = u32)]
fn sum_options(values: Vec<Option<u32>>) -> Option<u32> {
    let _all = D::new("all");
    let mut total = 0;
    for v in values {
        yield_!(total);
        let x = v?;
        total += x;
    }
    Some(total)
}

#[test]
fn question_mark_on_option_returns_none_early() {
    assert_eq!(
        trace_unit(sum_options(vec![Some(1), None, Some(5)])),
        [
            "yield 0",
            "yield 1",
            "drop all",
            "return None",
            "drop generator"
        ]
    );
    assert_eq!(
        trace_unit(sum_options(vec![Some(1), Some(5)])),
        [
            "yield 0",
            "yield 1",
            "drop all",
            "return Some(6)",
            "drop generator"
        ]
    );
}

#[generator(yield = u32)]
fn shadowing() -> String {
    let x = D::new("x1");
    yield_!(1);
    let x = x.name().len() as u32;
    yield_!(x);
    let x = format!("s{x}");
    yield_!(3);
    x
}

#[test]
fn shadowed_binding_stays_alive_until_its_scope_ends() {
    assert_eq!(
        trace_unit(shadowing()),
        [
            "yield 1",
            "yield 2",
            "yield 3",
            "drop x1",
            r#"return "s2""#,
            "drop generator"
        ]
    );
}

#[generator(yield = u32)]
fn shadowing_in_inner_block() -> u32 {
    let x = 7u32;
    {
        let x = D::new("inner x");
        yield_!(1);
        log(format!("inner sees {}", x.name()));
    }
    yield_!(x);
    x * 2
}

#[test]
fn shadowing_in_an_inner_block_restores_the_outer_binding_after_it() {
    assert_eq!(
        trace_unit(shadowing_in_inner_block()),
        [
            "yield 1",
            "inner sees inner x",
            "drop inner x",
            "yield 7",
            "return 14",
            "drop generator"
        ]
    );
}

#[generator(yield = u32)]
fn sibling_scopes(flag: bool) -> String {
    let mut out = String::new();
    {
        let v = 5u32;
        yield_!(1);
        out.push_str(&v.to_string());
    }
    {
        let v = D::new("v");
        yield_!(2);
        out.push_str(v.name());
    }
    if flag {
        let v = "str";
        yield_!(3);
        out.push_str(v);
    } else {
        let v = vec!['a', 'b'];
        yield_!(4);
        out.extend(v);
    }
    out
}

#[test]
fn sibling_scopes_reuse_a_name_with_another_type() {
    assert_eq!(
        trace_unit(sibling_scopes(true)),
        [
            "yield 1",
            "yield 2",
            "drop v",
            "yield 3",
            r#"return "5vstr""#,
            "drop generator"
        ]
    );
    assert_eq!(
        trace_unit(sibling_scopes(false)),
        [
            "yield 1",
            "yield 2",
            "drop v",
            "yield 4",
            r#"return "5vab""#,
            "drop generator"
        ]
    );
}

#[generator(yield = u32)]
fn deferred_init(c: bool) -> u32 {
    let x;
    if c {
        x = 1
    } else {
        yield_!(0);
        x = 2
    }
    yield_!(x * 10);
    x
}

#[test]
fn deferred_initialisation_in_branches_with_and_without_a_yield() {
    assert_eq!(run_unit(deferred_init(true)), (vec![10], 1));
    assert_eq!(run_unit(deferred_init(false)), (vec![0, 20], 2));
}

#[generator(yield = u32)]
fn deferred_init_guard(c: bool) -> usize {
    let d;
    yield_!(0);
    if c {
        d = D::new("then");
    } else {
        yield_!(1);
        d = D::new("else");
    }
    yield_!(2);
    d.name().len()
}

#[test]
fn deferred_initialisation_of_a_guard_drops_it_once_at_scope_end() {
    assert_eq!(
        trace_unit(deferred_init_guard(true)),
        [
            "yield 0",
            "yield 2",
            "drop then",
            "return 4",
            "drop generator"
        ]
    );
    assert_eq!(
        trace_unit(deferred_init_guard(false)),
        [
            "yield 0",
            "yield 1",
            "yield 2",
            "drop else",
            "return 4",
            "drop generator"
        ]
    );
}

#[generator(yield = (u32, u32))]
fn deep_nesting(n: u32) -> u32 {
    let mut hits = 0;
    for i in 0..n {
        if i % 2 == 0 {
            let mut j = 0;
            while j < i {
                match j {
                    0 => {
                        yield_!((i, j));
                    }
                    _ => {
                        if let Some(k) = j.checked_sub(1) {
                            let mut m = k;
                            loop {
                                yield_!((i, m + 100));
                                if m == 0 {
                                    break;
                                }
                                m -= 1;
                            }
                        }
                    }
                }
                hits += 1;
                j += 1;
            }
        }
    }
    hits
}

#[test]
fn yields_nested_in_for_if_while_match_if_let_loop() {
    assert_eq!(
        run_unit(deep_nesting(5)),
        (
            vec![
                (2, 0),
                (2, 100),
                (4, 0),
                (4, 100),
                (4, 101),
                (4, 100),
                (4, 102),
                (4, 101),
                (4, 100)
            ],
            6
        )
    );
}
