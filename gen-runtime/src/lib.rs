//! Generators and coroutines for stable Rust.
//!
//! Put `#[generator]` on a function and use [`yield_!`] and [`yield_from!`] in its body: the attribute rewrites the
//! function into an explicit `enum` state machine — one variant per suspension point, holding only the values live
//! there — and a dispatch loop. No nightly, no allocation, no `async` block underneath, and no type annotations:
//! rustc infers the type of everything the generator keeps. The same attribute on an `async fn` makes a future (every
//! `.await` one more state of the machine), or, with a yield type, a stream.
//!
//! ```toml
//! [dependencies]
//! gen-runtime = { git = "<this repository's URL>" }   # or: { path = "…/gen-runtime" }
//! ```
//!
//! # A generator
//!
//! ```
//! use gen_runtime::prelude::*;
//! use std::pin::pin;
//!
//! #[generator(yield = u32)]
//! fn countdown(n: u32) -> &'static str {
//!     let mut i = n;
//!     while i > 0 {
//!         yield_!(i);
//!         i -= 1;
//!     }
//!     "liftoff"
//! }
//!
//! let mut g = pin!(countdown(3));
//! let mut seen = Vec::new();
//! let ret = loop {
//!     match g.as_mut().resume(()) {
//!         GeneratorState::Yielded(v) => seen.push(v),
//!         GeneratorState::Complete(r) => break r,
//!     }
//! };
//! assert_eq!((seen, ret), (vec![3, 2, 1], "liftoff"));
//! ```
//!
//! A generator that returns `()` is also an iterator, through [`GeneratorExt::into_iter`]:
//!
//! ```
//! use gen_runtime::prelude::*;
//!
//! #[generator(yield = u64)]
//! fn fibonacci(n: usize) {
//!     let (mut a, mut b) = (0, 1);
//!     for _ in 0..n {
//!         yield_!(a);
//!         (a, b) = (b, a + b);
//!     }
//! }
//!
//! assert_eq!(fibonacci(7).into_iter().collect::<Vec<_>>(), [0, 1, 1, 2, 3, 5, 8]);
//! ```
//!
//! # An `async fn`, and an async stream
//!
//! Without a yield type, a `#[generator] async fn` is an `impl Future`; with one, an `impl Stream` (more exactly
//! `futures_core::FusedStream`) whose body may both `.await` and `yield_!`. A `?` in a stream whose items are
//! `Result`s hands the error out as the last item and ends the stream.
//!
//! ```
//! use futures::StreamExt;
//! use gen_runtime::prelude::*;
//!
//! async fn fetch(id: u32) -> Result<u32, String> {
//!     if id < 3 { Ok(id * 10) } else { Err(format!("no record {id}")) }
//! }
//!
//! #[generator]
//! async fn total(ids: Vec<u32>) -> Result<u32, String> {
//!     let mut sum = 0;
//!     for id in ids {
//!         sum += fetch(id).await?;
//!     }
//!     Ok(sum)
//! }
//!
//! #[generator(yield = Result<u32, String>)]
//! async fn records(ids: Vec<u32>) {
//!     for id in ids {
//!         let record = fetch(id).await?;   // an error is the stream's last item
//!         yield_!(Ok(record));
//!     }
//! }
//!
//! futures::executor::block_on(async {
//!     assert_eq!(total(vec![1, 2]).await, Ok(30));
//!     let items: Vec<_> = records(vec![1, 5, 2]).collect().await;
//!     assert_eq!(items, [Ok(10), Err("no record 5".to_string())]);
//! });
//! ```
//!
//! # Where to read on
//!
//! * [`generator`](macro@generator): the attribute's full reference — every argument, the three forms, the return
//!   type, `?`, pinning and `Unpin`, `Send`.
//! * [`Generator`], [`GeneratorState`], [`GeneratorExt`]: resuming a generator by hand, or as an iterator.
//! * [`StateMachine`] and [`StateGraph`]: the state a generator is suspended in, and the graph of all its states.
//! * The repository's `docs/guide.md`: a guide by task (delegation, borrows across yields, drop order, reading the
//!   expansion, known limits, coming from async-stream, genawaiter or nightly coroutines), and `BENCHMARKS.md`.
//!
//! # The first resume argument
//! `resume(arg)` on a generator that has not started yet runs the body from its first statement; there is no `yield_!`
//! for that argument to become the value of. It is dropped before the body runs, unless the attribute names a binding
//! for it: `#[generator(yield = Y, resume = A, start = first)]` makes `first: A` a local of the body, like the parameter
//! of a native coroutine closure.
//!
//! # Soundness
//! A generator may keep a borrow of its own local across a suspension point (`for w in text.split(' ') { yield_!(w.len()) }`
//! keeps an iterator over `text`). Such a local lives in a slot of the generator, which is resumed only through
//! `Pin<&mut _>` and is then `!Unpin`, so the local never moves while borrowed; rustc borrow-checks the body as written
//! (in a copy the macro emits and never calls), so no use of a local conflicts with a live borrow of it; and each use
//! takes only the borrow the code takes there (shared for `v.len()`, unique for `v.push(x)`), never a `&mut` over the
//! whole slot. The expansion's few `unsafe` calls (into `unsafe fn`s of a hidden module, each under a `SAFETY` comment
//! that `cargo expand` shows) rest on those three facts; no safe function of this crate can cause undefined behaviour.
//! The project's tests run under Miri with Stacked Borrows and Tree Borrows, and a crate with `#![forbid(unsafe_code)]`
//! can use `#[generator]`.
//!
//! # Features
//! `std` (default; implies `alloc`) and `alloc`. Without both the crate is `no_std` and allocation-free;
//! `alloc` adds what needs a `Box`: recursion through `yield_from!(Box::pin(…))`, `Box::pin(f(…)).await` in an
//! `async fn` generator, and [`StateGraph::to_mermaid`] / [`StateGraph::to_dot`]. `serde` (off by default; works
//! without `std`) adds snapshots: `#[derive(Serialize, Deserialize)]` under the attribute, `Snapshot`,
//! `HoldsNoMutBorrow`.
#![no_std]
#![warn(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod borrows;
mod generator;
mod graph;
mod iter;
mod machine;
#[cfg(feature = "serde")]
mod snapshot;

