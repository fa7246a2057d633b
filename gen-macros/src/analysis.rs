//! Which locals each block receives from the block before it, and so which values each state stores.
//!
//! A local in scope at a block's entry is stored when it is initialised on every path there, and either used later
//! or not possibly moved out before (a local that was never moved must be kept so that it is dropped where its scope
//! ends, as in plain Rust). Named passes over [`Lowered`], run in order by [`analyze`]: [`reachability`],
//! [`initialised`] (forward dataflow: definitely assigned, possibly moved, moved on every path; one transfer function,
//! [`initialised_after`]), [`liveness`] (backward; one transfer function, [`live_before`], also behind
//! [`Analysis::live_after`]), [`held`] (what each block receives), [`borrowed_across_suspensions`] (what must keep
//! its address) and [`slotted`] (what lives in a slot rather than in the state).
//!
//! Input:  the blocks of `lengths(text)`: `let n = text.len(); for w in text.split(' ') { yield_!(w.len() + n) }`
//! Output: `Yield0` stores `n` and the iterator; `text` is borrowed across the suspension: slotted, `!Unpin`

use crate::lowered::{BlockId, BlockKind, Lowered, Facts, LocalId, Op, ScopeId, Storage, Term};

pub struct Analysis {
    pub reachable: Vec<bool>,
    /// How many edges lead into each block.
    pub preds: Vec<usize>,
    /// The locals each block receives in its state variant, in declaration order (slotted locals and
    /// sub-generators stay in their slots instead; the start block receives every parameter, though the emitter puts
    /// a slotted one in its slot when the generator is made: `Emitter::slotted_at_start`).
    pub stored: Vec<Vec<LocalId>>,
    /// Locals kept in a slot of the generator's pinned part (see [`slotted`]): those that something held across a
    /// suspension point may borrow, those moved on some paths only (the slot is their drop flag), large arrays.
    pub slotted: Vec<bool>,
    /// The slotted locals that something may borrow: their address must not change (the generator is `!Unpin`).
    pub self_borrowed: Vec<bool>,
    /// The locals held across a suspension point that may hold a borrow of one of `self_borrowed`: what the derives
    /// check, on their types (`HoldsNoBorrow` for `Clone`, `HoldsNoMutBorrow` for a snapshot; see
    /// `Emitter::derive_checked`).
    pub may_borrow: Vec<bool>,
    live_in: Vec<Set>,
    /// The locals assigned nowhere but where they are declared: once dead, such a local is only ever dropped, so it
    /// may travel as `dead!(x)` (see [`Analysis::only_dropped`]).
    pub never_reassigned: Vec<bool>,
    /// The scopes in scope at each block's entry, its leading `Open`s included.
    pub entry_scopes: Vec<Vec<ScopeId>>,
}

type Set = Vec<bool>;

fn union(a: &mut Set, b: &Set) -> bool {
    let mut changed = false;
    for (x, y) in a.iter_mut().zip(b) {
        if *y && !*x {
            *x = true;
            changed = true;
        }
    }
    changed
}

fn intersect(a: &mut Set, b: &Set) -> bool {
    let mut changed = false;
    for (x, y) in a.iter_mut().zip(b) {
        if *x && !*y {
            *x = false;
            changed = true;
        }
    }
    changed
}

/// Forward state: (definitely assigned, possibly moved).
#[derive(Clone, PartialEq)]
struct Fwd {
    assigned: Set,
    moved: Set,
    /// Moved on every path.
    moved_all: Set,
    /// Possibly moved by a move the syntax shows (not one only guessed from a macro's tokens).
    moved_visibly: Set,
}

fn apply_facts(state: &mut Fwd, f: &Facts) {
    for &l in &f.moves {
        state.moved[l] = true;
        state.moved_all[l] = true;
    }
    for &l in &f.maybe_moves {
        state.moved[l] = true;
    }
    for &l in f.moves.iter().chain(&f.maybe_moves) {
        if !f.guessed_moves.contains(&l) {
            state.moved_visibly[l] = true;
        }
    }
    for &l in &f.assigns {
        state.assigned[l] = true;
        state.moved[l] = false;
        state.moved_all[l] = false;
        state.moved_visibly[l] = false;
    }
    // Re-initialised on some paths only: not definitely assigned, still possibly moved, not moved on every path.
    for &l in &f.maybe_assigns {
        state.moved_all[l] = false;
    }
}

