//! Writes the state machine: the `…State` enum (one variant per suspension point, plus `Start`, `Returned`,
//! `Poisoned`), the `…Block` enum (the dispatch loop's jump targets), and the resume closure.
//!
//! Input:  the blocks of [`Lowered`] and what each receives ([`Analysis`]).
//! Output: `enum CountdownState<T0, T1> { Start { n: T0 }, Yield0 { i: T1 }, Returned, Poisoned }` and
//!         `move |state, arg| { let mut block = match replace(state, Poisoned) { Start { n } => Start { n, arg }, … };
//!                              loop { match block { Start { n, arg } => …, While0 { i } => …, … } } }`
//!
//! A block entered from exactly one place is written inline at that place; the others become `…Block` variants.
//! Each variant holds one generic parameter per stored local, so rustc infers every type; the arms are written in
//! source order so that each local's type is fixed (at its first assignment) before any use. The loop starts from
//! the block variant named after the state, a constant: the optimiser goes from the state's discriminant straight to
//! the resume point's code, which writes a copy of the block it goes on to (a loop head, usually) in place of the
//! jump, so a resume reaches its next suspension without going round the loop. An `async` generator resumed at an
//! `.await` starts at the poll of the awaited future itself, not a copy of it (see [`Emitter::entry_block`]); the
//! code that starts an awaited future polls it in place when every way out of the poll leaves the resume.

//!
//! [`Emitter::emit`] puts the expansion together from small emitters: [`items`] writes the state enum, the block
//! enum, the slot structs and the start state; [`arms`] the dispatch loop and each arm's code; [`jumps`] the jumps
//! between blocks (and the copies of a jump target's code written in their place); [`access`] how the emitted code
//! reaches a local (a binding, or its pinned slot through a guard).

mod access;
mod arms;
mod items;
mod jumps;

use std::collections::HashMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Lifetime, Type};

use crate::analysis::Analysis;
use crate::lowered::{BlockId, BlockKind, Lowered, LocalId, Op, ScopeId, Storage};
use crate::mode::Returner;

/// A dispatch arm: its block, its code, and the blocks it jumps to.
type Arm = (BlockId, TokenStream, Vec<BlockId>);

/// A state the generator resumes from (`Start`, `Yield0`, …): its name, shared by the state enum and the block
/// enum, and the locals it holds.
struct Resumable {
    name: Ident,
    fields: Vec<LocalId>,
    /// The state's own block (the start, or the resume point).
    block: BlockId,
    /// The block the generator resumes at: `block`, or the one `block` only goes on to (see
    /// [`Emitter::entry_block`]).
    entry: BlockId,
}

impl Resumable {
    /// Whether the state has a block variant and an arm of its own (with the resume argument), or enters another's.
    fn own_arm(&self) -> bool {
        self.entry == self.block
    }
}

pub struct Names {
    pub state_enum: Ident,
    pub block_enum: Ident,
    pub subs_struct: Ident,
    pub pinned_struct: Ident,
    pub subs: Ident,
    pub pinned: Ident,
    pub state: Ident,
    pub arg: Ident,
    pub block: Ident,
    pub dispatch: Lifetime,
}

pub struct Output {
    /// The two enum definitions.
    pub items: TokenStream,
    /// The start state, built from the parameters.
    pub start: TokenStream,
    /// The empty slots of the sub-generators and of the pinned locals (`()` when there are none).
    pub subs: TokenStream,
    pub pinned: TokenStream,
    /// The resume closure.
    pub closure: TokenStream,
}