#[doc(hidden)]
pub mod __private;

/// Makes a generator of a function whose body uses [`yield_!`] and [`yield_from!`]: the attribute's reference.
///
/// ```text
/// #[generator]                                    // yield = (), resume = ()
/// #[generator(yield = Y)]                         // the type of what yield_!(v) hands out
/// #[generator(yield = Y, resume = A)]             // the type of resume's argument, what yield_!(v) evaluates to
/// #[generator(yield = Y, resume = A, start = x)]  // binds the first resume's argument to the local x
/// #[generator(yield = Y, crate = my_lib::gen_runtime)]   // where the expansion finds this crate
/// #[generator(yield = Y)] #[derive(Clone)]        // the generator is Clone: copy it suspended
/// #[generator(yield = Y)] #[derive(Serialize, Deserialize)]   // Snapshot: save it suspended (feature `serde`)
/// ```
///
/// The arguments may come in any order, each at most once. An unknown or repeated argument, or one without `= …`,
/// is a compile error that says what to write.
///
/// # Three forms
///
/// | written | the function returns |
/// |---|---|
/// | `#[generator(yield = Y, resume = A)] fn f(…) -> R` | `impl Generator<A, Yield = Y, Return = R> + StateMachine` |
/// | `#[generator] async fn f(…) -> T` | `impl Future<Output = T> + StateMachine` |
/// | `#[generator(yield = Y)] async fn f(…)` | `impl FusedStream<Item = Y> + StateMachine` (a `Stream` of futures-core) |
///
/// Calling the function runs none of its body: it stores the arguments in the start state. Each `resume` (each
/// `poll`, for the async forms) runs the body from where it stopped to the next suspension point — a `yield_!`, a
/// `yield_from!` whose generator yields, an `.await` that is pending — or to its end. The attribute goes on a free
/// function, a method or an associated function (`self`, `&self`, `&mut self`, generic parameters, `impl Trait`
/// arguments and `where` clauses all work); not on a closure, a block, a `const fn`, an `extern fn`, or a trait
/// method without a body (declare `fn f(…) -> impl Generator<Yield = T>` in the trait and put `#[generator]` on the
/// implementation).
///
/// # `yield = Y`
///
/// The type of the values handed out; absent, `()`. `yield_!(v)` takes one operand (`yield_!()` yields `()`; a
/// trailing comma is allowed, as in `dbg!`), and may stand in any expression position: a call argument, an operand,
/// an `if`/`while`/`match` condition, a guard, the right side of `&&`, a `let … else` initialiser. What is left of it
/// is evaluated first, once, as Rust would.
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = String)]
/// fn labels(n: u32) {
///     for i in 1..=n {
///         yield_!(format!("#{i}"));
///     }
/// }
///
/// assert_eq!(labels(2).into_iter().collect::<Vec<_>>(), ["#1", "#2"]);
/// ```
///
/// # `resume = A`, `start = name`
///
/// `resume = A` is the type of `resume`'s argument; absent, `()`. `yield_!(v)` evaluates to the argument of the
/// resume that continues after it: a coroutine. The first resume starts the body, where no `yield_!` receives its
/// argument; it is dropped before the body runs, unless `start = name` binds it to the local `name`.
///
/// ```
/// use gen_runtime::prelude::*;
/// use std::pin::pin;
///
/// #[generator(yield = u64, resume = u64, start = first)]
/// fn running_total() -> u64 {
///     let mut total = first;
///     loop {
///         let x = yield_!(total);
///         if x == 0 {
///             return total;
///         }
///         total += x;
///     }
/// }
///
/// let mut g = pin!(running_total());
/// assert_eq!(g.as_mut().resume(5), GeneratorState::Yielded(5));
/// assert_eq!(g.as_mut().resume(10), GeneratorState::Yielded(15));
/// assert_eq!(g.as_mut().resume(0), GeneratorState::Complete(15));
/// ```
///
/// The async forms are resumed by their executor with no value: `resume =` and `start =` are errors there.
///
/// # `crate = path`
///
/// The expansion names this crate as `::gen_runtime`. A library that re-exports it (`pub use gen_runtime;` in
/// `my_lib`) lets its users, who do not depend on gen-runtime themselves, write
/// `#[generator(yield = u32, crate = my_lib::gen_runtime)]` (or serde's spelling, `crate = "my_lib::gen_runtime"`):
/// every path of the expansion then starts there.
///
/// ```
/// // A library that re-exports gen-runtime as `my_lib::generators` (here a module, for the example).
/// mod my_lib {
///     pub mod generators {
///         pub use gen_runtime::*;
///     }
/// }
/// use my_lib::generators::prelude::*;
///
/// #[generator(yield = u8, crate = my_lib::generators)]
/// fn bytes() {
///     yield_!(1);
///     yield_!(2);
/// }
///
/// assert_eq!(bytes().into_iter().sum::<u8>(), 3);
/// ```
///
/// # `#[derive(Clone)]`
///
/// Written under the attribute, `#[derive(Clone)]` makes the returned generator `Clone` (`Clone` is part of the
/// returned type): a copy, made before the first resume or suspended anywhere, resumes on its own from the same point
/// with copies of what the original held there. Every value the generator keeps across a suspension point (its
/// parameters, the locals alive there, a sub-generator it delegates to, a future it awaits) must be `Clone`; one that
/// is not is reported on its declaration. A value that may borrow a local across a suspension point must hold no
/// borrow ([`HoldsNoBorrow`]; `for c in s.chars() { yield_!(c) }` keeps `Chars`, a borrow of `s`, and is refused on its
/// line): the copy would borrow the original's. Other derives are errors.
///
/// With the `serde` feature, `#[derive(Serialize, Deserialize)]` (both) makes it `Snapshot`: saved suspended with any
/// serde format and restored, in this process or another, into a generator of the same type (`countdown(0)
/// .restored_from(&mut deserializer)`), a fingerprint of the function's tokens refusing a snapshot of another body.
/// Every value kept across a suspension point must be serde, and one that may borrow a local must hold no `&mut`
/// (`HoldsNoMutBorrow`); see `Snapshot` and the guide's "Saving a suspended generator".
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = u32)]
/// #[derive(Clone)]
/// fn evens(limit: u32) {
///     let mut i = 0;
///     while i < limit {
///         yield_!(i);
///         i += 2;
///     }
/// }
///
/// let mut g = evens(10).into_iter();
/// assert_eq!(g.next(), Some(0));
/// let copy = g.clone();                    // suspended after its first yield
/// assert_eq!(g.collect::<Vec<_>>(), [2, 4, 6, 8]);
/// assert_eq!(copy.collect::<Vec<_>>(), [2, 4, 6, 8]);
/// ```
///
/// # The return type
///
/// The declared return type `-> R` is what the body returns — the generator's `Return`, a future's `Output` — as in
/// std's `Coroutine` trait; `return` works as in any function. A generator declared `-> !` never returns; its `Return`
/// is [`core::convert::Infallible`] (stable Rust cannot name `!` there), and it can still be an iterator. A stream
/// ends without a value: it has no return type, or `-> !` for one that never ends. Writing the generator's own type
/// (`-> impl Generator<…>`, `Iterator`, `Stream`, `Future`) on a body that returns no value is an error that says to
/// remove it.
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = u32)]
/// fn naturals() -> ! {
///     let mut n = 0;
///     loop {
///         yield_!(n);
///         n += 1;
///     }
/// }
///
/// assert_eq!(naturals().into_iter().take(3).collect::<Vec<_>>(), [0, 1, 2]);
/// ```
///
/// # `?`
///
/// In a generator or an `async fn`, `?` works as in a function returning `R`: on a `Result` (converting the error
/// with `From`) or an `Option`, it returns from the generator, which completes with the error. In a stream, which
/// has no return value, `?` follows async-stream's `try_stream!`: with `yield = Result<T, E>`, the error is handed out
/// as the last item, `Err(e.into())`, and the stream ends.
///
/// ```
/// use gen_runtime::prelude::*;
/// use std::pin::pin;
///
/// #[generator(yield = u32)]
/// fn parse_all(text: &str) -> Result<usize, std::num::ParseIntError> {
///     let mut count = 0;
///     for word in text.split(',') {
///         yield_!(word.trim().parse()?);
///         count += 1;
///     }
///     Ok(count)
/// }
///
/// let mut g = pin!(parse_all("1, x"));
/// assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(1));
/// assert!(matches!(g.as_mut().resume(()), GeneratorState::Complete(Err(_))));
/// ```
///
/// # `yield_from!`
///
/// `yield_from!(g)` runs the generator `g` to completion inside this one (Python's `yield from`): its yields pass
/// out, the resume arguments pass in, and it evaluates to `g`'s return value. `yield_from!(iterable)` yields each item
/// of an iterable (when the resume type is `()`); in a stream, `yield_from!(stream)` forwards another stream's items.
/// Recursion goes through a box: `yield_from!(Box::pin(walk(left)))`, and `Box::pin(f(n - 1)).await` in an `async fn`.
///
/// # Pinning and `Unpin`
///
/// [`Generator::resume`] takes `Pin<&mut Self>`: pin a generator before resuming it, on the stack with
/// [`core::pin::pin!`] or on the heap with `Box::pin`. A generator that keeps a borrow of one of its own locals across
/// a suspension point (`for w in text.split_whitespace() { yield_!(w.len()) }` over an owned `text`) keeps that local
/// at a fixed address, like rustc's own coroutines, and is then `!Unpin`: it must be pinned. One that pins nothing is
/// `Unpin` and can also be resumed with [`GeneratorExt::resume_unpin`] or used as an iterator directly. Borrowing
/// through a reference argument (`text: &str`, `&self`) pins nothing. rustc borrow-checks the body as written, so a
/// move or reassignment of a local while something borrows it is an error on your line, as in a plain function.
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = usize)]
/// fn word_lengths(text: String) {
///     for w in text.split_whitespace() {   // an iterator over the generator's own `text`
///         yield_!(w.len());
///     }
/// }
///
/// // `!Unpin`: pin it (here in a box) to resume it or to iterate over it.
/// let lengths: Vec<_> = Box::pin(word_lengths("a bb ccc".to_string())).into_iter().collect();
/// assert_eq!(lengths, [1, 2, 3]);
/// ```
///
/// A generator cannot yield a reference into itself (`yield = &str` slices of its own `String`): the [`Generator`]
/// trait has no lifetime to tie it to, and rustc rejects it. Yield owned values, or borrow an argument
/// (`fn words<'a>(text: &'a str)` with `yield = &'a str`).
///
/// # `Send`
///
/// The returned `impl Trait` leaks `Send` (and `Sync`, `Unpin`) from what the generator holds: it is `Send` exactly
/// when every value it keeps across a suspension point is, so a `#[generator] async fn` can be `tokio::spawn`ed
/// unless it holds, say, an `Rc` across an `.await`. The exception is a recursive `async fn` or stream: the box the
/// macro erases for `Box::pin(f(…)).await` is not `Send` (the guide shows how to write a `Send` one).
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator]
/// async fn double(x: u64) -> u64 {
///     let s = x.to_string();              // a String held across the .await: Send
///     tokio::task::yield_now().await;
///     s.parse::<u64>().unwrap() * 2
/// }
///
/// fn assert_send<T: Send>(t: T) -> T { t }
///
/// let rt = tokio::runtime::Runtime::new().unwrap();
/// let doubled = rt.block_on(async { tokio::spawn(assert_send(double(21))).await.unwrap() });
/// assert_eq!(doubled, 42);
/// ```
///
/// ```compile_fail,E0277
/// use gen_runtime::prelude::*;
/// use std::rc::Rc;
///
/// #[generator(yield = u32)]
/// fn numbers() {
///     let shared = Rc::new(1);
///     yield_!(*shared);   // an Rc kept across a yield: not Send
/// }
///
/// fn assert_send<T: Send>(_: T) {}
/// assert_send(numbers());
/// ```
///
/// # Positions that cannot suspend
///
/// The body is rewritten before rustc sees it, so a `yield_!` or `yield_from!` must be visible to the attribute:
/// one inside a closure, an `async` block, a `const` block, a nested `fn`, an `unsafe` block, an assertion's message,
/// a destructuring assignment's pattern or the arguments of an unknown macro is a compile error that says how to
/// rewrite it. So is a `yield_!` in an `async fn` without `yield =`, and a `yield_!` outside any `#[generator]`
/// function.
pub use gen_macros::generator;

