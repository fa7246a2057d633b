//! Items the expansion of `#[generator]` names by absolute path (`::gen_runtime::__private::…`). Not public API.

pub use crate::machine::{Cx, DropInOrder, Machine, PinnedSlot, Slots, SubSlot, machine, stream_machine};
pub use futures_core::{FusedStream, Stream};
pub use crate::graph::{Location, StateGraph, StateIndex, StateInfo, StateKind, Transition, TransitionKind};

/// The version of the expansion this runtime understands. Every expansion names it first, so that a gen-macros
/// writing another version's expansion fails on that one line ("cannot find value `EXPANSION_V1`"), not deep
/// inside the expansion.
pub const EXPANSION_V1: () = ();

// The expansion's state graph, one short call per state and per transition.

macro_rules! plain_states {
    ($($(#[$doc:meta])* $f:ident => $kind:ident,)*) => {$(
        $(#[$doc])*
        pub const fn $f(index: usize) -> StateInfo {
            StateInfo { name: stringify!($kind), index, kind: StateKind::$kind, location: None, source: "" }
        }
    )*};
}
plain_states! {
    /// The start state.
    start => Start,
    /// The state after the body returned.
    returned => Returned,
    /// The state after a resume panicked.
    poisoned => Poisoned,
}

macro_rules! suspension_states {
    ($($(#[$doc:meta])* $f:ident => $kind:ident,)*) => {$(
        $(#[$doc])*
        pub const fn $f(name: &'static str, index: usize, source: &'static str, file: &'static str, line: u32, column: u32) -> StateInfo {
            StateInfo { name, index, kind: StateKind::$kind, location: Some(Location { file, line, column }), source }
        }
    )*};
}
suspension_states! {
    /// A `yield_!` state.
    at_yield => Yield,
    /// An `.await` state.
    at_await => Await,
    /// A `yield_from!` state.
    at_delegate => Delegate,
}

macro_rules! steps {
    ($($(#[$doc:meta])* $f:ident => $kind:ident,)*) => {$(
        $(#[$doc])*
        pub const fn $f(from: usize, to: usize) -> Transition {
            Transition { from, to, kind: TransitionKind::$kind }
        }
    )*};
}
steps! {
    /// A resume that ends at a `yield_!`.
    yields => Yield,
    /// A resume that ends at a pending `.await`.
    awaits => Await,
    /// A resume that ends in a `yield_from!`.
    delegates => Delegate,
    /// A resume that returns.
    returns => Return,
    /// A resume that panics.
    panics => Panic,
}
pub use crate::{Generator, GeneratorState};
pub use core::ops::ControlFlow;

/// Resuming a generator that already returned.
#[cold]
#[track_caller]
pub fn resumed_after_completion() -> ! {
    panic!("generator resumed after completion")
}

/// Resuming a generator whose earlier resume panicked.
#[cold]
#[track_caller]
pub fn resumed_after_panicking() -> ! {
    panic!("generator resumed after panicking")
}

/// The stable stand-in for std's unstable `Try`: what `expr?` splits `expr` into.
#[diagnostic::on_unimplemented(
    message = "the `?` operator can only be applied to values that implement `Try`",
    label = "the `?` operator cannot be applied to type `{Self}`",
    note = "in a generator, `?` works on `Result` and `Option`"
)]
pub trait Try {
    /// The value of `expr?` when it does not return early.
    type Output;
    /// What is carried to the return value when it does.
    type Residual;
    /// Splits the value, as `?` does.
    fn branch(self) -> ControlFlow<Self::Residual, Self::Output>;
}

/// The stable stand-in for std's unstable `FromResidual`: how `?` rebuilds the early return value.
#[diagnostic::on_unimplemented(
    message = "`?` couldn't convert the error to `{Self}`",
    label = "the error cannot be converted to the generator's return type `{Self}`",
    note = "`?` on a `Result` converts its error with `From`; on an `Option` it needs the generator to return an `Option`"
)]
pub trait FromResidual<R> {
    /// Builds the return value from what `?` carried out.
    fn from_residual(residual: R) -> Self;
}

impl<T, E> Try for Result<T, E> {
    type Output = T;
    type Residual = Result<core::convert::Infallible, E>;

    #[inline]
    fn branch(self) -> ControlFlow<Self::Residual, T> {
        match self {
            Ok(value) => ControlFlow::Continue(value),
            Err(error) => ControlFlow::Break(Err(error)),
        }
    }
}

impl<T, E, F: From<E>> FromResidual<Result<core::convert::Infallible, E>> for Result<T, F> {
    #[inline]
    #[track_caller]
    fn from_residual(residual: Result<core::convert::Infallible, E>) -> Self {
        match residual {
            Err(error) => Err(From::from(error)),
        }
    }
}

impl<T> Try for Option<T> {
    type Output = T;
    type Residual = Option<core::convert::Infallible>;

    #[inline]
    fn branch(self) -> ControlFlow<Self::Residual, T> {
        match self {
            Some(value) => ControlFlow::Continue(value),
            None => ControlFlow::Break(None),
        }
    }
}

impl<T> FromResidual<Option<core::convert::Infallible>> for Option<T> {
    #[inline]
    fn from_residual(_: Option<core::convert::Infallible>) -> Self {
        None
    }
}

/// What `yield_from!(e)` delegates to: `e` itself when it is a generator, an adapter when it is an iterable.
///
/// Chosen by autoref: `(&&Delegate::new(e)).into_sub()` finds [`ViaGenerator`] first (implemented for `&&Delegate`)
/// and falls back to [`ViaIterator`] (implemented for `&Delegate`) when `e` is not a generator.
pub struct Delegate<T>(core::cell::Cell<Option<T>>);

impl<T> Delegate<T> {
    #[inline]
    pub fn new(value: T) -> Self {
        Delegate(core::cell::Cell::new(Some(value)))
    }

    #[inline]
    fn take(&self) -> T {
        match self.0.take() {
            Some(value) => value,
            None => unreachable!("a delegate is taken once"),
        }
    }
}

/// `yield_from!(generator)`.
pub trait ViaGenerator<A> {
    type Sub: Generator<A>;
    fn into_sub(self) -> Self::Sub;
}

impl<G: Generator<A>, A> ViaGenerator<A> for &&Delegate<G> {
    type Sub = G;
    #[inline]
    fn into_sub(self) -> G {
        self.take()
    }
}

/// `yield_from!(iterable)`: yields each item, returns `()`.
pub trait ViaIterator {
    type Sub;
    fn into_sub(self) -> Self::Sub;
}

impl<I: IntoIterator> ViaIterator for &Delegate<I> {
    type Sub = IterGenerator<I::IntoIter>;
    #[inline]
    fn into_sub(self) -> Self::Sub {
        IterGenerator(self.take().into_iter())
    }
}

/// An iterator seen as a generator that takes `()` and returns `()`.
pub struct IterGenerator<I>(I);

impl<I> Unpin for IterGenerator<I> {}

impl<I: Iterator> Generator for IterGenerator<I> {
    type Yield = I::Item;
    type Return = ();

    #[inline]
    fn resume(self: core::pin::Pin<&mut Self>, (): ()) -> GeneratorState<I::Item, ()> {
        match core::pin::Pin::get_mut(self).0.next() {
            Some(item) => GeneratorState::Yielded(item),
            None => GeneratorState::Complete(()),
        }
    }
}

/// `yield_from!(Box::pin(g))`: the boxed generator behind a trait object, so that a generator can delegate to
/// itself recursively (its state would otherwise contain its own type).
#[cfg(feature = "alloc")]
#[inline]
pub fn boxed<'a, G: Generator<A> + 'a, A>(generator: G) -> BoxedGenerator<'a, A, G::Yield, G::Return> {
    alloc::boxed::Box::pin(generator)
}

/// `Box::pin(f(…)).await` in the `#[generator] async fn f` itself: the boxed future behind a trait object, so that
/// the function can await itself recursively. Not `Send` (rustc cannot prove `Send` of a type inside its own
/// definition); the guide (`async fn` and async streams) shows the `Send` way, a helper returning `Pin<Box<dyn Future<Output = T> + Send>>`.
#[cfg(feature = "alloc")]
#[inline]
pub fn boxed_future<'a, F: core::future::Future + 'a>(
    future: F,
) -> core::pin::Pin<alloc::boxed::Box<dyn core::future::Future<Output = F::Output> + 'a>> {
    alloc::boxed::Box::pin(future)
}