pub struct Emitter<'a> {
    lowered: &'a Lowered,
    an: &'a Analysis,
    names: &'a Names,
    returner: &'a Returner,
    labelled: Vec<bool>,
    variant: Vec<Ident>,
    field: Vec<Ident>,
    /// The declared yield type, when it can be written in the body.
    pub yield_ty: Option<Type>,
    /// The generator function's name.
    pub fn_name: String,
    /// The resume argument is the task context of an `async` generator: a `Copy` pointer that the arms read from
    /// the closure's parameter, so the block enum does not carry it (it then never goes through memory).
    pub arg_is_cx: bool,
    /// Whether the attribute declares the yield type (`yield = T`); without it, a generator yields `()`.
    pub yield_declared: bool,
    /// The parameters are a generator block's captures: dropped like a closure's (see `drop_order`).
    pub captures: bool,
    /// `#[derive(Clone)]`: the state enum and the slot structs are `Clone` (nothing borrows a slotted local).
    pub derive_clone: bool,
    /// `#[derive(Serialize, Deserialize)]`: the state enum derives them, the slot structs implement them, the state
    /// enum carries the fingerprint (nothing borrows a slotted local, nothing delegates).
    pub snapshot: Option<crate::args::SnapshotDerive>,
}

/// What writing one dispatch arm keeps track of, passed explicitly down the recursion that writes it (`arm` →
/// `arm_parts` → `region` → `let_op` / `term` → `branch` / `jump` → `copy_of` → `arm_parts`).
struct ArmCx<'n> {
    /// Locals bound under another name at the start of the block being written, to rename in its first `let`.
    renames: Vec<(String, syn::Expr)>,
    /// How many more jumps may be replaced by a copy of their target's code (see [`Emitter::jump`]): one within a
    /// resume point's arm, none elsewhere.
    copies: u8,
    /// The blocks the arm jumps to.
    jumps: Vec<BlockId>,
    /// Blocks never copied in place of a jump (decided by `make_arms`).
    not_copied: &'n [BlockId],
}

impl<'n> ArmCx<'n> {
    fn new(not_copied: &'n [BlockId]) -> Self {
        ArmCx { renames: Vec::new(), copies: 0, jumps: Vec::new(), not_copied }
    }
}

/// A Rust block being written: the scope it closes at its `}` (none for a branch's own braces) and its code.
struct Level {
    scope: Option<ScopeId>,
    code: TokenStream,
}

/// What the emitted code can reach at the current point: the identifier each local is bound under, and the pinned
/// locals that user code names (by name, innermost first), which it reaches through their slot.
#[derive(Clone, Default)]
struct Env {
    names: HashMap<LocalId, Ident>,
    pins: Vec<(String, LocalId)>,
    /// The guards of the slotted locals in scope: dropped where the local's scope ends (emptying its slot),
    /// forgotten at a suspension point.
    guards: Vec<(LocalId, Ident)>,
}

impl Env {
    fn get(&self, l: &LocalId) -> Option<&Ident> {
        self.names.get(l)
    }
    fn insert(&mut self, l: LocalId, name: Ident) {
        self.names.insert(l, name);
    }
    fn remove(&mut self, l: &LocalId) {
        self.names.remove(l);
        self.pins.retain(|(_, p)| p != l);
        self.guards.retain(|(g, _)| g != l);
    }

    /// `forget` for every guard: the locals stay in their slots across the suspension or jump.
    fn forget_guards(&self) -> TokenStream {
        let guards = self.guards.iter().map(|(_, g)| g);
        quote!(#(::core::mem::forget(#guards);)*)
    }
    fn iter(&self) -> impl Iterator<Item = (&LocalId, &Ident)> {
        self.names.iter()
    }
    /// A local named `name` comes into scope: the name now means it.
    fn declare(&mut self, name: String, l: LocalId, pinned: bool) {
        self.pins.retain(|(n, _)| *n != name);
        if pinned {
            self.pins.push((name, l));
        }
    }
}

impl<'a> Emitter<'a> {
    pub fn new(lowered: &'a Lowered, an: &'a Analysis, names: &'a Names, returner: &'a Returner) -> Self {
        let mut e = Emitter { lowered, an, names, returner, labelled: vec![false; lowered.blocks.len()], variant: Vec::new(), field: Vec::new(), yield_ty: None, fn_name: String::new(), arg_is_cx: false, yield_declared: true, captures: false, derive_clone: false, snapshot: None };
        e.name_fields();
        e.decide_labels();
        e
    }