/// A generator written as an expression: the block form of [`generator`](macro@generator).
///
/// `gen_block! { … }` evaluates to a generator whose body is the block. It captures what it uses like a `move`
/// closure (each name the block uses but does not declare is moved in, or copied if `Copy`), and rustc infers its
/// yield, resume and return types: the values of its `yield_!`s, what they are used as (a block whose `yield_!`s
/// are only statements is resumed with `()`), and its tail or `return` value. Everything a `#[generator]` body may
/// hold works in it: `yield_from!`, borrows of its captures held across yields (it is then `!Unpin`: pin it),
/// `self` in a method, and it has the same state graph (`StateMachine`). Its captures are dropped as a closure's
/// are: in the order they are first used, after the block's own locals.
///
/// ```
/// use gen_runtime::prelude::*;
///
/// let words = String::from("a bb ccc");
/// let scale = 10;
/// let lengths = gen_block! {
///     for w in words.split(' ') {
///         yield_!(w.len() * scale);
///     }
/// };
/// assert_eq!(Box::pin(lengths).into_iter().collect::<Vec<_>>(), [10, 20, 30]);
///
/// // The resume type is inferred from what a `yield_!` is used as; the return type from the tail.
/// let mut running = Box::pin(gen_block! {
///     let mut total = 0.0;
///     loop {
///         let x: f64 = yield_!(total);
///         total += x;
///         if total > 5.0 {
///             break total;
///         }
///     }
/// });
/// running.as_mut().resume(0.0);
/// assert_eq!(running.as_mut().resume(2.5), GeneratorState::Yielded(2.5));
/// assert_eq!(running.as_mut().resume(3.0), GeneratorState::Complete(5.5));
/// ```
///
/// A name that is only called (`f(x)`) is not captured by the block's start state: it may be a function. A
/// closure called that way is captured by the generator's resume closure instead, so it must be `Fn` or `FnMut`.
pub use gen_macros::gen_block;

