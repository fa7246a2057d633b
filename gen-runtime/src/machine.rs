//! The value a `#[generator]` function returns, and the storage it pins. The only module with `unsafe` code.
//!
//! A generator is a [`Machine`]: its state enum (`S`, moved in and out at every resume), the generators it is
//! delegating to (`Q`) and the locals that something it holds borrows (`P`), and the resume closure. `Q` and `P` are
//! structurally pinned: once the machine is pinned, what they hold never moves until it is dropped in place. That is
//! what makes a borrow of a local held across a suspension point sound (rustc's `static` coroutines rely on the same
//! contract), and what lets a `!Unpin` sub-generator be resumed in place.
//!
//! Aliasing: every slot is `!Unpin` ([`Place`], [`SubSlot`]), so the `&mut`s that reach a slot assert no uniqueness
//! over what is borrowed in it (the exemption rustc's own coroutines rely on), and the expansion writes each use of a
//! slotted local as the field `place.value`, so the use takes the borrow the user's code takes there. `Q` and `P` sit
//! in `UnsafeCell`s, so a shared reference to the whole machine (`current_state()`, `is_terminated()`) asserts
//! nothing about them either. Checked under Miri with Stacked and Tree Borrows (`scripts/miri.sh`).

use core::cell::UnsafeCell;
use core::future::Future;
use core::marker::PhantomPinned;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::{Generator, GeneratorState};

/// A generator built by `#[generator]`. Dropped in field order: the sub-generators first (the innermost generator is
/// finalised first, as in PEP 380), then the state's locals (latest declared first), then the pinned locals (after
/// everything that may borrow them).
///
/// `subs` and `pinned` are only reached through `&mut` (from the pinned machine); they are in `UnsafeCell`s so that a
/// `&Machine` (reading the state for `current_state()`) does not freeze them: under Rust's aliasing rules a shared
/// reference asserts that the memory it covers does not change, outside `UnsafeCell`, which would invalidate a
/// unique borrow of a slotted local that the state holds across a suspension point.
pub struct Machine<S, Q: Slots, P: Slots + DropInOrder<S>, F> {
    subs: UnsafeCell<Q>,
    state: S,
    pinned: UnsafeCell<P>,
    resume: F,
}

// SAFETY: a `&Machine` reads only `state` (`current_state()`, `is_terminated()`); `subs` and `pinned` are reached only
// through `&mut Machine`. Sharing a machine across threads therefore shares no more than its fields' own `Sync` allows;
// the bounds are those the compiler would derive without the `UnsafeCell`s.
unsafe impl<S: Sync, Q: Slots + Sync, P: Slots + DropInOrder<S> + Sync, F: Sync> Sync for Machine<S, Q, P, F> {}

/// A copy of a generator, suspended or not (`#[derive(Clone)]` under `#[generator]`): resuming one copy does not
/// change the other. The expansion gives `pinned` a `Clone` impl only when what may borrow a slotted local holds no
/// borrow (`HoldsNoBorrow`), so the copy of the state holds no pointer into the original.
impl<S: Clone, Q: Slots + Clone, P: Slots + DropInOrder<S> + Clone, F: Clone> Clone for Machine<S, Q, P, F> {
    fn clone(&self) -> Self {
        // SAFETY: `subs` and `pinned` are reached mutably only through a `&mut Machine` (a resume, a drop); none
        // exists while `&self` does, so shared references to them are valid for the length of this call.
        let (subs, pinned) = unsafe { ((*self.subs.get()).clone(), (*self.pinned.get()).clone()) };
        Machine { subs: UnsafeCell::new(subs), state: self.state.clone(), pinned: UnsafeCell::new(pinned), resume: self.resume.clone() }
    }
}

