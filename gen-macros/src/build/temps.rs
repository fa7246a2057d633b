//! Temporaries: values evaluated before a suspension point and used after it, and the temporaries a value handed
//! out at a suspension borrows (Rust keeps them to the end of the statement, so across the suspension).
//!
//! Input:  `yield_!(f(&D))`
//! Output: `let __t0 = D; yield f(&__t0)`

use syn::visit_mut::VisitMut;
use syn::Expr;

use crate::lowered::{Facts, Local, LocalId, Op, Scope};
use crate::names::hidden;
use crate::scan::{self, UseKind};
use super::Builder;
use super::syntax::{is_stable, is_place};

/// Hoists the temporaries of a value handed out at a suspension, which Rust keeps until the end of the statement:
/// `&<rvalue>` operands and method receivers that are rvalues.
struct TempHoister<'b, 'a> {
    b: &'b mut Builder<'a>,
}

impl VisitMut for TempHoister<'_, '_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        match e {
            Expr::Reference(r) => {
                if needs_temporary(&r.expr) {
                    self.visit_expr_mut(&mut r.expr);
                    let inner = (*r.expr).clone();
                    *r.expr = self.b.hoist(inner, "tmp");
                } else {
                    self.visit_expr_mut(&mut r.expr);
                }
            }
            Expr::MethodCall(m) => {
                if needs_temporary(&m.receiver) {
                    self.visit_expr_mut(&mut m.receiver);
                    let inner = (*m.receiver).clone();
                    *m.receiver = self.b.hoist(inner, "tmp");
                } else {
                    self.visit_expr_mut(&mut m.receiver);
                }
                for a in &mut m.args {
                    self.visit_expr_mut(a);
                }
            }
            Expr::Field(f) => {
                if needs_temporary(&f.base) {
                    self.visit_expr_mut(&mut f.base);
                    let inner = (*f.base).clone();
                    *f.base = self.b.hoist(inner, "tmp");
                } else {
                    self.visit_expr_mut(&mut f.base);
                }
            }
            // Nested blocks and closures have their own temporary scopes.
            Expr::Block(_) | Expr::Closure(_) | Expr::Async(_) | Expr::If(_) | Expr::Match(_) | Expr::Loop(_)
            | Expr::While(_) | Expr::ForLoop(_) | Expr::Unsafe(_) | Expr::Macro(_) => {}
            _ => syn::visit_mut::visit_expr_mut(self, e),
        }
    }
}

/// An rvalue whose temporary Rust keeps to the end of the statement when it is borrowed, and which likely owns
/// something: a call, a struct literal, or a capitalised path (a unit struct with a destructor). The result of a
/// method call is left in place: it is most often a view into its receiver (`s.as_str()`, `v.iter()`), which
/// needs no drop and must not be held apart from what it borrows.
fn needs_temporary(e: &Expr) -> bool {
    match e {
        Expr::Call(_) | Expr::Struct(_) => true,
        Expr::Path(p) => {
            p.qself.is_none()
                && p.path.segments.last().is_some_and(|s| {
                    let name = s.ident.to_string();
                    // `D`, `Guard`: a unit struct; `MAX`, `LIMIT`: a constant, promoted to `'static`, left alone.
                    let screaming = name.len() > 1 && name.chars().all(|c| c.is_uppercase() || c == '_' || c.is_numeric());
                    name.chars().next().is_some_and(char::is_uppercase) && !screaming && s.arguments.is_none()
                })
        }
        Expr::Paren(p) => needs_temporary(&p.expr),
        _ => false,
    }
}