/// `yield_from!(Box::pin(s(…)))` in the async stream `s` itself: as [`boxed_future`], for a stream.
#[cfg(feature = "alloc")]
#[inline]
pub fn boxed_stream<'a, S: futures_core::Stream + 'a>(
    stream: S,
) -> core::pin::Pin<alloc::boxed::Box<dyn futures_core::Stream<Item = S::Item> + 'a>> {
    alloc::boxed::Box::pin(stream)
}

/// A pinned, boxed generator behind a trait object.
#[cfg(feature = "alloc")]
pub type BoxedGenerator<'a, A, Y, R> = core::pin::Pin<alloc::boxed::Box<dyn Generator<A, Yield = Y, Return = R> + 'a>>;

/// The yield and resume types of the never-called copy of a generator's body that rustc borrow-checks as the user
/// wrote it: its yields, delegations and stream `?`s are calls of these methods, which are never run.
///
/// The value is made outside the copy and used inside it, so the lifetimes in `Y` and `A` are the caller's, not the
/// copy's own: a yielded value (or one written through the resume argument) that borrows a local of the body is
/// reported there (the body's locals end before any lifetime of the caller), as rustc reports it for a native
/// coroutine. A type spelled inside the copy would get lifetimes of the copy's own, and hide that.
pub struct Shadow<Y, A>(core::marker::PhantomData<Invariant<(Y, A)>>);

