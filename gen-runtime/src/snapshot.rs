//! Saving a suspended generator and restoring it in another process (`#[derive(Serialize, Deserialize)]` under
//! `#[generator]`, with this crate's `serde` feature).
//!
//! A snapshot is a sequence of four values: the generator's fingerprint (a hash of its source, which a restore
//! checks first), its state (where it is suspended and the values it holds there), and its two slot structs (what it
//! keeps in place). The resume code is not in it: [`Snapshot::restored_from`] takes it from a generator of the same
//! type, so a restore needs no type annotation.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeOwned, SeqAccess, Visitor};
use serde::ser::SerializeTuple;
use serde::{Deserializer, Serialize, Serializer};

use crate::__private::Fingerprint;
use crate::machine::{DropInOrder, Machine, Slots};

/// A generator that can be saved while suspended and restored later, in this process or another: what
/// `#[derive(Serialize, Deserialize)]` under `#[generator]` gives the function's result.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use gen_runtime::prelude::*;
/// use gen_runtime::Snapshot;
/// use serde::{Deserialize, Serialize};
///
/// #[generator(yield = u32)]
/// #[derive(Serialize, Deserialize)]
/// fn countdown(n: u32) {
///     for i in 0..n {
///         yield_!(n - i); // what it holds here, `n` and the range's iterator, is saved
///     }
/// }
///
/// let mut g = countdown(3);
/// assert_eq!(g.resume_unpin(()), GeneratorState::Yielded(3));
/// let mut bytes = Vec::new();
/// g.save(&mut serde_json::Serializer::new(&mut bytes)).unwrap();
///
/// // Later, maybe in another process: any `countdown(…)` lends its type, then takes the saved state.
/// let mut g = countdown(0).restored_from(&mut serde_json::Deserializer::from_slice(&bytes)).unwrap();
/// assert_eq!(g.resume_unpin(()), GeneratorState::Yielded(2));
/// # }
/// ```
pub trait Snapshot: Sized {
    /// Writes the generator as it is now: suspended (or not started, or finished).
    fn save<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error>;

    /// A generator of the same type as `self`, in the state a [`save`](Snapshot::save) wrote; `self` is dropped.
    ///
    /// # Errors
    /// The deserializer's error; a snapshot saved by a different body of the function (an edited, rebuilt program)
    /// is refused before its state is read, with an error that says so.
    fn restored_from<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<Self, D::Error> {
        let restored = Self::restored(deserializer)?;
        drop(self);
        Ok(restored)
    }

    /// [`restored_from`](Snapshot::restored_from) without an instance: how a generator restores the sub-generator it
    /// was delegating to. Not for users: the function's result type cannot be named, so they restore through an
    /// instance.
    #[doc(hidden)]
    fn restored<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl<S, Q, P, F> Snapshot for Machine<S, Q, P, F>
where
    S: Fingerprint + crate::__private::ResumeCapturesNothing + Serialize + DeserializeOwned,
    Q: Slots + Serialize + DeserializeOwned,
    P: Slots + DropInOrder<S> + Serialize + DeserializeOwned,
{
    fn save<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        let (state, subs, pinned) = self.parts();
        let mut t = serializer.serialize_tuple(4)?;
        t.serialize_element(&S::FINGERPRINT)?;
        t.serialize_element(state)?;
        t.serialize_element(subs)?;
        t.serialize_element(pinned)?;
        t.end()
    }

    fn restored<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (state, subs, pinned) = deserializer.deserialize_tuple(4, Parts::<S, Q, P>(PhantomData, PhantomData, PhantomData))?;
        Ok(Machine::from_parts(state, subs, pinned))
    }
}

/// A sub-generator saved with the generator delegating to it (see `SubSlot::saved`).
#[doc(hidden)]
pub struct Saved<'a, G>(pub(crate) &'a G);

impl<G: Snapshot> Serialize for Saved<'_, G> {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        self.0.save(serializer)
    }
}

/// A sub-generator restored with the generator delegating to it (see `SubSlot::restored`).
#[doc(hidden)]
pub struct Restored<G>(pub(crate) G);

impl<'de, G: Snapshot> serde::Deserialize<'de> for Restored<G> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        G::restored(deserializer).map(Restored)
    }
}

/// Reads a snapshot's four values, the fingerprint checked before the state is read.
struct Parts<S, Q, P>(PhantomData<S>, PhantomData<Q>, PhantomData<P>);

impl<'de, S: Fingerprint + DeserializeOwned, Q: DeserializeOwned, P: DeserializeOwned> Visitor<'de> for Parts<S, Q, P> {
    type Value = (S, Q, P);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a snapshot of the generator `{}`", S::NAME)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let fingerprint: u64 = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
        if fingerprint != S::FINGERPRINT {
            return Err(de::Error::custom(format_args!(
                "this snapshot was saved by a different body of the generator `{}` (fingerprint {:016x}, this build's \
                 is {:016x}): its states do not match; restore it with the build that saved it",
                S::NAME,
                fingerprint,
                S::FINGERPRINT
            )));
        }
        let state = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
        let subs = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(2, &self))?;
        let pinned = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(3, &self))?;
        Ok((state, subs, pinned))
    }
}

/// For a failed `#[derive(Serialize, Deserialize)]` generator: its callers may save and restore it. The crate does not
/// compile (the expansion reported why), so these never run.
impl<A, Y, R> Snapshot for crate::__private::NotExpanded<A, Y, R> {
    fn save<Ser: Serializer>(&self, _serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        unreachable!("a generator that failed to expand is never called")
    }

    fn restored<'de, D: Deserializer<'de>>(_deserializer: D) -> Result<Self, D::Error> {
        unreachable!("a generator that failed to expand is never called")
    }
}