/// An async stream written as an expression: the block form of a `#[generator(yield = T)] async fn`.
///
/// `stream_block! { … }` evaluates to a `Stream` (and `FusedStream`) whose body is the block: `.await` and
/// `yield_!(v)` inside, the item type inferred from the yields. It captures what it uses like an `async move` block.
/// A `?` on an error hands out `Err(e.into())` as the stream's last item, then the stream ends (async-stream's
/// `try_stream!` convention), so a fallible stream yields `Ok(…)` items.
///
/// ```
/// use futures::StreamExt;
/// use gen_runtime::prelude::*;
///
/// let base = 100;
/// let numbers = stream_block! {
///     for i in 0..3 {
///         let v = futures::future::ready(i).await;
///         yield_!(v + base);
///     }
/// };
/// assert_eq!(futures::executor::block_on(numbers.collect::<Vec<i32>>()), [100, 101, 102]);
///
/// let inputs = ["1", "x", "3"];
/// let parsed = stream_block! {
///     for t in inputs {
///         let n: i32 = t.parse()?;
///         yield_!(Ok::<i32, std::num::ParseIntError>(n));
///     }
/// };
/// let items: Vec<_> = futures::executor::block_on(parsed.collect());
/// assert_eq!(items.len(), 2); // `Ok(1)`, then the error, then the end
/// assert!(items[1].is_err());
/// ```
pub use gen_macros::stream_block;
pub use borrows::{HoldsNoBorrow, HoldsNoMutBorrow};
pub use generator::{Generator, GeneratorState};
pub use graph::{Location, StateGraph, StateInfo, StateKind, StateMachine, Transition, TransitionKind};
pub use iter::{GeneratorExt, Iter, NoValue};
#[cfg(feature = "serde")]
pub use snapshot::Snapshot;