/// A type invariant in `T` (so inference keeps the lifetimes in it exactly as given).
type Invariant<T> = fn(T) -> T;

impl<Y, A> Shadow<Y, A> {
    #[inline]
    pub fn new() -> Self {
        Shadow(core::marker::PhantomData)
    }

    /// `yield_!(|…| …)` or `yield_!(async { … })` in a generator block's copy that guards no pinned local: the closure
    /// is a type of its own in the copy, not `Y`; evaluates to the resume argument.
    #[inline]
    pub fn yield_opaque<V>(&self, _value: V) -> A {
        unreachable!("the borrow-check copy of a generator body is never run")
    }

    /// `yield_!(v)`: `v` is a `Y`; evaluates to the resume argument.
    #[inline]
    pub fn yield_(&self, _value: Y) -> A {
        unreachable!("the borrow-check copy of a generator body is never run")
    }

    /// `yield_from!(g)`: `g` must yield `Y` and take `A`; evaluates to its return value.
    #[inline]
    pub fn delegate<G: Generator<A, Yield = Y>>(&self, _sub: G) -> G::Return {
        unreachable!("the borrow-check copy of a generator body is never run")
    }

    /// `yield_from!(stream)` in an async stream: the stream must yield `Y`.
    #[inline]
    pub fn delegate_stream<S: futures_core::Stream<Item = Y>>(&self, _stream: S) {}

    /// `e?` in an async stream (`match Try::branch(e) { …, Break(r) => { yield_type.residual(r); return; } }`): the
    /// residual must convert into the item type `Y` (it is handed out as the stream's last item).
    #[inline]
    pub fn residual<R>(&self, _residual: R)
    where
        Y: FromResidual<R>,
    {
    }
}

/// A generator block's borrow-check copy takes its yield and resume types from the machine (they are inferred).
#[inline(always)]
pub fn tie_generator<Y, A, G: Generator<A, Yield = Y>>(_types: Shadow<Y, A>, _machine: &G) {}

/// A stream block's borrow-check copy takes its item type from the machine (it is inferred).
#[inline(always)]
pub fn tie_stream<Y, S: futures_core::Stream<Item = Y>>(_types: Shadow<Y, ()>, _machine: &S) {}

