//! Migration suite (issue 20): genawaiter's documented examples and tests, ported to `gen_block!` / `#[generator]`.
//!
//! Source: <https://github.com/whatisaphone/genawaiter> at 45c10c2 — README.md, the crate docs (`src/lib.rs`), the
//! module docs and unit tests of `src/{rc,sync,stack}/` (`mod.rs`, `iterator.rs`, `stream.rs`, `nightly_tests.rs`,
//! `sync/boxed.rs`, `stack/macros.rs`), `tests/{rc,sync,stack,ui}.rs`, and `examples/`.
//!
//! genawaiter has three flavours (`rc`, `sync`, `stack`) whose docs and unit tests are the same examples with
//! another import; gen has one, so each such example is ported once, and its comment names every copy it stands for.
//! The integration tests (`tests/*.rs`) have a name per flavour and are ported one by one, in modules `rc`, `sync`,
//! `stack`. Each keeps its inputs and genawaiter's expected outputs. The rewriting is mechanical:
//!
//! * `gen!({ … })`, `let_gen!(g, { … })`, `Gen::new(|co| async move { … })`, `producer!({ … })` → `gen_block! { … }`
//!   (pinned with `pin!` where it is resumed by hand; a producer, which makes a generator later, is a closure that
//!   returns the block);
//! * a named producer `async fn p(co: Co<Y, R>) -> C` or `#[producer_fn(Y)] async fn p()` →
//!   `#[generator(yield = Y, resume = R)] fn p() -> C`, and `Gen::new(p)` / `let_gen_using!(g, p)` → `pin!(p())`;
//! * `co.yield_(x).await` → `yield_!(x)` (its value is the resume argument, as there);
//! * `g.resume()` → `g.as_mut().resume(())`, `g.resume_with(x)` → `g.as_mut().resume(x)`; genawaiter's first resume
//!   argument is lost, and so is gen's (the block is started by it);
//! * an async generator (one that awaits) → `stream_block! { … }`; `block_on_stream(g)` →
//!   `block_on_stream(Box::pin(s))`, `g.async_resume().await` → `s.next().await` (`Yielded(v)` ↔ `Some(v)`,
//!   `Complete(())` ↔ `None`);
//! * a variable named `gen` (a reserved keyword in edition 2024) → `r#gen`;
//! * a `println!` of an example's output is also recorded, and the recorded lines are asserted.
//!
//! Not ported, each with its reason where it stands: the tests of `Co` misuse (not awaiting `co.yield_`, letting
//! `co` escape, awaiting a foreign future in a sync generator: there is no `co` in gen, and the last is a compile
//! error, ported as `tests/ui/migration-genawaiter-await-in-gen-block.rs`), and the `Shelf` / `unsafe` API of
//! `stack` (gen's generators are pinned with `pin!`, nothing is unsafe).

use futures::StreamExt;
use futures::executor::{block_on, block_on_stream};
use gen_runtime::prelude::*;
use gen_tests::{log, take_log};
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll};

/// genawaiter's `sync::GenBoxed<Y, R, C>`: a generator behind a `Send` trait object, whose type can be named.
type GenBoxed<Y, R = (), C = ()> = Pin<Box<dyn Generator<R, Yield = Y, Return = C> + Send>>;

/// genawaiter's `testing::SlowFuture`: `Pending` nine times (waking itself), then `Ready`.
struct SlowFuture {
    countdown: i32,
}

impl SlowFuture {
    fn new() -> Self {
        Self { countdown: 10 }
    }
}