/// The analysis of a body: its named passes in order, each over the results of the ones before.
pub fn analyze(lowered: &Lowered) -> Analysis {
    let (reachable, preds) = reachability(lowered);
    let entry_scopes = entry_scopes(lowered);
    let entry = initialised(lowered);
    let live_in = liveness(lowered, &reachable);
    let held = held(lowered, &reachable, &entry, &live_in);
    let flagged = drop_flagged(lowered, &reachable, &entry, &live_in);
    let (self_borrowed, may_borrow) = borrowed_across_suspensions(lowered, &reachable, &held, &flagged);
    let slotted = slotted(lowered, &reachable, &held, &flagged, &self_borrowed);
    let stored = held
        .iter()
        .enumerate()
        .map(|(b, h)| {
            if lowered.blocks[b].kind == BlockKind::Start {
                return h.clone();
            }
            h.iter().copied().filter(|&l| !slotted[l] && lowered.locals[l].storage == Storage::Plain).collect()
        })
        .collect();
    let never_reassigned = never_reassigned(lowered);
    Analysis { reachable, preds, stored, slotted, self_borrowed, may_borrow, live_in, never_reassigned, entry_scopes }
}

/// The locals that no code assigns but their own declaration (`let x = …`, a pattern's binding, a parameter).
fn never_reassigned(lowered: &Lowered) -> Vec<bool> {
    let mut never = vec![true; lowered.locals.len()];
    let mut mark = |f: &Facts, declared: &[LocalId]| {
        for &l in f.assigns.iter().chain(&f.maybe_assigns) {
            if !declared.contains(&l) {
                never[l] = false;
            }
        }
    };
    for block in &lowered.blocks {
        for op in &block.ops {
            match op {
                Op::Stmt { facts, .. } => mark(facts, &[]),
                Op::Let { facts, scope, .. } => mark(facts, &lowered.scopes[*scope].locals),
                Op::Open { .. } | Op::Close { .. } => {}
            }
        }
        mark(&block.term_facts, &[]);
    }
    never
}

/// Which blocks the start reaches, and how many reachable edges lead into each block.
fn reachability(lowered: &Lowered) -> (Vec<bool>, Vec<usize>) {
    let n = lowered.blocks.len();
    let mut reachable = vec![false; n];
    let mut stack = vec![0];
    while let Some(b) = stack.pop() {
        if reachable[b] {
            continue;
        }
        reachable[b] = true;
        stack.extend(lowered.successors(b));
    }
    let mut preds = vec![0; n];
    for (b, _) in reachable.iter().enumerate().filter(|(_, r)| **r) {
        for s in lowered.successors(b) {
            preds[s] += 1;
        }
    }
    (reachable, preds)
}

/// The scopes in scope at each block's entry, its leading `Open`s included.
fn entry_scopes(lowered: &Lowered) -> Vec<Vec<ScopeId>> {
    lowered.blocks
        .iter()
        .map(|b| {
            let mut s = b.entry_scopes.clone();
            for op in &b.ops {
                match op {
                    Op::Open { scope } => s.push(*scope),
                    _ => break,
                }
            }
            s
        })
        .collect()
}

/// The forward transfer function over one op: a `let` and the closing of a scope end what its locals held, the
/// opening of a scope (a pattern bound by the edge into the block) initialises them.
fn initialised_after(lowered: &Lowered, state: &mut Fwd, op: &Op) {
    let reset = |state: &mut Fwd, scope: ScopeId, assigned: bool| {
        for &l in &lowered.scopes[scope].locals {
            state.assigned[l] = assigned;
            state.moved[l] = false;
            state.moved_all[l] = false;
            state.moved_visibly[l] = false;
        }
    };
    match op {
        Op::Stmt { facts, .. } => apply_facts(state, facts),
        Op::Let { facts, scope, .. } => {
            reset(state, *scope, false);
            apply_facts(state, facts);
        }
        Op::Open { scope } => reset(state, *scope, true),
        Op::Close { scope } => reset(state, *scope, false),
    }
}

