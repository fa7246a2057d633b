//! Bodies written as plain Rust behave as plain Rust (issue: "Write it as plain Rust, get plain Rust"). Each test
//! compares a generator's trace with what the same body does as a plain function, where `yield_!(v)` records `v`.

use gen_runtime::prelude::*;
use gen_tests::{D, log, run_unit, take_log, trace_unit};

// ----- (a) a `let` whose other arm suspends, then diverges ----------------------------------------------------------

#[generator(yield = i32)]
fn match_arm_yields_then_returns(r: Result<i32, ()>) {
    let n = match r {
        Ok(n) => n,
        Err(_) => {
            yield_!(0);
            return;
        }
    };
    yield_!(n + 1);
}

#[generator(yield = i32)]
fn match_arm_yields_then_panics(r: Result<i32, ()>) {
    let n = match r {
        Ok(n) => n,
        Err(_) => {
            yield_!(0);
            panic!("bad input");
        }
    };
    yield_!(n + 1);
}

#[generator(yield = i32)]
fn let_else_yields_then_returns(o: Option<i32>) -> i32 {
    let n = if let Some(n) = o {
        n
    } else {
        yield_!(-1);
        return 0;
    };
    yield_!(n * 2);
    n
}

#[test]
fn a_let_takes_its_type_from_the_arm_that_produces_a_value() {
    assert_eq!(run_unit(match_arm_yields_then_returns(Ok(4))).0, [5]);
    assert_eq!(run_unit(match_arm_yields_then_returns(Err(()))).0, [0]);
    assert_eq!(run_unit(match_arm_yields_then_panics(Ok(1))).0, [2]);
    let caught = gen_tests::catch(|| run_unit(match_arm_yields_then_panics(Err(()))));
    assert!(caught.unwrap_err().contains("bad input"));
    assert_eq!(run_unit(let_else_yields_then_returns(Some(3))), (vec![6], 3));
    assert_eq!(run_unit(let_else_yields_then_returns(None)), (vec![-1], 0));
}

#[generator]
async fn await_arm_then_return(r: Result<u32, ()>) -> u32 {
    let n = match r {
        Ok(n) => n,
        Err(()) => {
            futures::future::ready(()).await;
            return 0;
        }
    };
    futures::future::ready(n + 1).await
}

#[generator(yield = u32)]
async fn stream_arm_then_return(r: Result<u32, ()>) {
    let n = match r {
        Ok(n) => n,
        Err(()) => {
            yield_!(0);
            return;
        }
    };
    yield_!(n + 1);
}

#[test]
fn the_same_in_an_async_fn_and_a_stream() {
    use futures::StreamExt;
    assert_eq!(futures::executor::block_on(await_arm_then_return(Ok(2))), 3);
    assert_eq!(futures::executor::block_on(await_arm_then_return(Err(()))), 0);
    let items: Vec<u32> = futures::executor::block_on(stream_arm_then_return(Ok(2)).collect());
    assert_eq!(items, [3]);
    let items: Vec<u32> = futures::executor::block_on(stream_arm_then_return(Err(())).collect());
    assert_eq!(items, [0]);
}

// ----- (b) a value with a destructor lives to the end of its scope ---------------------------------------------------

#[generator(yield = String)]
fn last_use_in_a_yield() {
    {
        let g = D::new("y");
        yield_!(g.name().to_string());
        log("after the yield");
    }
    log("after the block");
}

#[test]
fn a_local_whose_last_use_is_a_yield_operand_is_dropped_at_its_scope_end() {
    assert_eq!(
        trace_unit(last_use_in_a_yield()),
        ["yield \"y\"", "after the yield", "drop y", "after the block", "return ()", "drop generator"]
    );
}

#[generator(yield = usize)]
fn move_closure_called_in_a_yield() {
    let d = D::new("captured");
    let f = move || d.name().len();
    yield_!(f());
    log("resumed");
}

#[test]
fn a_move_closure_called_only_in_a_yield_operand_lives_to_its_scope_end() {
    assert_eq!(
        trace_unit(move_closure_called_in_a_yield()),
        ["yield 8", "resumed", "drop captured", "return ()", "drop generator"]
    );
}

