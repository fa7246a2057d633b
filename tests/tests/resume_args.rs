//! Resume arguments: what `yield_!` evaluates to (`let x = yield_!(e);`, `x = yield_!(e);`, a discarded
//! `yield_!(e);`), resume types other than `()`, and the first resume's argument, which has no `yield_!` to become the
//! value of: it is dropped before the body runs, unless `start = name` binds it to a local of the body.

use gen_runtime::prelude::*;
use gen_tests::*;

#[generator(yield = u32, resume = u32)]
fn running_total() -> u32 {
    let mut total = 0;
    let mut x = yield_!(0);
    while x != 0 {
        total += x;
        x = yield_!(total);
    }
    total
}

#[test]
fn let_and_assignment_bind_the_resume_argument() {
    assert_eq!(
        trace(running_total(), [99, 5, 3, 0]),
        [
            "resume 99",
            "yield 0",
            "resume 5",
            "yield 5",
            "resume 3",
            "yield 8",
            "resume 0",
            "return 8",
            "drop generator",
        ]
    );
}

#[generator(yield = u32, resume = D)]
fn takes_guards() -> usize {
    log("body starts");
    let a = yield_!(1);
    log(format!("got {}", a.name()));
    let b = yield_!(2);
    log(format!("got {}", b.name()));
    drop(a);
    yield_!(3);
    log("after discarded resume");
    let _ = yield_!(4);
    log("after `let _ =`");
    b.name().len()
}

#[test]
fn first_resume_argument_is_dropped_before_body() {
    let mut g = Traced::new(takes_guards());
    g.resume(D::new("r0"));
    drop(g);
    assert_eq!(
        take_log(),
        [
            "resume D(r0)",
            "drop r0",
            "body starts",
            "yield 1",
            "drop generator"
        ]
    );
}

#[test]
fn resume_arguments_are_owned_by_their_bindings_and_discarded_ones_drop_at_the_statement_end() {
    let resumes = ["r0", "r1", "r2", "r3", "r4"].map(D::new);
    assert_eq!(
        trace(takes_guards(), resumes),
        [
            "resume D(r0)",
            "drop r0",
            "body starts",
            "yield 1",
            "resume D(r1)",
            "got r1",
            "yield 2",
            "resume D(r2)",
            "got r2",
            "drop r1",
            "yield 3",
            "resume D(r3)",
            "drop r3",
            "after discarded resume",
            "yield 4",
            "resume D(r4)",
            "drop r4",
            "after `let _ =`",
            "drop r2",
            "return 2",
            "drop generator",
        ]
    );
}

#[test]
fn drop_while_suspended_drops_resume_arguments_bound_to_live_locals() {
    let mut g = Traced::new(takes_guards());
    g.resume(D::new("r0"));
    g.resume(D::new("r1"));
    g.resume(D::new("r2"));
    drop(g);
    assert_eq!(
        take_log(),
        [
            "resume D(r0)",
            "drop r0",
            "body starts",
            "yield 1",
            "resume D(r1)",
            "got r1",
            "yield 2",
            "resume D(r2)",
            "got r2",
            "drop r1",
            "yield 3",
            "drop generator",
            "drop r2",
        ]
    );
}

#[generator(yield = &'static str, resume = (u32, &'static str))]
fn tuple_resume() -> String {
    let mut out = String::new();
    let (n, word) = yield_!("first");
    for _ in 0..n {
        out.push_str(word);
    }
    let (m, _) = yield_!("second");
    out.push_str(&m.to_string());
    out
}

#[test]
fn tuple_resume_argument_destructured_by_a_let_pattern() {
    assert_eq!(
        trace(tuple_resume(), [(0, "ignored"), (2, "ab"), (7, "unused")]),
        [
            r#"resume (0, "ignored")"#,
            r#"yield "first""#,
            r#"resume (2, "ab")"#,
            r#"yield "second""#,
            r#"resume (7, "unused")"#,
            r#"return "abab7""#,
            "drop generator",
        ]
    );
}

#[generator(yield = usize, resume = Option<String>)]
fn collect_lines() -> Vec<String> {
    let mut lines = Vec::new();
    let mut next = yield_!(0);
    while let Some(line) = next {
        lines.push(line);
        next = yield_!(lines.len());
    }
    lines
}