// `yield_!` and `yield_from!` are defined twice: the definition rustdoc shows (under `cfg(doc)`) has only the arms a
// user writes; the one that is compiled also has the `@fallback` arm, which `#[generator]` leaves in a function it
// could not rewrite (after reporting why), so that each marker adds no second error. Both reject a marker outside a
// generator with the same message.

/// Suspends the generator, handing `value` to the caller of `resume`; evaluates to the next resume argument.
///
/// `yield_!()` yields `()`. Meaningful only in the body of a `#[generator]` function, which the attribute rewrites
/// (see [`generator`](macro@generator) for where it may stand); anywhere else it is a compile error.
///
/// ```
/// use gen_runtime::prelude::*;
/// use std::pin::pin;
///
/// #[generator(yield = &'static str, resume = u32)]
/// fn ask() -> u32 {
///     let a = yield_!("first?");
///     let b = yield_!("second?");
///     a + b
/// }
///
/// let mut g = pin!(ask());
/// assert_eq!(g.as_mut().resume(0), GeneratorState::Yielded("first?")); // starts the body
/// assert_eq!(g.as_mut().resume(2), GeneratorState::Yielded("second?")); // `a` is 2
/// assert_eq!(g.as_mut().resume(3), GeneratorState::Complete(5));
/// ```
///
/// Outside a generator:
///
/// ```compile_fail
/// use gen_runtime::prelude::*;
///
/// fn numbers() {
///     yield_!(1); // error: `yield_!` can only be used inside the body of a `#[generator]` function
/// }
/// ```
#[cfg(doc)]
#[macro_export]
macro_rules! yield_ {
    () => { ... };
    ($value:expr $(,)?) => { ... };
}