impl Builder<'_> {
    /// A temporary holding `value` until the end of the current statement.
    pub(super) fn hoist(&mut self, value: Expr, name: &str) -> Expr {
        self.hoist_local(value, name).1
    }

    /// [`Self::hoist`], with the temporary's local.
    pub(super) fn hoist_local(&mut self, value: Expr, name: &str) -> (LocalId, Expr) {
        let ident = hidden(&format!("__{name}{}", self.temps));
        self.temps += 1;
        let mut facts = self.facts(&scan::expr_uses(&value, UseKind::Move));
        self.lowered.locals.push(Local::new(ident.clone(), true));
        let l = self.lowered.locals.len() - 1;
        self.lowered.scopes.push(Scope { locals: vec![l] });
        let scope = self.lowered.scopes.len() - 1;
        facts.assigns.push(l);
        self.push(Op::Let { attrs: Vec::new(), pat: crate::lowered::binding(ident.clone(), true), init: Some(value), diverge: None, scope, facts });
        self.open(scope);
        (l, crate::lowered::name(ident))
    }

    /// An uninitialised temporary that the branches of a construct assign their value to.
    pub(super) fn dest_temp(&mut self) -> LocalId {
        let ident = hidden(&format!("__v{}", self.temps));
        self.temps += 1;
        self.lowered.locals.push(Local::new(ident.clone(), false));
        let l = self.lowered.locals.len() - 1;
        self.lowered.scopes.push(Scope { locals: vec![l] });
        let scope = self.lowered.scopes.len() - 1;
        self.push(Op::Let { attrs: Vec::new(), pat: crate::lowered::binding(ident, false), init: None, diverge: None, scope, facts: Facts::default() });
        self.open(scope);
        l
    }

    /// Moves `value` into a holder declared just outside the temporaries opened since `depth` (they end with the
    /// statement; the bindings made from the value must not).
    pub(super) fn dest_temp_at(&mut self, depth: usize, value: Expr) -> Expr {
        let ident = hidden(&format!("__v{}", self.temps));
        self.temps += 1;
        self.lowered.locals.push(Local::new(ident.clone(), false));
        let l = self.lowered.locals.len() - 1;
        self.lowered.scopes.push(Scope { locals: vec![l] });
        let holder = self.lowered.scopes.len() - 1;
        let first_temp = self.scopes[depth];
        for block in &mut self.lowered.blocks {
            if let Some(p) = block.entry_scopes.iter().position(|s| *s == first_temp) {
                block.entry_scopes.insert(p, holder);
            }
            if let Some(p) = block.ops.iter().position(|op| matches!(op, Op::Let { scope, .. } if *scope == first_temp)) {
                let op = Op::Let { attrs: Vec::new(), pat: crate::lowered::binding(ident.clone(), false), init: None, diverge: None, scope: holder, facts: Facts::default() };
                block.ops.insert(p, op);
            }
            // A `break`/`continue` out of the statement from inside the initialiser closed the scopes open then,
            // innermost first: it leaves the holder too, which sits just outside the first temporary.
            let mut i = 0;
            while i < block.ops.len() {
                if matches!(block.ops[i], Op::Close { scope } if scope == first_temp) {
                    block.ops.insert(i + 1, Op::Close { scope: holder });
                    i += 1;
                }
                i += 1;
            }
        }
        self.scopes.insert(depth, holder);
        self.assign(l, value);
        self.local_expr(l)
    }

    /// Makes a value produced by lowering safe to keep while more code is lowered: paths and literals are kept, the
    /// resume argument and any other computation go into a temporary.
    fn stabilize(&mut self, e: Expr) -> Expr {
        if is_stable(&e) { e } else { self.hoist(e, "t") }
    }

    /// The value a suspension hands out: temporaries it borrows (`yield_!(f(&D))`) live until the end of the
    /// statement, across the suspension, so they are kept in named temporaries.
    pub(super) fn settle(&mut self, e: Expr) -> Expr {
        let mut h = TempHoister { b: self };
        let mut e = e;
        h.visit_expr_mut(&mut e);
        e
    }

    /// A value evaluated now and kept for later: a path or literal as it is, anything else in a temporary.
    pub(super) fn operand_temp(&mut self, v: Expr, name: &str) -> Expr {
        match &v {
            // A local's value cannot change before the write; the resume argument does at the next suspension.
            Expr::Path(p) if p.path.get_ident().is_some_and(|i| *i != self.arg) => v,
            Expr::Lit(_) => v,
            _ => self.hoist(v, name),
        }
    }

    /// Like [`Self::stabilize`], but a place stays a place (`v.push(yield_!(1))` borrows `v` after resuming).
    pub(super) fn stabilize_operand(&mut self, e: Expr) -> Expr {
        if is_place(&e) { e } else { self.stabilize(e) }
    }
}
