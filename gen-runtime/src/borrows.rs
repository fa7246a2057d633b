//! What a derive under `#[generator]` asks of a value that may borrow one of the generator's locals.
//!
//! The macro sees tokens, not types: a value kept across a suspension point that was computed from a local
//! (`let limit = config.limit();`, `let a = [g.v()];`) may hold a borrow of it, for all it knows. rustc knows, so the
//! expansion asks rustc: such a value must be of a type that holds no borrow (for `#[derive(Clone)]`: a copy of the
//! generator copies the local, and a copied borrow would point into the original) or at least no `&mut` (for
//! `#[derive(Serialize, Deserialize)]`: saving reads the local through a shared reference, which would invalidate a
//! `&mut` into it). Both are implemented here for the standard types that qualify, each from one list.

use core::marker::PhantomData;

/// A type whose values hold no borrow at all: what `#[derive(Clone)]` under `#[generator]` asks of a value kept
/// across a suspension point that may borrow one of the generator's locals, as far as the macro can see (see the
/// module). Implemented for numbers, `bool`, `char`, `String`, and the standard containers and smart pointers of such
/// (arrays, tuples, `Option`, `Result`, `Vec`, `Box`, `Rc`, ranges, maps, …); not for references.
///
/// # Safety
/// Implement it for a type of your own (`unsafe impl HoldsNoBorrow for Settings {}`, with `HoldsNoMutBorrow`) only
/// if none of its values holds a reference or a pointer into memory it does not own.
#[diagnostic::on_unimplemented(
    message = "`#[derive(Clone)]`: this value of type `{Self}` is kept across a suspension point and may borrow a local \
               of the generator, as far as the macro can see; a copy of the generator allows that only for a type that \
               holds no borrow (`gen_runtime::HoldsNoBorrow`: numbers, `String`, `Vec`, …), since a copied borrow would \
               point into the original; if `{Self}` is your own type and holds no borrow, write `unsafe impl \
               gen_runtime::HoldsNoBorrow for …` (and `HoldsNoMutBorrow`), else hold no borrow of a local across \
               `yield_!`/`.await`",
    label = "kept across a suspension point; it may borrow a local"
)]
pub unsafe trait HoldsNoBorrow: HoldsNoMutBorrow {}

/// A type whose values hold no `&mut` borrow: what `#[derive(Serialize, Deserialize)]` under `#[generator]` asks of a
/// value kept across a suspension point that may borrow one of the generator's locals, as far as the macro can see
/// (see the module). Implemented for every [`HoldsNoBorrow`] type of this crate's list and for shared references
/// `&T` of any `T`.
///
/// # Safety
/// Implement it for a type of your own (`unsafe impl HoldsNoMutBorrow for Settings {}`) only if none of its values
/// holds a `&mut` reference, a `Pin<&mut _>`, or a pointer through which it writes to memory it does not own.
#[diagnostic::on_unimplemented(
    message = "`#[derive(Serialize, Deserialize)]`: this value of type `{Self}` is kept across a suspension point and \
               may borrow a local of the generator, as far as the macro can see; a snapshot allows that only for a \
               type that holds no `&mut` (`gen_runtime::HoldsNoMutBorrow`: numbers, `String`, `Vec`, shared references, \
               …); if `{Self}` is your own type and holds no `&mut`, write `unsafe impl gen_runtime::HoldsNoMutBorrow \
               for …`, else hold no borrow of a local across `yield_!`/`.await`",
    label = "kept across a suspension point; it may borrow a local"
)]
pub unsafe trait HoldsNoMutBorrow {}

/// Both traits for a type, under the same bounds on its parameters (each parameter bounded by the trait being
/// implemented): `impl_both!([T] Vec<T> where T)`.
macro_rules! impl_both {
    ([$($p:tt)*] $t:ty $(where $($b:ident),+)?) => {
        // SAFETY: the type adds no reference of its own; what it holds (its parameters) holds no borrow.
        unsafe impl<$($p)*> HoldsNoBorrow for $t $(where $($b: HoldsNoBorrow),+)? {}
        // SAFETY: as above, for `&mut` borrows.
        unsafe impl<$($p)*> HoldsNoMutBorrow for $t $(where $($b: HoldsNoMutBorrow),+)? {}
    };
}