/// Forward dataflow: at each block's entry, which locals are definitely assigned, possibly moved, moved on every
/// path (`None` for a block nothing reaches).
fn initialised(lowered: &Lowered) -> Vec<Option<Fwd>> {
    let (n, nl) = (lowered.blocks.len(), lowered.locals.len());
    let mut entry: Vec<Option<Fwd>> = vec![None; n];
    entry[0] = Some(Fwd {
        assigned: vec![false; nl],
        moved: vec![false; nl],
        moved_all: vec![false; nl],
        moved_visibly: vec![false; nl],
    });
    let mut work: Vec<BlockId> = vec![0];
    let merge = |slot: &mut Option<Fwd>, incoming: &Fwd| -> bool {
        match slot {
            None => {
                *slot = Some(incoming.clone());
                true
            }
            Some(cur) => {
                let a = intersect(&mut cur.assigned, &incoming.assigned);
                let m = union(&mut cur.moved, &incoming.moved);
                let all = intersect(&mut cur.moved_all, &incoming.moved_all);
                let visibly = union(&mut cur.moved_visibly, &incoming.moved_visibly);
                a || m || all || visibly
            }
        }
    };
    while let Some(b) = work.pop() {
        let mut state = entry[b].clone().expect("a block on the worklist has an entry state");
        let block = &lowered.blocks[b];
        for op in &block.ops {
            initialised_after(lowered, &mut state, op);
        }
        let term_moves =
            Facts {
                moves: block.term_facts.moves.clone(),
                maybe_moves: block.term_facts.maybe_moves.clone(),
                guessed_moves: block.term_facts.guessed_moves.clone(),
                ..Facts::default()
            };
        apply_facts(&mut state, &term_moves);
        for s in term_targets(&block.term) {
            if merge(&mut entry[s], &state) {
                work.push(s);
            }
        }
    }
    entry
}

/// The backward transfer function of liveness over one op: from what is live after `op`, what is live before it.
/// An assignment, a `let` and the opening or closing of a scope end what their locals held.
fn live_before(lowered: &Lowered, live: &mut Set, op: &Op) {
    match op {
        Op::Stmt { facts, .. } | Op::Let { facts, .. } => {
            for &l in &facts.assigns {
                live[l] = false;
            }
            gen_facts(live, facts);
            if let Op::Let { scope, .. } = op {
                for &l in &lowered.scopes[*scope].locals {
                    live[l] = false;
                }
            }
        }
        Op::Open { scope } | Op::Close { scope } => {
            for &l in &lowered.scopes[*scope].locals {
                live[l] = false;
            }
        }
    }
}

/// Backward dataflow: the locals live at each block's entry (used later on some path before being reassigned).
fn liveness(lowered: &Lowered, reachable: &[bool]) -> Vec<Set> {
    let (n, nl) = (lowered.blocks.len(), lowered.locals.len());
    let mut live_in: Vec<Set> = vec![vec![false; nl]; n];
    loop {
        let mut changed = false;
        for b in (0..n).rev() {
            if !reachable[b] {
                continue;
            }
            let block = &lowered.blocks[b];
            let mut live = vec![false; nl];
            for s in term_targets(&block.term) {
                union(&mut live, &live_in[s]);
            }
            gen_facts(&mut live, &block.term_facts);
            for op in block.ops.iter().rev() {
                live_before(lowered, &mut live, op);
            }
            if live != live_in[b] {
                live_in[b] = live;
                changed = true;
            }
        }
        if !changed {
            return live_in;
        }
    }
}