// `Copy` (without bounds on `Y` and `A`), so that an `async move` copy of the body and the machine can both use it.
impl<Y, A> Clone for Shadow<Y, A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Y, A> Copy for Shadow<Y, A> {}

impl<Y, A> Default for Shadow<Y, A> {
    fn default() -> Self {
        Self::new()
    }
}

/// Type-checks the borrow-check copy: `f` takes the parameters (their types fixed by `witness`), returns `R`.
#[inline]
pub fn shadow<T, R, F: FnOnce(T) -> R>(_witness: core::marker::PhantomData<T>, _f: F) {}

/// `shadow` for an `async fn`: `f` returns the body as an async block whose output is `R`.
#[inline]
pub fn shadow_async<T, R, Fut: core::future::Future<Output = R>, F: FnOnce(T) -> Fut>(
    _witness: core::marker::PhantomData<T>,
    _f: F,
) {
}

/// The type of the parameters, as a tuple, without moving them.
pub trait Witness {
    type Tuple;
}

/// The type of one parameter, without moving it.
#[inline]
pub fn witness<T>(_: &T) -> core::marker::PhantomData<T> {
    core::marker::PhantomData
}

macro_rules! witness_tuples {
    ($($t:ident)*) => {
        impl<$($t),*> Witness for ($(core::marker::PhantomData<$t>,)*) {
            type Tuple = ($($t,)*);
        }
    };
}
witness_tuples!();
witness_tuples!(T0);
witness_tuples!(T0 T1);
witness_tuples!(T0 T1 T2);
witness_tuples!(T0 T1 T2 T3);
witness_tuples!(T0 T1 T2 T3 T4);
witness_tuples!(T0 T1 T2 T3 T4 T5);
witness_tuples!(T0 T1 T2 T3 T4 T5 T6);
witness_tuples!(T0 T1 T2 T3 T4 T5 T6 T7);
witness_tuples!(T0 T1 T2 T3 T4 T5 T6 T7 T8);
witness_tuples!(T0 T1 T2 T3 T4 T5 T6 T7 T8 T9);
witness_tuples!(T0 T1 T2 T3 T4 T5 T6 T7 T8 T9 T10);
witness_tuples!(T0 T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11);

/// The parameters' types as one tuple type.
#[inline]
pub fn witnesses<W: Witness>(_: W) -> core::marker::PhantomData<W::Tuple> {
    core::marker::PhantomData
}

/// What a `#[generator]` function that failed to expand returns (beside the `compile_error!` that says why): a value
/// of the declared generator type, so that its callers type-check as they will once the error is fixed, and report
/// nothing more. The crate does not compile, so it never runs.
pub struct NotExpanded<A, Y, R>(core::marker::PhantomData<fn(A) -> (Y, R)>);

impl<A, Y, R> NotExpanded<A, Y, R> {
    #[inline]
    pub const fn new() -> Self {
        NotExpanded(core::marker::PhantomData)
    }
}

/// For a failed `#[derive(Clone)]` generator: its callers may copy it.
impl<A, Y, R> Clone for NotExpanded<A, Y, R> {
    fn clone(&self) -> Self {
        Self::new()
    }
}

impl<A, Y, R> Default for NotExpanded<A, Y, R> {
    fn default() -> Self {
        Self::new()
    }
}

impl<A, Y, R> Generator<A> for NotExpanded<A, Y, R> {
    type Yield = Y;
    type Return = R;
    fn resume(self: core::pin::Pin<&mut Self>, _arg: A) -> GeneratorState<Y, R> {
        unreachable!("a #[generator] function that failed to expand is never run")
    }
}

impl<A, Y, R> futures_core::Stream for NotExpanded<A, Y, R> {
    type Item = Y;
    fn poll_next(self: core::pin::Pin<&mut Self>, _cx: &mut core::task::Context<'_>) -> core::task::Poll<Option<Y>> {
        unreachable!("a #[generator] function that failed to expand is never run")
    }
}

