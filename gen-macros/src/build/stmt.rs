//! Statements: the function body, its parameters, `let` (with `else`), and statements that suspend.
//!
//! Input:  `let n = yield_!(1); total += n;`
//! Output: `Yield0: yield 1 → Resume0` · `Resume0: let n = <resume argument>; total += n;`

use proc_macro2::{Ident, Span};
use syn::spanned::Spanned;
use syn::{Block as SynBlock, Expr, Pat, Stmt, parse_quote};

use crate::lowered::{BlockKind, Facts, Op, ScopeId, Term};
use crate::mode::Mode;
use crate::names::marker_of_macro;
use crate::scan::{self, UseKind};
use super::{Builder, Dest};
use super::syntax::{is_large_array, is_cfg, cfg_attr_of, is_control_flow, diverges};

/// Methods of `str` that return a `&str` into the same text (on a `&str` local, a shared reference again).
const SUBSTRING_METHODS: &[&str] =
    &["trim", "trim_start", "trim_end", "trim_matches", "trim_start_matches", "trim_end_matches", "trim_ascii"];
/// Methods of `str` and slices whose iterator yields shared references into the receiver's referent.
const REF_ITEM_METHODS: &[&str] = &[
    "split", "rsplit", "splitn", "rsplitn", "split_terminator", "split_inclusive", "split_whitespace",
    "split_ascii_whitespace", "lines", "matches", "iter", "windows", "chunks", "chunks_exact", "rchunks",
];
/// Iterator adapters whose items are the items they are given.
const ITEM_PRESERVING_ADAPTERS: &[&str] =
    &["filter", "skip", "take", "rev", "peekable", "step_by", "skip_while", "take_while", "fuse", "inspect"];

