//! Adapters from generators to `Iterator`.

use core::iter::FusedIterator;
use core::pin::Pin;

use crate::{Generator, GeneratorState};

/// Extension methods available on every generator.
pub trait GeneratorExt<A = ()>: Generator<A> {
    /// Turns a generator that takes `()` and returns nothing (`()`, or never: a `-> !` generator's `Infallible`)
    /// into a fused [`Iterator`] over its yields.
    ///
    /// Needs `Unpin`; a generator that borrows its own locals across a yield is not, so pin it first:
    /// `Box::pin(g).into_iter()` or `core::pin::pin!(g).into_iter()`.
    fn into_iter(self) -> Iter<Self>
    where
        Self: Sized + Unpin + Generator<(), Return: NoValue>,
    {
        Iter { generator: Some(self) }
    }

    /// Resumes an `Unpin` generator without writing `Pin::new(&mut g)`.
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
#[derive(Debug)]
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
