//! Which locals each block receives from the block before it, and so which values each state stores.
//!
//! A local in scope at a block's entry is stored when it is initialised on every path there, and either used later
//! or not possibly moved out before (a local that was never moved must be kept so that it is dropped where its scope
//! ends, as in plain Rust). Three dataflow passes over [`Cfg`]: definitely assigned (forward, must), possibly
//! moved (forward, may), live (backward).

use crate::cfg::{BlockId, BlockKind, Cfg, Facts, LocalId, Op, ScopeId, Storage, Term};

pub struct Analysis {
    pub reachable: Vec<bool>,
    /// How many edges lead into each block.
    pub preds: Vec<usize>,
    /// The locals each block receives in its state variant, in declaration order (pinned locals and
    /// sub-generators stay in their slots instead; the start state holds every parameter).
    pub stored: Vec<Vec<LocalId>>,
    /// Locals kept in a slot of the pinned part of the generator: those that something held across a suspension
    /// point may borrow, and those moved on some paths only (the slot is their drop flag).
    pub pinned: Vec<bool>,
    /// The slotted locals that something may borrow: their address must not change (the generator is `!Unpin`).
    pub self_borrowed: Vec<bool>,
    live_in: Vec<Set>,
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
}

fn apply_facts(state: &mut Fwd, f: &Facts) {
    for &l in &f.moves {
        state.moved[l] = true;
        state.moved_all[l] = true;
    }
    for &l in &f.maybe_moves {
        state.moved[l] = true;
    }
    for &l in &f.assigns {
        state.assigned[l] = true;
        state.moved[l] = false;
        state.moved_all[l] = false;
    }
    // Re-initialised on some paths only: not definitely assigned, still possibly moved, not moved on every path.
    for &l in &f.maybe_assigns {
        state.moved_all[l] = false;
    }
}