impl<A, Y, R> FusedStream for NotExpanded<A, Y, R> {
    fn is_terminated(&self) -> bool {
        unreachable!("a #[generator] function that failed to expand is never run")
    }
}

impl<A, Y, R> crate::StateMachine for NotExpanded<A, Y, R> {
    fn current_state(&self) -> &'static StateInfo {
        unreachable!("a #[generator] function that failed to expand is never run")
    }
    fn state_graph(&self) -> &'static StateGraph {
        unreachable!("a #[generator] function that failed to expand is never run")
    }
}

/// The values a generator without `yield = T` may yield: only `()`. Any other names the type to declare.
#[diagnostic::on_unimplemented(
    message = "`yield_!` hands out a value of type `{Self}`, but this generator declares no yield type",
    label = "yields a `{Self}`",
    note = "without `yield = T` a generator yields `()`: declare the type of the values it hands out, \
            `#[generator(yield = {Self})]` (for a literal, the type you mean it to have, e.g. `yield = u32`)"
)]
pub trait UnitYield {}

impl UnitYield for () {}

/// `yield_!(v)` in a generator without `yield = T`: `v` must be `()`, or the error names the type to declare.
#[inline(always)]
pub fn no_yield_type<T: UnitYield>(_value: T) {}

/// A value a `#[derive(Clone)]` generator holds across a suspension point (a local, a parameter): spanned at its
/// declaration, so that a type that is not `Clone` is reported on the user's line, naming this function.
#[inline(always)]
pub fn derive_clone_copies_this_local<T: Clone>(value: T) -> T {
    value
}

/// A value a `#[derive(Clone)]` generator holds across a suspension point that may borrow one of its locals, as far
/// as the macro can see: spanned at its declaration (see [`crate::HoldsNoBorrow`]).
#[inline(always)]
pub fn derive_clone_keeps_no_borrow_in_this_value<T: crate::HoldsNoBorrow>(value: T) -> T {
    value
}

/// The evaluation order of `place op= value` when `value` suspends, decided by the operand types the way rustc
/// decides it: when both are primitive scalars the operator is built in and `value` is evaluated first, then the
/// place's operands; otherwise the operator is a trait call (`AddAssign::add_assign(&mut place, value)`) and the
/// place's operands are evaluated first. The macro does not see types, so it lowers both orders and branches on
/// [`Self::place_first`], a constant of the monomorphised types; [`Self::bind`] ties `P` and `R` to the write.
///
/// `P` is the place's type, `R` the right side's. Covariant in both (a value made with any lifetimes can be used with
/// shorter ones), and `Send`/`Sync`/`Copy` whatever they are, so keeping it across a suspension changes nothing.
pub struct AssignOrder<P: ?Sized, R>(core::marker::PhantomData<fn() -> (*const P, *const R)>);

impl<P: ?Sized, R> Clone for AssignOrder<P, R> {
    #[inline(always)]
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: ?Sized, R> Copy for AssignOrder<P, R> {}

// SAFETY: no value at all, only the two types.
unsafe impl<P: ?Sized, R> crate::HoldsNoMutBorrow for AssignOrder<P, R> {}
// SAFETY: as above.
unsafe impl<P: ?Sized, R> crate::HoldsNoBorrow for AssignOrder<P, R> {}

/// Saved as nothing: it only carries the two types (a snapshot of a generator suspended in `v[i()] += yield_!(..)`).
#[cfg(feature = "serde")]
impl<P: ?Sized, R> serde::Serialize for AssignOrder<P, R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

#[cfg(feature = "serde")]
impl<'de, P: ?Sized, R> serde::Deserialize<'de> for AssignOrder<P, R> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <() as serde::Deserialize<'de>>::deserialize(deserializer)?;
        Ok(AssignOrder::new())
    }
}

