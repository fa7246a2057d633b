//! Control flow that contains a suspension point: `if`, `match` (suspending guards too), loops, labeled blocks,
//! `break`/`continue` and their jump targets, and conditions with `&&`, `||` and `let` chains.
//!
//! Input:  `loop { if yield_!(()) { break 5; } }`
//! Output: `Head: yield () → Resume0` · `Resume0: if <resume argument> { dest = 5; goto After } else { goto Head }`

use proc_macro2::{Ident, Span};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Expr, Pat, parse_quote};

use crate::lowered::{Arm, BlockId, BlockKind, Facts, LocalId, Op, ScopeId, Term};
use crate::scan::{self, UseKind};
use super::{Builder, Deferred, Dest, LoopCtx};
use super::syntax::{has_let, is_place};

/// The names a pattern binds by value (not `ref`).
fn by_value_bindings(pat: &Pat) -> Vec<String> {
    let mut out = Vec::new();
    let mut v = BindingModes { out: &mut out, to_ref: false };
    let mut p = pat.clone();
    v.visit_pat_mut(&mut p);
    out
}

/// The pattern with every by-value binding made `ref` (what a guard sees).
fn by_reference(pat: &Pat) -> Pat {
    let mut out = Vec::new();
    let mut p = pat.clone();
    BindingModes { out: &mut out, to_ref: true }.visit_pat_mut(&mut p);
    p
}

struct BindingModes<'a> {
    out: &'a mut Vec<String>,
    to_ref: bool,
}

impl VisitMut for BindingModes<'_> {
    fn visit_pat_ident_mut(&mut self, p: &mut syn::PatIdent) {
        let name = p.ident.to_string();
        let is_path = p.by_ref.is_none() && p.mutability.is_none() && p.subpat.is_none() && name.chars().next().is_some_and(char::is_uppercase);
        if !is_path && p.by_ref.is_none() {
            self.out.push(name);
            if self.to_ref {
                p.by_ref = Some(Default::default());
                p.mutability = None;
            }
        }
        syn::visit_mut::visit_pat_ident_mut(self, p);
    }
}