/// A type whose values hold no `&mut` borrow: what `#[derive(Serialize, Deserialize)]` asks of a value kept across
/// a suspension point that may borrow one of the generator's locals as far as the macro can see (`let limit =
/// config.limit();`, `let first = [data.len()];`: only rustc knows these types, and a method's result may borrow its
/// receiver).
///
/// A snapshot saves such a local through a shared reference; a `&mut` into it, held by the generator, would be
/// invalidated by that read, so the derive refuses a value whose type is not `HoldsNoMutBorrow`, on its line. It is
/// implemented for the standard owned types (numbers, `bool`, `char`, `String`, …), for shared references `&T` of
/// any `T`, and for the containers of such types (arrays, tuples, `Option`, `Result`, `Vec`, `Box`, ranges, …).
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

/// Types that own their data or only read it: no `&mut` in them.
macro_rules! holds_no_mut_borrow {
    ($($t:ty),* $(,)?) => { $(
        // SAFETY: the type holds no reference at all, or only shared ones.
        unsafe impl HoldsNoMutBorrow for $t {}
    )* };
}

holds_no_mut_borrow!(
    (), bool, char, str, u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64,
    core::time::Duration, core::cmp::Ordering,
    core::num::NonZeroU8, core::num::NonZeroU16, core::num::NonZeroU32, core::num::NonZeroU64,
    core::num::NonZeroUsize, core::num::NonZeroI8, core::num::NonZeroI16, core::num::NonZeroI32,
    core::num::NonZeroI64, core::num::NonZeroIsize,
);

/// Containers of one type parameter: no `&mut` unless their element holds one.
macro_rules! holds_no_mut_borrow_if_its_elements_do {
    ($($t:ident)::+ $(, $($u:ident)::+)* $(,)?) => {
        // SAFETY: the container adds no reference of its own; its elements hold no `&mut`.
        unsafe impl<T: HoldsNoMutBorrow> HoldsNoMutBorrow for $($t)::+<T> {}
        $( unsafe impl<T: HoldsNoMutBorrow> HoldsNoMutBorrow for $($u)::+<T> {} )*
    };
}

holds_no_mut_borrow_if_its_elements_do!(
    core::option::Option, core::ops::Range, core::ops::RangeInclusive, core::ops::RangeFrom, core::ops::RangeTo,
    core::ops::RangeToInclusive, core::cell::Cell, core::cell::RefCell, core::num::Wrapping, core::cmp::Reverse,
);

// SAFETY: a shared reference writes nothing it points to, except through interior mutability, which a snapshot's read
// does not invalidate (its borrows are shared-read-write ones).
unsafe impl<T: ?Sized> HoldsNoMutBorrow for &T {}

// SAFETY: no value at all.
unsafe impl<T: ?Sized> HoldsNoMutBorrow for PhantomData<T> {}

// SAFETY: the elements hold no `&mut`.
unsafe impl<T: HoldsNoMutBorrow, const N: usize> HoldsNoMutBorrow for [T; N] {}

// SAFETY: the elements hold no `&mut`.
unsafe impl<T: HoldsNoMutBorrow> HoldsNoMutBorrow for [T] {}

// SAFETY: either value holds no `&mut`.
unsafe impl<T: HoldsNoMutBorrow, E: HoldsNoMutBorrow> HoldsNoMutBorrow for Result<T, E> {}

macro_rules! holds_no_mut_borrow_tuples {
    ($(($($t:ident),+)),+ $(,)?) => { $(
        // SAFETY: each field holds no `&mut`.
        unsafe impl<$($t: HoldsNoMutBorrow),+> HoldsNoMutBorrow for ($($t,)+) {}
    )+ };
}

holds_no_mut_borrow_tuples!(
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F),
    (A, B, C, D, E, F, G),
    (A, B, C, D, E, F, G, H),
);

#[cfg(feature = "alloc")]
mod alloc_impls {
    use super::HoldsNoMutBorrow;
    use alloc::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};
    use alloc::{boxed::Box, rc::Rc, string::String, sync::Arc, vec::Vec};

    // SAFETY: owns its bytes.
    unsafe impl HoldsNoMutBorrow for String {}

    holds_no_mut_borrow_if_its_elements_do!(Vec, VecDeque, BTreeSet, BinaryHeap);

    // SAFETY: owns what it points to, which holds no `&mut`.
    unsafe impl<T: ?Sized + HoldsNoMutBorrow> HoldsNoMutBorrow for Box<T> {}
    // SAFETY: shares what it points to, which holds no `&mut`.
    unsafe impl<T: ?Sized + HoldsNoMutBorrow> HoldsNoMutBorrow for Rc<T> {}
    // SAFETY: as for `Rc`.
    unsafe impl<T: ?Sized + HoldsNoMutBorrow> HoldsNoMutBorrow for Arc<T> {}
    // SAFETY: keys and values hold no `&mut`.
    unsafe impl<K: HoldsNoMutBorrow, V: HoldsNoMutBorrow> HoldsNoMutBorrow for BTreeMap<K, V> {}
}

#[cfg(feature = "std")]
mod std_impls {
    use super::HoldsNoMutBorrow;
    use std::collections::{HashMap, HashSet};

    // SAFETY: keys, values and the hasher hold no `&mut`.
    unsafe impl<K: HoldsNoMutBorrow, V: HoldsNoMutBorrow, S: HoldsNoMutBorrow> HoldsNoMutBorrow for HashMap<K, V, S> {}
    // SAFETY: as for `HashMap`.
    unsafe impl<T: HoldsNoMutBorrow, S: HoldsNoMutBorrow> HoldsNoMutBorrow for HashSet<T, S> {}
    // SAFETY: the default hasher's state is two numbers.
    unsafe impl HoldsNoMutBorrow for std::hash::RandomState {}
}