/// The parts a snapshot saves and restores (`#[derive(Serialize, Deserialize)]` under `#[generator]`).
#[cfg(feature = "serde")]
impl<S, Q: Slots, P: Slots + DropInOrder<S>, F> Machine<S, Q, P, F> {
    /// The state and the slots, read for a snapshot. The expansion gives `pinned` a `Serialize` impl only when
    /// nothing in the state borrows a slotted local (as for `Clone`).
    pub(crate) fn parts(&self) -> (&S, &Q, &P) {
        // SAFETY: as in `clone`: `subs` and `pinned` are reached mutably only through a `&mut Machine`, and none
        // exists while `&self` does.
        unsafe { (&self.state, &*self.subs.get(), &*self.pinned.get()) }
    }

    /// A machine made of restored parts, without an instance to take the resume closure from (a sub-generator that
    /// a restored generator was delegating to): the closure captures nothing, so there is nothing to restore of it.
    pub(crate) fn from_parts(state: S, subs: Q, pinned: P) -> Self
    where
        S: crate::__private::ResumeCapturesNothing,
    {
        const { assert!(core::mem::size_of::<F>() == 0, "the resume closure of a snapshot-able generator captures nothing") };
        // SAFETY: `S: ResumeCapturesNothing` says that the machine built with this state enum resumes through a
        // closure that captures nothing (the expansion implements it, on a state enum only its own code can name):
        // a value of a zero-sized type with no fields, hence no invariant, which zero bytes form validly.
        let resume: F = unsafe { core::mem::zeroed() };
        Machine { subs: UnsafeCell::new(subs), state, pinned: UnsafeCell::new(pinned), resume }
    }
}

/// A dropped generator drops its sub-generators first, then its state's locals and its pinned locals together, in
/// reverse declaration order (the expansion's `DropInOrder`).
impl<S, Q: Slots, P: Slots + DropInOrder<S>, F> Drop for Machine<S, Q, P, F> {
    fn drop(&mut self) {
        self.subs.get_mut().clear();
        self.pinned.get_mut().drop_in_order(&mut self.state);
    }
}

/// Builds the generator. Called only by code that `#[generator]` emits.
///
/// The resume closure comes last so that rustc knows the types of `state`, `subs` and `pinned` when it checks it.
#[inline]
pub fn machine<S, Q: Slots, P: Slots + DropInOrder<S>, F, A, Y, R>(
    state: S,
    subs: Q,
    pinned: P,
    resume: F,
) -> Machine<S, Q, P, F>
where
    F: FnMut(&mut S, &mut Q, &mut P, A) -> GeneratorState<Y, R>,
{
    Machine { subs: UnsafeCell::new(subs), state, pinned: UnsafeCell::new(pinned), resume }
}

/// [`machine`] for an async stream: the resume closure returns what `poll_next` returns (an item, pending, or the
/// end with the last item a `?` handed out, if any), so that rustc knows the item type wherever the body first needs
/// it, and without a consumer. Returning the `Poll` itself, not a `GeneratorState` that `poll_next` maps, leaves the
/// optimiser one enum less between a `yield_!` and its consumer's `match` (issue 17: the `stream` workload went from
/// 2.8× async-stream to below it).
#[inline]
pub fn stream_machine<S, Q: Slots, P: Slots + DropInOrder<S>, F, Y>(
    state: S,
    subs: Q,
    pinned: P,
    resume: F,
) -> Machine<S, Q, P, F>
where
    F: FnMut(&mut S, &mut Q, &mut P, Cx) -> Poll<Option<Y>>,
{
    Machine { subs: UnsafeCell::new(subs), state, pinned: UnsafeCell::new(pinned), resume }
}

// `state` and `resume` are not structurally pinned (the closure moves the state's values in and out); `subs` and
// `pinned` are, so the machine may move only when what they hold may.
impl<S, Q: Slots + Unpin, P: Slots + DropInOrder<S> + Unpin, F> Unpin for Machine<S, Q, P, F> {}