impl Builder<'_> {
    /// Lowers the function body; its value is the generator's return value.
    pub fn body(&mut self, block: &SynBlock) {
        self.block_into(block, Dest::Return);
    }

    /// Opens the scope of the function's parameters (already stored in the start state).
    pub fn params(&mut self, bindings: Vec<scan::Binding>) -> ScopeId {
        let s = self.declare(bindings);
        self.push(Op::Open { scope: s });
        self.open(s);
        s
    }

    /// The first resume's argument: bound to `name` (`start = name`), or dropped before the body runs.
    pub fn start_argument(&mut self, name: Option<&Ident>) {
        let arg = self.arg.clone();
        if self.mode != Mode::Sync {
            // The task context of the poll being run: the resume argument itself (a `Copy` pointer, which every arm
            // reads from the closure's parameter; it is never stored).
            self.cx = Some(arg);
            return;
        }
        match name {
            Some(name) => {
                let stmt: Stmt = parse_quote!(let #name = #arg;);
                self.stmt(&stmt, false);
            }
            None => self.push(Op::Stmt { stmt: crate::lowered::drop_stmt(crate::lowered::name(arg)), facts: Facts::default() }),
        }
    }

    /// `let <pat> = <ident>;` for a parameter with a pattern.
    pub fn param_pattern(&mut self, pat: &Pat, from: &Ident) {
        let stmt: Stmt = parse_quote!(let #pat = #from;);
        self.stmt(&stmt, false);
    }

    pub(super) fn block_into(&mut self, block: &SynBlock, dest: Dest) {
        let depth = self.scopes.len();
        let n = block.stmts.len();
        for (i, stmt) in block.stmts.iter().enumerate() {
            let tail = i + 1 == n;
            match stmt {
                // A discarded tail's value is the block's (a `()`: `if c { yield_!(v).clone() }`), never an unused
                // result: `let _ =` keeps `#[must_use]` methods quiet, as in plain Rust.
                Stmt::Expr(e @ Expr::MethodCall(_), None) if tail && dest == Dest::Discard && self.lowers(e) => {
                    self.stmt(&parse_quote!(let _ = #e;), false);
                }
                Stmt::Expr(e, None) if tail => self.expr_into(e, dest),
                _ => self.stmt(stmt, tail && dest == Dest::Return),
            }
        }
        if n == 0 || !matches!(block.stmts.last(), Some(Stmt::Expr(_, None))) {
            match dest {
                Dest::Discard => {}
                Dest::Local(l) => self.assign(l, parse_quote!(())),
                Dest::Return => self.ret(parse_quote!(()), block.span()),
            }
        }
        if dest != Dest::Return {
            self.close_to(depth);
        }
    }

    pub(super) fn ret(&mut self, value: Expr, _span: Span) {
        let facts = self.facts(&scan::expr_uses(&value, UseKind::Move));
        self.terminate(Term::Return(value), facts);
    }

    /// Lowers `e` and stores its value in `dest`.
    pub(super) fn expr_into(&mut self, e: &Expr, dest: Dest) {
        match dest {
            Dest::Discard => {
                self.expr(e, true);
            }
            Dest::Local(l) => {
                if self.lowers(e) && is_control_flow(e) {
                    self.control_flow(e, Dest::Local(l));
                } else {
                    let v = self.expr(e, false);
                    self.assign(l, v);
                }
            }
            Dest::Return => {
                let breakable = matches!(e, Expr::Loop(_)) || matches!(e, Expr::Block(b) if b.label.is_some());
                if self.lowers(e) && is_control_flow(e) && !breakable {
                    self.control_flow(e, Dest::Return);
                } else {
                    let v = self.expr(e, false);
                    self.ret(v, e.span());
                }
            }
        }
    }

    pub(super) fn stmt(&mut self, stmt: &Stmt, _is_tail: bool) {
        if let Some(attr) = cfg_attr_of(stmt) {
            let suspends = match stmt {
                Stmt::Local(l) => l.init.as_ref().is_some_and(|i| self.lowers(&i.expr) || i.diverge.as_ref().is_some_and(|(_, d)| self.lowers(d))),
                Stmt::Expr(e, _) => self.lowers(e),
                Stmt::Macro(m) => self.macro_stmt_lowers(m),
                Stmt::Item(_) => false,
            };
            if suspends {
                self.errors.push(syn::Error::new_spanned(
                    attr,
                    "`#[cfg]` cannot apply to a statement that suspends the generator: the macro lowers the body before \
                     rustc evaluates `cfg`; write `if cfg!(…) { … }` around it instead",
                ));
                return;
            }
        }
        // Temporaries a `let` keeps alive (`&make()`, `pin!(e)`) and `tokio::pin!`: named as locals first.
        let rewritten = match stmt {
            Stmt::Local(l) if !l.attrs.iter().any(is_cfg) => crate::extend::local(l, &mut self.temps),
            Stmt::Macro(m) => crate::extend::pin_statement(&m.mac, &mut self.temps),
            Stmt::Expr(Expr::Macro(m), Some(_)) => crate::extend::pin_statement(&m.mac, &mut self.temps),
            _ => None,
        };
        if let Some(rw) = rewritten {
            for s in &rw.stmts {
                self.stmt(s, false);
            }
            for ident in &rw.pinned {
                if let Some(l) = self.resolve(&ident.to_string()) {
                    self.lowered.locals[l].pinned_value = true;
                }
            }
            return;
        }
        match stmt {
            Stmt::Local(local) => self.local(local),
            Stmt::Item(item) => {
                // Items were moved out of the body before lowering; nothing to do.
                let _ = item;
            }
            Stmt::Expr(e, semi) => {
                let depth = self.scopes.len();
                // A `return` ends the block here too, so that what follows it is dead code the machine never
                // emits (a `let` whose other arm suspends then `return;`s takes its type from the arm that yields
                // a value, as in plain Rust).
                if self.lowers(e) {
                    self.expr(e, true);
                } else if let Expr::Return(r) = e {
                    let v = match &r.expr {
                        Some(x) => self.expr(x, false),
                        None => parse_quote!(()),
                    };
                    self.ret(v, r.span());
                } else {
                    self.native_stmt(e, semi.is_some());
                    if diverges(e) {
                        self.terminate(Term::Unreachable, Facts::default());
                    }
                }
                self.close_to(depth);
            }
            Stmt::Macro(m) => {
                let e = Expr::Macro(syn::ExprMacro { attrs: m.attrs.clone(), mac: m.mac.clone() });
                let depth = self.scopes.len();
                if self.macro_stmt_lowers(m) {
                    self.expr(&e, true);
                } else {
                    self.native_stmt(&e, true);
                    if diverges(&e) {
                        self.terminate(Term::Unreachable, Facts::default());
                    }
                }
                self.close_to(depth);
            }
        }
    }

    /// Whether a macro statement suspends or jumps (a marker, or a macro whose arguments hold one).
    fn macro_stmt_lowers(&self, m: &syn::StmtMacro) -> bool {
        marker_of_macro(&m.mac).is_some() || self.lowers(&Expr::Macro(syn::ExprMacro { attrs: Vec::new(), mac: m.mac.clone() }))
    }

    pub(super) fn local(&mut self, local: &syn::Local) {
        let depth = self.scopes.len();
        let pat = &local.pat;
        let yields = local.init.as_ref().is_some_and(|i| {
            self.lowers(&i.expr) || i.diverge.as_ref().is_some_and(|(_, d)| self.lowers(d))
        });
        if let Some(init) = &local.init {
            if let Some((_, d)) = &init.diverge {
                if self.lowers(d) {
                    self.let_else(pat, &init.expr, d);
                    return;
                }
            }
        }
        if !yields {
            let mut facts = Facts::default();
            let (init, diverge) = match &local.init {
                Some(i) => {
                    facts = self.facts(&scan::expr_uses(&i.expr, UseKind::Move));
                    let e = self.native_expr(&i.expr);
                    let diverge = i.diverge.as_ref().map(|(_, d)| {
                        facts.add_reads_and_moves(self.facts(&scan::expr_uses(d, UseKind::Move)));
                        self.native_expr(d)
                    });
                    (Some(e), diverge)
                }
                None => (None, None),
            };
            let shared_ref = self.binds_shared_ref(local);
            let scope = self.declare(scan::pat_bindings(pat));
            self.split_for_shadowing(scope);
            let under_cfg = local.attrs.iter().any(is_cfg);
            let owned = matches!(pat, Pat::Type(t) if scan::owned_type(&t.ty));
            for &l in &self.lowered.scopes[scope].locals {
                self.lowered.locals[l].under_cfg = under_cfg;
                self.lowered.locals[l].shared_ref = shared_ref;
                self.lowered.locals[l].owned = owned;
            }
            if init.is_some() {
                facts.assigns.extend(self.lowered.scopes[scope].locals.iter().copied());
            }
            if local.init.as_ref().is_some_and(|i| is_large_array(&i.expr)) {
                for &l in &self.lowered.scopes[scope].locals {
                    self.lowered.locals[l].large = true;
                }
            }
            let attrs = &local.attrs;
            self.push(Op::Let { attrs: attrs.clone(), pat: pat.clone(), init, diverge, scope, facts });
            self.open(scope);
            return;
        }
        let init = local.init.as_ref().expect("a local with a yield has an initialiser");
        // The initialiser suspends: evaluate it (its temporaries end with the statement), then bind.
        let mut value = self.expr(&init.expr, false);
        if matches!(pat, Pat::Wild(_)) {
            // `let _ = place;` would keep the value alive; `let _ = value;` drops it at the end of the statement.
            value = parse_quote!({ #value });
        }
        let value = if self.scopes.len() > depth {
            // Temporaries are open: move the value out before they close, so the bindings outlive them.
            let v = self.dest_temp_at(depth, value);
            self.close_to(depth + 1);
            v
        } else {
            value
        };
        let mut facts = self.facts(&scan::expr_uses(&value, UseKind::Move));
        let diverge = init.diverge.as_ref().map(|(_, d)| {
            facts.add_reads_and_moves(self.facts(&scan::expr_uses(d, UseKind::Move)));
            self.native_expr(d)
        });
        let scope = self.declare(scan::pat_bindings(pat));
        self.split_for_shadowing(scope);
        if matches!(pat, Pat::Type(t) if scan::owned_type(&t.ty)) {
            for &l in &self.lowered.scopes[scope].locals {
                self.lowered.locals[l].owned = true;
            }
        }
        facts.assigns.extend(self.lowered.scopes[scope].locals.iter().copied());
        let attrs = &local.attrs;
        self.push(Op::Let { attrs: attrs.clone(), pat: pat.clone(), init: Some(value), diverge, scope, facts });
        self.open(scope);
    }

    /// Whether `let x = …;` gives `x` a shared reference type, which it keeps (a local's type is fixed by its
    /// declaration): `let x: &T = …`, `let x = &e`, or `let x = y` for a `y` that has one (a parameter `y: &T`).
    /// See [`crate::lowered::Local::shared_ref`]. Looked up before the binding is declared, so `y` is the outer one.
    fn binds_shared_ref(&self, local: &syn::Local) -> bool {
        let shared_ty = |ty: &syn::Type| matches!(ty, syn::Type::Reference(r) if r.mutability.is_none());
        match &local.pat {
            Pat::Type(t) => matches!(&*t.pat, Pat::Ident(i) if i.by_ref.is_none() && i.subpat.is_none()) && shared_ty(&t.ty),
            Pat::Ident(i) if i.by_ref.is_none() && i.subpat.is_none() => match local.init.as_ref().map(|i| &*i.expr) {
                Some(Expr::Reference(r)) => r.mutability.is_none(),
                Some(e @ Expr::Path(_)) => self.is_shared_ref_local(e),
                // `let s = word.trim();` on a `&str`: a `&str` into the same text.
                Some(Expr::MethodCall(m)) => {
                    SUBSTRING_METHODS.contains(&m.method.to_string().as_str()) && self.is_shared_ref_local(&m.receiver)
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// A path naming a local that holds a shared reference (see [`crate::lowered::Local::shared_ref`]).
    fn is_shared_ref_local(&self, e: &Expr) -> bool {
        matches!(e, Expr::Path(p) if p.qself.is_none()
            && p.path.get_ident().and_then(|y| self.resolve(&y.to_string())).is_some_and(|l| self.lowered.locals[l].shared_ref))
    }

    /// Whether the items of `for x in e` are shared references into what a shared reference points to:
    /// `text.split(' ')`, `v.iter().rev()`, `s.lines().filter(…)` on a `&str` / `&[T]` / `&Vec<T>` local.
    pub(super) fn yields_shared_refs(&self, e: &Expr) -> bool {
        let mut e = e;
        while let Expr::MethodCall(m) = e {
            let name = m.method.to_string();
            if ITEM_PRESERVING_ADAPTERS.contains(&name.as_str()) {
                e = &m.receiver;
            } else {
                return REF_ITEM_METHODS.contains(&name.as_str()) && self.is_shared_ref_local(&m.receiver);
            }
        }
        false
    }

    /// `let PAT = init else { diverge };` whose `else` suspends or jumps: a `match` with the `else` as a lowered arm.
    fn let_else(&mut self, pat: &Pat, init: &Expr, diverge: &Expr) {
        let depth = self.scopes.len();
        let scrutinee = if self.lowers(init) { self.expr(init, false) } else { self.native_expr(init) };
        let cont = self.new_block(BlockKind::Inner("bound"));
        let els = self.new_block(BlockKind::Inner("else"));
        let scope = self.declare(scan::pat_bindings(pat));
        let facts = self.facts(&scan::expr_uses(&scrutinee, scan::scrutinee_use([pat])));
        self.terminate_if_let(&scrutinee, pat, cont, els, facts);
        self.switch_to(els);
        self.expr_into(diverge, Dest::Discard);
        // The `else` block diverges: nothing reaches its end.
        self.terminate(Term::Unreachable, Facts::default());
        let _ = depth;
        self.switch_to(cont);
        self.push(Op::Open { scope });
        self.open(scope);
    }
}
