//! The `Generator` trait: the shape of std's unstable `core::ops::Coroutine`, so code can move to it later.

use core::ops::DerefMut;
use core::pin::Pin;

/// What a generator did when it was resumed: it suspended with a value, or it finished with its return value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GeneratorState<Y, R> {
    /// The generator suspended at a `yield_!(value)`.
    Yielded(Y),
    /// The generator returned; resuming it again panics.
    Complete(R),
}

/// A resumable computation: each `resume(arg)` runs it to its next suspension point or to its end.
///
/// `A` is the resume argument: what the `yield_!` the generator is suspended at evaluates to.
pub trait Generator<A = ()> {
    /// The type of the values it suspends with.
    type Yield;
    /// The type of the value it finishes with.
    type Return;

    /// Runs the generator until it yields or returns.
    ///
    /// # Panics
    /// When the generator has already returned, or when an earlier resume panicked (the generator is poisoned).
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
