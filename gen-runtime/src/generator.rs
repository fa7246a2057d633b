//! The `Generator` trait: the shape of std's unstable `core::ops::Coroutine`, so code can move to it later.

use core::ops::DerefMut;
use core::pin::Pin;

/// What a generator did when it was resumed: it suspended with a value, or it finished with its return value.
///
/// ```
/// use gen_runtime::prelude::*;
/// use std::pin::pin;
///
/// #[generator(yield = u32)]
/// fn one() -> &'static str {
///     yield_!(1);
///     "done"
/// }
///
/// let mut g = pin!(one());
/// assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(1));
/// assert_eq!(g.as_mut().resume(()), GeneratorState::Complete("done"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GeneratorState<Y, R> {
    /// The generator suspended at a `yield_!(value)`.
    Yielded(Y),
    /// The generator returned; resuming it again panics.
    Complete(R),
}

/// A resumable computation: each `resume(arg)` runs it to its next suspension point or to its end.
///
/// `A` is the resume argument: what the `yield_!` the generator is suspended at evaluates to. The trait has the shape
/// of std's unstable `core::ops::Coroutine`, so code written against it can move to native coroutines later.
/// `#[generator]` implements it for you; `&mut G` (for `G: Unpin`) and any pinned pointer to a generator
/// (`Pin<&mut G>`, `Pin<Box<G>>`, `Pin<Box<dyn Generator<…>>>`) are generators too.
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = u32, resume = u32)]
/// fn doubler() {
///     let mut x = yield_!(0);
///     loop {
///         x = yield_!(x * 2);
///     }
/// }
///
/// // Generic over any generator with these types.
/// fn feed<G: Generator<u32, Yield = u32>>(mut g: std::pin::Pin<&mut G>, inputs: &[u32]) -> Vec<u32> {
///     let mut out = Vec::new();
///     for &x in inputs {
///         match g.as_mut().resume(x) {
///             GeneratorState::Yielded(y) => out.push(y),
///             GeneratorState::Complete(_) => break,
///         }
///     }
///     out
/// }
///
/// // The first resume starts the body; its argument is dropped (see `start =` on `#[generator]`).
/// assert_eq!(feed(std::pin::pin!(doubler()), &[0, 1, 5]), [0, 2, 10]);
///
/// // A boxed trait object is a generator too.
/// let boxed: std::pin::Pin<Box<dyn Generator<u32, Yield = u32, Return = ()>>> = Box::pin(doubler());
/// let out = feed(std::pin::pin!(boxed), &[0, 7]);
/// assert_eq!(out, [0, 14]);
/// ```
pub trait Generator<A = ()> {
    /// The type of the values it suspends with.
    type Yield;
    /// The type of the value it finishes with.
    type Return;

    /// Runs the generator until it yields or returns.
    ///
    /// # Panics
    /// When the generator has already returned ("generator resumed after completion"), or when an earlier resume
    /// panicked ("generator resumed after panicking": the generator is poisoned), as rustc's coroutines do.
    ///
    /// ```should_panic
    /// use gen_runtime::prelude::*;
    ///
    /// #[generator]
    /// fn empty() {}
    ///
    /// let mut g = empty();
    /// assert_eq!(g.resume_unpin(()), GeneratorState::Complete(()));
    /// g.resume_unpin(()); // panics: generator resumed after completion
    /// ```
    fn resume(self: Pin<&mut Self>, arg: A) -> GeneratorState<Self::Yield, Self::Return>;
}

impl<G: ?Sized + Generator<A> + Unpin, A> Generator<A> for &mut G {
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(mut self: Pin<&mut Self>, arg: A) -> GeneratorState<Self::Yield, Self::Return> {
        G::resume(Pin::new(&mut **self), arg)
    }
}

/// Any pinned pointer to a generator is a generator: `Pin<&mut G>`, `Pin<Box<G>>`, `Pin<Box<dyn Generator>>`.
impl<P, A> Generator<A> for Pin<P>
where
    P: DerefMut<Target: Generator<A>> + Unpin,
{
    type Yield = <P::Target as Generator<A>>::Yield;
    type Return = <P::Target as Generator<A>>::Return;

    fn resume(self: Pin<&mut Self>, arg: A) -> GeneratorState<Self::Yield, Self::Return> {
        // `P: Unpin` (a `&mut` or a `Box`): moving the pointer never moves the pointee.
        Pin::get_mut(self).as_mut().resume(arg)
    }
}