/// Suspends the generator (the definition that is compiled; see the documented one above).
#[cfg(not(doc))]
#[macro_export]
macro_rules! yield_ {
    // What `#[generator]` leaves in a function it could not rewrite (it reported why): no second error here.
    (@fallback $($value:tt)*) => {
        ::core::unreachable!()
    };
    ($($value:tt)*) => {
        ::core::compile_error!(
            "`yield_!` can only be used inside the body of a `#[generator]` function; \
             add `#[generator(yield = T)]` to the enclosing function"
        )
    };
}

/// Delegates to another generator until it completes, passing its yields out and the resume arguments in; evaluates
/// to its return value.
///
/// The operand is evaluated once and started at once; a generator that finishes at once causes no suspension. Its
/// first resume receives `Default::default()`. `yield_from!(iterable)` yields each item of an iterable (when the
/// resume type is `()`); in an async stream, `yield_from!(stream)` forwards another stream's items.
/// `yield_from!(Box::pin(g(…)))` of the function itself is how a generator recurses. Meaningful only in the body of a
/// `#[generator]` function; anywhere else it is a compile error.
///
/// ```
/// use gen_runtime::prelude::*;
///
/// enum Tree { Leaf(u32), Node(Box<Tree>, Box<Tree>) }
///
/// #[generator(yield = u32)]
/// fn walk(tree: &Tree) -> u32 {
///     match tree {
///         Tree::Leaf(v) => {
///             yield_!(*v);
///             1
///         }
///         Tree::Node(left, right) => {
///             let a = yield_from!(Box::pin(walk(left)));   // recursion: through a box
///             let b = yield_from!(Box::pin(walk(right)));
///             a + b
///         }
///     }
/// }
///
/// #[generator(yield = u32)]
/// fn all(tree: &Tree) {
///     let leaves = yield_from!(walk(tree));   // evaluates to walk's return value
///     yield_from!([100, leaves as u32]);      // an iterable: each item
/// }
///
/// let tree = Tree::Node(Box::new(Tree::Leaf(1)), Box::new(Tree::Node(Box::new(Tree::Leaf(2)), Box::new(Tree::Leaf(3)))));
/// assert_eq!(all(&tree).into_iter().collect::<Vec<_>>(), [1, 2, 3, 100, 3]);
/// ```
#[cfg(doc)]
#[macro_export]
macro_rules! yield_from {
    ($generator:expr $(,)?) => { ... };
}