impl<S: crate::graph::StateIndex, Q: Slots, P: Slots + DropInOrder<S>, F, A, Y, R> Generator<A> for Machine<S, Q, P, F>
where
    F: FnMut(&mut S, &mut Q, &mut P, A) -> GeneratorState<Y, R>,
{
    type Yield = Y;
    type Return = R;

    /// Panics on a resume after completion, at the caller's line (`#[track_caller]`), not inside the expansion.
    #[inline]
    #[track_caller]
    fn resume(self: Pin<&mut Self>, arg: A) -> GeneratorState<Y, R> {
        self.run(arg)
    }
}

impl<S: crate::graph::StateIndex, Q: Slots, P: Slots + DropInOrder<S>, F> Machine<S, Q, P, F> {
    /// One run of the body, from where it is suspended to its next suspension point or its end. Always inlined: it
    /// is a thin wrapper around the call of the resume closure, so the closure is called from the poller's own code
    /// and LLVM inlines it there or not on its merits, as it does a native coroutine's body (measured in issue 17:
    /// a future awaiting `#[generator] async fn`s nested three deep ran at 3.2× a native `async fn`, its wrappers
    /// not inlined).
    #[inline(always)]
    #[track_caller]
    fn run<A, O>(self: Pin<&mut Self>, arg: A) -> O
    where
        F: FnMut(&mut S, &mut Q, &mut P, A) -> O,
    {
        // SAFETY: nothing here moves out of the pinned machine. `subs` and `pinned` are handed to the closure as
        // `&mut`: a closure could move what they hold, but it can pin something in them (resume a sub-generator in
        // place, store a borrow of a slotted local) only through the slots' `unsafe fn`s, whose contracts forbid
        // moving it afterwards; the expansion never replaces or swaps a slot as a whole.
        let this = unsafe { self.get_unchecked_mut() };
        // Only the state is read here (a shared reference to the whole machine would assert that nothing changes
        // in it, slots included, while borrows into them are alive).
        if this.state.is_returned() {
            crate::__private::resumed_after_completion();
        }
        // If the body panics, the locals in its frame are dropped as the panic unwinds it, and then (by this guard)
        // the slotted ones: the generator is poisoned and every live local dropped exactly once.
        let mut slots = ClearOnUnwind { subs: this.subs.get_mut(), pinned: this.pinned.get_mut(), armed: true };
        let out = (this.resume)(&mut this.state, slots.subs, slots.pinned, arg);
        slots.armed = false;
        // Every `return` of the closure that ends the body marks the state `Returned` first.
        if this.state.is_returned() {
            // The body returned: its other locals were dropped as the closure returned; the slotted ones go now,
            // latest declared first.
            slots.subs.clear();
            slots.pinned.clear();
        }
        out
    }
}

impl<S: crate::graph::StateIndex, Q: Slots, P: Slots + DropInOrder<S>, F> crate::StateMachine for Machine<S, Q, P, F> {
    #[inline]
    fn current_state(&self) -> &'static crate::StateInfo {
        &S::graph().states[self.state.state_index()]
    }

    #[inline]
    fn state_graph(&self) -> &'static crate::StateGraph {
        S::graph()
    }
}

impl<S, Q: Slots, P: Slots + DropInOrder<S>, F> core::fmt::Debug for Machine<S, Q, P, F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Generator").finish_non_exhaustive()
    }
}

/// Where a local lives when something held across a suspension point borrows it: at a fixed address inside the
/// pinned generator, from its declaration to the end of its scope. Also where a local moved on some paths only lives
/// (an empty slot is its drop flag), and a large array held across a suspension point (updated in place).
///
/// # Aliasing
/// The value sits in a `Place`, which is `!Unpin`: a `&mut` to a slot or to its place asserts no uniqueness (the
/// rule rustc's own coroutines rely on for their self-references), so reaching a slot never invalidates a borrow of
/// the value that something stored in the generator holds. Only the user's own uses of the value (`place.value`)
/// take the borrow the user's code takes there: shared for `v.len()`, unique for `v.push(x)`. Whether the slot makes
/// the generator `!Unpin` is up to the expansion: it implements `Unpin` for its slots struct when nothing borrows them.
pub struct PinnedSlot<T> {
    slot: Option<Place<T>>,
}

