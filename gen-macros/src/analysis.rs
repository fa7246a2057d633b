//! Which locals each block receives from the block before it, and so which values each state stores.
//!
//! A local in scope at a block's entry is stored when it is initialised on every path there, and either used later
//! or not possibly moved out before (a local that was never moved must be kept so that it is dropped where its scope
//! ends, as in plain Rust). Three dataflow passes over [`Cfg`]: definitely assigned (forward, must), possibly
//! moved (forward, may), live (backward).

use crate::cfg::{BlockId, Cfg, Facts, LocalId, Op, ScopeId, Term};

pub struct Analysis {
    pub reachable: Vec<bool>,
    /// How many edges lead into each block.
    pub preds: Vec<usize>,
    /// The locals each block receives, in declaration order.
    pub stored: Vec<Vec<LocalId>>,
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
}

fn apply_facts(state: &mut Fwd, f: &Facts) {
    for &l in &f.moves {
        state.moved[l] = true;
    }
    for &l in &f.assigns {
        state.assigned[l] = true;
        state.moved[l] = false;
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
    entry[0] = Some(Fwd { assigned: vec![false; nl], moved: vec![false; nl] });
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
                a || m
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
                        }
                    }
                    apply_facts(&mut state, facts);
                }
                Op::Open { scope } => {
                    for &l in &cfg.scopes[*scope].locals {
                        state.assigned[l] = true;
                        state.moved[l] = false;
                    }
                }
                Op::Close { scope } => {
                    for &l in &cfg.scopes[*scope].locals {
                        state.assigned[l] = false;
                        state.moved[l] = false;
                    }
                }
            }
        }
        apply_facts(&mut state, &Facts { reads: Vec::new(), moves: block.term_facts.moves.clone(), assigns: Vec::new() });
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

    Analysis { reachable, preds, stored, entry_scopes }
}

fn gen_facts(live: &mut Set, f: &Facts) {
    for &l in f.reads.iter().chain(&f.moves) {
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