/// The guard with each by-value binding read through its reference: `n > 3` → `(*n) > 3`.
fn deref_bindings(guard: &Expr, names: &[String]) -> Expr {
    let mut code = guard.clone();
    for name in names {
        let ident = Ident::new(name, Span::call_site());
        crate::rename::rename(&mut code, name, &parse_quote!((*#ident)));
    }
    code
}

impl Builder<'_> {
    /// Ends the current block with `match scrutinee { pat => then, _ => els }` (an `if let`, a `let … else`).
    pub(super) fn terminate_if_let(&mut self, scrutinee: &Expr, pat: &Pat, then: BlockId, els: BlockId, facts: Facts) {
        let arms = vec![
            Arm { pat: pat.clone(), guard: None, target: then },
            Arm { pat: crate::lowered::wild(), guard: None, target: els },
        ];
        self.terminate(Term::Match { scrutinee: scrutinee.clone(), arms }, facts);
    }

    /// Enters a loop or labeled block that suspends: `break` goes to `brk` (assigning `dest` its value),
    /// `continue` to `cont`, both closing the scopes opened from here on.
    fn push_loop(&mut self, label: Option<&syn::Label>, brk: BlockId, cont: Option<BlockId>, dest: Option<LocalId>) {
        let label = label.map(|l| l.name.ident.to_string());
        self.loops.push(LoopCtx { label, brk, cont, depth: self.scopes.len(), dest });
    }

    /// `break` / `continue` at the level of lowered code.
    pub(super) fn jump(&mut self, label: Option<&syn::Lifetime>, value: Option<&Expr>, is_break: bool, span: Span) {
        let Some(idx) = self.find_loop(label.map(|l| l.ident.to_string()), is_break) else {
            self.errors.push(syn::Error::new(span, "`break` or `continue` outside of a loop, or to a label no loop or block around it has: put it inside the loop it should leave, or name that loop's label"));
            return;
        };
        if let Some(v) = value {
            let v = self.expr(v, false);
            match self.loops[idx].dest {
                Some(d) => self.assign(d, v),
                None => {
                    let facts = self.facts(&scan::expr_uses(&v, UseKind::Move));
                    self.push(Op::Stmt { stmt: crate::lowered::drop_stmt(v), facts });
                }
            }
        } else if is_break {
            if let Some(d) = self.loops[idx].dest {
                self.assign(d, parse_quote!(()));
            }
        }
        let ctx = &self.loops[idx];
        let target = if is_break { Some(ctx.brk) } else { ctx.cont };
        let (Some(target), depth) = (target, ctx.depth) else {
            // `continue 'block` names a labeled block, which has nowhere to continue to. rustc says so (E0696) when it
            // checks the original function, which the macro then emits instead.
            let message = "`continue` to a labeled block, which has nowhere to continue to: write `break 'label`";
            self.deferred.push(Deferred { span, message });
            return;
        };
        if self.close_for_jump(depth) {
            self.lowered.must_label.push(target);
        }
        self.goto(target);
    }

    pub(super) fn find_loop(&self, label: Option<String>, _is_break: bool) -> Option<usize> {
        self.loops.iter().rposition(|l| match &label {
            Some(name) => l.label.as_deref() == Some(name.as_str()),
            // An unlabeled `break`/`continue` targets the innermost loop, never a labeled block.
            None => l.cont.is_some(),
        })
    }

    /// Lowers a block, `if`, `match` or loop that contains a suspension point (or a jump out of a lowered loop),
    /// storing its value in `dest`.
    pub(super) fn control_flow(&mut self, e: &Expr, dest: Dest) {
        match e {
            Expr::Block(b) => self.block_expr(b, dest),
            Expr::Unsafe(u) => self.unsafe_block(u),
            Expr::If(i) => self.if_(i, dest),
            Expr::Match(m) if m.arms.iter().any(|a| a.guard.as_ref().is_some_and(|(_, g)| self.lowers(g))) => {
                self.match_with_suspending_guards(m, dest);
            }
            Expr::Match(m) => self.match_(m, dest),
            Expr::Loop(l) => self.loop_(l, dest),
            Expr::While(w) => self.while_(w, dest),
            Expr::ForLoop(f) => self.for_(f, dest),
            _ => unreachable!("control_flow called on a non-control-flow expression"),
        }
    }

    /// A block that suspends; with a label, a `break 'label` target.
    fn block_expr(&mut self, b: &syn::ExprBlock, dest: Dest) {
        if let Some(label) = &b.label {
            let after = self.new_block(BlockKind::Inner("after"));
            let d = match dest {
                Dest::Local(l) => Some(l),
                _ => None,
            };
            self.push_loop(Some(label), after, None, d);
            let inner = if dest == Dest::Return { Dest::Return } else { dest };
            self.block_into(&b.block, inner);
            self.loops.pop();
            self.goto(after);
            self.switch_to(after);
        } else {
            self.block_into(&b.block, dest);
        }
    }

    /// An `unsafe` block cannot suspend: the generator would leave it while suspended.
    fn unsafe_block(&mut self, u: &syn::ExprUnsafe) {
        let inner = Expr::Block(syn::ExprBlock { attrs: Vec::new(), label: None, block: u.block.clone() });
        self.errors.push(syn::Error::new(
            scan::first_marker_span(&inner),
            "`yield_!` cannot be used inside an `unsafe` block: the generator would leave the block while \
             suspended; compute the value inside the block and yield after it: \
             `let v = unsafe { … }; yield_!(v);`",
        ));
    }

    /// `if` / `if let`: the condition's bindings are in scope in `then` only; its temporaries live as Rust's do.
    fn if_(&mut self, i: &syn::ExprIf, dest: Dest) {
        let then = self.new_block(BlockKind::Inner("then"));
        let els = self.new_block(BlockKind::Inner("else"));
        let join = self.new_block(BlockKind::Inner("join"));
        let depth = self.scopes.len();
        let opened = self.cond(&i.cond, then, els);
        let cond_scopes = self.scopes.clone();
        // `then`: the condition's bindings are in scope.
        self.switch_to(then);
        if !has_let(&i.cond) {
            // A plain condition's temporaries are dropped before either branch runs.
            self.close_to(depth);
        }
        for s in &opened {
            self.push(Op::Open { scope: *s });
            self.open(*s);
        }
        self.block_into(&i.then_branch, dest);
        self.close_to(depth);
        self.goto(join);
        self.scopes = cond_scopes;
        self.switch_to(els);
        // An `if let` scrutinee's temporaries are dropped before the `else` block (edition 2024).
        self.close_to(depth);
        match &i.else_branch {
            Some((_, e)) => self.expr_into(e, dest),
            None => match dest {
                Dest::Local(l) => self.assign(l, parse_quote!(())),
                Dest::Return => self.ret(parse_quote!(()), i.span()),
                Dest::Discard => {}
            },
        }
        self.goto(join);
        self.switch_to(join);
    }

    /// A `match` whose arms suspend (its guards do not): one `match` terminator, one block per arm.
    fn match_(&mut self, m: &syn::ExprMatch, dest: Dest) {
        let scrutinee = if self.lowers(&m.expr) {
            let v = self.expr(&m.expr, false);
            self.settle(v)
        } else {
            let v = self.native_expr(&m.expr);
            self.settle(v)
        };
        let join = self.new_block(BlockKind::Inner("join"));
        let mut arms = Vec::new();
        let mut bodies = Vec::new();
        for arm in &m.arms {
            if let Some((_, g)) = &arm.guard {
                if self.lowers(g) {
                    self.errors.push(syn::Error::new(
                        g.span(),
                        "a match guard cannot suspend the generator yet: yield before the `match`, or move \
                         the condition into the arm with an `if`",
                    ));
                }
            }
            let target = self.new_block(BlockKind::Inner("arm"));
            let scope = self.declare(scan::pat_bindings(&arm.pat));
            let guard = arm.guard.as_ref().map(|(_, g)| self.native_expr(g));
            let pat = &arm.pat;
            arms.push(Arm { pat: pat.clone(), guard, target });
            bodies.push((target, scope, &arm.body));
        }
        let kind = scan::scrutinee_use(m.arms.iter().map(|a| &a.pat));
        let mut facts = self.facts(&scan::expr_uses(&scrutinee, kind));
        for arm in &m.arms {
            if let Some((_, g)) = &arm.guard {
                let f = self.facts(&scan::expr_uses(g, UseKind::Read));
                facts.guard_reads.extend(f.reads.iter().chain(&f.borrows));
                facts.reads.extend(f.reads);
            }
        }
        self.terminate(Term::Match { scrutinee: scrutinee.clone(), arms }, facts);
        let depth = self.scopes.len();
        for (target, scope, body) in bodies {
            self.switch_to(target);
            self.push(Op::Open { scope });
            self.open(scope);
            self.expr_into(body, dest);
            self.close_to(depth);
            self.goto(join);
        }
        self.switch_to(join);
    }

    /// `loop`: `break value` assigns `dest`.
    fn loop_(&mut self, l: &syn::ExprLoop, dest: Dest) {
        let head = self.new_block(BlockKind::Inner("loop"));
        let after = self.new_block(BlockKind::Inner("after"));
        let d = match dest {
            Dest::Local(l) => Some(l),
            _ => None,
        };
        self.goto(head);
        self.switch_to(head);
        self.push_loop(l.label.as_ref(), after, Some(head), d);
        self.block_into(&l.body, Dest::Discard);
        self.goto(head);
        self.loops.pop();
        self.switch_to(after);
        if dest == Dest::Return {
            self.errors.push(syn::Error::new(l.span(), "internal: loop value returned"));
        }
    }

    /// `while` / `while let`: the condition is evaluated at the head of every iteration.
    fn while_(&mut self, w: &syn::ExprWhile, dest: Dest) {
        let head = self.new_block(BlockKind::Inner("while"));
        let body = self.new_block(BlockKind::Inner("body"));
        let after = self.new_block(BlockKind::Inner("after"));
        self.goto(head);
        self.switch_to(head);
        let depth = self.scopes.len();
        self.push_loop(w.label.as_ref(), after, Some(head), None);
        let opened = self.cond(&w.cond, body, after);
        self.switch_to(body);
        for s in &opened {
            self.push(Op::Open { scope: *s });
            self.open(*s);
        }
        self.block_into(&w.body, Dest::Discard);
        self.close_to(depth);
        self.goto(head);
        self.loops.pop();
        self.switch_to(after);
        self.unit_into(dest, w.span());
    }

    /// `for pat in e`: `e` into an iterator kept in a temporary, `next()` matched at the head.
    fn for_(&mut self, f: &syn::ExprForLoop, dest: Dest) {
        let depth = self.scopes.len();
        let iterable = self.expr(&f.expr, false);
        let (iter_local, iter) = self.hoist_local(parse_quote!(::core::iter::IntoIterator::into_iter(#iterable)), "iter");
        self.lowered.locals[iter_local].loop_iterator = Some(f.expr.span());
        let head = self.new_block(BlockKind::Inner("for"));
        let body = self.new_block(BlockKind::Inner("body"));
        let after = self.new_block(BlockKind::Inner("after"));
        self.goto(head);
        self.switch_to(head);
        let inner_depth = self.scopes.len();
        self.push_loop(f.label.as_ref(), after, Some(head), None);
        let scope = self.declare(scan::pat_bindings(&f.pat));
        if matches!(&*f.pat, Pat::Ident(i) if i.by_ref.is_none() && i.subpat.is_none()) && self.yields_shared_refs(&f.expr) {
            for &l in &self.lowered.scopes[scope].locals {
                self.lowered.locals[l].shared_ref = true;
            }
        }
        let pat = &f.pat;
        let it_facts = self.facts(&scan::expr_uses(&iter, UseKind::Read));
        self.terminate(
            Term::Match {
                scrutinee: parse_quote!(::core::iter::Iterator::next(&mut #iter)),
                arms: vec![
                    Arm { pat: parse_quote!(::core::option::Option::Some(#pat)), guard: None, target: body },
                    Arm { pat: parse_quote!(::core::option::Option::None), guard: None, target: after },
                ],
            },
            it_facts,
        );
        self.switch_to(body);
        self.push(Op::Open { scope });
        self.open(scope);
        self.block_into(&f.body, Dest::Discard);
        self.close_to(inner_depth);
        self.goto(head);
        self.loops.pop();
        self.switch_to(after);
        self.close_to(depth);
        self.unit_into(dest, f.span());
    }

    /// A `match` with a guard that suspends: the arms up to that guard are one `match`; the guard's arm matches
    /// by reference (the guard sees the bindings, as in Rust, without moving them), the guard runs (and may suspend);
    /// if it holds, the arm matches again by value; if not, the remaining arms are the next `match`.
    ///
    /// Input:  `match s { Some(n) if n > yield_!(0) => a, _ => b }`
    /// Output: `match s { Some(ref n) => guard, _ => next }` · `guard: if *n > <yield> { match s { Some(n) => a } }`
    ///         `else { next }` · `next: match s { _ => b }`
    fn match_with_suspending_guards(&mut self, m: &syn::ExprMatch, dest: Dest) {
        let scrutinee: Expr = if !self.lowers(&m.expr) && is_place(&m.expr) {
            self.native_expr(&m.expr)
        } else {
            let v = if self.lowers(&m.expr) { self.expr(&m.expr, false) } else { self.native_expr(&m.expr) };
            self.hoist(v, "scrutinee")
        };
        let depth = self.scopes.len();
        let join = self.new_block(BlockKind::Inner("join"));
        let mut pending: Vec<Arm> = Vec::new();
        let mut bodies: Vec<(BlockId, ScopeId, &Expr)> = Vec::new();
        let facts = self.facts(&scan::expr_uses(&scrutinee, UseKind::Borrow));
        for arm in &m.arms {
            let suspends = arm.guard.as_ref().is_some_and(|(_, g)| self.lowers(g));
            let pat = &arm.pat;
            if !suspends {
                let target = self.new_block(BlockKind::Inner("arm"));
                let scope = self.declare(scan::pat_bindings(pat));
                let guard = arm.guard.as_ref().map(|(_, g)| self.native_expr(g));
                pending.push(Arm { pat: pat.clone(), guard, target });
                bodies.push((target, scope, &arm.body));
                continue;
            }
            let guard_block = self.new_block(BlockKind::Inner("guard"));
            let next = self.new_block(BlockKind::Inner("next_arm"));
            let by_value: Vec<String> = by_value_bindings(pat);
            let ref_pat = by_reference(pat);
            let ref_scope = self.declare(scan::pat_bindings(&ref_pat));
            pending.push(Arm { pat: ref_pat.clone(), guard: None, target: guard_block });
            pending.push(Arm { pat: crate::lowered::wild(), guard: None, target: next });
            self.terminate(Term::Match { scrutinee: scrutinee.clone(), arms: std::mem::take(&mut pending) }, facts.clone());
            self.lower_arm_bodies(std::mem::take(&mut bodies), depth, dest, join);
            // The guard, with its bindings seen through the references.
            self.switch_to(guard_block);
            self.push(Op::Open { scope: ref_scope });
            self.open(ref_scope);
            let mut guard = arm.guard.as_ref().expect("a suspending guard").1.as_ref().clone();
            guard = deref_bindings(&guard, &by_value);
            let cond = self.expr(&guard, false);
            let holds = self.new_block(BlockKind::Inner("guard_holds"));
            let fails = self.new_block(BlockKind::Inner("guard_fails"));
            let cf = self.facts(&scan::expr_uses(&cond, UseKind::Move));
            self.terminate(Term::If { cond: cond.clone(), then: holds, els: fails }, cf);
            let guard_scopes = self.scopes.clone();
            self.switch_to(holds);
            self.close_to(depth);
            let body_block = self.new_block(BlockKind::Inner("arm"));
            let scope = self.declare(scan::pat_bindings(pat));
            let never = self.unreachable_block();
            let move_facts = self.facts(&scan::expr_uses(&scrutinee, UseKind::Move));
            self.terminate_if_let(&scrutinee, pat, body_block, never, move_facts);
            self.lower_arm_bodies(vec![(body_block, scope, &arm.body)], depth, dest, join);
            self.scopes = guard_scopes;
            self.switch_to(fails);
            self.close_to(depth);
            self.goto(next);
            self.switch_to(next);
        }
        if pending.is_empty() {
            // Every arm had a guard that failed: as in Rust, unreachable when the match is exhaustive.
            self.terminate(Term::Unreachable, Facts::default());
        } else {
            // The last `match` may move out of the scrutinee, like the original.
            let move_facts = self.facts(&scan::expr_uses(&scrutinee, UseKind::Move));
            self.terminate(Term::Match { scrutinee: scrutinee.clone(), arms: pending }, move_facts);
        }
        self.lower_arm_bodies(bodies, depth, dest, join);
        self.switch_to(join);
    }

    fn lower_arm_bodies(&mut self, bodies: Vec<(BlockId, ScopeId, &Expr)>, depth: usize, dest: Dest, join: BlockId) {
        for (target, scope, body) in bodies {
            self.switch_to(target);
            self.push(Op::Open { scope });
            self.open(scope);
            self.expr_into(body, dest);
            self.close_to(depth);
            self.goto(join);
        }
    }

    /// A block that is never entered (the impossible arm of a re-match).
    fn unreachable_block(&mut self) -> BlockId {
        self.new_block(BlockKind::Inner("unreachable"))
    }

    fn unit_into(&mut self, dest: Dest, span: Span) {
        match dest {
            Dest::Local(l) => self.assign(l, parse_quote!(())),
            Dest::Return => self.ret(parse_quote!(()), span),
            Dest::Discard => {}
        }
    }

    /// Lowers a condition (with `let` bindings and `&&` chains) into branches to `then` / `els`. Returns the scopes
    /// of the bindings, which the caller opens at the start of `then`.
    pub(super) fn cond(&mut self, cond: &Expr, then: BlockId, els: BlockId) -> Vec<ScopeId> {
        match cond {
            Expr::Let(l) => {
                let v = if self.lowers(&l.expr) {
                    let v = self.expr(&l.expr, false);
                    self.settle(v)
                } else {
                    let v = self.native_expr(&l.expr);
                    self.settle(v)
                };
                let scope = self.declare(scan::pat_bindings(&l.pat));
                let facts = self.facts(&scan::expr_uses(&v, scan::scrutinee_use([&*l.pat])));
                let pat = &l.pat;
                self.terminate_if_let(&v, pat, then, els, facts);
                vec![scope]
            }
            Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) && has_let(cond) => {
                let mid = self.new_block(BlockKind::Inner("chain"));
                let first = self.cond(&b.left, mid, els);
                self.switch_to(mid);
                for s in &first {
                    self.push(Op::Open { scope: *s });
                    self.open(*s);
                }
                // The first bindings stay open through the rest of the chain and into `then` (the caller closes
                // them at its end); a jump to `els` drops them.
                self.cond(&b.right, then, els)
            }
            Expr::Paren(p) if has_let(&p.expr) => self.cond(&p.expr, then, els),
            _ => {
                let v = self.expr(cond, false);
                let facts = self.facts(&scan::expr_uses(&v, UseKind::Move));
                self.terminate(Term::If { cond: v.clone(), then, els }, facts);
                Vec::new()
            }
        }
    }
}