impl Future for SlowFuture {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        this.countdown -= 1;
        if this.countdown == 0 {
            Poll::Ready(())
        } else {
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

// ------------------------------------------------------------------------------------------------------------------
// README.md (and examples/basic, the same program)
// ------------------------------------------------------------------------------------------------------------------

/// The README's `gen!` example, and `examples/basic/src/main.rs`.
#[test]
fn readme_odd_numbers_less_than_ten() {
    let mut printed = Vec::new();

    let odd_numbers_less_than_ten = gen_block! {
        let mut n = 1;
        while n < 10 {
            yield_!(n); // Suspend a function at any point with a value.
            n += 2;
        }
    };

    // Generators can be used as ordinary iterators.
    for num in odd_numbers_less_than_ten.into_iter() {
        println!("{}", num);
        printed.push(num.to_string());
    }

    assert_eq!(printed, ["1", "3", "5", "7", "9"]);
}

/// The README's "same generator, this time without macros" (`Gen::new(|co| async move { … })`).
#[test]
fn readme_without_macros() {
    let odd_numbers_less_than_ten = gen_block! {
        let mut n = 1;
        while n < 10 {
            yield_!(n);
            n += 2;
        }
    };
    assert_eq!(odd_numbers_less_than_ten.into_iter().collect::<Vec<_>>(), [1, 3, 5, 7, 9]);
}

// ------------------------------------------------------------------------------------------------------------------
// src/lib.rs (crate docs), and the doc examples of `sync_producer!` / `rc_producer!`
// ------------------------------------------------------------------------------------------------------------------

/// "Creating a generator": `gen!`.
#[test]
fn docs_creating_a_generator() {
    let count_to_ten = gen_block! {
        for n in 0..10 {
            yield_!(n);
        }
    };

    let result: Vec<_> = count_to_ten.into_iter().collect();
    assert_eq!(result, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

/// "Creating a generator": a producer (`producer!`) made once, turned into a generator by `Gen::new`.
#[test]
fn docs_creating_a_generator_from_a_producer() {
    let count_producer = || {
        gen_block! {
            for n in 0..10 {
                yield_!(n);
            }
        }
    };

    let count_to_ten = count_producer();

    let result: Vec<_> = count_to_ten.into_iter().collect();
    assert_eq!(result, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

/// "Creating a generator": the low-level API, `Gen::new(|mut co| async move { … co.yield_(n).await … })`.
#[test]
fn docs_creating_a_generator_low_level() {
    let count_to_ten = gen_block! {
        for n in 0..10 {
            yield_!(n);
        }
    };

    let result: Vec<_> = count_to_ten.into_iter().collect();
    assert_eq!(result, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

/// "Yield", first way: `resume()`.
#[test]
fn docs_yield_with_resume() {
    let mut generator = pin!(gen_block! {
        yield_!(10);
    });
    let ten = generator.as_mut().resume(());
    assert_eq!(ten, GeneratorState::Yielded(10));
}

/// "Yield", second way: as an iterator.
#[test]
fn docs_yield_as_an_iterator() {
    let generator = gen_block! {
        yield_!(10);
    };
    let xs: Vec<_> = generator.into_iter().collect();
    assert_eq!(xs, [10]);
}

/// "Resume": `printer` prints each resume argument. The first (`"hello"`) starts it and is lost, in genawaiter as in
/// gen; the lines it prints are recorded.
#[test]
fn docs_resume() {
    let mut printer = pin!(gen_block! {
        loop {
            let string = yield_!(());
            println!("{}", string);
            log(string);
        }
    });
    printer.as_mut().resume("hello");
    printer.as_mut().resume("world");
    assert_eq!(take_log(), ["world"]);
}

/// "Completion".
#[test]
fn docs_completion() {
    let mut generator = pin!(gen_block! {
        yield_!(10);
        "done"
    });
    assert_eq!(generator.as_mut().resume(()), GeneratorState::Yielded(10));
    assert_eq!(generator.as_mut().resume(()), GeneratorState::Complete("done"));
}

/// "Async generators": a generator that awaits is a stream.
#[test]
fn docs_async_generators() {
    async fn async_one() -> i32 {
        1
    }
    async fn async_two() -> i32 {
        2
    }

    let r#gen = stream_block! {
        let one = async_one().await;
        yield_!(one);
        let two = async_two().await;
        yield_!(two);
    };
    let stream = block_on_stream(Box::pin(r#gen));
    let items: Vec<_> = stream.collect();
    assert_eq!(items, [1, 2]);
}

/// "Async generators": `async_resume` (only compiled by genawaiter; run here).
#[test]
#[allow(clippy::single_match)]
fn docs_async_resume() {
    block_on(async {
        let r#gen = stream_block! {
            yield_!(10);
        };
        let mut r#gen = pin!(r#gen);

        match r#gen.next().await {
            Some(_) => {}
            None => {}
        }
    });
}

/// The doc examples of `sync_producer!` and `rc_producer!` (the same code).
#[test]
fn docs_sync_producer_and_rc_producer() {
    let my_producer = || {
        gen_block! {
            yield_!(10);
        }
    };

    let mut my_generator = pin!(my_producer());
    assert_eq!(my_generator.as_mut().resume(()), GeneratorState::Yielded(10));
}

// ------------------------------------------------------------------------------------------------------------------
// src/{rc,sync,stack}/mod.rs module docs: the same examples in each flavour (`gen!` / `let_gen!`)
// ------------------------------------------------------------------------------------------------------------------

mod module_docs {
    use super::*;

    /// The opening example of each module (`gen!` / `let_gen!` with one `yield_!(10)`).
    #[test]
    fn basic_generator() {
        let mut my_generator = pin!(gen_block! {
            yield_!(10);
        });
        assert_eq!(my_generator.as_mut().resume(()), GeneratorState::Yielded(10));
    }

    /// `rc` and `sync`: a producer (`rc_producer!` / `sync_producer!`) instantiated by `Gen::new`.
    #[test]
    fn producer_then_gen_new() {
        let my_producer = || {
            gen_block! {
                yield_!(10);
            }
        };
        let mut my_generator = pin!(my_producer());
        assert_eq!(my_generator.as_mut().resume(()), GeneratorState::Yielded(10));
    }

    #[generator(yield = u8)]
    fn my_producer() {
        yield_!(10);
    }

    /// The low-level API: `async fn my_producer(mut co: Co<u8>)` and `Gen::new(my_producer)` (`stack`: through a
    /// `Shelf` and `unsafe`).
    #[test]
    fn low_level_producer_fn() {
        let mut my_generator = pin!(my_producer());
        assert_eq!(my_generator.as_mut().resume(()), GeneratorState::Yielded(10));
    }

    /// "Using `Iterator`".
    #[test]
    fn using_iterator() {
        let mut test = Vec::new();

        let odds_under_ten = gen_block! {
            let mut n = 1;
            while n < 10 {
                yield_!(n);
                n += 2;
            }
        };

        for num in odds_under_ten.into_iter() {
            println!("{}", num);
            test.push(num);
        }
        assert_eq!(test, [1, 3, 5, 7, 9]);
    }

    /// "Collecting into a `Vec`".
    #[test]
    fn collecting_into_a_vec() {
        let odds_under_ten = gen_block! {
            for n in (1..).step_by(2).take_while(|&n| n < 10) {
                yield_!(n);
            }
        };

        let xs: Vec<_> = odds_under_ten.into_iter().collect();
        assert_eq!(xs, [1, 3, 5, 7, 9]);
    }

    /// "A generator is a closure": it captures from outer scopes.
    #[test]
    fn a_generator_is_a_closure() {
        let two = 2;
        let mut multiply = pin!(gen_block! {
            yield_!(10 * two);
        });
        assert_eq!(multiply.as_mut().resume(()), GeneratorState::Yielded(20));
    }

    /// "Using `resume()`".
    #[test]
    fn using_resume() {
        let mut odds_under_ten = pin!(gen_block! {
            for n in (1..).step_by(2).take_while(|&n| n < 10) {
                yield_!(n);
            }
        });

        assert_eq!(odds_under_ten.as_mut().resume(()), GeneratorState::Yielded(1));
        assert_eq!(odds_under_ten.as_mut().resume(()), GeneratorState::Yielded(3));
        assert_eq!(odds_under_ten.as_mut().resume(()), GeneratorState::Yielded(5));
        assert_eq!(odds_under_ten.as_mut().resume(()), GeneratorState::Yielded(7));
        assert_eq!(odds_under_ten.as_mut().resume(()), GeneratorState::Yielded(9));
        assert_eq!(odds_under_ten.as_mut().resume(()), GeneratorState::Complete(()));
    }

    /// "Passing resume arguments": the first one is lost.
    #[test]
    fn passing_resume_arguments() {
        let mut check_numbers = pin!(gen_block! {
            let num = yield_!(());
            assert_eq!(num, 1);

            let num = yield_!(());
            assert_eq!(num, 2);
        });

        check_numbers.as_mut().resume(0);
        check_numbers.as_mut().resume(1);
        check_numbers.as_mut().resume(2);
    }

    /// "Returning a completion value".
    #[test]
    fn returning_a_completion_value() {
        let mut numbers_then_string = pin!(gen_block! {
            yield_!(10);
            yield_!(20);
            "done!"
        });

        assert_eq!(numbers_then_string.as_mut().resume(()), GeneratorState::Yielded(10));
        assert_eq!(numbers_then_string.as_mut().resume(()), GeneratorState::Yielded(20));
        assert_eq!(numbers_then_string.as_mut().resume(()), GeneratorState::Complete("done!"));
    }

    #[generator(yield = u8)]
    fn produce() {
        yield_!(10);
    }

    /// "Defining a reusable producer function" (`#[producer_fn(u8)] async fn produce()`).
    #[test]
    fn defining_a_reusable_producer_function() {
        let mut r#gen = pin!(produce());
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Yielded(10));
    }

    /// `rc` and `sync`: "Defining a reusable producer closure".
    #[test]
    fn defining_a_reusable_producer_closure() {
        let produce = || {
            gen_block! {
                yield_!(10);
            }
        };

        let mut r#gen = pin!(produce());
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Yielded(10));
    }

    #[generator(yield = i32)]
    fn producer() {
        let mut n = 1;
        while n < 10 {
            yield_!(n);
            n += 2;
        }
    }

    /// "Using the low-level API" (`async fn producer(mut co: Co<i32>)`).
    #[test]
    fn using_the_low_level_api() {
        let odds_under_ten = producer();
        let result: Vec<_> = odds_under_ten.into_iter().collect();
        assert_eq!(result, [1, 3, 5, 7, 9]);
    }

    /// "Using the low-level API with an async closure (nightly Rust only)" (an `ignore` example there) and "… with an
    /// async faux·sure (for stable Rust)" (`Gen::new(|mut co| async move { … })`): the same generator.
    #[test]
    fn using_the_low_level_api_with_an_async_closure() {
        let mut r#gen = pin!(gen_block! {
            yield_!(10);
            yield_!(20);
        });
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Yielded(10));
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Yielded(20));
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Complete(()));
    }