    /// A local's field name: its own name, with a suffix where several locals share it.
    fn name_fields(&mut self) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for l in &self.lowered.locals {
            let name = l.ident.to_string();
            let k = seen.entry(name.clone()).or_insert(0);
            let f = if *k == 0 { l.ident.clone() } else { Ident::new(&format!("{name}_{k}"), l.ident.span()) };
            *k += 1;
            self.field.push(f);
        }
    }

    /// Which blocks get a `…Block` variant: the start, every resume point, and every block not written inline.
    fn decide_labels(&mut self) {
        let mut counter = 0;
        self.variant = Vec::with_capacity(self.lowered.blocks.len());
        for (b, block) in self.lowered.blocks.iter().enumerate() {
            let name = match block.kind {
                BlockKind::Start => format_ident!("Start"),
                BlockKind::Resume(k) => format_ident!("{}{}", self.lowered.points[k].kind.name(), k),
                BlockKind::Inner(kind) => {
                    let mut camel = crate::names::camel(kind);
                    camel.push_str(&counter.to_string());
                    counter += 1;
                    Ident::new(&camel, Span::call_site())
                }
            };
            self.variant.push(name);
            self.labelled[b] = self.an.reachable[b]
                && (!matches!(block.kind, BlockKind::Inner(_)) || self.an.preds[b] != 1);
        }
        // Blocks with one predecessor are inlined unless they re-bind a name whose older local must still be handed
        // on. (One that ends a scope it did not open re-binds that scope's locals: see `region`.)
        for b in 0..self.lowered.blocks.len() {
            if self.an.reachable[b] && !self.labelled[b] && (!self.shadow_ok(b) || self.lowered.must_label.contains(&b)) {
                self.labelled[b] = true;
            }
        }
    }

    /// The scopes `b` ends that it did not open (a loop's exit ends the scope of its iterator), outermost first.
    fn foreign_closes(&self, b: BlockId) -> Vec<ScopeId> {
        let mut opened: Vec<ScopeId> = Vec::new();
        let mut foreign = Vec::new();
        for op in &self.lowered.blocks[b].ops {
            match op {
                Op::Let { scope, .. } | Op::Open { scope } => opened.push(*scope),
                Op::Close { scope } if !opened.contains(scope) => foreign.push(*scope),
                _ => {}
            }
        }
        foreign.reverse();
        foreign
    }

    /// Inlining `b` must not hide a local under a name that later states still need to hand on.
    fn shadow_ok(&self, b: BlockId) -> bool {
        let block = &self.lowered.blocks[b];
        let mut new_names: Vec<String> = Vec::new();
        for op in &block.ops {
            match op {
                Op::Open { scope } => new_names.extend(self.lowered.scopes[*scope].locals.iter().map(|&l| self.lowered.locals[l].ident.to_string())),
                Op::Let { scope, .. } if block.kind == BlockKind::Inner("shadow") => {
                    new_names.extend(self.lowered.scopes[*scope].locals.iter().map(|&l| self.lowered.locals[l].ident.to_string()));
                    break;
                }
                _ => break,
            }
        }
        if new_names.is_empty() {
            return true;
        }
        let hidden_locals: Vec<LocalId> = block
            .entry_scopes
            .iter()
            .flat_map(|&s| self.lowered.scopes[s].locals.iter().copied())
            .filter(|&l| new_names.contains(&self.lowered.locals[l].ident.to_string()))
            .collect();
        if hidden_locals.is_empty() {
            return true;
        }
        // Is any of them stored at a block reachable from `b`?
        let mut seen = vec![false; self.lowered.blocks.len()];
        let mut stack = self.lowered.successors(b);
        while let Some(x) = stack.pop() {
            if seen[x] {
                continue;
            }
            seen[x] = true;
            if hidden_locals.iter().any(|l| self.an.stored[x].contains(l)) {
                return false;
            }
            stack.extend(self.lowered.successors(x));
        }
        true
    }

