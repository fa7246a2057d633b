//! Yield-free user code, kept as written but for what must change inside the resume closure: `return`, `?`, and
//! `break`/`continue` to a loop that was lowered.
//!
//! Input:  `if done { return 3; }` (in a loop that suspends)
//! Output: `if done { *state = Returned; return Complete(3); }`

use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Expr, parse_quote};

use crate::lowered::Op;
use crate::mode::Mode;
use crate::scan::{self, UseKind};
use super::{Builder, Deferred};

/// Rewrites yield-free user code for the inside of the resume closure.
///
/// Input:  `return e`, `e?`
/// Output: `{ let r = e; *state = Returned; return Complete(r) }`, `match Try::branch(e) { … }`
struct NativeRewriter<'b, 'a> {
    b: &'b mut Builder<'a>,
    /// Loops inside the rewritten code, which an unlabeled `break`/`continue` may target.
    loops: usize,
}

impl VisitMut for NativeRewriter<'_, '_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        match e {
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            Expr::Return(r) => {
                if let Some(v) = &mut r.expr {
                    self.visit_expr_mut(v);
                }
                let value = r.expr.as_ref().map_or_else(|| quote!(()), ToTokens::to_token_stream);
                let code = self.b.returner.ret(value, r.span());
                let cur = self.b.cur;
                self.b.lowered.blocks[cur].returns = true;
                *e = parse_quote!(#code);
            }
            Expr::Try(t) => {
                self.visit_expr_mut(&mut t.expr);
                let inner = (*t.expr).clone();
                *e = self.b.try_expr(inner, t.question_token.span());
            }
            Expr::Loop(_) | Expr::While(_) | Expr::ForLoop(_) => {
                self.loops += 1;
                syn::visit_mut::visit_expr_mut(self, e);
                self.loops -= 1;
            }
            // `?` and `return` inside `println!(…)` and the like still leave the generator.
            Expr::Macro(m) => {
                if let Some(args) = crate::macros::parse(&m.mac) {
                    let mut operands: Vec<Expr> = args.operands().into_iter().cloned().collect();
                    for o in &mut operands {
                        self.visit_expr_mut(o);
                    }
                    m.mac = crate::macros::rebuild(&m.mac, &args, operands);
                }
            }
            // Outside any loop, `break`/`continue` would reach the dispatch loop. rustc says what is wrong when it
            // checks the original function, which the macro then emits instead.
            Expr::Break(b) if b.label.is_none() && self.loops == 0 && self.b.find_loop(None, true).is_none() => {
                self.b.deferred.push(Deferred { span: b.break_token.span, message: "`break` outside of a loop: a generator block has no loop of its own to leave; to end the generator here, write `return`" });
            }
            Expr::Continue(c) if c.label.is_none() && self.loops == 0 && self.b.find_loop(None, false).is_none() => {
                self.b.deferred.push(Deferred { span: c.continue_token.span, message: "`continue` outside of a loop: put it inside a `loop`, `while` or `for` of the block" });
            }
            _ => syn::visit_mut::visit_expr_mut(self, e),
        }
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// Finds a `break` / `continue` that leaves the code it stands in for a loop the lowering splits.
struct OuterJumpFinder<'b, 'a> {
    b: &'b Builder<'a>,
    /// Labels of the loops and blocks inside the searched code (`None` for an unlabeled loop), and whether each
    /// is a loop.
    inner: Vec<(Option<String>, bool)>,
    found: bool,
}

impl OuterJumpFinder<'_, '_> {
    fn check(&mut self, label: Option<&syn::Lifetime>, is_break: bool) {
        let inside = match label {
            Some(l) => self.inner.iter().any(|(n, _)| n.as_deref() == Some(&l.ident.to_string())),
            None => self.inner.iter().any(|(_, is_loop)| *is_loop),
        };
        if !inside && self.b.find_loop(label.map(|l| l.ident.to_string()), is_break).is_some() {
            self.found = true;
        }
    }
}

impl<'ast> syn::visit::Visit<'ast> for OuterJumpFinder<'_, '_> {
    fn visit_expr(&mut self, e: &'ast Expr) {
        if self.found {
            return;
        }
        let label_of = |l: &Option<syn::Label>| l.as_ref().map(|l| l.name.ident.to_string());
        match e {
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            Expr::Loop(l) => {
                self.inner.push((label_of(&l.label), true));
                syn::visit::visit_block(self, &l.body);
                self.inner.pop();
            }
            Expr::While(w) => {
                self.visit_expr(&w.cond);
                self.inner.push((label_of(&w.label), true));
                syn::visit::visit_block(self, &w.body);
                self.inner.pop();
            }
            Expr::ForLoop(f) => {
                self.visit_expr(&f.expr);
                self.inner.push((label_of(&f.label), true));
                syn::visit::visit_block(self, &f.body);
                self.inner.pop();
            }
            Expr::Block(b) if b.label.is_some() => {
                self.inner.push((label_of(&b.label), false));
                syn::visit::visit_block(self, &b.block);
                self.inner.pop();
            }
            Expr::Break(br) => {
                self.check(br.label.as_ref(), true);
                if let Some(v) = &br.expr {
                    self.visit_expr(v);
                }
            }
            Expr::Continue(c) => self.check(c.label.as_ref(), false),
            _ => syn::visit::visit_expr(self, e),
        }
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

impl Builder<'_> {
    /// Yield-free user code, with `return`, `?` and jumps to lowered loops rewritten for the resume closure.
    pub(super) fn native_expr(&mut self, e: &Expr) -> Expr {
        let mut e = e.clone();
        NativeRewriter { b: self, loops: 0 }.visit_expr_mut(&mut e);
        e
    }

    /// Does `e` need lowering: does it suspend, or jump out to a loop that suspends?
    pub(super) fn lowers(&self, e: &Expr) -> bool {
        if scan::contains_yield(e, self.mode != Mode::Sync) {
            return true;
        }
        if self.loops.is_empty() {
            return false;
        }
        let mut f = OuterJumpFinder { b: self, inner: Vec::new(), found: false };
        syn::visit::Visit::visit_expr(&mut f, e);
        f.found
    }

    /// Pushes a yield-free statement-like expression.
    pub(super) fn native_stmt(&mut self, e: &Expr, semi: bool) {
        let facts = self.facts(&scan::expr_uses(e, UseKind::Move));
        let e = self.native_expr(e);
        let _ = semi;
        self.push(Op::Stmt { stmt: crate::lowered::stmt(e), facts });
    }
}