    #[generator(yield = i32)]
    fn multiples_of(num: i32) -> ! {
        let mut cur = num;
        loop {
            yield_!(cur);
            cur += num;
        }
    }

    /// "Using the low-level API with function arguments" (`Gen::new(|co| multiples_of(10, co))`).
    #[test]
    fn using_the_low_level_api_with_function_arguments() {
        let mut r#gen = pin!(multiples_of(10));
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Yielded(10));
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Yielded(20));
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Yielded(30));
    }

    /// `sync` only: "Storing a generator in a `static`" (with `once_cell::sync::Lazy` there, `std`'s `LazyLock`
    /// here; genawaiter only compiles it, the port resumes it twice).
    #[test]
    fn storing_a_generator_in_a_static() {
        use std::sync::{LazyLock, Mutex};

        static INEFFICIENT_COUNTER: LazyLock<Mutex<GenBoxed<i32>>> = LazyLock::new(|| {
            Mutex::new(Box::pin(gen_block! {
                let mut n = 0;
                loop {
                    n += 1;
                    yield_!(n);
                }
            }))
        });

        let mut counter = INEFFICIENT_COUNTER.lock().unwrap();
        assert_eq!(counter.as_mut().resume(()), GeneratorState::Yielded(1));
        assert_eq!(counter.as_mut().resume(()), GeneratorState::Yielded(2));
    }
}