/// A slotted local's value; see [`PinnedSlot`]. The expansion writes each use of the local as `place.value`.
pub struct Place<T> {
    /// The local.
    pub value: T,
    _pinned: PhantomPinned,
}

impl<T> PinnedSlot<T> {
    /// An empty slot: the local is not declared yet.
    #[inline]
    pub const fn new() -> Self {
        PinnedSlot { slot: None }
    }

    /// A slot holding a parameter from the start, put there when the generator is made (before it is pinned).
    #[inline]
    pub const fn declared(value: T) -> Self {
        PinnedSlot { slot: Some(Place { value, _pinned: PhantomPinned }) }
    }

    /// Stores the local's value at its declaration. The slot is empty there (the guard of the local's previous
    /// scope, if any, emptied it), so there is nothing to drop: dropping the old value as [`Self::put`] does would put
    /// a call to its drop code in every loop that declares the local, a call that keeps the generator in memory
    /// around it (issue 17). Checked in debug builds; in release a value found there would leak, never be used.
    #[inline]
    pub fn declare(&mut self, value: T) {
        let old = self.slot.replace(Place { value, _pinned: PhantomPinned });
        debug_assert!(old.is_none(), "internal error in a #[generator] expansion: a local declared over a live one");
        core::mem::forget(old);
    }

    /// Stores the local's value at an assignment to it: the old value, if the slot holds one, is dropped first.
    #[inline]
    pub fn put(&mut self, value: T) {
        self.slot = Some(Place { value, _pinned: PhantomPinned });
    }

    /// The local's place, for the uses of the local in one statement of the user's code.
    ///
    /// # Safety
    /// The returned lifetime is chosen by the caller, so that a borrow of the local can be stored in the generator's
    /// state. The caller must ensure that (1) the slot does not move until it is dropped (it is in a pinned
    /// generator), (2) every borrow taken through the place is dropped before the slot is emptied, refilled or
    /// dropped, and (3) the uses made through places taken at different times do not conflict — as the same uses of
    /// a plain local would not: the expansion guarantees it because rustc borrow-checks the body as the user wrote
    /// it, in a never-called copy beside the machine.
    #[inline]
    pub unsafe fn place<'b>(&mut self) -> &'b mut Place<T> {
        match &mut self.slot {
            // SAFETY: by the contract above. `Place<T>` is `!Unpin`, so neither this reference nor the one it comes
            // from asserts uniqueness over the value that other borrows point into.
            Some(place) => unsafe { &mut *(place as *mut Place<T>) },
            None => empty_slot(),
        }
    }

    /// Moves the local out (a move in the user's code, after every borrow of it has ended).
    #[inline]
    pub fn take(&mut self) -> T {
        match self.slot.take() {
            Some(place) => place.value,
            None => empty_slot(),
        }
    }

    /// The end of the local's scope: drops it in place, if it was not moved out.
    #[inline]
    pub fn clear(&mut self) {
        self.slot = None;
    }

    /// A copy of the slot, for a copy of the suspended generator (`#[derive(Clone)]` under `#[generator]`).
    ///
    /// # Safety
    /// Nothing that the generator holds across a suspension point may borrow this local: the copy of the
    /// generator's state that goes with this copy of the slot would point into this slot, not its own. The expansion
    /// calls it for locals nothing borrows (drop flags, large arrays) and for locals that only values of `HoldsNoBorrow`
    /// types may borrow (each checked where it is declared, and bounded on the slots' `Clone` impl).
    #[inline]
    pub unsafe fn clone_unborrowed(&self) -> Self
    where
        T: Clone,
    {
        PinnedSlot { slot: self.slot.as_ref().map(|p| Place { value: p.value.clone(), _pinned: PhantomPinned }) }
    }

