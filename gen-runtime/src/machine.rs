//! The value a `#[generator]` function returns: its state enum and the resume closure that drives it.

use core::pin::Pin;

use crate::{Generator, GeneratorState};

/// A generator built by `#[generator]`: `state` is the macro's state enum, `resume` its dispatch loop.
///
/// The resume closure is a closure (not a method) so that rustc infers the types of every value stored in the state:
/// the initial state is built first and the closure is type-checked after it, inside the user's function.
pub struct Machine<S, F> {
    state: S,
    resume: F,
}

/// Builds the generator. Called only by code that `#[generator]` emits.
#[inline]
pub fn machine<S, F, A, Y, R>(state: S, resume: F) -> Machine<S, F>
where
    F: FnMut(&mut S, A) -> GeneratorState<Y, R>,
{
    Machine { state, resume }
}

// Neither field is structurally pinned: the closure receives `&mut S` and may move the state's values in and out.
impl<S, F> Unpin for Machine<S, F> {}

impl<S, F, A, Y, R> Generator<A> for Machine<S, F>
where
    F: FnMut(&mut S, A) -> GeneratorState<Y, R>,
{
    type Yield = Y;
    type Return = R;

    #[inline]
    fn resume(self: Pin<&mut Self>, arg: A) -> GeneratorState<Y, R> {
        let this = Pin::get_mut(self);
        (this.resume)(&mut this.state, arg)
    }
}

impl<S, F> core::fmt::Debug for Machine<S, F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Generator").finish_non_exhaustive()
    }
}