impl<P: ?Sized, R> AssignOrder<P, R> {
    #[inline(always)]
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        AssignOrder(core::marker::PhantomData)
    }

    /// Whether the place's operands are evaluated before the right side: not both types primitive scalars.
    #[inline(always)]
    pub fn place_first(_order: &Self) -> bool {
        !(is_scalar::<P>() && is_scalar::<R>())
    }

    /// The place itself: ties `P` to the place's type and `R` to the right side's.
    #[inline(always)]
    pub fn bind<'a>(_order: &Self, place: &'a mut P, _value: &R) -> &'a mut P {
        place
    }
}

/// An integer, float or `bool`: the types for which rustc builds compound assignment in. `type_name` of a primitive
/// is its keyword (a user type of that name is printed with its path); the comparison folds to a constant.
#[inline(always)]
fn is_scalar<T: ?Sized>() -> bool {
    matches!(
        core::any::type_name::<T>(),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "f32"
            | "f64" | "bool"
    )
}

/// What a snapshot records of the generator that saved it (`#[derive(Serialize, Deserialize)]` under `#[generator]`;
/// the expansion implements it on the state enum): a restore checks the fingerprint before reading the state.
pub trait Fingerprint {
    /// A hash of the function's attribute, signature and body tokens (not its comments or formatting).
    const FINGERPRINT: u64;
    /// The function's name, for the error that refuses a snapshot of another body.
    const NAME: &'static str;
}

/// Implemented by the expansion on the state enum of a generator with `#[derive(Serialize, Deserialize)]`: the
/// machine built with it resumes through a closure that captures nothing (its values are all in the state and the
/// slots), so a restore can make one from nothing (see `Machine::from_parts`).
///
/// # Safety
/// Only for a state enum that no machine with a capturing resume closure is built with.
pub unsafe trait ResumeCapturesNothing {}

#[cfg(feature = "serde")]
pub use crate::snapshot::{Restored, Saved};

/// A sub-generator or awaited future of a generator with `#[derive(Serialize, Deserialize)]`, where it is started:
/// a snapshot saves it too, so it must be a generator (or `async fn`) with the same derives.
#[cfg(feature = "serde")]
#[inline(always)]
pub fn snapshot_saves_this_sub_generator<G: crate::Snapshot>(generator: G) -> G {
    generator
}

/// A value a generator with `#[derive(Serialize, Deserialize)]` holds across a suspension point that may borrow one
/// of its locals, as far as the macro can see: spanned at its declaration (see [`crate::HoldsNoMutBorrow`]).
#[cfg(feature = "serde")]
#[inline(always)]
pub fn snapshot_keeps_no_borrow_in_this_value<T: crate::HoldsNoMutBorrow>(value: T) -> T {
    value
}

/// A generator delegated to (or a future awaited) by a generator with `#[derive(Serialize, Deserialize)]`, in the
/// borrow-check copy, where the body's locals are plain locals: `'static` there means it holds no borrow of any
/// local (its type is opaque to the macro). One that does is reported by rustc on the local ("`items` does not live
/// long enough … argument requires that `items` is borrowed for `'static`").
#[inline(always)]
pub fn snapshot_delegates_to_no_borrow_of_a_local<T: 'static>(sub: T) -> T {
    sub
}

/// The serde the expansion's snapshot impls name (`#[serde(crate = "::gen_runtime::__private::serde")]`).
#[cfg(feature = "serde")]
pub use serde;

/// A value a generator with `#[derive(Serialize, Deserialize)]` holds across a suspension point (a local, a
/// parameter): spanned at its declaration, so that a type serde cannot save is reported on the user's line.
#[cfg(feature = "serde")]
#[inline(always)]
pub fn snapshot_saves_this_local<T: serde::Serialize + serde::de::DeserializeOwned>(value: T) -> T {
    value
}

/// A `for` loop's iterator held across a suspension point by a generator with `#[derive(Serialize, Deserialize)]`:
/// spanned at the loop's iterable, so that an iterator serde cannot save (`vec.into_iter()`, `(0..n).rev()`) is
/// reported there. Loop over a range (`0..n` is saved) or an index instead.
#[cfg(feature = "serde")]
#[inline(always)]
pub fn snapshot_saves_this_loop_iterator<T: serde::Serialize + serde::de::DeserializeOwned>(value: T) -> T {
    value
}