// ----- (c) an unresumed generator drops its arguments as its native twin does --------------------------------------

#[generator]
async fn three_async_args(a: D, b: D, c: D) -> usize {
    futures::future::ready(()).await;
    a.name().len() + b.name().len() + c.name().len()
}

#[generator(yield = u8)]
async fn three_stream_args(a: D, b: D, c: D) {
    yield_!(1);
    drop((a, b, c));
}

/// An unresumed `async fn` drops its arguments first to last; so does a `#[generator] async fn` (future or stream).
/// (A sync generator drops them last to first, as an unresumed native coroutine does: `drops.rs`.)
#[test]
fn an_unresumed_async_generator_drops_its_arguments_first_to_last() {
    drop(three_async_args(D::new("a"), D::new("b"), D::new("c")));
    assert_eq!(take_log(), ["drop a", "drop b", "drop c"]);
    drop(three_stream_args(D::new("a"), D::new("b"), D::new("c")));
    assert_eq!(take_log(), ["drop a", "drop b", "drop c"]);
    async fn plain(a: D, b: D, c: D) -> usize {
        a.name().len() + b.name().len() + c.name().len()
    }
    drop(plain(D::new("a"), D::new("b"), D::new("c")));
    assert_eq!(take_log(), ["drop a", "drop b", "drop c"]);
}

// ----- (e) `ref` bindings of a `match` / `if let` on a local, used across a yield -----------------------------------

#[derive(Debug)]
pub struct Pair {
    pub name: String,
    pub n: u32,
}

#[generator(yield = String)]
fn ref_bindings(pairs: Vec<Pair>) -> u32 {
    let mut total = 0;
    for p in pairs {
        match p {
            Pair { ref name, n } => {
                yield_!(name.clone());
                total += n + name.len() as u32;
            }
        }
    }
    let mut opt = Some(String::from("tail"));
    if let Some(ref mut s) = opt {
        yield_!(s.clone());
        s.push('!');
    }
    yield_!(opt.unwrap());
    total
}

#[test]
fn ref_bindings_of_a_local_live_across_yields() {
    let pairs = vec![Pair { name: "ab".into(), n: 1 }, Pair { name: "c".into(), n: 2 }];
    assert_eq!(run_unit(ref_bindings(pairs)), (vec!["ab".to_string(), "c".into(), "tail".into(), "tail!".into()], 6));
}

// ----- (d) temporary lifetime extension -------------------------------------------------------------------------------

fn make(name: &str) -> D {
    D::new(name)
}

#[generator(yield = usize)]
fn extended_temporary() {
    let r = &make("temp");
    let later = D::new("later");
    yield_!(r.name().len());
    log(format!("still {} and {}", r.name(), later.name()));
    let v = &mut vec![1usize, 2];
    yield_!(v.len());
    v.push(3);
    yield_!(v.len());
}

#[test]
fn a_borrowed_temporary_lives_to_the_end_of_its_block() {
    assert_eq!(
        trace_unit(extended_temporary()),
        ["yield 4", "still temp and later", "yield 2", "yield 3", "drop later", "drop temp", "return ()", "drop generator"]
    );
}

// ----- (g) pinning macros in a body --------------------------------------------------------------------------------

#[generator(yield = u32)]
fn sub() -> u32 {
    yield_!(1);
    yield_!(2);
    10
}

#[generator(yield = u32)]
fn pins_a_sub_generator() -> u32 {
    let mut s = std::pin::pin!(sub());
    let mut total = 0;
    while let GeneratorState::Yielded(v) = s.as_mut().resume(()) {
        total += v;
        yield_!(v * 100);
    }
    total
}

#[test]
fn std_pin_of_a_sub_generator_held_across_yields() {
    assert_eq!(run_unit(pins_a_sub_generator()), (vec![100, 200], 3));
}

#[generator(yield = u32)]
async fn pinned_streams() {
    use futures::StreamExt;
    let a = futures::stream::iter([1u32, 2]);
    tokio::pin!(a);
    while let Some(x) = a.next().await {
        yield_!(x);
    }
    let b = futures::stream::iter([3u32]);
    futures::pin_mut!(b);
    while let Some(x) = b.next().await {
        yield_!(x);
    }
    let mut c = std::pin::pin!(futures::stream::iter([4u32]));
    while let Some(x) = c.next().await {
        yield_!(x);
    }
}

