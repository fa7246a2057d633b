//! The value a `#[generator]` function returns, and the storage it pins. The only module with `unsafe` code.
//!
//! A generator is a [`Machine`]: its state enum (`S`, moved in and out at every resume), the generators it is
//! delegating to (`Q`) and the locals that something it holds borrows (`P`), and the resume closure. `Q` and `P` are
//! structurally pinned: once the machine is pinned, what they hold never moves until it is dropped in place. That is
//! what makes a borrow of a local held across a suspension point sound (rustc's `static` coroutines rely on the same
//! contract), and what lets a `!Unpin` sub-generator be resumed in place.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::{Generator, GeneratorState};

/// A generator built by `#[generator]`. Dropped in field order: the sub-generators first (the innermost generator is
/// finalised first, as in PEP 380), then the state's locals (latest declared first), then the pinned locals (after
/// everything that may borrow them).
pub struct Machine<S, Q: Slots, P: Slots + DropInOrder<S>, F> {
    subs: Q,
    state: S,
    pinned: P,
    resume: F,
}

/// A dropped generator drops its sub-generators first, then its state's locals and its pinned locals together, in
/// reverse declaration order (the expansion's `DropInOrder`).
impl<S, Q: Slots, P: Slots + DropInOrder<S>, F> Drop for Machine<S, Q, P, F> {
    fn drop(&mut self) {
        self.subs.clear();
        self.pinned.drop_in_order(&mut self.state);
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
    Machine { subs, state, pinned, resume }
}

// `state` and `resume` are not structurally pinned (the closure moves the state's values in and out); `subs` and
// `pinned` are, so the machine may move only when what they hold may.
impl<S, Q: Slots + Unpin, P: Slots + DropInOrder<S> + Unpin, F> Unpin for Machine<S, Q, P, F> {}

impl<S, Q: Slots, P: Slots + DropInOrder<S>, F, A, Y, R> Generator<A> for Machine<S, Q, P, F>
where
    F: FnMut(&mut S, &mut Q, &mut P, A) -> GeneratorState<Y, R>,
{
    type Yield = Y;
    type Return = R;

    #[inline]
    fn resume(self: Pin<&mut Self>, arg: A) -> GeneratorState<Y, R> {
        // SAFETY: nothing here moves out of the pinned machine. `subs` and `pinned` are handed to the closure as
        // `&mut`, but they hold only `SubSlot`s and `PinnedSlot`s, whose methods never move a value they hold (they
        // fill an empty slot, drop in place, or move out a value nothing borrows any more); the expansion never
        // replaces or swaps a slot as a whole.
        let this = unsafe { self.get_unchecked_mut() };
        // If the body panics, the locals in its frame are dropped as the panic unwinds it, and then (by this guard)
        // the slotted ones: the generator is poisoned and every live local dropped exactly once.
        let mut slots = ClearOnUnwind { subs: &mut this.subs, pinned: &mut this.pinned, armed: true };
        let out = (this.resume)(&mut this.state, slots.subs, slots.pinned, arg);
        slots.armed = false;
        if let GeneratorState::Complete(_) = out {
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
/// pinned generator, from its declaration to the end of its scope (the expansion's slots struct then holds a
/// `PhantomPinned`, so the generator is `!Unpin`). Also where a local moved on some paths only lives: an empty slot
/// is its drop flag.
///
/// The expansion reaches the local through a reference whose lifetime is detached from the slot (borrows of it are
/// then stored in the state). That is sound because (1) the slot never moves while the generator is pinned, (2) the
/// expansion drops every borrower before the slot (scopes end innermost first; a dropped generator drops its state
/// before its pinned locals), and (3) rustc borrow-checks the function body as the user wrote it, in a never-called
/// copy the expansion emits beside the machine, so a move, reassignment or drop of the local while a borrow of it is
/// alive is rejected on the user's own line.
pub struct PinnedSlot<T> {
    value: Option<T>,
}

impl<T> PinnedSlot<T> {
    /// An empty slot: the local is not declared yet.
    #[inline]
    pub const fn new() -> Self {
        PinnedSlot { value: None }
    }

    /// Stores the local's value (its declaration).
    #[inline]
    pub fn put(&mut self, value: T) {
        self.value = Some(value);
    }

    /// The local, for one use of it in the user's code.
    #[inline]
    pub fn get<'b>(&mut self) -> &'b mut T {
        match &mut self.value {
            // SAFETY: see the type's documentation: the slot does not move while the generator is pinned, every
            // borrower is dropped before the value, and the original body's borrow check guarantees no conflicting
            // use of the local while a borrow of it is alive.
            Some(value) => unsafe { &mut *(value as *mut T) },
            None => empty_slot(),
        }
    }

    /// Moves the local out (a move in the user's code, after every borrow of it has ended).
    #[inline]
    pub fn take(&mut self) -> T {
        match self.value.take() {
            Some(value) => value,
            None => empty_slot(),
        }
    }

    /// The end of the local's scope: drops it in place, if it was not moved out.
    #[inline]
    pub fn clear(&mut self) {
        self.value = None;
    }

    /// A guard that empties the slot when it is dropped: it stands in the emitted code where the local's binding
    /// would, so the local is dropped in its place among the others when its scope ends, the body returns, or a
    /// panic unwinds it. Forgotten at a suspension point (the local stays).
    #[inline]
    pub fn guard(&mut self) -> SlotGuard {
        SlotGuard::new(self)
    }
}

impl<T> Default for PinnedSlot<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Where a sub-generator lives while `yield_from!` delegates to it: resumed in place, so it may be `!Unpin`. The
/// slot is `Unpin` exactly when the sub-generator is.
pub struct SubSlot<G> {
    generator: Option<G>,
}

impl<G> SubSlot<G> {
    /// An empty slot: not delegating.
    #[inline]
    pub const fn new() -> Self {
        SubSlot { generator: None }
    }

    /// Starts delegating to `generator`.
    #[inline]
    pub fn start(&mut self, generator: G) {
        self.generator = Some(generator);
    }

    /// Resumes the sub-generator in place.
    #[inline]
    pub fn resume<A>(&mut self, arg: A) -> GeneratorState<G::Yield, G::Return>
    where
        G: Generator<A>,
    {
        match &mut self.generator {
            // SAFETY: the slot lives in the pinned part of a pinned generator, and the sub-generator is never moved
            // out of it: it is dropped in place by `clear` (or with the generator).
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
    #[inline]
    pub fn guard(&mut self) -> SlotGuard {
        SlotGuard::new(self)
    }
}

/// Empties a slot when dropped; see [`PinnedSlot::guard`].
pub struct SlotGuard {
    slot: *mut (),
    clear: unsafe fn(*mut ()),
}

impl SlotGuard {
    /// The guard keeps no borrow of the slot (the code between its creation and its drop uses the slot): it keeps
    /// a pointer, and the clearing function monomorphised for `S`.
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
        // SAFETY: a guard is made from a slot of the machine being resumed and lives within that resume, so the slot
        // (pinned, in the machine) outlives it; the expansion forgets every guard before the resume returns at a
        // suspension point and drops each at most once.
        unsafe { (self.clear)(self.slot) }
    }
}

impl<F: Future> SubSlot<F> {
    /// Polls the awaited future in place, with the context of the current resume.
    #[inline]
    pub fn poll(&mut self, cx: Cx) -> Poll<F::Output> {
        match &mut self.generator {
            // SAFETY: as in `resume`: the future lives in the pinned part of a pinned generator until dropped in place.
            Some(future) => unsafe { Pin::new_unchecked(future) }.poll(cx.get()),
            None => empty_slot(),
        }
    }
}

impl<St: futures_core::Stream> SubSlot<St> {
    /// Polls the stream an async generator delegates to, in place.
    #[inline]
    pub fn poll_next(&mut self, cx: Cx) -> Poll<Option<St::Item>> {
        match &mut self.generator {
            // SAFETY: as in `resume`: the stream lives in the pinned part of a pinned generator until dropped in place.
            Some(stream) => unsafe { Pin::new_unchecked(stream) }.poll_next(cx.get()),
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
    #[inline]
    pub fn get<'a>(self) -> &'a mut Context<'a> {
        // SAFETY: created from the `&mut Context` of the poll that is running now (see `Cx`), which outlives this
        // use; the expansion never keeps the returned reference past one poll of an awaited future.
        unsafe { &mut *self.0.as_ptr().cast::<Context<'a>>() }
    }
}

impl<S, Q: Slots, P: Slots + DropInOrder<S>, F, R> Future for Machine<S, Q, P, F>
where
    F: FnMut(&mut S, &mut Q, &mut P, Cx) -> GeneratorState<(), R>,
{
    type Output = R;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        match self.resume(Cx::new(cx)) {
            GeneratorState::Yielded(()) => Poll::Pending,
            GeneratorState::Complete(value) => Poll::Ready(value),
        }
    }
}

impl<S, Q: Slots, P: Slots + DropInOrder<S>, F, Y> futures_core::Stream for Machine<S, Q, P, F>
where
    F: FnMut(&mut S, &mut Q, &mut P, Cx) -> GeneratorState<Poll<Y>, ()>,
{
    type Item = Y;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Y>> {
        match self.resume(Cx::new(cx)) {
            GeneratorState::Yielded(Poll::Pending) => Poll::Pending,
            GeneratorState::Yielded(Poll::Ready(item)) => Poll::Ready(Some(item)),
            GeneratorState::Complete(()) => Poll::Ready(None),
        }
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