    /// The local's value, for a snapshot of the suspended generator (`#[derive(Serialize)]` under `#[generator]`).
    ///
    /// # Safety
    /// Nothing that the generator holds across a suspension point may borrow this local mutably while the returned
    /// reference lives. The expansion calls it for locals nothing borrows (drop flags, large arrays) and for locals
    /// that only values of `HoldsNoMutBorrow` types may borrow (each checked where it is declared,
    /// `snapshot_keeps_no_borrow_in_this_value`, and again on the state's and the slots' types).
    #[cfg(feature = "serde")]
    #[inline]
    pub unsafe fn unborrowed(&self) -> Option<&T> {
        self.slot.as_ref().map(|p| &p.value)
    }

    /// A slot holding a restored local's value, or empty (`#[derive(Deserialize)]` under `#[generator]`).
    #[cfg(feature = "serde")]
    #[inline]
    pub fn restored(value: Option<T>) -> Self {
        PinnedSlot { slot: value.map(|value| Place { value, _pinned: PhantomPinned }) }
    }

    /// A guard that empties the slot when it is dropped: it stands in the emitted code where the local's binding
    /// would, so the local is dropped in its place among the others when its scope ends, the body returns, or a
    /// panic unwinds it. Forgotten at a suspension point (the local stays).
    ///
    /// # Safety
    /// The slot must not move, and must outlive the guard; see [`SlotGuard`].
    #[inline]
    pub unsafe fn guard(&mut self) -> SlotGuard {
        SlotGuard::new(self)
    }
}

impl<T> Default for PinnedSlot<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Where a sub-generator lives while `yield_from!` delegates to it (or an awaited future, or a stream an async
/// generator delegates to): resumed in place, so it may be `!Unpin`. The slot itself is always `!Unpin`, like
/// [`PinnedSlot`], so reaching it asserts no uniqueness over a sub-generator that something points into; the
/// expansion implements `Unpin` for its slots struct exactly when every sub-generator is `Unpin`.
pub struct SubSlot<G> {
    generator: Option<G>,
    _pinned: PhantomPinned,
}

impl<G> SubSlot<G> {
    /// An empty slot: not delegating.
    #[inline]
    pub const fn new() -> Self {
        SubSlot { generator: None, _pinned: PhantomPinned }
    }

    /// The sub-generator, for a snapshot of the generator delegating to it (`#[derive(Serialize, Deserialize)]`).
    #[cfg(feature = "serde")]
    #[inline]
    pub fn saved(&self) -> Option<crate::snapshot::Saved<'_, G>> {
        self.generator.as_ref().map(crate::snapshot::Saved)
    }

    /// A slot holding a restored sub-generator, or empty.
    #[cfg(feature = "serde")]
    #[inline]
    pub fn restored(generator: Option<crate::snapshot::Restored<G>>) -> Self {
        SubSlot { generator: generator.map(|r| r.0), _pinned: PhantomPinned }
    }

    /// Starts delegating to `generator`.
    #[inline]
    pub fn start(&mut self, generator: G) {
        self.generator = Some(generator);
    }

    /// Resumes the sub-generator in place.
    ///
    /// # Safety
    /// The slot must not move from now until the sub-generator is dropped (by [`Self::clear`], [`Self::start`], or
    /// with the slot): the sub-generator is pinned in it.
    #[inline]
    pub unsafe fn resume<A>(&mut self, arg: A) -> GeneratorState<G::Yield, G::Return>
    where
        G: Generator<A>,
    {
        match &mut self.generator {
            // SAFETY: by the contract above, the sub-generator is never moved out of its slot: it is dropped in place.
            Some(generator) => unsafe { Pin::new_unchecked(generator) }.resume(arg),
            None => empty_slot(),
        }
    }

    /// The end of the delegation: drops the sub-generator in place.
    #[inline]
    pub fn clear(&mut self) {
        self.generator = None;
    }

    /// As [`PinnedSlot::guard`].
    ///
    /// # Safety
    /// As [`PinnedSlot::guard`].
    #[inline]
    pub unsafe fn guard(&mut self) -> SlotGuard {
        SlotGuard::new(self)
    }
}