/// What each block receives from the one before it, in declaration order: the locals in scope, initialised on every
/// path, and either used later or never moved (kept so that it is dropped where its scope ends); the locals a match
/// arm's pattern binds arrive with the edge.
fn held(lowered: &Lowered, reachable: &[bool], entry: &[Option<Fwd>], live_in: &[Set]) -> Vec<Vec<LocalId>> {
    let mut held = vec![Vec::new(); lowered.blocks.len()];
    for (b, state) in entry.iter().enumerate() {
        let Some(state) = state.as_ref().filter(|_| reachable[b]) else { continue };
        let mut out = Vec::new();
        for &s in &lowered.blocks[b].entry_scopes {
            for &l in &lowered.scopes[s].locals {
                if state.assigned[l] && (live_in[b][l] || !state.moved[l]) {
                    out.push(l);
                }
            }
        }
        for op in &lowered.blocks[b].ops {
            match op {
                Op::Open { scope } => out.extend(lowered.scopes[*scope].locals.iter().copied()),
                _ => break,
            }
        }
        out.sort_unstable();
        held[b] = out;
    }
    held
}

/// The locals that a value held across a suspension point may borrow: directly (`it = text.iter()`) or through
/// values that carry such a borrow (`words = text.split(' '); it = words.into_iter()`); and values pinned by `pin!`.
/// Their address must not change: each is kept in a slot, and the generator is `!Unpin`. Second: the held locals
/// that may hold such a borrow.
fn borrowed_across_suspensions(lowered: &Lowered, reachable: &[bool], held: &[Vec<LocalId>], flagged: &[Vec<LocalId>]) -> (Vec<bool>, Vec<bool>) {
    let nl = lowered.locals.len();
    let mut defs: Vec<(&Facts, Vec<LocalId>)> = Vec::new();
    for (b, block) in lowered.blocks.iter().enumerate() {
        if !reachable[b] {
            continue;
        }
        for op in &block.ops {
            if let Op::Stmt { facts, .. } | Op::Let { facts, .. } = op {
                defs.push((facts, facts.assigns.iter().chain(&facts.maybe_assigns).copied().collect()));
            }
        }
        if let Term::Match { arms, .. } = &block.term {
            let bound: Vec<LocalId> = arms
                .iter()
                .flat_map(|a| match lowered.blocks[a.target].ops.first() {
                    Some(Op::Open { scope }) => lowered.scopes[*scope].locals.clone(),
                    _ => Vec::new(),
                })
                .collect();
            defs.push((&block.term_facts, bound));
        }
    }
    // carries[d][l]: `d` may hold a borrow of `l`.
    let mut carries: Vec<Set> = vec![vec![false; nl]; nl];
    loop {
        let mut changed = false;
        for (facts, defined) in &defs {
            let mut incoming = vec![false; nl];
            for &l in &facts.borrows {
                incoming[l] = true;
            }
            for &x in facts.moves.iter().chain(&facts.maybe_moves).chain(&facts.borrows) {
                let c = carries[x].clone();
                union(&mut incoming, &c);
            }
            for &d in defined {
                if lowered.locals[d].owned {
                    continue;
                }
                for &x in defined {
                    incoming[x] = false;
                }
                changed |= union(&mut carries[d], &incoming);
            }
        }
        if !changed {
            break;
        }
    }
    let mut borrowed = vec![false; nl];
    let mut borrowers = vec![false; nl];
    for (_, h) in held.iter().enumerate().filter(|(b, _)| reachable[*b]) {
        for &d in h {
            for (l, &c) in carries[d].iter().enumerate() {
                borrowed[l] |= c;
                borrowers[d] |= c;
            }
            // A value pinned by `pin!` must never move again: held across a suspension point, it lives in a slot.
            borrowed[d] |= lowered.locals[d].pinned_value;
        }
    }
    // A local kept in its own slot as its drop flag (moved on some paths only) is held across a suspension point
    // there too, with what it borrows (`let r = &temp; if c { drop(r) } yield_!()`: `temp` must stay put).
    for (b, f) in flagged.iter().enumerate() {
        if reachable[b] && matches!(lowered.blocks[b].kind, BlockKind::Resume(_)) {
            for &d in f {
                for (l, &c) in carries[d].iter().enumerate() {
                    borrowed[l] |= c;
                    borrowers[d] |= c;
                }
            }
        }
    }
    (borrowed, borrowers)
}