#[test]
fn option_resume_type_ends_the_loop_on_none() {
    let resumes = [None, Some("a".to_owned()), Some("b".to_owned()), None];
    assert_eq!(
        run(collect_lines(), resumes),
        (vec![0, 1, 2], vec!["a".to_owned(), "b".to_owned()])
    );
}

#[generator(yield = u32, resume = u32)]
fn assign_to_places() -> (u32, Vec<u32>) {
    let mut pair = (0, 0);
    let mut slots = vec![0; 3];
    pair.1 = yield_!(1);
    slots[2] = yield_!(2);
    pair.0 = yield_!(3);
    slots[pair.1 as usize] = yield_!(4);
    (pair.0 + pair.1, slots)
}

#[test]
fn assignment_of_a_yield_to_fields_and_index_places() {
    assert_eq!(
        run(assign_to_places(), [0, 1, 20, 300, 4000]),
        (vec![1, 2, 3, 4], (301, vec![0, 4000, 20]))
    );
}

#[generator(yield = u32, resume = D)]
fn replaces_held_guard() -> usize {
    let mut held = yield_!(0);
    log(format!("holding {}", held.name()));
    held = yield_!(1);
    log(format!("holding {}", held.name()));
    held.name().len()
}

#[test]
fn assigning_a_resume_argument_to_a_held_local_drops_its_old_value_after_the_resume() {
    let resumes = ["r0", "r1", "second"].map(D::new);
    assert_eq!(
        trace(replaces_held_guard(), resumes),
        [
            "resume D(r0)",
            "drop r0",
            "yield 0",
            "resume D(r1)",
            "holding r1",
            "yield 1",
            "resume D(second)",
            "drop r1",
            "holding second",
            "drop second",
            "return 6",
            "drop generator",
        ]
    );
}

#[generator(yield = u32, resume = D, start = first)]
fn keeps_first() -> String {
    log(format!("first is {}", first.name()));
    let second = yield_!(1);
    log(format!("second is {}", second.name()));
    format!("{}+{}", first.name(), second.name())
}

#[test]
fn start_binds_the_first_resume_argument_to_a_local_dropped_after_body_locals() {
    assert_eq!(
        trace(keeps_first(), [D::new("a"), D::new("b")]),
        [
            "resume D(a)",
            "first is a",
            "yield 1",
            "resume D(b)",
            "second is b",
            "drop b",
            "drop a",
            r#"return "a+b""#,
            "drop generator",
        ]
    );
}

#[test]
fn start_binding_is_dropped_with_a_suspended_generator() {
    let mut g = Traced::new(keeps_first());
    g.resume(D::new("a"));
    drop(g);
    assert_eq!(
        take_log(),
        [
            "resume D(a)",
            "first is a",
            "yield 1",
            "drop generator",
            "drop a"
        ]
    );
}

#[generator(yield = u32, resume = u32, start = n)]
fn accumulate_from_start() -> u32 {
    let mut total = n;
    loop {
        let x = yield_!(total);
        if x == 0 {
            break total;
        }
        total += x;
    }
}

#[test]
fn start_binding_gives_the_body_the_first_resume_value() {
    assert_eq!(
        trace(accumulate_from_start(), [10, 5, 7, 0]),
        [
            "resume 10",
            "yield 10",
            "resume 5",
            "yield 15",
            "resume 7",
            "yield 22",
            "resume 0",
            "return 22",
            "drop generator",
        ]
    );
}

#[generator(yield = u32, resume = D, start = first)]
fn consumes_first() -> u32 {
    yield_!(1);
    drop(first);
    log("first consumed");
    yield_!(2);
    3
}

#[test]
fn moved_start_binding_is_not_dropped_again() {
    let resumes = ["first", "r1", "r2"].map(D::new);
    assert_eq!(
        trace(consumes_first(), resumes),
        [
            "resume D(first)",
            "yield 1",
            "resume D(r1)",
            "drop r1",
            "drop first",
            "first consumed",
            "yield 2",
            "resume D(r2)",
            "drop r2",
            "return 3",
            "drop generator",
        ]
    );
}