/// Types without parameters that own all they hold.
macro_rules! owned {
    ($($t:ty),* $(,)?) => { $( impl_both!([] $t); )* };
}

owned!(
    (), bool, char, u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64,
    core::time::Duration, core::cmp::Ordering,
    core::num::NonZeroU8, core::num::NonZeroU16, core::num::NonZeroU32, core::num::NonZeroU64,
    core::num::NonZeroUsize, core::num::NonZeroI8, core::num::NonZeroI16, core::num::NonZeroI32,
    core::num::NonZeroI64, core::num::NonZeroIsize,
);

impl_both!([T] Option<T> where T);
impl_both!([T] core::ops::Range<T> where T);
impl_both!([T] core::ops::RangeInclusive<T> where T);
impl_both!([T] core::ops::RangeFrom<T> where T);
impl_both!([T] core::ops::RangeTo<T> where T);
impl_both!([T] core::ops::RangeToInclusive<T> where T);
impl_both!([T] core::cell::Cell<T> where T);
impl_both!([T] core::cell::RefCell<T> where T);
impl_both!([T] core::num::Wrapping<T> where T);
impl_both!([T] core::cmp::Reverse<T> where T);
impl_both!([T, const N: usize] [T; N] where T);
impl_both!([T] [T] where T);
impl_both!([T, E] Result<T, E> where T, E);
impl_both!([A] (A,) where A);
impl_both!([A, B] (A, B) where A, B);
impl_both!([A, B, C] (A, B, C) where A, B, C);
impl_both!([A, B, C, D] (A, B, C, D) where A, B, C, D);
impl_both!([A, B, C, D, E] (A, B, C, D, E) where A, B, C, D, E);
impl_both!([A, B, C, D, E, F] (A, B, C, D, E, F) where A, B, C, D, E, F);
impl_both!([A, B, C, D, E, F, G] (A, B, C, D, E, F, G) where A, B, C, D, E, F, G);
impl_both!([A, B, C, D, E, F, G, H] (A, B, C, D, E, F, G, H) where A, B, C, D, E, F, G, H);
// No value at all, whatever the type names.
impl_both!([T: ?Sized] PhantomData<T>);

// SAFETY: a shared reference writes nothing it points to, except through interior mutability, which a snapshot's
// read does not invalidate (its borrows are shared read-write ones). (It is a borrow: not `HoldsNoBorrow`.)
unsafe impl<T: ?Sized> HoldsNoMutBorrow for &T {}

#[cfg(feature = "alloc")]
mod alloc_impls {
    use super::{HoldsNoBorrow, HoldsNoMutBorrow};
    use alloc::boxed::Box;
    use alloc::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};
    use alloc::rc::Rc;
    use alloc::string::String;
    use alloc::sync::Arc;
    use alloc::vec::Vec;

    owned!(String, Box<str>);
    impl_both!([T] Vec<T> where T);
    impl_both!([T] VecDeque<T> where T);
    impl_both!([T] BTreeSet<T> where T);
    impl_both!([T] BinaryHeap<T> where T);
    impl_both!([T] Box<T> where T);
    impl_both!([T] Box<[T]> where T);
    // An `Rc` or `Arc` co-owns what it points to: no borrow.
    impl_both!([T] Rc<T> where T);
    impl_both!([T] Arc<T> where T);
    impl_both!([K, V] BTreeMap<K, V> where K, V);
}

#[cfg(feature = "std")]
mod std_impls {
    use super::{HoldsNoBorrow, HoldsNoMutBorrow};
    use std::collections::{HashMap, HashSet};
    use std::hash::RandomState;

    owned!(RandomState);
    impl_both!([K, V, S] HashMap<K, V, S> where K, V, S);
    impl_both!([T, S] HashSet<T, S> where T, S);
}