/// A local the generator holds across a suspension point only so that it is dropped where its scope ends (nothing
/// reads it again): `dead!(x)` in the expansion. A shared reference, a raw pointer or a primitive scalar has no drop,
/// so it is not kept at all ([`Gone`], zero bytes; rustc's coroutines do not store such a local either); any other
/// value is kept ([`Kept`]) and dropped with it, where the local would be.
///
/// The choice is made where the type is known, by the most specific of three impls (autoref specialisation, on the
/// receiver `&&Probe<T>`): one of the types without drop (a `&Probe<T>` method, found first), then a value already
/// handed on as `Kept` (a `&&Probe<T>` one, found by the autoref), then anything (a `Probe<T>` one, after a deref).
/// The first is decided by the type's outer constructor, never by a trait like `Copy` that a closure of the same
/// body only gets once its captures are known, after the method is chosen.
#[doc(hidden)]
#[macro_export]
macro_rules! __dead {
    ($value:expr) => {{
        #[allow(unused_imports)]
        use $crate::__private::dead_tags::*;
        let value = $value;
        (&&$crate::__private::Probe::of(&value)).dead_tag().keep(value)
    }};
}
pub use crate::__dead as dead;

/// See [`dead!`]: a dead local that has a drop, kept to be dropped where its scope ends.
pub struct Kept<T>(#[allow(dead_code)] T);

/// See [`dead!`]: a dead local of a type without drop, not kept.
#[derive(Clone, Copy)]
pub struct Gone;

/// The type of a dead local, for [`dead!`]'s choice.
pub struct Probe<T>(core::marker::PhantomData<T>);

impl<T> Probe<T> {
    #[inline(always)]
    pub fn of(_: &T) -> Self {
        Probe(core::marker::PhantomData)
    }
}

/// [`dead!`] of a local already handed on as dead: unchanged.
pub struct DeadAsIs;
/// [`dead!`] of a local whose type has no drop.
pub struct DeadNoDrop;
/// [`dead!`] of any other local.
pub struct DeadKept;

impl DeadAsIs {
    #[inline(always)]
    pub fn keep<W>(self, value: W) -> W {
        value
    }
}

impl DeadNoDrop {
    #[inline(always)]
    pub fn keep<T>(self, _: T) -> Gone {
        Gone
    }
}

impl DeadKept {
    #[inline(always)]
    pub fn keep<T>(self, value: T) -> Kept<T> {
        Kept(value)
    }
}

/// The three choices of [`dead!`]; see there for the order in which they are tried.
pub mod dead_tags {
    use super::{DeadAsIs, DeadKept, DeadNoDrop, Gone, Kept, Probe};

    pub trait NoDrop {
        fn dead_tag(&self) -> DeadNoDrop;
    }
    macro_rules! no_drop {
        ($(<$($p:ident),*> $t:ty),* $(,)?) => {$(
            impl<$($p: ?Sized),*> NoDrop for &Probe<$t> {
                #[inline(always)]
                fn dead_tag(&self) -> DeadNoDrop {
                    DeadNoDrop
                }
            }
        )*};
    }
    no_drop!(
        <U> &U, <U> *const U, <U> *mut U, <> Gone, <> (), <> bool, <> char, <> f32, <> f64,
        <> u8, <> u16, <> u32, <> u64, <> u128, <> usize, <> i8, <> i16, <> i32, <> i64, <> i128, <> isize,
    );

    pub trait AlreadyDead {
        fn dead_tag(&self) -> DeadAsIs;
    }
    impl<T> AlreadyDead for &&Probe<Kept<T>> {
        #[inline(always)]
        fn dead_tag(&self) -> DeadAsIs {
            DeadAsIs
        }
    }

    pub trait AnyDead {
        fn dead_tag(&self) -> DeadKept;
    }
    impl<T> AnyDead for Probe<T> {
        #[inline(always)]
        fn dead_tag(&self) -> DeadKept {
            DeadKept
        }
    }
}