// `sync/boxed.rs`'s doc example is `compile_fail`: `Gen::new(|co| Box::pin(producer(co)))` does not infer as a
// `GenBoxed`, which is why genawaiter has `Gen::new_boxed`. Not ported: it is about genawaiter's inference of its
// producer closure; gen has no such constructor (`Box::pin(g)` coerces to the boxed type directly, as in
// `storing_a_generator_in_a_static` and `can_be_stored_in_static`).
//
// The `ignore` pseudo-code of `stack::let_gen!` / `let_gen_using!`, and `stack::Gen::new`'s doc example (a `Shelf`
// and `unsafe`, only compiled) have no gen counterpart to port.

// ------------------------------------------------------------------------------------------------------------------
// Unit tests of src/{rc,sync,stack}/mod.rs (`mod tests`), iterator.rs, stream.rs, nightly_tests.rs, sync/boxed.rs
// ------------------------------------------------------------------------------------------------------------------

mod unit_tests {
    use super::*;
    use std::cell::{Cell, RefCell};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};

    #[generator(yield = i32)]
    fn simple_producer() -> &'static str {
        yield_!(10);
        "done"
    }

    /// `rc::tests::function`, `sync::tests::function`, `stack::tests::function`.
    #[test]
    fn function() {
        let mut r#gen = pin!(simple_producer());
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Yielded(10));
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Complete("done"));
    }

    /// `{rc,sync,stack}::tests::simple_closure`: a producer with an argument, `Gen::new(|co| gen(5, co))`.
    #[test]
    fn simple_closure() {
        #[generator(yield = i32)]
        fn r#gen(i: i32) -> &'static str {
            yield_!(i * 2);
            "done"
        }

        let mut r#gen = pin!(r#gen(5));
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Yielded(10));
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Complete("done"));
    }

    /// `{rc,sync,stack}::tests::resume_args`.
    #[test]
    fn resume_args() {
        #[generator(yield = i32, resume = &'static str)]
        fn r#gen(resumes: &RefCell<Vec<&str>>) {
            let resume_arg = yield_!(10);
            resumes.borrow_mut().push(resume_arg);
            let resume_arg = yield_!(20);
            resumes.borrow_mut().push(resume_arg);
        }

        let resumes = RefCell::new(Vec::new());
        let mut r#gen = pin!(r#gen(&resumes));
        assert_eq!(*resumes.borrow(), &[] as &[&str]);

        assert_eq!(r#gen.as_mut().resume("ignored"), GeneratorState::Yielded(10));
        assert_eq!(*resumes.borrow(), &[] as &[&str]);

        assert_eq!(r#gen.as_mut().resume("abc"), GeneratorState::Yielded(20));
        assert_eq!(*resumes.borrow(), &["abc"]);

        assert_eq!(r#gen.as_mut().resume("def"), GeneratorState::Complete(()));
        assert_eq!(*resumes.borrow(), &["abc", "def"]);
    }

    // `{rc,sync,stack}::tests::forbidden_await_helpful_message` (`#[should_panic(expected = "non-async method")]`):
    // awaiting a future other than `co.yield_` inside a sync generator panics at run time there. In gen an `.await`
    // in a sync generator is a compile error: ported as tests/ui/migration-genawaiter-await-in-gen-block.rs.
    //
    // `{rc,sync,stack}::tests::multiple_yield_helpful_message` (calling `co.yield_` twice without awaiting, a
    // run-time panic) and `escaped_co_helpful_message` (returning `co` out of the generator, a run-time panic): not
    // ported, there is no `co` in gen (a `yield_!` is a suspension point, it cannot be left unawaited or escape).
    // `stack::macros::tests::unsafety` (ignored there, compile-only: shows `stack::Gen::new` is unsafe by letting
    // `co` escape) likewise.

    /// `rc::tests::gen_is_movable`, `sync::tests::gen_is_movable`: a generator that borrows its own local across
    /// yields is resumed, then moved out of the function that resumed it; the local must not move. A gen generator
    /// that is resumed is pinned, so it moves as a `Pin<Box<…>>` (genawaiter's `Gen` holds its future in a box too).
    #[test]
    fn gen_is_movable() {
        #[inline(never)]
        #[generator(yield = i32)]
        fn produce(addrs: &mut Vec<*const i32>) -> &'static str {
            let sentinel: Cell<i32> = Cell::new(0x8001);
            // If the future state moved, this reference would become invalid, and
            // hilarity would ensue.
            let sentinel_ref: &Cell<i32> = &sentinel;

            // Test a few times that `sentinel` and `sentinel_ref` point to the same
            // data.

            assert_eq!(sentinel.get(), 0x8001);
            sentinel_ref.set(0x8002);
            assert_eq!(sentinel.get(), 0x8002);
            addrs.push(sentinel.as_ptr());

            yield_!(10);

            assert_eq!(sentinel.get(), 0x8002);
            sentinel_ref.set(0x8003);
            assert_eq!(sentinel.get(), 0x8003);
            addrs.push(sentinel.as_ptr());

            yield_!(20);

            assert_eq!(sentinel.get(), 0x8003);
            sentinel_ref.set(0x8004);
            assert_eq!(sentinel.get(), 0x8004);
            addrs.push(sentinel.as_ptr());

            "done"
        }

        /// Create a generator, resume it once (so `sentinel_ref` gets
        /// initialized), and then move it out of the function.
        fn create_generator(
            addrs: &mut Vec<*const i32>,
        ) -> Pin<Box<impl Generator<(), Yield = i32, Return = &'static str> + '_>> {
            let mut r#gen = Box::pin(produce(addrs));
            assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Yielded(10));
            r#gen
        }

        let mut addrs = Vec::new();
        let mut r#gen = create_generator(&mut addrs);

        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Yielded(20));
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Complete("done"));
        drop(r#gen);

        assert!(addrs.iter().all(|&p| p == addrs[0]));
    }

    /// `sync::tests::async_resume`: a generator that awaits, resumed with `async_resume`.
    #[test]
    fn async_resume() {
        #[generator(yield = i32)]
        async fn produce() {
            SlowFuture::new().await;
            yield_!(10);
            SlowFuture::new().await;
            yield_!(20);
        }

        async fn run_test() {
            let mut r#gen = pin!(produce());

            let x = r#gen.next().await;
            assert_eq!(x, Some(10));

            let x = r#gen.next().await;
            assert_eq!(x, Some(20));

            let x = r#gen.next().await;
            assert_eq!(x, None);
        }

        block_on(run_test());
    }

    /// `stack::tests::test_gen_drop`: dropping a suspended generator drops its live locals. As with `let_gen_using!`,
    /// the name is a reference to the pinned generator, so dropping it has no effect; the generator is dropped at the
    /// end of the block.
    #[test]
    fn test_gen_drop() {
        struct SetFlagOnDrop(Arc<AtomicBool>);

        impl Drop for SetFlagOnDrop {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }

        let flag = Arc::new(AtomicBool::new(false));
        {
            let capture_the_flag = flag.clone();
            let mut r#gen = pin!(gen_block! {
                let _set_on_drop = SetFlagOnDrop(capture_the_flag);
                yield_!(10);
                // We will never make it this far.
                unreachable!();
            });
            assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Yielded(10));
            // `gen` is only a reference to the generator, and dropping a reference has
            // no effect. The underlying generator is hidden behind `pin!` and so
            // cannot be dropped early.
            #[allow(dropping_references, clippy::drop_non_drop)]
            drop(r#gen);
            assert!(!flag.load(Ordering::SeqCst));
        }
        // After the block above ends, the generator goes out of scope and is dropped,
        // which drops its suspended state, which drops `_set_on_drop`, which sets the
        // flag.
        assert!(flag.load(Ordering::SeqCst));
    }

    #[generator(yield = i32)]
    fn produce() {
        yield_!(10);
        yield_!(20);
    }

    /// `{rc,sync}::iterator::tests::into_iter`, `stack::iterator::tests::let_gen_using_into_iter` and
    /// `shelf_generator_into_iter`.
    #[test]
    fn into_iter() {
        let r#gen = produce();
        let items: Vec<_> = r#gen.into_iter().collect();
        assert_eq!(items, [10, 20]);
    }

    /// `{rc,sync}::iterator::tests::for_loop`, `stack::iterator::tests::let_gen_using_for_loop` and
    /// `shelf_generator_for_loop`.
    #[test]
    fn for_loop() {
        let mut sum = 0;
        for x in produce().into_iter() {
            sum += x;
        }
        assert_eq!(sum, 30);
    }

    /// `{rc,sync,stack}::stream::tests::blocking`: a generator that does not await, as a stream (`stream::iter`).
    #[test]
    fn blocking() {
        let r#gen = produce();
        let stream = futures::stream::iter(r#gen.into_iter());
        let items: Vec<_> = block_on_stream(stream).collect();
        assert_eq!(items, [10, 20]);
    }

    /// `{rc,sync,stack}::stream::tests::non_blocking`: a generator that awaits, as a stream.
    #[test]
    fn non_blocking() {
        #[generator(yield = i32)]
        async fn produce() {
            SlowFuture::new().await;
            yield_!(10);
            SlowFuture::new().await;
            yield_!(20);
        }

        let r#gen = produce();
        let items: Vec<_> = block_on_stream(Box::pin(r#gen)).collect();
        assert_eq!(items, [10, 20]);
    }

    /// `{rc,sync,stack}::nightly_tests::async_closure` (`Gen::new(async move |mut co| { … })`, nightly there).
    #[test]
    fn async_closure() {
        let mut r#gen = pin!(gen_block! {
            yield_!(10);
            "done"
        });
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Yielded(10));
        assert_eq!(r#gen.as_mut().resume(()), GeneratorState::Complete("done"));
    }

    #[generator(yield = i32)]
    fn odd_numbers_less_than_ten() {
        for n in (1..).step_by(2).take_while(|&n| n < 10) {
            yield_!(n);
        }
    }

    /// `sync::boxed::tests::can_be_stored_in_static`: `Gen::new_boxed` → `Box::pin`, as a `GenBoxed`.
    #[test]
    fn can_be_stored_in_static() {
        let r#gen: GenBoxed<i32> = Box::pin(odd_numbers_less_than_ten());

        // `T` must be `Send` for `Mutex<T>` to be `Send + Sync`.
        let _: &dyn Send = &r#gen;

        let arc = Arc::new(Mutex::new(r#gen));

        // A type must be `Sync` to be stored in a `static`. (In this particular case,
        // this is the case for `Arc<Mutex<T>>` if `Gen<...>` is `Send`.
        let _: &dyn Sync = &arc;

        let mut guard = arc.lock().unwrap();
        assert_eq!(guard.as_mut().resume(()), GeneratorState::Yielded(1));
        assert_eq!(guard.as_mut().resume(()), GeneratorState::Yielded(3));
    }
}

// ------------------------------------------------------------------------------------------------------------------
// tests/rc.rs, tests/sync.rs, tests/stack.rs (integration tests; `test_basic` and `test_stream` share one producer)
// ------------------------------------------------------------------------------------------------------------------

#[generator(yield = i32)]
fn odd_numbers_less_than_ten() {
    for n in (1..).step_by(2).take_while(|&n| n < 10) {
        yield_!(n);
    }
}

mod rc {
    use super::*;

    #[test]
    fn test_basic() {
        let r#gen = odd_numbers_less_than_ten();
        let xs: Vec<_> = r#gen.into_iter().collect();
        assert_eq!(xs, [1, 3, 5, 7, 9]);
    }

    /// genawaiter's `Gen` is a `Stream` when it does not await; a gen generator that does not await is an
    /// iterator, made a stream by `stream::iter`.
    #[test]
    fn test_stream() {
        let r#gen = odd_numbers_less_than_ten();
        let xs: Vec<_> = block_on_stream(futures::stream::iter(r#gen.into_iter())).collect();
        assert_eq!(xs, [1, 3, 5, 7, 9]);
    }

    #[test]
    fn rc_proc_macro_fn() {
        #[generator(yield = u8)]
        fn odds() {
            for n in (1_u8..).step_by(2).take_while(|&n| n < 10) {
                yield_!(n);
            }
        }
        let r#gen = odds();
        let res = r#gen.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    #[test]
    fn rc_yield_a_func_method_call() {
        fn pass_thru(n: u8) -> u8 {
            n
        }
        #[allow(clippy::clone_on_copy)] // `().clone()`: clippy's lint in either crate
        #[generator(yield = u8)]
        fn odds() {
            for n in (1..).step_by(2).take_while(|&n| n < 10) {
                if true {
                    yield_!(pass_thru(n)).clone()
                }
            }
        }
        let r#gen = odds();
        let res = r#gen.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    #[test]
    fn rc_proc_macro_closure() {
        let r#gen = gen_block! {
            let mut n = 1_u8;
            while n < 10 {
                yield_!(n);
                n += 2;
            }
        };
        let res = r#gen.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    #[test]
    fn rc_proc_macro_closure_yield2() {
        let r#gen = gen_block! {
            let mut n = 1_u8;
            while n < 10 {
                yield_!(n);
                n += 2;
                yield_!(n - 1);
            }
        };
        let res = r#gen.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10], res)
    }

    #[test]
    fn rc_convenience_macro() {
        let g = gen_block! {
            let mut n = 1;
            while n < 10 {
                yield_!(n);
                n += 2;
            }
        };
        let res = g.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    #[test]
    fn rc_convenience_macro_resume() {
        let mut r#gen = pin!(gen_block! {
            let resume_arg = yield_!(10_u8);
            assert_eq!(resume_arg, "abc");
            let resume_arg = yield_!(20_u8);
            assert_eq!(resume_arg, "def");
        });

        assert_eq!(r#gen.as_mut().resume("ignored"), GeneratorState::Yielded(10));
        assert_eq!(r#gen.as_mut().resume("abc"), GeneratorState::Yielded(20));
        assert_eq!(r#gen.as_mut().resume("def"), GeneratorState::Complete(()));
    }
}

mod sync {
    use super::*;

    #[test]
    fn test_basic() {
        let r#gen = odd_numbers_less_than_ten();
        let xs: Vec<_> = r#gen.into_iter().collect();
        assert_eq!(xs, [1, 3, 5, 7, 9]);
    }

    /// `Gen::new_boxed` → `Box::pin`.
    #[test]
    fn test_boxed() {
        let r#gen: GenBoxed<i32> = Box::pin(odd_numbers_less_than_ten());
        let xs: Vec<_> = r#gen.into_iter().collect();
        assert_eq!(xs, [1, 3, 5, 7, 9]);
    }

    /// As `rc::test_stream`.
    #[test]
    fn test_stream() {
        let r#gen = odd_numbers_less_than_ten();
        let xs: Vec<_> = block_on_stream(futures::stream::iter(r#gen.into_iter())).collect();
        assert_eq!(xs, [1, 3, 5, 7, 9]);
    }

    #[test]
    fn sync_proc_macro_fn() {
        #[generator(yield = u8)]
        fn odds() {
            for n in (1_u8..).step_by(2).take_while(|&n| n < 10) {
                yield_!(n);
            }
        }
        let r#gen = odds();
        let res = r#gen.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    #[test]
    fn sync_proc_macro_closure() {
        let r#gen = gen_block! {
            let mut n = 1_u8;
            while n < 10 {
                yield_!(n);
                n += 2;
            }
        };
        let res = r#gen.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    #[allow(clippy::let_unit_value)]
    #[test]
    fn sync_proc_macro_fn_method_call() {
        #[generator(yield = u8)]
        fn odds() {
            for n in (1_u8..).step_by(2).take_while(|&n| n < 10) {
                #[allow(clippy::clone_on_copy)]
                let _ = yield_!(n).clone();
            }
        }
        let r#gen = odds();
        let res = r#gen.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    #[test]
    fn sync_convenience_macro() {
        let g = gen_block! {
            let mut n = 1;
            while n < 10 {
                yield_!(n);
                n += 2;
            }
        };
        let res = g.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    #[test]
    fn sync_convenience_macro_resume() {
        let mut r#gen = pin!(gen_block! {
            let resume_arg = yield_!(10_u8);
            assert_eq!(resume_arg, "abc");
            let resume_arg = yield_!(20_u8);
            assert_eq!(resume_arg, "def");
        });

        assert_eq!(r#gen.as_mut().resume("ignored"), GeneratorState::Yielded(10));
        assert_eq!(r#gen.as_mut().resume("abc"), GeneratorState::Yielded(20));
        assert_eq!(r#gen.as_mut().resume("def"), GeneratorState::Complete(()));
    }
}

mod stack {
    use super::*;

    /// `let_gen_using!(gen, producer)` → `let gen = pin!(producer())`.
    #[test]
    fn test_basic() {
        let r#gen = pin!(odd_numbers_less_than_ten());

        let xs: Vec<_> = r#gen.into_iter().collect();
        assert_eq!(xs, [1, 3, 5, 7, 9]);
    }

    /// `Shelf::new()` and `unsafe { Gen::new(&mut shelf, producer) }`: the same, pinned with `pin!`.
    #[test]
    fn test_shelf() {
        let r#gen = pin!(odd_numbers_less_than_ten());

        let xs: Vec<_> = r#gen.into_iter().collect();
        assert_eq!(xs, [1, 3, 5, 7, 9]);
    }

    /// As `rc::test_stream`.
    #[test]
    fn test_stream() {
        let r#gen = pin!(odd_numbers_less_than_ten());
        let xs: Vec<_> = block_on_stream(futures::stream::iter(r#gen.into_iter())).collect();
        assert_eq!(xs, [1, 3, 5, 7, 9]);
    }

    #[test]
    fn stack_proc_macro_fn() {
        #[generator(yield = u8)]
        fn odds() {
            for n in (1..).step_by(2).take_while(|&n| n < 10) {
                let _x = yield_!(n);
            }
        }
        let r#gen = pin!(odds());
        let res = r#gen.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    #[test]
    fn stack_yield_a_func_call() {
        fn pass_thru(n: u8) -> u8 {
            n
        }
        #[generator(yield = u8)]
        fn odds() {
            for n in (1..).step_by(2).take_while(|&n| n < 10) {
                if true {
                    yield_!(pass_thru(n))
                }
            }
        }
        let r#gen = pin!(odds());
        let res = r#gen.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    #[test]
    fn stack_yield_loop_break() {
        #[generator(yield = u8)]
        fn odds() {
            let mut n = 0_u8;
            loop {
                if n == 9 {
                    break;
                }
                loop {
                    n += 1;
                    if n % 2 != 0 {
                        break yield_!(n);
                    }
                }
            }
        }
        let r#gen = pin!(odds());
        let res = r#gen.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    #[test]
    fn stack_yield_match() {
        #[generator(yield = u8)]
        fn odds() {
            for n in (1_u8..).step_by(2).take_while(|&n| n < 10) {
                match Some(n) {
                    Some(n) if n % 2 != 0 => yield_!(n),
                    _ => {}
                }
            }
        }
        let r#gen = pin!(odds());
        let res = r#gen.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    /// `Gen::new(&mut shelf, |mut co| async move { … })` (`unsafe`) → `pin!(gen_block! { … })`.
    #[test]
    fn stack_yield_closure_no_macro() {
        let r#gen = pin!(gen_block! {
            let mut n = 1;
            while n < 10 {
                yield_!(n);
                n += 2;
            }
        });

        let res = r#gen.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    /// `Gen::new(&mut shelf, stack_producer!({ … }))` (`unsafe`) → `pin!(gen_block! { … })`.
    #[test]
    fn stack_yield_closure() {
        let r#gen = pin!(gen_block! {
            let mut n = 1_u8;
            while n < 10 {
                yield_!(n);
                n += 2;
            }
        });
        let res = r#gen.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    #[test]
    fn stack_convenience_macro() {
        let generator = pin!(gen_block! {
            let mut n = 1;
            while n < 10 {
                yield_!(n);
                n += 2;
            }
        });
        let res = generator.into_iter().collect::<Vec<_>>();
        assert_eq!(vec![1, 3, 5, 7, 9], res)
    }

    #[test]
    fn stack_convenience_macro_resume() {
        let mut r#gen = pin!(gen_block! {
            let resume_arg = yield_!(10_u8);
            assert_eq!(resume_arg, "abc");
            let resume_arg = yield_!(20_u8);
            assert_eq!(resume_arg, "def");
        });

        assert_eq!(r#gen.as_mut().resume("ignored"), GeneratorState::Yielded(10));
        assert_eq!(r#gen.as_mut().resume("abc"), GeneratorState::Yielded(20));
        assert_eq!(r#gen.as_mut().resume("def"), GeneratorState::Complete(()));
    }
}

// tests/ui.rs (trybuild, stable only) and its five cases are not ported: `{rc,sync,stack}_fail_not_awaiting_yield`
// (calling `co.yield_` twice without awaiting: E0499 there; E0726 for `stack`'s elided `Co` lifetime) and
// `stack_fail_when_co_is_static` (a `Co<'static, _>`: E0597) are about the `co` handle, which gen does not have;
// `fail_producer_with_argument` (`#[producer_fn]` on a function with arguments) is a limit gen does not have:
// `#[generator]` functions take arguments.

// ------------------------------------------------------------------------------------------------------------------
// examples/ (basic is the README example above)
// ------------------------------------------------------------------------------------------------------------------

/// examples/error_propagation.rs: a generator yields `Result`s, the consumer stops at the first error with `?`.
#[test]
fn example_error_propagation() {
    use std::error::Error;

    fn main(printed: &mut Vec<String>) -> Result<(), Box<dyn Error>> {
        // Create a generator which yields values of type `Result<String, _>`
        let counter = gen_block! {
            for num in 0..10 {
                // Perform some fallible operation, and yield the result (or the error)
                // (genawaiter's example names the unused resume value `string`; `_string` here, for `-D warnings`)
                let _string = yield_!(process(num));
            }
        };

        for result in counter.into_iter() {
            // Check each item for errors, and bail early if we hit one
            let result = result?;
            println!("{}", result);
            printed.push(result);
        }
        Ok(())
    }

    fn process(num: u8) -> Result<String, Box<dyn Error>> {
        // Pretend this function has a failure condition
        if num > 5 {
            return Err(<_>::from("enhance your small"));
        }

        // If there's no error, do some work and return a value
        Ok(format!(":{}:", num))
    }

    let mut printed = Vec::new();
    let err = main(&mut printed).unwrap_err();
    assert_eq!(printed, [":0:", ":1:", ":2:", ":3:", ":4:", ":5:"]);
    assert_eq!(err.to_string(), "enhance your small");
}

/// examples/linked_list.rs: `List::iter` is a generator over the list, borrowing it.
#[test]
fn example_linked_list() {
    #[derive(Debug)]
    pub struct List<T> {
        head: Link<T>,
    }

    type Link<T> = Option<Box<Node<T>>>;

    #[derive(Debug)]
    struct Node<T> {
        val: T,
        next: Link<T>,
    }

    impl<T> List<T> {
        fn new() -> Self {
            Self { head: None }
        }

        fn push(&mut self, val: T) {
            let new_head = Box::new(Node {
                val,
                next: self.head.take(),
            });
            self.head = Some(new_head);
        }

        fn iter(&self) -> impl Iterator<Item = &T> {
            let mut current = &self.head;
            // `Box::pin`: the block keeps `next` in a pinned slot (the macro sees `&next.val` held across the yield
            // and cannot tell `next` is itself a reference), so it is `!Unpin`, and `into_iter` needs `Unpin` (the
            // guide's "Known limits", which locals are pinned). genawaiter's `rc::Gen` is boxed already.
            Box::pin(gen_block! {
                while let Some(next) = current {
                    yield_!(&next.val);
                    current = &next.next;
                }
            })
            .into_iter()
        }
    }

    let mut list = List::new();

    list.push(10);
    list.push(11);
    list.push(12);
    list.push(13);

    let mut printed = Vec::new();
    for x in list.iter() {
        println!("{:?}", x);
        printed.push(format!("{:?}", x));
    }
    assert_eq!(printed, ["13", "12", "11", "10"]);
}

/// examples/recursion.rs: a recursive generator through a box (`GenBoxed`, `Gen::new_boxed` there).
#[test]
fn example_recursion() {
    fn countdown(start: i32) -> GenBoxed<i32> {
        Box::pin(gen_block! {
            if start == 0 {
                return;
            }

            yield_!(start);

            for n in countdown(start - 1).into_iter() {
                yield_!(n);
            }
        })
    }

    let mut printed = Vec::new();
    for n in countdown(10).into_iter() {
        println!("{}", n);
        printed.push(n);
    }
    assert_eq!(printed, [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
}