/// A copy of a suspended sub-generator or awaited future, for a copy of the generator that delegates to it: a value
/// of its own, not pinned until the copy is.
impl<G: Clone> Clone for SubSlot<G> {
    #[inline]
    fn clone(&self) -> Self {
        SubSlot { generator: self.generator.clone(), _pinned: PhantomPinned }
    }
}

/// Empties a slot when dropped; see [`PinnedSlot::guard`].
///
/// It keeps a raw pointer, not a borrow, because the code between its creation and its drop uses the slot. The
/// slots are `!Unpin`, so the references that code makes to reach them assert no uniqueness and leave the pointer
/// valid.
pub struct SlotGuard {
    slot: *mut (),
    clear: unsafe fn(*mut ()),
}

impl SlotGuard {
    /// The guard of `slot`, with the clearing function monomorphised for `S`.
    #[inline]
    fn new<S: Clear>(slot: &mut S) -> Self {
        SlotGuard { slot: (slot as *mut S).cast(), clear: clear_fn::<S> }
    }
}

/// Clears the slot `slot` points to.
///
/// # Safety
/// `slot` must point to a live slot of type `S` whose `clear` this is.
unsafe fn clear_fn<S: Clear>(slot: *mut ()) {
    // SAFETY: by the contract above.
    unsafe { (*slot.cast::<S>()).clear_slot() }
}

/// A slot a [`SlotGuard`] can empty.
pub trait Clear {
    /// Drops what the slot holds.
    fn clear_slot(&mut self);
}

impl<T> Clear for PinnedSlot<T> {
    fn clear_slot(&mut self) {
        self.clear();
    }
}

impl<G> Clear for SubSlot<G> {
    fn clear_slot(&mut self) {
        self.clear();
    }
}

impl Drop for SlotGuard {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: `guard`'s contract: the slot is still where it was, and alive; the expansion forgets every guard
        // before the resume returns at a suspension point and drops each at most once.
        unsafe { (self.clear)(self.slot) }
    }
}

impl<F: Future> SubSlot<F> {
    /// Polls the awaited future in place, with the context of the current resume.
    ///
    /// # Safety
    /// As [`SubSlot::resume`]; and `cx` must be the context of the poll that is running now.
    #[inline]
    pub unsafe fn poll(&mut self, cx: Cx) -> Poll<F::Output> {
        match &mut self.generator {
            // SAFETY: as in `resume`: the future is pinned in its slot until dropped in place; `cx` is current.
            Some(future) => unsafe { Pin::new_unchecked(future).poll(cx.get()) },
            None => empty_slot(),
        }
    }
}

impl<St: futures_core::Stream> SubSlot<St> {
    /// Polls the stream an async generator delegates to, in place.
    ///
    /// # Safety
    /// As [`SubSlot::poll`].
    #[inline]
    pub unsafe fn poll_next(&mut self, cx: Cx) -> Poll<Option<St::Item>> {
        match &mut self.generator {
            // SAFETY: as in `poll`.
            Some(stream) => unsafe { Pin::new_unchecked(stream).poll_next(cx.get()) },
            None => empty_slot(),
        }
    }
}

impl<G> Default for SubSlot<G> {
    fn default() -> Self {
        Self::new()
    }
}

