//! Explodes a generator body into the basic blocks of [`Lowered`]: every construct that contains a suspension point is
//! split around it (regenerator's `explode`), everything else is kept as yield-free Rust.
//!
//! Input:  `while i > 0 { yield_!(i); i -= 1; } "liftoff"`
//! Output: `Start: goto Head` · `Head: if i > 0 { yield i → Resume0 } else { return "liftoff" }` ·
//!         `Resume0: i -= 1; goto Head`
//!
//! Operands evaluated before a suspension point in the same expression are kept in temporaries, in Rust's evaluation
//! order (`f(a(), yield_!(b))` evaluates `a()` before suspending).
//!
//! One [`Builder`], one file per concern: this file holds its blocks, scopes and locals; [`stmt`] lowers statements
//! and `let`s, [`expr`] expressions and their operands in evaluation order, [`control`] branches, loops, `match` and
//! jump targets, [`suspend`] the suspension points (`yield_!`, `.await`, `yield_from!`), [`temps`] the temporaries
//! that keep values across them, [`native`] the rewriting of yield-free code for the resume closure, and [`syntax`]
//! the syntactic predicates they share.

mod control;
mod expr;
mod native;
mod stmt;
mod suspend;
mod syntax;
mod temps;

use proc_macro2::{Ident, Span};
use syn::{Expr, parse_quote};

use crate::lowered::{Block, BlockId, BlockKind, Lowered, Facts, Local, LocalId, Op, Scope, ScopeId, Term};
use crate::mode::{Mode, Returner};
use crate::scan::{self, Use, UseKind};

/// Where the value of a lowered expression goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dest {
    /// Evaluated for its effects; the value is dropped.
    Discard,
    /// Assigned to a local declared before the construct.
    Local(LocalId),
    /// Returned from the generator.
    Return,
}

/// A problem in the body that rustc reports better than the macro could, on the original function (`break`
/// outside a loop: E0268, `continue` to a labeled block: E0696): the attribute then emits the original function as
/// written, for rustc to check. A generator block has no original function: it reports `message` itself.
pub struct Deferred {
    pub span: proc_macro2::Span,
    pub message: &'static str,
}

/// A loop or labeled block that contains a suspension point: the targets of `break` / `continue` in it.
struct LoopCtx {
    label: Option<String>,
    brk: BlockId,
    cont: Option<BlockId>,
    depth: usize,
    dest: Option<LocalId>,
}

pub struct Builder<'a> {
    pub lowered: Lowered,
    pub mode: Mode,
    /// The task context of the current resume (`async` only).
    cx: Option<Ident>,
    cur: BlockId,
    scopes: Vec<ScopeId>,
    /// Scopes that hid an older local of the same name when they opened.
    shadowing: Vec<ScopeId>,
    loops: Vec<LoopCtx>,
    returner: &'a Returner,
    arg: Ident,
    pub errors: Vec<syn::Error>,
    /// Problems rustc reports better on the original function (see [`Deferred`]).
    pub deferred: Vec<Deferred>,
    temps: usize,
    /// Names whose every value is a literal or arithmetic on literals (see `Local::copy_like`).
    pub copy_like: std::collections::HashSet<String>,
    /// The function's name: `Box::pin(name(…))` in an `async fn` is recursion (see `erase_recursion`).
    pub fn_name: String,
    /// `#[derive(Serialize, Deserialize)]`: each sub-generator or awaited future is checked, where it is started, to
    /// be a snapshot-able generator (see `start_sub`).
    pub snapshot: bool,
}

impl<'a> Builder<'a> {
    pub fn new(returner: &'a Returner, arg: Ident) -> Self {
        let mut b = Builder {
            lowered: Lowered::default(),
            mode: Mode::Sync,
            cx: None,
            cur: 0,
            scopes: Vec::new(),
            shadowing: Vec::new(),
            loops: Vec::new(),
            returner,
            arg,
            errors: Vec::new(),
            deferred: Vec::new(),
            temps: 0,
            copy_like: std::collections::HashSet::new(),
            fn_name: String::new(),
            snapshot: false,
        };
        let start = b.new_block(BlockKind::Start);
        b.switch_to(start);
        b
    }

    fn new_block(&mut self, kind: BlockKind) -> BlockId {
        self.lowered.blocks.push(Block {
            ops: Vec::new(),
            term: Term::Unreachable,
            term_facts: Facts::default(),
            entry_scopes: Vec::new(),
            kind,
            returns: false,
        });
        self.lowered.blocks.len() - 1
    }

    fn switch_to(&mut self, b: BlockId) {
        self.cur = b;
        self.lowered.blocks[b].entry_scopes = self.scopes.clone();
        self.lowered.order.push(b);
    }

    fn push(&mut self, op: Op) {
        self.lowered.blocks[self.cur].ops.push(op);
    }

    /// Ends the current block; whatever follows (dead code) goes into a fresh block nothing jumps to, which is
    /// never emitted (so it is not in `order`). The caller usually `switch_to`s the next block to fill.
    fn terminate(&mut self, term: Term, facts: Facts) {
        let b = &mut self.lowered.blocks[self.cur];
        b.term = term;
        b.term_facts = facts;
        let dead = self.new_block(BlockKind::Inner("dead"));
        self.cur = dead;
        self.lowered.blocks[dead].entry_scopes = self.scopes.clone();
    }