pub fn analyze(cfg: &Cfg) -> Analysis {
    let n = cfg.blocks.len();
    let nl = cfg.locals.len();

    let mut reachable = vec![false; n];
    let mut stack = vec![0];
    while let Some(b) = stack.pop() {
        if reachable[b] {
            continue;
        }
        reachable[b] = true;
        stack.extend(cfg.successors(b));
    }
    let mut preds = vec![0; n];
    for (b, _) in reachable.iter().enumerate().filter(|(_, r)| **r) {
        for s in cfg.successors(b) {
            preds[s] += 1;
        }
    }

    let entry_scopes: Vec<Vec<ScopeId>> = cfg
        .blocks
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
        .collect();

    // ----- forward: definitely assigned / possibly moved ---------------------------------------------------------------
    let mut entry: Vec<Option<Fwd>> = vec![None; n];
    entry[0] = Some(Fwd { assigned: vec![false; nl], moved: vec![false; nl], moved_all: vec![false; nl] });
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
                a || m || all
            }
        }
    };
    while let Some(b) = work.pop() {
        let mut state = entry[b].clone().expect("a block on the worklist has an entry state");
        let block = &cfg.blocks[b];
        let mut edges: Vec<(BlockId, Fwd)> = Vec::new();
        for op in &block.ops {
            match op {
                Op::Stmt { facts, .. } | Op::Let { facts, .. } => {
                    if let Op::Let { scope, .. } = op {
                        for &l in &cfg.scopes[*scope].locals {
                            state.assigned[l] = false;
                            state.moved[l] = false;
                            state.moved_all[l] = false;
                        }
                    }
                    apply_facts(&mut state, facts);
                }
                Op::Open { scope } => {
                    for &l in &cfg.scopes[*scope].locals {
                        state.assigned[l] = true;
                        state.moved[l] = false;
                        state.moved_all[l] = false;
                    }
                }
                Op::Close { scope } => {
                    for &l in &cfg.scopes[*scope].locals {
                        state.assigned[l] = false;
                        state.moved[l] = false;
                        state.moved_all[l] = false;
                    }
                }
            }
        }
        apply_facts(&mut state, &Facts { moves: block.term_facts.moves.clone(), maybe_moves: block.term_facts.maybe_moves.clone(), ..Facts::default() });
        for s in term_targets(&block.term) {
            edges.push((s, state.clone()));
        }
        for (target, st) in edges {
            if merge(&mut entry[target], &st) {
                work.push(target);
            }
        }
    }

    // ----- backward: live --------------------------------------------------------------------------------------------
    let mut live_in: Vec<Set> = vec![vec![false; nl]; n];
    loop {
        let mut changed = false;
        for b in (0..n).rev() {
            if !reachable[b] {
                continue;
            }
            let block = &cfg.blocks[b];
            let mut live = vec![false; nl];
            for s in term_targets(&block.term) {
                union(&mut live, &live_in[s]);
            }
            gen_facts(&mut live, &block.term_facts);
            for op in block.ops.iter().rev() {
                match op {
                    Op::Stmt { facts, .. } | Op::Let { facts, .. } => {
                        for &l in &facts.assigns {
                            live[l] = false;
                        }
                        gen_facts(&mut live, facts);
                        if let Op::Let { scope, .. } = op {
                            for &l in &cfg.scopes[*scope].locals {
                                live[l] = false;
                            }
                        }
                    }
                    Op::Open { scope } | Op::Close { scope } => {
                        for &l in &cfg.scopes[*scope].locals {
                            live[l] = false;
                        }
                    }
                }
            }
            if live != live_in[b] {
                live_in[b] = live;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }

    // ----- what each block receives ----------------------------------------------------------------------------------
    let mut stored = vec![Vec::new(); n];
    for b in 0..n {
        if !reachable[b] {
            continue;
        }
        let Some(state) = &entry[b] else { continue };
        let mut out = Vec::new();
        for &s in &cfg.blocks[b].entry_scopes {
            for &l in &cfg.scopes[s].locals {
                if state.assigned[l] && (live_in[b][l] || !state.moved[l]) {
                    out.push(l);
                }
            }
        }
        // Locals bound by the edge into the block (a match arm's pattern) arrive with it.
        for op in &cfg.blocks[b].ops {
            match op {
                Op::Open { scope } => out.extend(cfg.scopes[*scope].locals.iter().copied()),
                _ => break,
            }
        }
        out.sort_unstable();
        stored[b] = out;
    }
    let held = stored;

    // A local is pinned when a value held across a suspension point may borrow it: directly (`it = text.iter()`)
    // or through values that carry such a borrow (`words = text.split(' '); it = words.into_iter()`).
    let mut defs: Vec<(&Facts, Vec<LocalId>)> = Vec::new();
    for (b, block) in cfg.blocks.iter().enumerate() {
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
                .flat_map(|a| match cfg.blocks[a.target].ops.first() {
                    Some(Op::Open { scope }) => cfg.scopes[*scope].locals.clone(),
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
                if cfg.locals[d].owned {
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
    let mut pinned = vec![false; nl];
    for (b, h) in held.iter().enumerate() {
        if reachable[b] {
            for &d in h {
                for (l, &c) in carries[d].iter().enumerate() {
                    pinned[l] |= c;
                }
            }
        }
    }
    // A value pinned by `pin!` must never move again: held across a suspension point, it lives in a slot.
    for (b, h) in held.iter().enumerate() {
        if reachable[b] {
            for &l in h {
                pinned[l] |= cfg.locals[l].pinned_value;
            }
        }
    }
    // Kept at a fixed address because something borrows it: the generator becomes `!Unpin`.
    let self_borrowed = pinned.clone();
    // A local used again where it may already have been moved (a value yielded in every iteration of a loop) is
    // `Copy`, or the body would not compile: it needs no drop flag.
    let mut copy_proven = vec![false; nl];
    for (b, state) in entry.iter().enumerate() {
        if let Some(state) = state {
            if reachable[b] {
                for l in 0..nl {
                    copy_proven[l] |= state.moved[l] && live_in[b][l];
                }
            }
        }
    }
    // A local moved on some paths only, and not used again, is kept in a slot too: the slot's emptiness is its drop
    // flag, so it is dropped where its scope ends exactly when it was not moved.
    for (b, state) in entry.iter().enumerate() {
        let Some(state) = state else { continue };
        if !reachable[b] {
            continue;
        }
        for &s in &cfg.blocks[b].entry_scopes {
            for &l in &cfg.scopes[s].locals {
                if state.assigned[l] && state.moved[l] && !state.moved_all[l] && !live_in[b][l] && !cfg.locals[l].copy_like && !copy_proven[l] {
                    pinned[l] = true;
                }
            }
        }
    }
    // A large array held across a suspension point stays in place too.
    for (b, h) in held.iter().enumerate() {
        if reachable[b] {
            for &l in h {
                if cfg.locals[l].large {
                    pinned[l] = true;
                }
            }
        }
    }
    for (l, local) in cfg.locals.iter().enumerate() {
        if local.storage == Storage::Sub {
            pinned[l] = false;
        }
    }
    let stored = held
        .iter()
        .enumerate()
        .map(|(b, h)| {
            if cfg.blocks[b].kind == BlockKind::Start {
                return h.clone();
            }
            h.iter().copied().filter(|&l| !pinned[l] && cfg.locals[l].storage == Storage::Plain).collect()
        })
        .collect();

    Analysis { reachable, preds, stored, pinned, self_borrowed, live_in, entry_scopes }
}

impl Analysis {
    /// The locals live after op `i` of block `b` (`i == ops.len()`: after the terminator).
    pub fn live_after(&self, cfg: &Cfg, b: BlockId, i: usize) -> Vec<bool> {
        let block = &cfg.blocks[b];
        let mut live = vec![false; cfg.locals.len()];
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
            match op {
                Op::Stmt { facts, .. } | Op::Let { facts, .. } => {
                    for &l in &facts.assigns {
                        live[l] = false;
                    }
                    gen_facts(&mut live, facts);
                }
                Op::Open { scope } | Op::Close { scope } => {
                    for &l in &cfg.scopes[*scope].locals {
                        live[l] = false;
                    }
                }
            }
        }
        live
    }
}

fn gen_facts(live: &mut Set, f: &Facts) {
    for &l in f.reads.iter().chain(&f.borrows).chain(&f.moves).chain(&f.maybe_moves) {
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
