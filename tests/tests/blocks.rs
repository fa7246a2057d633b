//! Generator blocks: `gen_block! { … }` (a generator) and `stream_block! { … }` (an async stream) capture what they
//! use like `move` closures and `async move` blocks, with their yield, resume and return types inferred.

use futures::StreamExt;
use futures::executor::block_on;
use gen_runtime::prelude::*;
use gen_tests::*;
use std::pin::pin;

#[test]
fn a_block_captures_by_move_and_borrows_its_capture_across_yields() {
    let v = vec![1, 2, 3];
    let k = 10;
    // `v` is moved into the block and iterated by reference across the yields; `k` is copied.
    let g = gen_block! {
        for x in v.iter() {
            yield_!(x * k);
        }
        v.len()
    };
    assert_eq!(k, 10, "a `Copy` capture stays usable, as with a `move` closure");
    assert_eq!(run_unit(g), (vec![10, 20, 30], 3));
}

#[test]
fn the_resume_type_is_inferred_from_the_body() {
    let limit = 5.0;
    let g = gen_block! {
        let mut total = 0.0;
        loop {
            let x: f64 = yield_!(total);
            total += x;
            if total > limit {
                return total;
            }
        }
    };
    assert_eq!(run(g, [0.0, 2.5, 3.0]), (vec![0.0, 2.5], 5.5));
}

#[test]
fn a_block_is_an_iterator_like_any_generator() {
    let words = String::from("a bb ccc");
    let lens: Vec<usize> = Box::pin(gen_block! {
        for w in words.split(' ') {
            yield_!(w.len());
        }
    })
    .into_iter()
    .collect();
    assert_eq!(lens, [1, 2, 3]);
}

struct Counter {
    n: u32,
}

impl Counter {
    /// `self` is captured (here a `&Counter`): the block borrows from it.
    fn evens(&self) -> impl Generator<(), Yield = u32, Return = ()> + '_ {
        gen_block! {
            for i in 0..self.n {
                if i % 2 == 0 {
                    yield_!(i);
                }
            }
        }
    }
}

#[test]
fn a_block_in_a_method_captures_self() {
    let c = Counter { n: 7 };
    assert_eq!(Box::pin(c.evens()).into_iter().collect::<Vec<_>>(), [0, 2, 4, 6]);
}

#[generator(yield = u32)]
fn upto(n: u32) -> u32 {
    for i in 0..n {
        yield_!(i);
    }
    n
}

#[test]
fn a_block_delegates_and_uses_closures_format_strings_and_shadowing() {
    let prefix = String::from("p");
    let step = 2;
    let double = |x: u32| x * 2; // only called: captured by the machine's own closure
    let n = 3;
    let g = gen_block! {
        let n = n + 1; // the capture `n`, then a local that shadows it
        let got = yield_from!(upto(n));
        let add = |x: u32| x + step; // a closure inside the block captures `step`
        yield_!(double(add(got)));
        format!("{prefix}-{got}")
    };
    assert_eq!(run_unit(g), (vec![0, 1, 2, 3, 12], "p-4".to_string()));
}

#[test]
fn captures_are_dropped_like_a_closures_after_the_bodys_locals() {
    // Dropped unresumed: in capture order (first use), as an unresumed native coroutine drops its upvars.
    let (a, b, c) = (D::new("a"), D::new("b"), D::new("c"));
    let g = gen_block! {
        let _ = b.name();
        yield_!(1);
        let _ = (a.name(), c.name());
        2
    };
    drop(g);
    assert_eq!(take_log(), ["drop b", "drop a", "drop c"]);

    // Dropped suspended: the body's locals latest first, then the captures in capture order (also native's order).
    let (a, b) = (D::new("a"), D::new("b"));
    let mut g = Box::pin(gen_block! {
        let _ = b.name();
        let x = D::new("x");
        let y = D::new("y");
        yield_!(1);
        let _ = (a.name(), x.name(), y.name());
        2
    });
    let _ = g.as_mut().resume(());
    drop(g);
    assert_eq!(take_log(), ["drop y", "drop x", "drop b", "drop a"]);
}

#[test]
fn a_block_reports_its_state() {
    let n = 2;
    let mut g = Box::pin(gen_block! {
        for i in 0..n {
            yield_!(i);
        }
    });
    assert_eq!(g.current_state().name, "Start");
    let _ = g.as_mut().resume(());
    assert_eq!(g.current_state().name, "Yield0");
    assert_eq!(g.state_graph().name, "gen_block");
}

#[test]
fn a_stream_block_awaits_and_yields_with_its_item_type_inferred() {
    let base = 100;
    let s = stream_block! {
        for i in 0..3 {
            let v = futures::future::ready(i).await;
            yield_!(v + base);
        }
    };
    assert_eq!(block_on(s.collect::<Vec<i32>>()), [100, 101, 102]);
}

#[test]
fn a_stream_block_borrows_its_capture_across_awaits() {
    let text = String::from("x yy zzz");
    let s = stream_block! {
        for w in text.split(' ') {
            tokio::task::yield_now().await;
            yield_!(w.len());
        }
    };
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    assert_eq!(rt.block_on(s.collect::<Vec<usize>>()), [1, 2, 3]);
}

#[test]
fn a_question_mark_in_a_stream_block_hands_out_the_error_and_ends_it() {
    let inputs = ["1", "x", "3"];
    let s = stream_block! {
        for t in inputs {
            let n: i32 = t.parse()?;
            yield_!(Ok::<i32, std::num::ParseIntError>(n));
        }
    };
    let items: Vec<Result<i32, std::num::ParseIntError>> = block_on(s.collect());
    assert_eq!(items.len(), 2);
    assert_eq!(items[0], Ok(1));
    assert!(items[1].is_err());
}

