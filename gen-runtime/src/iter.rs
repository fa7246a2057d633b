//! Adapters from generators to `Iterator`.

use core::iter::FusedIterator;
use core::pin::Pin;

use crate::{Generator, GeneratorState};

/// Extension methods available on every generator (in the prelude).
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = u32)]
/// fn evens(limit: u32) {
///     let mut n = 0;
///     while n < limit {
///         yield_!(n);
///         n += 2;
///     }
/// }
///
/// assert_eq!(evens(7).into_iter().map(|n| n * 10).collect::<Vec<_>>(), [0, 20, 40, 60]);
/// ```
pub trait GeneratorExt<A = ()>: Generator<A> {
    /// Turns a generator that takes `()` and returns nothing (`()`, or never: a `-> !` generator's `Infallible`)
    /// into a fused [`Iterator`] over its yields.
    ///
    /// Needs `Unpin`; a generator that borrows its own locals across a yield is not, so pin it first:
    /// `Box::pin(g).into_iter()` or `core::pin::pin!(g).into_iter()`. A generator that returns a value cannot be
    /// turned into an iterator (the value would be lost): resume it by hand.
    ///
    /// ```
    /// use gen_runtime::prelude::*;
    ///
    /// #[generator(yield = String)]
    /// fn words(text: String) {
    ///     for w in text.split(' ') {     // borrows its own `text` across the yield: `!Unpin`
    ///         yield_!(w.to_uppercase());
    ///     }
    /// }
    ///
    /// let g = std::pin::pin!(words("to be".into()));
    /// let mut it = g.into_iter();
    /// assert_eq!(it.next().as_deref(), Some("TO"));
    /// assert_eq!(it.next().as_deref(), Some("BE"));
    /// assert_eq!(it.next(), None);
    /// assert_eq!(it.next(), None); // fused
    /// ```
    fn into_iter(self) -> Iter<Self>
    where
        Self: Sized + Unpin + Generator<(), Return: NoValue>,
    {
        Iter { generator: Some(self) }
    }

    /// Resumes an `Unpin` generator without writing `Pin::new(&mut g)`.
    ///
    /// ```
    /// use gen_runtime::prelude::*;
    ///
    /// #[generator(yield = u8, resume = u8)]
    /// fn echo() {
    ///     let mut x = yield_!(0);
    ///     loop {
    ///         x = yield_!(x);
    ///     }
    /// }
    ///
    /// let mut g = echo();   // holds no borrow of its own locals: Unpin, no pinning needed
    /// g.resume_unpin(0);
    /// assert_eq!(g.resume_unpin(9), GeneratorState::Yielded(9));
    /// ```
    #[track_caller]
    fn resume_unpin(&mut self, arg: A) -> GeneratorState<Self::Yield, Self::Return>
    where
        Self: Unpin,
    {
        Pin::new(self).resume(arg)
    }
}

impl<G: Generator<A> + ?Sized, A> GeneratorExt<A> for G {}

/// A generator's `Return` that carries nothing, so an [`Iter`] loses nothing by ending with `None`: `()`, and
/// `Infallible` (a generator declared `-> !`, which never returns). Sealed.
///
/// ```compile_fail,E0277
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = u32)]
/// fn counted() -> usize {
///     yield_!(1);
///     1
/// }
///
/// // error: `into_iter` needs a generator that returns nothing, but this one returns `usize`
/// let _ = counted().into_iter();
/// ```
#[diagnostic::on_unimplemented(
    message = "`into_iter` needs a generator that returns nothing, but this one returns `{Self}`",
    label = "the iterator would lose the generator's `{Self}` return value",
    note = "resume it by hand to read the return value (`while let GeneratorState::Yielded(v) = g.as_mut().resume(())`, then the `Complete` value), or make it return `()`"
)]
pub trait NoValue: sealed::Sealed {}

impl NoValue for () {}
impl NoValue for core::convert::Infallible {}

mod sealed {
    pub trait Sealed {}
    impl Sealed for () {}
    impl Sealed for core::convert::Infallible {}
}

/// A fused [`Iterator`] over the yields of a generator; see [`GeneratorExt::into_iter`].
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = char)]
/// fn vowels() {
///     yield_from!("aeiou".chars());
/// }
///
/// let it: gen_runtime::Iter<_> = vowels().into_iter();
/// assert_eq!(it.filter(|c| *c != 'e').collect::<String>(), "aiou");
/// ```
/// `Clone` when the generator is (`#[derive(Clone)]` under `#[generator]`): a copy continues from the same point.
#[derive(Debug, Clone)]
pub struct Iter<G> {
    /// `None` once the generator has returned, so it is never resumed after completion.
    generator: Option<G>,
}

impl<G: Generator<(), Return: NoValue> + Unpin> Iterator for Iter<G> {
    type Item = G::Yield;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let generator = self.generator.as_mut()?;
        match Pin::new(generator).resume(()) {
            GeneratorState::Yielded(value) => Some(value),
            GeneratorState::Complete(_) => {
                self.generator = None;
                None
            }
        }
    }
}

impl<G: Generator<(), Return: NoValue> + Unpin> FusedIterator for Iter<G> {}