#[test]
fn tokio_pin_pin_mut_and_pin_in_an_async_stream() {
    use futures::StreamExt;
    let items: Vec<u32> = futures::executor::block_on(pinned_streams().collect());
    assert_eq!(items, [1, 2, 3, 4]);
}

// ----- (l) any number of parameters ----------------------------------------------------------------------------------

#[generator(yield = u32)]
#[allow(clippy::too_many_arguments)]
fn many(a: u32, b: u32, c: u32, d: u32, e: u32, f: u32, g: u32, h: u32, i: u32, j: u32, k: u32, l: u32, m: u32, n: Vec<u32>) -> u32 {
    for x in n.iter() {
        yield_!(*x);
    }
    a + b + c + d + e + f + g + h + i + j + k + l + m
}

#[test]
fn a_generator_with_fourteen_parameters_borrowing_one_across_yields() {
    assert_eq!(run_unit(many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, vec![7, 8])), (vec![7, 8], 91));
}

// ----- (h) a yield in the place an assignment writes to ------------------------------------------------------------

#[generator(yield = usize, resume = usize)]
fn yield_in_assigned_place() -> (Vec<u32>, u32, [[u32; 2]; 2]) {
    let mut v = vec![0u32; 3];
    v[yield_!(10)] = gen_tests::side("rhs", 7);
    let mut x = 1u32;
    let r = &mut x;
    *{
        yield_!(20);
        r
    } += 5;
    let mut grid = [[0u32; 2]; 2];
    grid[yield_!(30)][yield_!(40)] += 9;
    (v, x, grid)
}

#[test]
fn a_yield_in_an_assigned_place_evaluates_the_value_then_the_place() {
    let (ys, r) = gen_tests::run(yield_in_assigned_place(), [0, 2, 0, 1, 0]);
    assert_eq!(ys, [10, 20, 30, 40]);
    assert_eq!(r, (vec![0, 0, 7], 6, [[0, 0], [9, 0]]));
    // The right side ran before the first yield (Rust evaluates it first).
    assert_eq!(take_log(), ["rhs"]);
}

// ----- (i) compound assignment: the types decide the order ---------------------------------------------------------

/// A counter with an overloaded `+=` of a primitive: `P` is not primitive, so Rust evaluates the place first.
#[derive(Debug, PartialEq, Clone, Copy)]
struct Tally(i64);

impl std::ops::AddAssign<i64> for Tally {
    fn add_assign(&mut self, n: i64) {
        self.0 += n;
    }
}

/// Each compound assignment's right side suspends and its place has an operand with a side effect (`side("i…")`).
#[generator(yield = i64, resume = i64)]
fn compound_orders() -> (Vec<String>, [i64; 2], [Tally; 2], [std::num::Wrapping<i64>; 2]) {
    let mut words = vec![String::from("a"), String::from("b")];
    let mut ints = [0i64; 2];
    let mut tallies = [Tally(0); 2];
    let mut wrapping = [std::num::Wrapping(0i64); 2];
    words[gen_tests::side("i string", 1)] += &yield_!(1).to_string();
    ints[gen_tests::side("i primitive", 0)] += yield_!(2);
    ints[gen_tests::side("i by reference", 1)] += &yield_!(3);
    tallies[gen_tests::side("i tally", 0)] += yield_!(4);
    wrapping[gen_tests::side("i wrapping", 1)] += std::num::Wrapping(yield_!(5));
    (words, ints, tallies, wrapping)
}

/// The same body as a plain function: `y(v)` logs the yield and returns the resume value.
fn compound_orders_plain(mut y: impl FnMut(i64) -> i64) -> (Vec<String>, [i64; 2], [Tally; 2], [std::num::Wrapping<i64>; 2]) {
    let mut words = vec![String::from("a"), String::from("b")];
    let mut ints = [0i64; 2];
    let mut tallies = [Tally(0); 2];
    let mut wrapping = [std::num::Wrapping(0i64); 2];
    words[gen_tests::side("i string", 1)] += &y(1).to_string();
    ints[gen_tests::side("i primitive", 0)] += y(2);
    ints[gen_tests::side("i by reference", 1)] += &y(3);
    tallies[gen_tests::side("i tally", 0)] += y(4);
    wrapping[gen_tests::side("i wrapping", 1)] += std::num::Wrapping(y(5));
    (words, ints, tallies, wrapping)
}