#[test]
fn a_stream_block_is_fused() {
    use futures::stream::FusedStream;
    let mut s = pin!(stream_block! {
        yield_!(1u8);
    });
    assert_eq!(block_on(s.next()), Some(1));
    assert_eq!(block_on(s.next()), None);
    assert!(s.is_terminated());
    assert_eq!(block_on(s.next()), None);
}

#[test]
fn blocks_nest_in_blocks_and_in_generator_functions() {
    // A block inside a block: its yields are its own; what it captures from outside both is captured by both.
    let k = 100;
    let outer = gen_block! {
        for i in 1..=2 {
            let inner = gen_block! {
                yield_!(i);
                yield_!(i * k);
            };
            for v in Box::pin(inner).into_iter() {
                yield_!(v + 1);
            }
        }
    };
    let got: Vec<i32> = Box::pin(outer).into_iter().collect();
    let mut want = Vec::new();
    for i in 1..=2 {
        for v in [i, i * k] {
            want.push(v + 1);
        }
    }
    assert_eq!(got, want);

    let s = stream_block! {
        let inner = stream_block! {
            for i in 0..3 {
                yield_!(i + k);
            }
        };
        let mut inner = pin!(inner);
        while let Some(v) = inner.next().await {
            yield_!(v * 2);
        }
    };
    assert_eq!(block_on(s.collect::<Vec<_>>()), [200, 202, 204]);
    assert_eq!(Box::pin(nested_in_a_function(3)).into_iter().collect::<Vec<_>>(), [0, 10, 1, 11, 2, 12]);
}

#[generator(yield = u32)]
fn nested_in_a_function(n: u32) {
    let v: Vec<u32> = (0..n).collect();
    for x in v.iter() {
        let pair = gen_block! {
            yield_!(*x);
            yield_!(*x + 10);
        };
        yield_from!(pair);
    }
}

#[test]
fn a_block_that_never_yields_yields_unit() {
    // As async-stream's `stream! {}`: an item type rustc can infer, so the consumer needs no annotation.
    let mut ran = false;
    {
        let r = &mut ran;
        let s = stream_block! {
            *r = true;
        };
        let mut s = pin!(s);
        block_on(async {
            assert!(s.next().await.is_none(), "a block without yield_! has no items");
        });
    }
    assert!(ran);
    let g = gen_block! { 7 };
    assert_eq!(run_unit(g), (Vec::<()>::new(), 7));
}

#[test]
fn a_block_that_never_completes_returns_unit() {
    // Nothing names the return type of an endless block: it is `()`, so the block is an iterator.
    let g = gen_block! {
        let mut i = 0u32;
        loop {
            yield_!(i);
            i += 1;
        }
    };
    let got: Vec<u32> = Box::pin(g).into_iter().take(4).collect();
    assert_eq!(got, [0, 1, 2, 3]);
}

#[test]
fn a_stream_block_that_awaits_before_its_first_yield_needs_no_consumer_to_infer_its_types() {
    // The item type is known from the resume closure's signature, wherever the body first needs it.
    let s = stream_block! {
        async {}.await;
        yield_!(());
    };
    drop(s);
}

#[test]
fn a_question_mark_in_a_stream_block_that_holds_a_borrow_across_an_await() {
    fn parse_all(v: Vec<&'static str>) -> impl futures::Stream<Item = Result<u32, String>> {
        stream_block! {
            for s in v.iter() {
                async {}.await;
                let n: u32 = s.parse().map_err(|e: std::num::ParseIntError| e.to_string())?;
                yield_!(Ok(n));
            }
        }
    }
    let got = block_on(parse_all(vec!["1", "2", "x", "4"]).collect::<Vec<_>>());
    let want: Vec<Result<u32, String>> =
        vec![Ok(1), Ok(2), Err("x".parse::<u32>().map_err(|e| e.to_string()).unwrap_err())];
    assert_eq!(got, want);
}

#[test]
fn a_discarded_tail_value_is_the_blocks_not_an_unused_result() {
    // `yield_!(n).clone()` is the `if` block's `()` value: no `unused_must_use` (CI denies warnings).
    #[allow(clippy::clone_on_copy)] // as in plain Rust: `().clone()`
    #[generator(yield = u8)]
    fn odds() {
        for n in (1..).step_by(2).take_while(|&n| n < 10) {
            if n > 0 {
                yield_!(n).clone()
            }
        }
    }
    assert_eq!(Box::pin(odds()).into_iter().collect::<Vec<_>>(), [1, 3, 5, 7, 9]);
}

/// A stream block returned from a function and holding a borrow of a capture of generic type across a suspension:
/// the borrow is in the block's type, which the function's result can name only through one of its lifetimes (here
/// `'a`); without one, rustc asks for `S: 'static` (E0310).
fn doubled<'a, S: futures::Stream<Item = u32> + 'a>(input: S) -> impl futures::Stream<Item = u32> + 'a {
    stream_block! {
        let mut input = pin!(input);
        while let Some(v) = input.next().await {
            yield_!(v * 2);
        }
    }
}

#[test]
fn a_stream_block_over_a_generic_stream_borrowed_across_awaits() {
    let got = block_on(doubled(futures::stream::iter([1, 2, 3])).collect::<Vec<_>>());
    assert_eq!(got, [2, 4, 6]);
}