    /// Where resuming at `b` really starts: an `async` generator resumed at an `.await` goes straight back to the
    /// poll of the awaited future (the block `b` only jumps to, with what the state holds) instead of a copy of it,
    /// as a native `async fn` does: fewer places call the future's `poll`, and the optimiser inlines it more readily.
    /// (A sync generator's resume point receives the resume argument, and the start the parameters: their own.)
    fn entry_block(&self, b: BlockId) -> BlockId {
        let block = &self.lowered.blocks[b];
        let crate::lowered::Term::Goto(t) = block.term else { return b };
        let mut here = self.an.stored[b].clone();
        let mut there = self.an.stored[t].clone();
        here.sort_unstable();
        there.sort_unstable();
        let forwards = self.arg_is_cx
            && matches!(block.kind, BlockKind::Resume(_))
            && block.ops.is_empty()
            && matches!(self.lowered.blocks[t].kind, BlockKind::Inner(_))
            && self.labelled[t]
            && !matches!(self.lowered.blocks[t].ops.first(), Some(Op::Open { .. }))
            && here == there;
        if forwards { t } else { b }
    }

    fn state_variant(&self, k: usize) -> Ident {
        format_ident!("{}{}", self.lowered.points[k].kind.name(), k)
    }

    fn resume_block(&self, k: usize) -> BlockId {
        self.lowered.points[k].resume
    }

    /// The order in which `locals` (in declaration order) are dropped: the latest declared first when `reverse`,
    /// except a block's captures (`captures`), which go last and in capture order, as a closure drops its captures
    /// after the locals of its body.
    fn drop_order(&self, locals: &[LocalId], captures: &[LocalId], reverse: bool) -> Vec<LocalId> {
        let (caps, rest): (Vec<LocalId>, Vec<LocalId>) = locals.iter().partition(|l| captures.contains(l));
        let rest: Vec<LocalId> = if reverse { rest.into_iter().rev().collect() } else { rest };
        rest.into_iter().chain(caps).collect()
    }

    /// A parameter that goes into its slot when the generator is made, not at its first resume: the start state
    /// then does not hold it, so it is no larger than the other states because of it (a start state much larger than
    /// the others gives the state enum a tag hidden in a niche of that parameter, decoded through a jump table at
    /// every resume; issue 17). Not with a derive, whose checks name the start state's fields, nor for a block's
    /// captures.
    pub(super) fn slotted_at_start(&self, l: LocalId) -> bool {
        self.an.slotted[l] && self.used(l) && !self.derive_clone && self.snapshot.is_none() && !self.captures
    }

    /// The whole expansion: the items (enums, slot structs, state graph), the start state, the empty slots and the
    /// resume closure.
    pub fn emit(&self, all_params: &[LocalId], arg_ty: &Type, closure_ret: Option<&Type>) -> Output {
        // A parameter kept in a slot goes there when the generator is made; the start state holds the others.
        let (in_slots, params): (Vec<LocalId>, Vec<LocalId>) = all_params.iter().partition(|&&l| self.slotted_at_start(l));
        let params = &params[..];
        let (state_variants, state_params, resumable) = self.make_state_variants(params);
        let state_generics: Vec<Ident> = (0..state_params.len()).map(|i| format_ident!("T{}", i)).collect();
        let graph = self.make_graph(&state_generics);
        let arms = self.make_arms(&resumable);
        let enums = self.make_enums(&state_variants, &state_generics, &state_params, &resumable, &arms);
        let start = self.make_start(params);
        let (subs_def, subs) = self.make_slots(
            &|l| self.lowered.locals[l].storage == Storage::Sub && self.used(l),
            quote!(SubSlot),
            &self.names.subs_struct,
            &[],
        );
        let (pinned_def, pinned) =
            self.make_slots(&|l| self.an.slotted[l] && self.used(l), quote!(PinnedSlot), &self.names.pinned_struct, &in_slots);
        let drop_order = if pinned_def.is_empty() { TokenStream::new() } else { self.drop_in_order(params, &in_slots, &state_params) };
        let items = quote!(#enums #subs_def #pinned_def #drop_order #graph);
        let closure = self.make_closure(&arms, &resumable, arg_ty, closure_ret);
        Output { items, start, subs, pinned, closure }
    }
}