#[test]
fn a_compound_assignment_evaluates_the_place_first_when_its_operator_is_a_trait_call() {
    let resumes = [10, 20, 30, 40, 50];
    let mut next = resumes.iter().copied();
    let plain = compound_orders_plain(|v| {
        log(format!("yield {v}"));
        next.next().unwrap()
    });
    let want = take_log();
    let mut g = Box::pin(compound_orders());
    let mut got_log = Vec::new();
    let mut arg = 0;
    let mut resumes = resumes.iter().copied();
    let result = loop {
        match g.as_mut().resume(arg) {
            GeneratorState::Yielded(v) => {
                got_log.extend(take_log());
                got_log.push(format!("yield {v}"));
                arg = resumes.next().unwrap();
            }
            GeneratorState::Complete(r) => break r,
        }
    };
    got_log.extend(take_log());
    assert_eq!(got_log, want);
    assert_eq!(result, plain);
    // Rust's order, spelled out: the place first for `String += &str`, `i64 += &i64`, `Tally += i64` and
    // `Wrapping += Wrapping`; the right side first for `i64 += i64`.
    assert_eq!(
        want,
        [
            "i string", "yield 1", "yield 2", "i primitive", "i by reference", "yield 3", "i tally", "yield 4",
            "i wrapping", "yield 5"
        ]
    );
}

/// A place reached through a call keeps the right-side-first order: no borrow of `counts` is held across the yield,
/// so the generator stays `Unpin` and iterates directly.
#[generator(yield = u32, resume = ())]
fn count_words(words: Vec<&'static str>) {
    let mut counts = std::collections::BTreeMap::new();
    for w in words {
        *counts.entry(w).or_insert(0) += {
            yield_!(w.len() as u32);
            1
        };
    }
    yield_!(counts["a"]);
}

#[test]
fn a_compound_assignment_through_a_call_stays_unpin() {
    fn lengths<G: Generator<Yield = u32, Return = ()> + Unpin>(g: G) -> Vec<u32> {
        g.into_iter().collect()
    }
    assert_eq!(lengths(count_words(vec!["a", "bb", "a"])), [1, 2, 1, 2]);
}

// ----- (j) what a value computed from a local borrows ----------------------------------------------------------------

/// A small lexer: `c.len_utf8()` and `s.parse()` compute owned values, so neither `c` nor `s` is pinned for them and
/// the generator stays `Unpin` (it borrows only its `&str` argument).
#[generator(yield = (usize, u32))]
fn lexer(text: &str) {
    let mut at = 0;
    for c in text.chars() {
        let w = c.len_utf8();
        at += w;
        yield_!((at, 0));
    }
    for word in text.split(' ') {
        let s = word.trim();
        let n = s.parse().unwrap_or(0);
        yield_!((at, n));
        let m: u64 = s.len() as u64;
        yield_!((at, m as u32));
    }
}

#[test]
fn a_lexer_over_chars_and_parsed_words_stays_unpin() {
    fn iterate<G: Generator<Yield = (usize, u32), Return = ()> + Unpin>(g: G) -> Vec<(usize, u32)> {
        g.into_iter().collect()
    }
    assert_eq!(iterate(lexer("12 é")), [(1, 0), (2, 0), (3, 0), (5, 0), (5, 12), (5, 2), (5, 0), (5, 2)]);
}

/// A `ref` binding taken in yield-free code and kept in a local that crosses a yield borrows the scrutinee too.
#[generator(yield = usize)]
fn ref_binding_in_plain_code() -> usize {
    let pair = (String::from("abc"), 1usize);
    let name = match pair {
        (ref s, _) => s,
    };
    yield_!(name.len());
    name.len() + pair.1
}

#[test]
fn a_ref_binding_from_yield_free_code_held_across_a_yield() {
    assert_eq!(run_unit(ref_binding_in_plain_code()), (vec![3], 4));
}