/// Delegates to another generator (the definition that is compiled; see the documented one above).
#[cfg(not(doc))]
#[macro_export]
macro_rules! yield_from {
    (@fallback $($generator:tt)*) => {
        ::core::unreachable!()
    };
    ($($generator:tt)*) => {
        ::core::compile_error!(
            "`yield_from!` can only be used inside the body of a `#[generator]` function; \
             add `#[generator(yield = T)]` to the enclosing function"
        )
    };
}

/// Everything a generator user needs: `use gen_runtime::prelude::*;`.
///
/// The attribute [`generator`](macro@generator), the markers [`yield_!`] and [`yield_from!`], the traits
/// [`Generator`], [`GeneratorExt`] and [`StateMachine`] (whose methods it brings into scope), and [`GeneratorState`].
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = char)]
/// fn abc() {
///     yield_from!("abc".chars());
/// }
///
/// let g = abc();
/// assert_eq!(g.current_state().name, "Start");   // StateMachine
/// assert_eq!(g.into_iter().collect::<String>(), "abc");   // GeneratorExt
/// ```
pub mod prelude {
    pub use crate::{Generator, GeneratorExt, GeneratorState, StateMachine, gen_block, generator, stream_block, yield_, yield_from};
}

// The README's and the guide's Rust examples, compiled and run by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

#[cfg(doctest)]
#[doc = include_str!("../../docs/guide.md")]
struct GuideDoctests;
