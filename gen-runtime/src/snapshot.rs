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