    fn goto(&mut self, target: BlockId) {
        self.terminate(Term::Goto(target), Facts::default());
    }

    /// Declares the locals a pattern binds as a new scope (not yet open).
    fn declare(&mut self, bindings: Vec<scan::Binding>) -> ScopeId {
        let mut locals = Vec::new();
        for b in bindings {
            let copy_like = self.copy_like.contains(&b.ident.to_string());
            self.lowered.locals.push(Local { copy_like, ..Local::new(b.ident, b.mutable) });
            locals.push(self.lowered.locals.len() - 1);
        }
        self.lowered.scopes.push(Scope { locals });
        self.lowered.scopes.len() - 1
    }

    fn resolve(&self, name: &str) -> Option<LocalId> {
        for &s in self.scopes.iter().rev() {
            for &l in self.lowered.scopes[s].locals.iter().rev() {
                if self.lowered.locals[l].ident == name {
                    return Some(l);
                }
            }
        }
        None
    }

    fn facts(&self, uses: &[Use]) -> Facts {
        let mut f = Facts::default();
        for u in uses {
            if let Some(l) = self.resolve(&u.ident.to_string()) {
                match u.kind {
                    UseKind::Read => f.reads.push(l),
                    // Only `&x` borrows a shared reference `x` itself; `x.iter()` borrows what it points to.
                    UseKind::Borrow if self.lowered.locals[l].shared_ref && !u.direct => f.reads.push(l),
                    UseKind::Borrow => f.borrows.push(l),
                    UseKind::Move if !u.repeated => {
                        f.move_paths.push((l, u.branch.clone()));
                        // A guessed move may be no move at all: never a move on every path.
                        if u.conditional || u.guessed { f.maybe_moves.push(l) } else { f.moves.push(l) }
                        if u.guessed {
                            f.guessed_moves.push(l);
                        }
                    }
                    // Moved in a loop that may run several times: only a `Copy` value can be, so it is read. A guessed
                    // one proves nothing (`pin!(make(g.v()))` in a loop does not move `g`).
                    UseKind::Move => {
                        f.maybe_moves.push(l);
                        f.reads.push(l);
                        if u.guessed {
                            f.guessed_moves.push(l);
                        }
                    }
                    UseKind::Assign if u.conditional => f.maybe_assigns.push(l),
                    UseKind::Assign => f.assigns.push(l),
                }
            }
        }
        f
    }

    /// Does opening `scope` hide a local of an enclosing scope? Then the code after it starts a block of its own, so
    /// that the hidden local can still be handed on to later states under another name.
    fn shadows(&self, scope: ScopeId) -> bool {
        self.lowered.scopes[scope].locals.iter().any(|&l| self.resolve(&self.lowered.locals[l].ident.to_string()).is_some())
    }

    fn split_for_shadowing(&mut self, scope: ScopeId) {
        if self.shadows(scope) {
            let next = self.new_block(BlockKind::Inner("shadow"));
            self.goto(next);
            // `goto` moved us to a dead block; continue in `next` instead.
            self.switch_to(next);
        }
    }

    fn open(&mut self, scope: ScopeId) {
        if self.shadows(scope) {
            self.shadowing.push(scope);
        }
        self.scopes.push(scope);
    }

    /// Closes every scope opened since the scope stack was `depth` deep, innermost first. When one of them hid an
    /// older local, the code after it starts a state of its own, where the older local has its name back.
    fn close_to(&mut self, depth: usize) {
        let mut unshadows = false;
        while self.scopes.len() > depth {
            let s = self.scopes.pop().expect("scope stack is deeper than depth");
            unshadows |= self.shadowing.contains(&s);
            self.push(Op::Close { scope: s });
        }
        if unshadows {
            let next = self.new_block(BlockKind::Inner("unshadow"));
            self.lowered.must_label.push(next);
            self.goto(next);
            self.switch_to(next);
        }
    }

    /// Emits `Close` ops down to `depth` without popping (for a jump out of nested scopes). Returns whether one of
    /// them hid an older local (the jump's target then needs a state of its own).
    fn close_for_jump(&mut self, depth: usize) -> bool {
        let to_close: Vec<ScopeId> = self.scopes[depth..].iter().rev().copied().collect();
        let mut unshadows = false;
        for s in to_close {
            unshadows |= self.shadowing.contains(&s);
            self.push(Op::Close { scope: s });
        }
        unshadows
    }

    fn local_expr(&self, l: LocalId) -> Expr {
        crate::lowered::name(self.lowered.locals[l].ident.clone())
    }

    fn assign(&mut self, l: LocalId, value: Expr) {
        let ident = self.lowered.locals[l].ident.clone();
        let mut facts = self.facts(&scan::expr_uses(&value, UseKind::Move));
        facts.assigns.push(l);
        self.push(Op::Stmt { stmt: crate::lowered::assign_stmt(ident, value), facts });
    }

    /// The resume argument of the suspension the current block resumes from.
    /// Spanned on the `yield_!` it is the value of, so that a type error about it points there.
    fn resume_value(&self, span: Span) -> Expr {
        let mut arg = self.arg.clone();
        arg.set_span(span.resolved_at(self.arg.span()));
        parse_quote!(#arg)
    }
}