/// The locals kept in a slot of the generator's pinned part rather than in the state: those borrowed across a
/// suspension point, those moved on some paths only (the slot's emptiness is their drop flag), and large arrays
/// (kept in place rather than moved at every resume). Sub-generators have slots of their own.
fn slotted(lowered: &Lowered, reachable: &[bool], held: &[Vec<LocalId>], flagged: &[Vec<LocalId>], borrowed: &[bool]) -> Vec<bool> {
    let mut slotted = borrowed.to_vec();
    for &l in flagged.iter().flatten() {
        slotted[l] = true;
    }
    for (_, h) in held.iter().enumerate().filter(|(b, _)| reachable[*b]) {
        for &l in h {
            if lowered.locals[l].large {
                slotted[l] = true;
            }
        }
    }
    for (l, local) in lowered.locals.iter().enumerate() {
        if local.storage == Storage::Sub {
            slotted[l] = false;
        }
    }
    slotted
}

/// At each block's entry, the locals in scope that are moved on some paths only and may have a destructor: each is
/// kept in a slot, whose emptiness is its drop flag.
fn drop_flagged(lowered: &Lowered, reachable: &[bool], entry: &[Option<Fwd>], live_in: &[Set]) -> Vec<Vec<LocalId>> {
    let nl = lowered.locals.len();
    // A local used again where it may already have been moved (a value yielded in every iteration of a loop) is
    // `Copy`, or the body would not compile: it needs no drop flag. Only a move the syntax shows proves it: a name
    // among a macro's tokens may be no move at all (`pin!(make(x.v()))`).
    let mut copy_proven = vec![false; nl];
    for (b, state) in entry.iter().enumerate() {
        if let Some(state) = state.as_ref().filter(|_| reachable[b]) {
            for l in 0..nl {
                copy_proven[l] |= state.moved_visibly[l] && live_in[b][l];
            }
        }
    }
    let mut flagged = vec![Vec::new(); lowered.blocks.len()];
    for (b, state) in entry.iter().enumerate() {
        let Some(state) = state.as_ref().filter(|_| reachable[b]) else { continue };
        for &s in &lowered.blocks[b].entry_scopes {
            for &l in &lowered.scopes[s].locals {
                let moved_on_some_paths = state.assigned[l] && state.moved[l] && !state.moved_all[l];
                if moved_on_some_paths && !live_in[b][l] && !lowered.locals[l].copy_like && !copy_proven[l] {
                    flagged[b].push(l);
                }
            }
        }
    }
    flagged
}

impl Analysis {
    /// Whether the local `l`, which block `b` receives, is there only to be dropped where its scope ends: no code
    /// from `b` on reads, borrows, moves or assigns it. Its value may then travel as `dead!(x)`, which keeps it for
    /// its drop unless it is `Copy` (then it has no drop, and rustc's coroutines do not keep it either).
    pub fn only_dropped(&self, b: BlockId, l: LocalId) -> bool {
        !self.live_in[b][l] && self.never_reassigned[l]
    }

    /// The locals live after op `i` of block `b` (`i == ops.len()`: after the terminator).
    pub fn live_after(&self, lowered: &Lowered, b: BlockId, i: usize) -> Vec<bool> {
        let block = &lowered.blocks[b];
        let mut live = vec![false; lowered.locals.len()];
        for s in term_targets(&block.term) {
            union(&mut live, &self.live_in[s]);
        }
        if i >= block.ops.len() {
            // The terminator itself: a `match`'s guards run after its scrutinee.
            for &l in &block.term_facts.guard_reads {
                live[l] = true;
            }
            return live;
        }
        gen_facts(&mut live, &block.term_facts);
        for op in block.ops[i + 1..].iter().rev() {
            live_before(lowered, &mut live, op);
        }
        live
    }
}

fn gen_facts(live: &mut Set, f: &Facts) {
    for &l in f.reads.iter().chain(&f.borrows).chain(&f.moves).chain(&f.maybe_moves).chain(&f.guard_reads) {
        live[l] = true;
    }
}

fn term_targets(t: &Term) -> Vec<BlockId> {
    match t {
        Term::Goto(b) => vec![*b],
        Term::If { then, els, .. } => vec![*then, *els],
        Term::Match { arms, .. } => arms.iter().map(|a| a.target).collect(),
        Term::Yield { resume, .. } => vec![*resume],
        Term::Return(_) | Term::Unreachable => Vec::new(),
    }
}