/// The task context of the poll that is resuming an `async` generator: the resume argument of its machine.
///
/// A raw pointer, because the context's lifetime is that one poll: the expansion re-reads it at every resume and
/// only uses it before the resume returns.
#[derive(Clone, Copy)]
pub struct Cx(core::ptr::NonNull<Context<'static>>);

// SAFETY: a `Cx` is only dereferenced during the poll that created it, on the thread running that poll; a stale
// copy held elsewhere is never dereferenced (every resume replaces it before any await polls).
unsafe impl Send for Cx {}
// SAFETY: as above; sharing a `Cx` gives no access to the context outside its poll.
unsafe impl Sync for Cx {}

impl Cx {
    #[inline]
    fn new(cx: &mut Context<'_>) -> Self {
        Cx(core::ptr::NonNull::from(cx).cast())
    }

    /// The context, for polling an awaited future during the current resume.
    ///
    /// # Safety
    /// `self` must come from the poll that is running now, and the returned reference must not outlive it.
    #[inline]
    unsafe fn get<'a>(self) -> &'a mut Context<'a> {
        // SAFETY: created from the `&mut Context` of the poll that is running now (see `Cx`), which outlives this
        // use; the expansion never keeps the returned reference past one poll of an awaited future.
        unsafe { &mut *self.0.as_ptr().cast::<Context<'a>>() }
    }
}

impl<S: crate::graph::StateIndex, Q: Slots, P: Slots + DropInOrder<S>, F, R> Future for Machine<S, Q, P, F>
where
    F: FnMut(&mut S, &mut Q, &mut P, Cx) -> GeneratorState<(), R>,
{
    type Output = R;

    /// Always inlined, as [`Machine::run`]: a future is polled from one place, its awaiting parent or executor.
    #[inline(always)]
    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        match self.run(Cx::new(cx)) {
            GeneratorState::Yielded(()) => Poll::Pending,
            GeneratorState::Complete(value) => Poll::Ready(value),
        }
    }
}

/// An async stream is fused: once it has ended, polling it again returns `None` again (as async-stream's streams do)
/// instead of panicking.
impl<S: crate::graph::StateIndex, Q: Slots, P: Slots + DropInOrder<S>, F, Y> futures_core::Stream for Machine<S, Q, P, F>
where
    F: FnMut(&mut S, &mut Q, &mut P, Cx) -> Poll<Option<Y>>,
{
    type Item = Y;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Y>> {
        // SAFETY: nothing is moved: only the state is read (a shared borrow of the state alone, not of the slots that
        // values in the state may borrow), and the machine is pinned again as it was.
        let this = unsafe { self.get_unchecked_mut() };
        if this.state.is_returned() {
            return Poll::Ready(None);
        }
        // SAFETY: `this` came from a `Pin<&mut Self>` just above.
        let this = unsafe { Pin::new_unchecked(this) };
        // An item, pending, or the end (with the last item a `?` handed out, if any: the next poll returns `None`).
        this.run(Cx::new(cx))
    }
}

impl<S: crate::graph::StateIndex, Q: Slots, P: Slots + DropInOrder<S>, F, Y> futures_core::FusedStream
    for Machine<S, Q, P, F>
where
    F: FnMut(&mut S, &mut Q, &mut P, Cx) -> Poll<Option<Y>>,
{
    #[inline]
    fn is_terminated(&self) -> bool {
        self.state.is_returned()
    }
}

/// Empties the slots when a resume unwinds.
struct ClearOnUnwind<'a, Q: Slots, P: Slots> {
    subs: &'a mut Q,
    pinned: &'a mut P,
    armed: bool,
}

impl<Q: Slots, P: Slots> Drop for ClearOnUnwind<'_, Q, P> {
    fn drop(&mut self) {
        if self.armed {
            self.subs.clear();
            self.pinned.clear();
        }
    }
}

/// The slots of one generator (a struct the expansion declares, or `()`): emptied when the body returns.
pub trait Slots {
    /// Drops whatever the slots still hold, latest declared first.
    fn clear(&mut self);
}

impl Slots for () {
    #[inline]
    fn clear(&mut self) {}
}

/// Drops a suspended generator's state and its pinned locals together, latest declared first (implemented by the
/// expansion's pinned slots; nothing to interleave without them).
pub trait DropInOrder<S> {
    /// Drops what `state` and `self` hold, in reverse declaration order.
    fn drop_in_order(&mut self, state: &mut S);
}

impl<S> DropInOrder<S> for () {
    #[inline]
    fn drop_in_order(&mut self, _: &mut S) {}
}

#[cold]
#[track_caller]
fn empty_slot() -> ! {
    panic!("internal error in a #[generator] expansion: a pinned local was used after it was moved or dropped")
}
