//! Generators and coroutines for stable Rust.
//!
//! `#[generator]` rewrites a function whose body uses [`yield_!`] and [`yield_from!`] into an explicit `enum` state
//! machine: one variant per suspension point, a dispatch loop, and the values held across each suspension stored in
//! that variant. Read the expansion with `cargo expand`; every state is named after the source (`Yield0`, `Yield1`, …).
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
#![no_std]
#![warn(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod generator;
mod graph;
mod iter;
mod machine;

#[doc(hidden)]
pub mod __private;

pub use gen_macros::generator;
pub use generator::{Generator, GeneratorState};
pub use graph::{Location, StateGraph, StateInfo, StateKind, StateMachine, Transition, TransitionKind};
pub use iter::{GeneratorExt, Iter, NoValue};

/// Suspends the generator, handing `value` to the caller of `resume`; evaluates to the next resume argument.
///
/// Only meaningful inside a `#[generator]` body, which the attribute rewrites; anywhere else it is a compile error.
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
/// Only meaningful inside a `#[generator]` body, which the attribute rewrites; anywhere else it is a compile error.
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
pub mod prelude {
    pub use crate::{Generator, GeneratorExt, GeneratorState, StateMachine, generator, yield_, yield_from};
}
