//! Explodes a generator body into the basic blocks of [`Cfg`]: every construct that contains a suspension point is
//! split around it (regenerator's `explode`), everything else is kept as yield-free Rust.
//!
//! Input:  `while i > 0 { yield_!(i); i -= 1; } "liftoff"`
//! Output: `Start: goto Head` · `Head: if i > 0 { yield i → Resume0 } else { return "liftoff" }` ·
//!         `Resume0: i -= 1; goto Head`
//!
//! Operands evaluated before a suspension point in the same expression are kept in temporaries, in Rust's evaluation
//! order (`f(a(), yield_!(b))` evaluates `a()` before suspending).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Block as SynBlock, Expr, Pat, Stmt, parse_quote, parse_quote_spanned};

use crate::cfg::{Arm, Block, BlockId, BlockKind, Cfg, Facts, Local, LocalId, Op, Scope, ScopeId, Storage, Suspend, Term};
use crate::names::{Marker, as_marker, hidden, marker_of_macro, unsafe_expr};

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

/// Why resuming a sub-generator in its slot is sound (the expansion's SAFETY comment).
const RESUME_SAFETY: &str = "the sub-generator stays in its slot in the pinned generator until it is dropped there";
/// Why polling an awaited future or a stream in its slot is sound.
const POLL_SAFETY: &str =
    "the future stays in its slot in the pinned generator until it is dropped there; the context is the one of the poll running now";
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

/// A loop or labeled block that contains a suspension point: the targets of `break` / `continue` in it.
struct LoopCtx {
    label: Option<String>,
    brk: BlockId,
    cont: Option<BlockId>,
    depth: usize,
    dest: Option<LocalId>,
}

/// The tokens the lowering needs to emit `return` inside the resume closure.
pub struct Returner {
    pub state: Ident,
    pub state_enum: Ident,
    /// The declared return type, when it can be written in the body: the value is checked against it where it is
    /// written, so a type error points at the user's expression.
    pub ret_ty: Option<syn::Type>,
    /// An async stream: its machine returns `Option<Item>`, the last item a `?` hands out (`None` for a plain end).
    pub stream: Option<Option<syn::Type>>,
}

impl Returner {
    /// `return e` inside the resume closure: mark the generator finished, hand out the value.
    pub fn ret(&self, value: TokenStream, span: Span) -> TokenStream {
        let state = &self.state;
        let state_enum = &self.state_enum;
        if self.stream.is_some() {
            // A stream's body returns `()`: the stream ends with no last item.
            return quote_spanned! {span=>
                {
                    let _: () = #value;
                    *#state = #state_enum::Returned;
                    return ::gen_runtime::__private::GeneratorState::Complete(::core::option::Option::None);
                }
            };
        }
        let ret = hidden("__ret");
        let ty = self.ret_ty.as_ref().map(|t| quote!(: #t));
        quote_spanned! {span=>
            {
                let #ret #ty = #value;
                *#state = #state_enum::Returned;
                return ::gen_runtime::__private::GeneratorState::Complete(#ret);
            }
        }
    }
}

impl Returner {
    /// `?` on a residual `r` (an `Err`, a `None`): in a function, `return FromResidual::from_residual(r)`; in an
    /// async stream, which returns no value, the residual becomes the stream's last item (async-stream's
    /// `try_stream!` convention: `Err(e.into())` is handed out, then the stream ends).
    pub fn residual(&self, residual: &Ident, span: Span) -> TokenStream {
        let converted = match (&self.stream, &self.ret_ty) {
            // The return type is written: Rust's own `?` converts the residual, in a closure that returns that
            // type, so a failed conversion is rustc's own error on the user's `?` ("`?` couldn't convert the error
            // to `ConfigError`").
            (None, Some(ty)) => {
                let q = syn::Token![?](span);
                quote_spanned!(span=> (move || -> #ty { match #residual #q {} })())
            }
            _ => quote_spanned!(span=> ::gen_runtime::__private::FromResidual::from_residual(#residual)),
        };
        let Some(item_ty) = &self.stream else { return self.ret(converted, span) };
        let (state, state_enum) = (&self.state, &self.state_enum);
        let item = hidden("__last_item");
        let ty = item_ty.as_ref().map(|t| quote!(: #t));
        quote_spanned! {span=>
            {
                let #item #ty = #converted;
                *#state = #state_enum::Returned;
                return ::gen_runtime::__private::GeneratorState::Complete(::core::option::Option::Some(#item));
            }
        }
    }
}

/// What kind of function is lowered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// A generator: `yield_!` hands values out, evaluates to the resume argument.
    Sync,
    /// `async fn`: `.await` suspends (pending); the resume argument is the task context.
    Future,
    /// `async fn` with a yield type: `.await` and `yield_!` both suspend; a stream.
    Stream,
}

pub struct Builder<'a> {
    pub cfg: Cfg,
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
    temps: usize,
    /// Names whose every value is a literal or arithmetic on literals (see `Local::copy_like`).
    pub copy_like: std::collections::HashSet<String>,
    /// The function's name: `Box::pin(name(…))` in an `async fn` is recursion (see `erase_recursion`).
    pub fn_name: String,
}

pub fn new_cfg() -> Cfg {
    Cfg { locals: Vec::new(), scopes: Vec::new(), blocks: Vec::new(), order: Vec::new(), yields: 0, suspends: Vec::new(), points: Vec::new(), must_label: Vec::new() }
}

impl<'a> Builder<'a> {
    pub fn new(returner: &'a Returner, arg: Ident) -> Self {
        let mut b = Builder {
            cfg: new_cfg(),
            mode: Mode::Sync,
            cx: None,
            cur: 0,
            scopes: Vec::new(),
            shadowing: Vec::new(),
            loops: Vec::new(),
            returner,
            arg,
            errors: Vec::new(),
            temps: 0,
            copy_like: std::collections::HashSet::new(),
            fn_name: String::new(),
        };
        let start = b.new_block(BlockKind::Start);
        b.switch_to(start);
        b
    }

    // ----- blocks, scopes and locals ---------------------------------------------------------------------------------

    fn new_block(&mut self, kind: BlockKind) -> BlockId {
        self.cfg.blocks.push(Block {
            ops: Vec::new(),
            term: Term::Unreachable,
            term_facts: Facts::default(),
            entry_scopes: Vec::new(),
            kind,
            returns: false,
        });
        self.cfg.blocks.len() - 1
    }

    fn switch_to(&mut self, b: BlockId) {
        self.cur = b;
        self.cfg.blocks[b].entry_scopes = self.scopes.clone();
        self.cfg.order.push(b);
    }

    fn push(&mut self, op: Op) {
        self.cfg.blocks[self.cur].ops.push(op);
    }

    /// Ends the current block; whatever follows (dead code) goes into a fresh block nothing jumps to, which is
    /// never emitted (so it is not in `order`). The caller usually `switch_to`s the next block to fill.
    fn terminate(&mut self, term: Term, facts: Facts) {
        let b = &mut self.cfg.blocks[self.cur];
        b.term = term;
        b.term_facts = facts;
        let dead = self.new_block(BlockKind::Inner("dead"));
        self.cur = dead;
        self.cfg.blocks[dead].entry_scopes = self.scopes.clone();
    }

    fn goto(&mut self, target: BlockId) {
        self.terminate(Term::Goto(target), Facts::default());
    }

    /// Declares the locals a pattern binds as a new scope (not yet open).
    fn declare(&mut self, bindings: Vec<scan::Binding>) -> ScopeId {
        let mut locals = Vec::new();
        for b in bindings {
            let copy_like = self.copy_like.contains(&b.ident.to_string());
            self.cfg.locals.push(Local { copy_like, ..Local::new(b.ident, b.mutable) });
            locals.push(self.cfg.locals.len() - 1);
        }
        self.cfg.scopes.push(Scope { locals });
        self.cfg.scopes.len() - 1
    }

    fn resolve(&self, name: &str) -> Option<LocalId> {
        for &s in self.scopes.iter().rev() {
            for &l in self.cfg.scopes[s].locals.iter().rev() {
                if self.cfg.locals[l].ident == name {
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
                    UseKind::Borrow if self.cfg.locals[l].shared_ref && !u.direct => f.reads.push(l),
                    UseKind::Borrow => f.borrows.push(l),
                    UseKind::Move if !u.repeated => {
                        f.move_paths.push((l, u.branch.clone()));
                        if u.conditional { f.maybe_moves.push(l) } else { f.moves.push(l) }
                    }
                    // Moved in a loop that may run several times: only a `Copy` value can be, so it is read.
                    UseKind::Move => {
                        f.maybe_moves.push(l);
                        f.reads.push(l);
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
        self.cfg.scopes[scope].locals.iter().any(|&l| self.resolve(&self.cfg.locals[l].ident.to_string()).is_some())
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
            self.cfg.must_label.push(next);
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

    /// A temporary holding `value` until the end of the current statement.
    fn hoist(&mut self, value: TokenStream, name: &str) -> Expr {
        let ident = hidden(&format!("__{name}{}", self.temps));
        self.temps += 1;
        let uses = syn::parse2::<Expr>(value.clone()).map(|e| scan::expr_uses(&e, UseKind::Move)).unwrap_or_default();
        let mut facts = self.facts(&uses);
        self.cfg.locals.push(Local::new(ident.clone(), true));
        let l = self.cfg.locals.len() - 1;
        self.cfg.scopes.push(Scope { locals: vec![l] });
        let scope = self.cfg.scopes.len() - 1;
        facts.assigns.push(l);
        self.push(Op::Let { attrs: TokenStream::new(), pat: quote!(mut #ident), init: Some(value), diverge: None, scope, facts });
        self.open(scope);
        parse_quote!(#ident)
    }

    /// An uninitialised temporary that the branches of a construct assign their value to.
    fn dest_temp(&mut self) -> LocalId {
        let ident = hidden(&format!("__v{}", self.temps));
        self.temps += 1;
        self.cfg.locals.push(Local::new(ident.clone(), false));
        let l = self.cfg.locals.len() - 1;
        self.cfg.scopes.push(Scope { locals: vec![l] });
        let scope = self.cfg.scopes.len() - 1;
        self.push(Op::Let { attrs: TokenStream::new(), pat: quote!(#ident), init: None, diverge: None, scope, facts: Facts::default() });
        self.open(scope);
        l
    }

    fn local_expr(&self, l: LocalId) -> Expr {
        let ident = &self.cfg.locals[l].ident;
        parse_quote!(#ident)
    }

    fn assign(&mut self, l: LocalId, value: Expr) {
        let ident = self.cfg.locals[l].ident.clone();
        let mut facts = self.facts(&scan::expr_uses(&value, UseKind::Move));
        facts.assigns.push(l);
        self.push(Op::Stmt { code: quote!(#ident = #value;), facts });
    }

    /// The resume argument of the suspension the current block resumes from.
    /// Spanned on the `yield_!` it is the value of, so that a type error about it points there.
    fn resume_value(&self, span: Span) -> Expr {
        let mut arg = self.arg.clone();
        arg.set_span(span.resolved_at(self.arg.span()));
        parse_quote!(#arg)
    }

    // ----- yield-free code -------------------------------------------------------------------------------------------

    /// Yield-free user code, with `return`, `?` and jumps to lowered loops rewritten for the resume closure.
    fn native_expr(&mut self, e: &Expr) -> Expr {
        let mut e = e.clone();
        NativeRewriter { b: self, loops: 0 }.visit_expr_mut(&mut e);
        e
    }

    /// Does `e` need lowering: does it suspend, or jump out to a loop that suspends?
    fn lowers(&self, e: &Expr) -> bool {
        if scan::contains_yield(e) {
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
    fn native_stmt(&mut self, e: &Expr, semi: bool) {
        let facts = self.facts(&scan::expr_uses(e, UseKind::Move));
        let e = self.native_expr(e);
        let _ = semi;
        self.push(Op::Stmt { code: quote!(#e;), facts });
    }

    // ----- statements ------------------------------------------------------------------------------------------------

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
            None => self.push(Op::Stmt { code: quote!(::core::mem::drop(#arg);), facts: Facts::default() }),
        }
    }

    /// `let <pat> = <ident>;` for a parameter with a pattern.
    pub fn param_pattern(&mut self, pat: &Pat, from: &Ident) {
        let stmt: Stmt = parse_quote!(let #pat = #from;);
        self.stmt(&stmt, false);
    }

    fn block_into(&mut self, block: &SynBlock, dest: Dest) {
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

    fn ret(&mut self, value: Expr, _span: Span) {
        let facts = self.facts(&scan::expr_uses(&value, UseKind::Move));
        self.terminate(Term::Return(value.to_token_stream()), facts);
    }

    /// Lowers `e` and stores its value in `dest`.
    fn expr_into(&mut self, e: &Expr, dest: Dest) {
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

    fn stmt(&mut self, stmt: &Stmt, _is_tail: bool) {
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
                    self.cfg.locals[l].pinned_value = true;
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

    fn local(&mut self, local: &syn::Local) {
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
                        let f = self.facts(&scan::expr_uses(d, UseKind::Move));
                        facts.reads.extend(f.reads);
                        facts.moves.extend(f.moves);
                        facts.maybe_moves.extend(f.maybe_moves);
                        facts.move_paths.extend(f.move_paths);
                        self.native_expr(d).to_token_stream()
                    });
                    (Some(e.to_token_stream()), diverge)
                }
                None => (None, None),
            };
            let shared_ref = self.binds_shared_ref(local);
            let scope = self.declare(scan::pat_bindings(pat));
            self.split_for_shadowing(scope);
            let under_cfg = local.attrs.iter().any(is_cfg);
            let owned = matches!(pat, Pat::Type(t) if scan::owned_type(&t.ty));
            for &l in &self.cfg.scopes[scope].locals {
                self.cfg.locals[l].under_cfg = under_cfg;
                self.cfg.locals[l].shared_ref = shared_ref;
                self.cfg.locals[l].owned = owned;
            }
            if init.is_some() {
                facts.assigns.extend(self.cfg.scopes[scope].locals.iter().copied());
            }
            if local.init.as_ref().is_some_and(|i| is_large_array(&i.expr)) {
                for &l in &self.cfg.scopes[scope].locals {
                    self.cfg.locals[l].large = true;
                }
            }
            let attrs = &local.attrs;
            self.push(Op::Let { attrs: quote!(#(#attrs)*), pat: pat.to_token_stream(), init, diverge, scope, facts });
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
            let f = self.facts(&scan::expr_uses(d, UseKind::Move));
            facts.reads.extend(f.reads);
            facts.moves.extend(f.moves);
            facts.maybe_moves.extend(f.maybe_moves);
            facts.move_paths.extend(f.move_paths);
            self.native_expr(d).to_token_stream()
        });
        let scope = self.declare(scan::pat_bindings(pat));
        self.split_for_shadowing(scope);
        if matches!(pat, Pat::Type(t) if scan::owned_type(&t.ty)) {
            for &l in &self.cfg.scopes[scope].locals {
                self.cfg.locals[l].owned = true;
            }
        }
        facts.assigns.extend(self.cfg.scopes[scope].locals.iter().copied());
        let attrs = &local.attrs;
        self.push(Op::Let { attrs: quote!(#(#attrs)*), pat: pat.to_token_stream(), init: Some(value.to_token_stream()), diverge, scope, facts });
        self.open(scope);
    }

    /// Whether `let x = …;` gives `x` a shared reference type, which it keeps (a local's type is fixed by its
    /// declaration): `let x: &T = …`, `let x = &e`, or `let x = y` for a `y` that has one (a parameter `y: &T`).
    /// See [`crate::cfg::Local::shared_ref`]. Looked up before the binding is declared, so `y` is the outer one.
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

    /// A path naming a local that holds a shared reference (see [`crate::cfg::Local::shared_ref`]).
    fn is_shared_ref_local(&self, e: &Expr) -> bool {
        matches!(e, Expr::Path(p) if p.qself.is_none()
            && p.path.get_ident().and_then(|y| self.resolve(&y.to_string())).is_some_and(|l| self.cfg.locals[l].shared_ref))
    }

    /// Whether the items of `for x in e` are shared references into what a shared reference points to:
    /// `text.split(' ')`, `v.iter().rev()`, `s.lines().filter(…)` on a `&str` / `&[T]` / `&Vec<T>` local.
    fn yields_shared_refs(&self, e: &Expr) -> bool {
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
        self.terminate(
            Term::Match {
                scrutinee: scrutinee.to_token_stream(),
                arms: vec![Arm { pat: pat.to_token_stream(), guard: None, target: cont }, Arm { pat: quote!(_), guard: None, target: els }],
            },
            facts,
        );
        self.switch_to(els);
        self.expr_into(diverge, Dest::Discard);
        // The `else` block diverges: nothing reaches its end.
        self.terminate(Term::Unreachable, Facts::default());
        let _ = depth;
        self.switch_to(cont);
        self.push(Op::Open { scope });
        self.open(scope);
    }

    /// Moves `value` into a holder declared just outside the temporaries opened since `depth` (they end with the
    /// statement; the bindings made from the value must not).
    fn dest_temp_at(&mut self, depth: usize, value: Expr) -> Expr {
        let ident = hidden(&format!("__v{}", self.temps));
        self.temps += 1;
        self.cfg.locals.push(Local::new(ident.clone(), false));
        let l = self.cfg.locals.len() - 1;
        self.cfg.scopes.push(Scope { locals: vec![l] });
        let holder = self.cfg.scopes.len() - 1;
        let first_temp = self.scopes[depth];
        for block in &mut self.cfg.blocks {
            if let Some(p) = block.entry_scopes.iter().position(|s| *s == first_temp) {
                block.entry_scopes.insert(p, holder);
            }
            if let Some(p) = block.ops.iter().position(|op| matches!(op, Op::Let { scope, .. } if *scope == first_temp)) {
                let op = Op::Let { attrs: TokenStream::new(), pat: quote!(#ident), init: None, diverge: None, scope: holder, facts: Facts::default() };
                block.ops.insert(p, op);
            }
        }
        self.scopes.insert(depth, holder);
        self.assign(l, value);
        self.local_expr(l)
    }

    // ----- expressions -----------------------------------------------------------------------------------------------

    /// Lowers `e`, returning a yield-free expression for its value at the current point. With `discard`, the value
    /// is dropped at once and `()` returned.
    fn expr(&mut self, e: &Expr, discard: bool) -> Expr {
        if !self.lowers(e) {
            if discard {
                self.native_stmt(e, true);
                return parse_quote!(());
            }
            return self.native_expr(e);
        }
        if let Some((marker, m)) = as_marker(e) {
            return self.marker(marker, m, discard);
        }
        if is_control_flow(e) {
            if discard {
                self.control_flow(e, Dest::Discard);
                return parse_quote!(());
            }
            let l = self.dest_temp();
            self.control_flow(e, Dest::Local(l));
            return self.local_expr(l);
        }
        let v = self.operands(e);
        if discard {
            let facts = self.facts(&scan::expr_uses(&v, UseKind::Move));
            self.push(Op::Stmt { code: quote!(#v;), facts });
            parse_quote!(())
        } else {
            v
        }
    }

    fn marker(&mut self, marker: Marker, m: &syn::ExprMacro, discard: bool) -> Expr {
        match marker {
            Marker::Yield => {
                let operand: Expr = if m.mac.tokens.is_empty() {
                    parse_quote!(())
                } else {
                    match crate::names::marker_operand(&m.mac) {
                        Ok(e) => e,
                        Err(err) => {
                            let several = m.mac.tokens.clone().into_iter().any(|t| {
                                matches!(t, proc_macro2::TokenTree::Punct(p) if p.as_char() == ',')
                            });
                            let msg = if several {
                                "`yield_!` takes one value: to yield several at once, yield a tuple, \
                                 `yield_!((a, b))` with `yield = (A, B)`, or yield them one after the other"
                            } else {
                                "`yield_!` takes one value, an expression: this is not one"
                            };
                            self.errors.push(syn::Error::new(err.span(), msg));
                            parse_quote!(())
                        }
                    }
                };
                let value = self.expr(&operand, false);
                let value = self.settle(value);
                match self.mode {
                    Mode::Sync => {}
                    Mode::Stream => {
                        // A stream's item; the stream is resumed with a new task context, and `yield_!` is `()`.
                        self.suspend(parse_quote!(::core::task::Poll::Ready(#value)), Suspend::Yield, m.mac.path.span(), marker_text(m));
                        return parse_quote!(());
                    }
                    Mode::Future => {
                        self.errors.push(syn::Error::new(
                            m.mac.path.span(),
                            "`yield_!` in an `async fn` without a yield type: to make it a stream, declare the item \
                             type, `#[generator(yield = T)] async fn …`",
                        ));
                        return parse_quote!(());
                    }
                }
                self.suspend(value, Suspend::Yield, m.mac.path.span(), marker_text(m));
                let arg = self.resume_value(m.mac.delimiter.span().join());
                if discard {
                    self.push(Op::Stmt { code: quote!(::core::mem::drop(#arg);), facts: Facts::default() });
                    parse_quote!(())
                } else {
                    arg
                }
            }
            Marker::YieldFrom => {
                let value = match self.mode {
                    Mode::Sync => self.delegate(m),
                    Mode::Stream => self.delegate_stream(m),
                    Mode::Future => {
                        self.errors.push(syn::Error::new(
                            m.mac.path.span(),
                            "`yield_from!` in an `async fn` without a yield type: to make it a stream, declare the \
                             item type, `#[generator(yield = T)] async fn …`; to wait for a future, use `.await`",
                        ));
                        parse_quote!(())
                    }
                };
                if discard {
                    let facts = self.facts(&scan::expr_uses(&value, UseKind::Move));
                    self.push(Op::Stmt { code: quote!(::core::mem::drop(#value);), facts });
                    parse_quote!(())
                } else {
                    value
                }
            }
        }
    }

    /// Ends the current block at a suspension point handing out `value`; continues in its resume block.
    fn suspend(&mut self, value: Expr, kind: Suspend, span: Span, source: String) {
        let index = self.cfg.yields;
        self.cfg.yields += 1;
        self.cfg.suspends.push(kind);
        self.cfg.points.push((span, source));
        let resume = self.new_block(BlockKind::Resume(index));
        let facts = self.facts(&scan::expr_uses(&value, UseKind::Move));
        self.terminate(Term::Yield { value: value.to_token_stream(), resume, index, span }, facts);
        self.switch_to(resume);
    }

    /// A sub-generator, future or stream in a pinned slot of its own, from here to the end of the statement;
    /// returns its name.
    fn start_sub(&mut self, name: &str, value: TokenStream, span: Span) -> Ident {
        let (sub, sub_scope) = self.hidden_local(name, false);
        self.cfg.locals[sub].storage = Storage::Sub;
        let ident = self.cfg.locals[sub].ident.clone();
        let subs = hidden("__subs");
        let uses = syn::parse2::<Expr>(value.clone()).map(|e| scan::expr_uses(&e, UseKind::Move)).unwrap_or_default();
        let mut facts = self.facts(&uses);
        // What the value borrows, the slot holds (an `async` block borrowing locals): they get pinned.
        facts.assigns.push(sub);
        self.push(Op::Stmt { code: quote_spanned!(span=> #subs.#ident.start(#value);), facts });
        self.push(Op::Open { scope: sub_scope });
        self.open(sub_scope);
        ident
    }

    /// `e.await`: poll `e` in its slot until it is ready, suspending while it is pending.
    ///
    /// Input:  `let v = fut.await;`
    /// Output: `subs.fut.start(into_future(fut));`
    ///         `Awaiting: match subs.fut.poll(cx) { Ready(v) => v, Pending => { suspend; cx = new cx; goto Awaiting } }`
    fn await_(&mut self, future: Expr, span: Span, source: String) -> Expr {
        let Some(cx_ident) = self.cx.clone() else {
            return parse_quote!(#future.await);
        };
        let future = self.erase_recursion(&future, "boxed_future");
        let fut = self.start_sub("future", quote_spanned!(span=> ::core::future::IntoFuture::into_future(#future)), span);
        let subs = hidden("__subs");
        let head = self.new_block(BlockKind::Inner("awaiting"));
        self.goto(head);
        self.switch_to(head);
        let pending = self.new_block(BlockKind::Inner("pending"));
        let ready = self.new_block(BlockKind::Inner("ready"));
        let (r, r_scope) = self.hidden_local("ready", false);
        let r_ident = self.cfg.locals[r].ident.clone();
        let facts = Facts::default();
        self.terminate(
            Term::Match {
                scrutinee: unsafe_expr(&quote_spanned!(span=> #subs.#fut.poll(#cx_ident)), POLL_SAFETY),
                arms: vec![
                    Arm { pat: quote!(::core::task::Poll::Ready(#r_ident)), guard: None, target: ready },
                    Arm { pat: quote!(::core::task::Poll::Pending), guard: None, target: pending },
                ],
            },
            facts,
        );
        self.switch_to(pending);
        let pending_value: Expr = if self.mode == Mode::Stream { parse_quote!(::core::task::Poll::Pending) } else { parse_quote!(()) };
        self.suspend(pending_value, Suspend::Await, span, source);
        self.goto(head);
        self.switch_to(ready);
        self.push(Op::Open { scope: r_scope });
        self.open(r_scope);
        parse_quote!(#r_ident)
    }

    /// `Box::pin(f(…))` awaited (or delegated to) in the `async fn f` itself is recursion: its type is erased behind a
    /// `dyn Future` (`dyn Stream`), or the state would contain itself (rustc: "cannot resolve opaque type"). Other
    /// `Box::pin(…)` keep their type, so they stay `Send` when they are.
    ///
    /// Input:  `Box::pin(fib(n - 1)).await`
    /// Output: `into_future(boxed_future(fib(n - 1)))` in the slot, then as any `.await`
    fn erase_recursion(&self, e: &Expr, eraser: &str) -> TokenStream {
        if let Expr::Call(c) = e
            && c.args.len() == 1
            && is_box_pin(&c.func)
            && calls(&c.args[0], &self.fn_name)
        {
            let (inner, eraser) = (&c.args[0], Ident::new(eraser, c.func.span()));
            return quote_spanned!(c.func.span()=> ::gen_runtime::__private::#eraser(#inner));
        }
        e.to_token_stream()
    }

    /// `yield_from!(stream)` in an async stream: poll it, handing out its items, until it ends.
    fn delegate_stream(&mut self, m: &syn::ExprMacro) -> Expr {
        let span = m.mac.path.span();
        let Some(cx_ident) = self.cx.clone() else { return parse_quote!(()) };
        let operand = match crate::names::marker_operand(&m.mac) {
            Ok(e) => e,
            Err(err) => {
                self.errors.push(syn::Error::new(err.span(), "`yield_from!` takes one expression, the stream to delegate to"));
                return parse_quote!(());
            }
        };
        let operand = self.expr(&operand, false);
        let operand = self.erase_recursion(&operand, "boxed_stream");
        let sub = self.start_sub("stream", operand, span);
        let subs = hidden("__subs");
        let head = self.new_block(BlockKind::Inner("streaming"));
        self.goto(head);
        self.switch_to(head);
        let item = self.new_block(BlockKind::Inner("item"));
        let pending = self.new_block(BlockKind::Inner("pending"));
        let done = self.new_block(BlockKind::Inner("ended"));
        let (y, y_scope) = self.hidden_local("item", false);
        let y_ident = self.cfg.locals[y].ident.clone();
        self.terminate(
            Term::Match {
                scrutinee: unsafe_expr(&quote_spanned!(span=> #subs.#sub.poll_next(#cx_ident)), POLL_SAFETY),
                arms: vec![
                    Arm { pat: quote!(::core::task::Poll::Ready(::core::option::Option::Some(#y_ident))), guard: None, target: item },
                    Arm { pat: quote!(::core::task::Poll::Ready(::core::option::Option::None)), guard: None, target: done },
                    Arm { pat: quote!(::core::task::Poll::Pending), guard: None, target: pending },
                ],
            },
            Facts::default(),
        );
        self.switch_to(item);
        self.push(Op::Open { scope: y_scope });
        self.open(y_scope);
        self.suspend(parse_quote!(::core::task::Poll::Ready(#y_ident)), Suspend::Delegate, span, marker_text(m));
        self.close_to(self.scopes.len() - 1);
        self.goto(head);
        self.switch_to(pending);
        self.suspend(parse_quote!(::core::task::Poll::Pending), Suspend::Await, span, marker_text(m));
        self.goto(head);
        self.switch_to(done);
        parse_quote!(())
    }

    /// A local of the lowering's own, in a scope of its own (not yet open).
    fn hidden_local(&mut self, name: &str, mutable: bool) -> (LocalId, ScopeId) {
        let ident = hidden(&format!("__{name}{}", self.temps));
        self.temps += 1;
        self.cfg.locals.push(Local::new(ident, mutable));
        let l = self.cfg.locals.len() - 1;
        self.cfg.scopes.push(Scope { locals: vec![l] });
        (l, self.cfg.scopes.len() - 1)
    }

    /// `yield_from!(g)`: resume `g` until it completes, handing out each value it yields and passing in each resume
    /// argument (PEP 380). Its first resume gets `Default::default()` (a generator drops its first argument unless
    /// it names it with `start = …`). Evaluates to `g`'s return value, in the resume that completes it.
    ///
    /// Input:  `let r = yield_from!(g);`
    /// Output: `let mut sub = g; let mut arg = default();`
    ///         `Delegate: match resume(pin(&mut sub), arg) { Yielded(y) => { yield y; arg = resume_arg; goto Delegate }`
    ///         `                                              Complete(r) => r }`
    fn delegate(&mut self, m: &syn::ExprMacro) -> Expr {
        let span = m.mac.path.span();
        let operand = match crate::names::marker_operand(&m.mac) {
            Ok(e) => e,
            Err(err) => {
                self.errors.push(syn::Error::new(
                    err.span(),
                    format!("`yield_from!` takes one expression, the generator or iterable to delegate to: {err}"),
                ));
                return parse_quote!(());
            }
        };
        let operand = self.expr(&operand, false);
        // `Box::pin(walk(left))` is recursion: erase the type, or the state would contain itself.
        let operand = match &operand {
            Expr::Call(c) if c.args.len() == 1 && is_box_pin(&c.func) => {
                let inner = &c.args[0];
                quote_spanned!(c.func.span()=> ::gen_runtime::__private::boxed(#inner))
            }
            other => other.to_token_stream(),
        };
        // The sub-generator lives in a pinned slot of its own (it may be `!Unpin`), to the end of the statement.
        let sub_ident = self.start_sub(
            "sub",
            quote_spanned! {span=> {
                #[allow(unused_imports)]
                use ::gen_runtime::__private::{ViaGenerator as _, ViaIterator as _};
                (&&::gen_runtime::__private::Delegate::new(#operand)).into_sub()
            }},
            span,
        );
        let subs = hidden("__subs");
        let arg = self.hoist(quote_spanned!(span=> ::core::default::Default::default()), "sub_arg");
        let head = self.new_block(BlockKind::Inner("delegating"));
        self.goto(head);
        self.switch_to(head);
        let yielded = self.new_block(BlockKind::Inner("yielded"));
        let done = self.new_block(BlockKind::Inner("returned"));
        let (y, y_scope) = self.hidden_local("yielded", false);
        let (r, r_scope) = self.hidden_local("returned", false);
        let (y_ident, r_ident) = (self.cfg.locals[y].ident.clone(), self.cfg.locals[r].ident.clone());
        let facts = Facts { moves: self.facts(&scan::expr_uses(&arg, UseKind::Move)).moves, ..Facts::default() };
        self.terminate(
            Term::Match {
                scrutinee: unsafe_expr(&quote_spanned!(span=> #subs.#sub_ident.resume(#arg)), RESUME_SAFETY),
                arms: vec![
                    Arm { pat: quote!(::gen_runtime::GeneratorState::Yielded(#y_ident)), guard: None, target: yielded },
                    Arm { pat: quote!(::gen_runtime::GeneratorState::Complete(#r_ident)), guard: None, target: done },
                ],
            },
            facts,
        );
        self.switch_to(yielded);
        self.push(Op::Open { scope: y_scope });
        self.open(y_scope);
        self.suspend(parse_quote!(#y_ident), Suspend::Delegate, span, marker_text(m));
        self.close_to(self.scopes.len() - 1);
        let arg_local = self.resolve(&arg.to_token_stream().to_string()).expect("the argument temporary is in scope");
        let resume = self.resume_value(span);
        self.assign(arg_local, resume);
        self.goto(head);
        self.switch_to(done);
        self.push(Op::Open { scope: r_scope });
        self.open(r_scope);
        parse_quote!(#r_ident)
    }

    /// Makes a value produced by lowering safe to keep while more code is lowered: paths and literals are kept, the
    /// resume argument and any other computation go into a temporary.
    fn stabilize(&mut self, e: Expr) -> Expr {
        if is_stable(&e) { e } else { self.hoist(e.to_token_stream(), "t") }
    }

    /// The value a suspension hands out: temporaries it borrows (`yield_!(f(&D))`) live until the end of the
    /// statement, across the suspension, so they are kept in named temporaries.
    fn settle(&mut self, e: Expr) -> Expr {
        let mut h = TempHoister { b: self };
        let mut e = e;
        h.visit_expr_mut(&mut e);
        e
    }

    /// The place an assignment writes to, after its right side `rhs` was evaluated: when the place suspends
    /// (`v[yield_!(i)] = x`, `*{ yield_!(()); r } += 1`), `rhs` goes into a temporary first, then the place's operands
    /// are evaluated in order into temporaries, and the write comes last — Rust's order for assignments (and for
    /// compound assignments of primitives). Returns the place and the value to write.
    ///
    /// Input:  `v[yield_!(i)] = x;`
    /// Output: `let __rhs = x; let __idx = <yield i, resume>; v[__idx] = __rhs;`
    fn assigned_place(&mut self, place: &Expr, rhs: Expr) -> (Expr, Expr) {
        if !self.lowers(place) {
            return (self.native_expr(place), rhs);
        }
        if !is_place_shape(place) {
            self.errors.push(syn::Error::new(
                scan::first_marker_span(place),
                "`yield_!` cannot be used in a destructuring assignment's pattern: yield first, then assign: \
                 `let i = yield_!(…); (v[i], b) = …;`",
            ));
            return (self.native_expr(place), rhs);
        }
        let rhs = self.operand_temp(rhs, "rhs");
        (self.place(place), rhs)
    }

    /// A place expression whose operands are evaluated now, in order (index operands and dereferenced values into
    /// temporaries), so that a suspension inside it keeps Rust's order.
    fn place(&mut self, e: &Expr) -> Expr {
        match e {
            Expr::Paren(p) => self.place(&p.expr),
            Expr::Field(f) => {
                let base = self.place(&f.base);
                let member = &f.member;
                parse_quote!(#base.#member)
            }
            Expr::Index(i) => {
                let base = self.place(&i.expr);
                let index = self.expr(&i.index, false);
                let index = self.operand_temp(index, "idx");
                parse_quote!(#base[#index])
            }
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) && is_place_shape(&u.expr) => {
                let inner = self.place(&u.expr);
                parse_quote!(*#inner)
            }
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
                let v = self.expr(&u.expr, false);
                let v = self.operand_temp(v, "place");
                parse_quote!(*#v)
            }
            Expr::Path(_) => e.clone(),
            _ => {
                let v = self.expr(e, false);
                self.operand_temp(v, "place")
            }
        }
    }

    /// A value evaluated now and kept for later: a path or literal as it is, anything else in a temporary.
    fn operand_temp(&mut self, v: Expr, name: &str) -> Expr {
        match &v {
            // A local's value cannot change before the write; the resume argument does at the next suspension.
            Expr::Path(p) if p.path.get_ident().is_some_and(|i| *i != self.arg) => v,
            Expr::Lit(_) => v,
            _ => self.hoist(v.to_token_stream(), name),
        }
    }

    /// Lowers an expression whose operands contain suspension points, in evaluation order.
    fn operands(&mut self, e: &Expr) -> Expr {
        match e {
            Expr::Paren(p) => {
                let inner = self.expr(&p.expr, false);
                parse_quote!((#inner))
            }
            Expr::Group(g) => self.expr(&g.expr, false),
            Expr::Binary(b) if is_short_circuit(&b.op) => {
                // `a && b`: `b` (which suspends) runs only when `a` is true.
                let dest = self.dest_temp();
                let lhs = self.expr(&b.left, false);
                let then = self.new_block(BlockKind::Inner("rhs"));
                let els = self.new_block(BlockKind::Inner("short"));
                let join = self.new_block(BlockKind::Inner("join"));
                let and = matches!(b.op, syn::BinOp::And(_));
                let facts = self.facts(&scan::expr_uses(&lhs, UseKind::Move));
                let (t, f) = if and { (then, els) } else { (els, then) };
                self.terminate(Term::If { cond: lhs.to_token_stream(), then: t, els: f }, facts);
                self.switch_to(then);
                let depth = self.scopes.len();
                let rhs = self.expr(&b.right, false);
                self.assign(dest, rhs);
                self.close_to(depth);
                self.goto(join);
                self.switch_to(els);
                self.assign(dest, if and { parse_quote!(false) } else { parse_quote!(true) });
                self.goto(join);
                self.switch_to(join);
                self.local_expr(dest)
            }
            Expr::Binary(b) if is_compound_assign(&b.op) => {
                // `place op= value`: for primitive operands (the case this lowering assumes) the right side is
                // evaluated first, then the place's operands; the place stays a place.
                let rhs = self.expr(&b.right, false);
                let left = self.assigned_place(&b.left, rhs.clone());
                let (op, rhs) = (&b.op, left.1);
                let left = left.0;
                parse_quote!(#left #op #rhs)
            }
            Expr::Binary(b) => {
                let v = self.sequence(&[&b.left, &b.right]);
                let (l, r, op) = (&v[0], &v[1], &b.op);
                parse_quote!(#l #op #r)
            }
            Expr::Assign(a) => {
                // The right side is evaluated first, then the place.
                let rhs = self.expr(&a.right, false);
                let (left, rhs) = self.assigned_place(&a.left, rhs);
                parse_quote!(#left = #rhs)
            }
            Expr::Unary(u) => {
                let inner = self.expr(&u.expr, false);
                let op = &u.op;
                parse_quote!(#op #inner)
            }
            Expr::Reference(r) => {
                let inner = self.expr(&r.expr, false);
                let m = &r.mutability;
                parse_quote!(& #m #inner)
            }
            Expr::Cast(c) => {
                let inner = self.expr(&c.expr, false);
                let ty = &c.ty;
                parse_quote!(#inner as #ty)
            }
            Expr::Field(f) => {
                let base = self.expr(&f.base, false);
                let member = &f.member;
                parse_quote!(#base.#member)
            }
            Expr::Index(i) => {
                let v = self.sequence(&[&i.expr, &i.index]);
                let (base, index) = (&v[0], &v[1]);
                parse_quote!(#base[#index])
            }
            Expr::Call(c) => {
                let mut all: Vec<&Expr> = vec![&c.func];
                all.extend(c.args.iter());
                let v = self.sequence(&all);
                let func = &v[0];
                let args = &v[1..];
                parse_quote!(#func(#(#args),*))
            }
            Expr::MethodCall(m) => {
                let mut all: Vec<&Expr> = vec![&m.receiver];
                all.extend(m.args.iter());
                let v = self.sequence(&all);
                let recv = &v[0];
                let args = &v[1..];
                let method = &m.method;
                let turbofish = &m.turbofish;
                parse_quote!(#recv.#method #turbofish(#(#args),*))
            }
            Expr::Tuple(t) => {
                let all: Vec<&Expr> = t.elems.iter().collect();
                let v = self.sequence(&all);
                if v.len() == 1 {
                    let x = &v[0];
                    parse_quote!((#x,))
                } else {
                    parse_quote!((#(#v),*))
                }
            }
            Expr::Array(a) => {
                let all: Vec<&Expr> = a.elems.iter().collect();
                let v = self.sequence(&all);
                parse_quote!([#(#v),*])
            }
            Expr::Repeat(r) => {
                let inner = self.expr(&r.expr, false);
                let len = &r.len;
                parse_quote!([#inner; #len])
            }
            Expr::Struct(s) => {
                let mut all: Vec<&Expr> = s.fields.iter().map(|f| &f.expr).collect();
                if let Some(rest) = &s.rest {
                    all.push(rest);
                }
                let v = self.sequence(&all);
                let path = &s.path;
                let fields = s.fields.iter().zip(&v).map(|(f, v)| {
                    let m = &f.member;
                    quote!(#m: #v)
                });
                let rest = s.rest.as_ref().map(|_| {
                    let r = v.last().expect("rest operand");
                    quote!(.. #r)
                });
                parse_quote!(#path { #(#fields,)* #rest })
            }
            Expr::Range(r) => {
                let mut all: Vec<&Expr> = Vec::new();
                all.extend(r.start.as_deref());
                all.extend(r.end.as_deref());
                let v = self.sequence(&all);
                let mut it = v.into_iter();
                let start = r.start.as_ref().map(|_| it.next().expect("start"));
                let end = r.end.as_ref().map(|_| it.next().expect("end"));
                let limits = &r.limits;
                parse_quote!(#start #limits #end)
            }
            Expr::Try(t) => {
                let inner = self.expr(&t.expr, false);
                self.try_expr(inner, t.question_token.span())
            }
            Expr::Await(a) => {
                // A lowered `select!` (`async { select! { … } }.await`) is shown as the user wrote it, the macro.
                let source = match crate::select::awaited_select(&a.base) {
                    Some(mac) => format!("{}! {{ … }}", crate::graph::tidy(&mac.path.to_token_stream())),
                    None => crate::graph::tidy(&a.to_token_stream()),
                };
                let base = self.expr(&a.base, false);
                self.await_(base, a.await_token.span(), source)
            }
            Expr::Return(r) => {
                let v = match &r.expr {
                    Some(e) => self.expr(e, false),
                    None => parse_quote!(()),
                };
                self.ret(v, r.span());
                parse_quote!(::core::unreachable!())
            }
            Expr::Break(b) => {
                self.jump(b.label.as_ref(), b.expr.as_deref(), true, b.span());
                parse_quote!(::core::unreachable!())
            }
            Expr::Continue(c) => {
                self.jump(c.label.as_ref(), None, false, c.span());
                parse_quote!(::core::unreachable!())
            }
            Expr::Let(l) => {
                self.errors.push(syn::Error::new(l.span(), "expected an expression, found a `let` binding outside of a condition"));
                parse_quote!(())
            }
            Expr::Macro(m) => match crate::macros::parse(&m.mac) {
                Some(args) => {
                    // `println!("{} {}", a(), yield_!(b))`: the operands in order, the format string as written.
                    let operands = self.sequence(&args.operands());
                    let mac = crate::macros::rebuild(&m.mac, &args, operands);
                    Expr::Macro(syn::ExprMacro { attrs: m.attrs.clone(), mac })
                }
                None => {
                    self.errors.push(syn::Error::new(m.span(), "a suspension point inside a macro call cannot be lowered"));
                    parse_quote!(())
                }
            },
            other => {
                self.errors.push(syn::Error::new(
                    other.span(),
                    "this expression cannot contain `yield_!` or `yield_from!`: bind the yielded value to a local \
                     first (`let v = yield_!(…);`) and use the local here",
                ));
                parse_quote!(())
            }
        }
    }

    /// Lowers operands left to right. Those before the last suspending one are kept in temporaries (unless they are
    /// places or literals, which cannot change while the generator is suspended); those after it stay in place.
    fn sequence(&mut self, es: &[&Expr]) -> Vec<Expr> {
        let last = es.iter().rposition(|e| self.lowers(e));
        let mut out = Vec::new();
        for (i, e) in es.iter().enumerate() {
            match last {
                Some(k) if i < k => {
                    let v = self.expr(e, false);
                    out.push(self.stabilize_operand(v));
                }
                Some(k) if i == k => out.push(self.expr(e, false)),
                _ => {
                    let v = self.native_expr(e);
                    out.push(v);
                }
            }
        }
        out
    }

    /// Like [`Self::stabilize`], but a place stays a place (`v.push(yield_!(1))` borrows `v` after resuming).
    fn stabilize_operand(&mut self, e: Expr) -> Expr {
        if is_place(&e) { e } else { self.stabilize(e) }
    }

    fn try_expr(&mut self, inner: Expr, span: Span) -> Expr {
        // Everything spanned on the `?`, so that an error about it points there, once.
        let at = |name: &str| {
            let mut i = hidden(name);
            i.set_span(span.resolved_at(Span::mixed_site()));
            i
        };
        let (residual, value) = (at("__residual"), at("__value"));
        let ret = self.returner.residual(&residual, span);
        self.cfg.blocks[self.cur].returns = true;
        parse_quote_spanned! {span=>
            match ::gen_runtime::__private::Try::branch(#inner) {
                ::gen_runtime::__private::ControlFlow::Continue(#value) => #value,
                ::gen_runtime::__private::ControlFlow::Break(#residual) => #ret,
            }
        }
    }

    /// `break` / `continue` at the level of lowered code.
    fn jump(&mut self, label: Option<&syn::Lifetime>, value: Option<&Expr>, is_break: bool, span: Span) {
        let Some(idx) = self.find_loop(label.map(|l| l.ident.to_string()), is_break) else {
            self.errors.push(syn::Error::new(span, "`break` or `continue` outside of a loop"));
            return;
        };
        if let Some(v) = value {
            let v = self.expr(v, false);
            match self.loops[idx].dest {
                Some(d) => self.assign(d, v),
                None => {
                    let facts = self.facts(&scan::expr_uses(&v, UseKind::Move));
                    self.push(Op::Stmt { code: quote!(::core::mem::drop(#v);), facts });
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
            // checks the original function, which the macro then emits instead (an empty error adds no message).
            self.errors.push(syn::Error::new(span, ""));
            return;
        };
        if self.close_for_jump(depth) {
            self.cfg.must_label.push(target);
        }
        self.goto(target);
    }

    fn find_loop(&self, label: Option<String>, _is_break: bool) -> Option<usize> {
        self.loops.iter().rposition(|l| match &label {
            Some(name) => l.label.as_deref() == Some(name.as_str()),
            // An unlabeled `break`/`continue` targets the innermost loop, never a labeled block.
            None => l.cont.is_some(),
        })
    }

    // ----- control flow ----------------------------------------------------------------------------------------------

    fn control_flow(&mut self, e: &Expr, dest: Dest) {
        match e {
            Expr::Block(b) => {
                if let Some(label) = &b.label {
                    let after = self.new_block(BlockKind::Inner("after"));
                    let d = match dest {
                        Dest::Local(l) => Some(l),
                        _ => None,
                    };
                    self.loops.push(LoopCtx {
                        label: Some(label.name.ident.to_string()),
                        brk: after,
                        cont: None,
                        depth: self.scopes.len(),
                        dest: d,
                    });
                    let inner = if dest == Dest::Return { Dest::Return } else { dest };
                    self.block_into(&b.block, inner);
                    self.loops.pop();
                    self.goto(after);
                    self.switch_to(after);
                } else {
                    self.block_into(&b.block, dest);
                }
            }
            Expr::Unsafe(u) => {
                let inner = Expr::Block(syn::ExprBlock { attrs: Vec::new(), label: None, block: u.block.clone() });
                self.errors.push(syn::Error::new(
                    scan::first_marker_span(&inner),
                    "`yield_!` cannot be used inside an `unsafe` block: the generator would leave the block while \
                     suspended; compute the value inside the block and yield after it: \
                     `let v = unsafe { … }; yield_!(v);`",
                ));
            }
            Expr::If(i) => {
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
            Expr::Match(m) if m.arms.iter().any(|a| a.guard.as_ref().is_some_and(|(_, g)| self.lowers(g))) => {
                self.match_with_suspending_guards(m, dest);
            }
            Expr::Match(m) => {
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
                    let guard = arm.guard.as_ref().map(|(_, g)| {
                        let g = self.native_expr(g);
                        g.to_token_stream()
                    });
                    let pat = &arm.pat;
                    arms.push(Arm { pat: pat.to_token_stream(), guard, target });
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
                self.terminate(Term::Match { scrutinee: scrutinee.to_token_stream(), arms }, facts);
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
            Expr::Loop(l) => {
                let head = self.new_block(BlockKind::Inner("loop"));
                let after = self.new_block(BlockKind::Inner("after"));
                let d = match dest {
                    Dest::Local(l) => Some(l),
                    _ => None,
                };
                self.goto(head);
                self.switch_to(head);
                self.loops.push(LoopCtx {
                    label: l.label.as_ref().map(|l| l.name.ident.to_string()),
                    brk: after,
                    cont: Some(head),
                    depth: self.scopes.len(),
                    dest: d,
                });
                self.block_into(&l.body, Dest::Discard);
                self.goto(head);
                self.loops.pop();
                self.switch_to(after);
                if dest == Dest::Return {
                    self.errors.push(syn::Error::new(l.span(), "internal: loop value returned"));
                }
            }
            Expr::While(w) => {
                let head = self.new_block(BlockKind::Inner("while"));
                let body = self.new_block(BlockKind::Inner("body"));
                let after = self.new_block(BlockKind::Inner("after"));
                self.goto(head);
                self.switch_to(head);
                let depth = self.scopes.len();
                self.loops.push(LoopCtx {
                    label: w.label.as_ref().map(|l| l.name.ident.to_string()),
                    brk: after,
                    cont: Some(head),
                    depth,
                    dest: None,
                });
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
            Expr::ForLoop(f) => {
                let depth = self.scopes.len();
                let iterable = self.expr(&f.expr, false);
                let iter = self.hoist(quote!(::core::iter::IntoIterator::into_iter(#iterable)), "iter");
                let head = self.new_block(BlockKind::Inner("for"));
                let body = self.new_block(BlockKind::Inner("body"));
                let after = self.new_block(BlockKind::Inner("after"));
                self.goto(head);
                self.switch_to(head);
                let inner_depth = self.scopes.len();
                self.loops.push(LoopCtx {
                    label: f.label.as_ref().map(|l| l.name.ident.to_string()),
                    brk: after,
                    cont: Some(head),
                    depth: inner_depth,
                    dest: None,
                });
                let scope = self.declare(scan::pat_bindings(&f.pat));
                if matches!(&*f.pat, Pat::Ident(i) if i.by_ref.is_none() && i.subpat.is_none()) && self.yields_shared_refs(&f.expr) {
                    for &l in &self.cfg.scopes[scope].locals {
                        self.cfg.locals[l].shared_ref = true;
                    }
                }
                let pat = &f.pat;
                let it_facts = self.facts(&scan::expr_uses(&iter, UseKind::Read));
                self.terminate(
                    Term::Match {
                        scrutinee: quote!(::core::iter::Iterator::next(&mut #iter)),
                        arms: vec![
                            Arm { pat: quote!(::core::option::Option::Some(#pat)), guard: None, target: body },
                            Arm { pat: quote!(::core::option::Option::None), guard: None, target: after },
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
            _ => unreachable!("control_flow called on a non-control-flow expression"),
        }
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
            self.hoist(v.to_token_stream(), "scrutinee")
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
                let guard = arm.guard.as_ref().map(|(_, g)| self.native_expr(g).to_token_stream());
                pending.push(Arm { pat: pat.to_token_stream(), guard, target });
                bodies.push((target, scope, &arm.body));
                continue;
            }
            let guard_block = self.new_block(BlockKind::Inner("guard"));
            let next = self.new_block(BlockKind::Inner("next_arm"));
            let by_value: Vec<String> = by_value_bindings(pat);
            let ref_pat = by_reference(pat);
            let ref_scope = self.declare(scan::pat_bindings(&ref_pat));
            pending.push(Arm { pat: ref_pat.to_token_stream(), guard: None, target: guard_block });
            pending.push(Arm { pat: quote!(_), guard: None, target: next });
            self.terminate(Term::Match { scrutinee: scrutinee.to_token_stream(), arms: std::mem::take(&mut pending) }, facts.clone());
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
            self.terminate(Term::If { cond: cond.to_token_stream(), then: holds, els: fails }, cf);
            let guard_scopes = self.scopes.clone();
            self.switch_to(holds);
            self.close_to(depth);
            let body_block = self.new_block(BlockKind::Inner("arm"));
            let scope = self.declare(scan::pat_bindings(pat));
            let never = self.unreachable_block();
            let move_facts = self.facts(&scan::expr_uses(&scrutinee, UseKind::Move));
            self.terminate(
                Term::Match {
                    scrutinee: scrutinee.to_token_stream(),
                    arms: vec![
                        Arm { pat: pat.to_token_stream(), guard: None, target: body_block },
                        Arm { pat: quote!(_), guard: None, target: never },
                    ],
                },
                move_facts,
            );
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
            self.terminate(Term::Match { scrutinee: scrutinee.to_token_stream(), arms: pending }, move_facts);
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
    fn cond(&mut self, cond: &Expr, then: BlockId, els: BlockId) -> Vec<ScopeId> {
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
                self.terminate(
                    Term::Match {
                        scrutinee: v.to_token_stream(),
                        arms: vec![
                            Arm { pat: pat.to_token_stream(), guard: None, target: then },
                            Arm { pat: quote!(_), guard: None, target: els },
                        ],
                    },
                    facts,
                );
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
                self.terminate(Term::If { cond: v.to_token_stream(), then, els }, facts);
                Vec::new()
            }
        }
    }
}

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
    let mut code = guard.to_token_stream();
    for name in names {
        let ident = Ident::new(name, Span::call_site());
        code = crate::rename::rename(&code, name, &quote!((*#ident)));
    }
    syn::parse2(code).unwrap_or_else(|_| guard.clone())
}

/// `[x; N]` or `[a, b, …]` with at least 16 elements: worth keeping in place rather than moving at every resume.
fn is_large_array(e: &Expr) -> bool {
    match e {
        Expr::Repeat(r) => match &*r.len {
            Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(n), .. }) => n.base10_parse::<u64>().is_ok_and(|n| n >= 16),
            _ => false,
        },
        Expr::Array(a) => a.elems.len() >= 16,
        Expr::Paren(p) => is_large_array(&p.expr),
        _ => false,
    }
}

/// The source text of a marker call, for the state graph.
fn marker_text(m: &syn::ExprMacro) -> String {
    crate::graph::tidy(&m.mac.to_token_stream())
}

/// `Box::pin` (or `std::boxed::Box::pin`, …).
fn is_box_pin(func: &Expr) -> bool {
    let Expr::Path(p) = func else { return false };
    let segs: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
    segs.len() >= 2 && segs[segs.len() - 2] == "Box" && segs[segs.len() - 1] == "pin"
}

/// A call of the function `name` (`name(…)`, `Self::name(…)`, `path::name(…)`, `self.name(…)`).
fn calls(e: &Expr, name: &str) -> bool {
    match e {
        Expr::Call(c) => matches!(&*c.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name)),
        Expr::MethodCall(m) => m.method == name,
        Expr::Paren(p) => calls(&p.expr, name),
        _ => false,
    }
}

/// `#[cfg(…)]` or `#[cfg_attr(…)]`.
fn is_cfg(a: &syn::Attribute) -> bool {
    a.path().is_ident("cfg") || a.path().is_ident("cfg_attr")
}

/// A statement's `#[cfg]` / `#[cfg_attr]` attribute, if it has one.
fn cfg_attr_of(stmt: &Stmt) -> Option<&syn::Attribute> {
    let attrs: &[syn::Attribute] = match stmt {
        Stmt::Local(l) => &l.attrs,
        Stmt::Macro(m) => &m.attrs,
        Stmt::Expr(e, _) => expr_attrs(e),
        Stmt::Item(_) => &[],
    };
    attrs.iter().find(|a| is_cfg(a))
}

/// The outer attributes of an expression statement (`#[cfg(x)] f();`, `#[cfg(x)] if c { … }`).
fn expr_attrs(e: &Expr) -> &[syn::Attribute] {
    match e {
        Expr::Macro(x) => &x.attrs,
        Expr::Call(x) => &x.attrs,
        Expr::MethodCall(x) => &x.attrs,
        Expr::If(x) => &x.attrs,
        Expr::Match(x) => &x.attrs,
        Expr::Block(x) => &x.attrs,
        Expr::Unsafe(x) => &x.attrs,
        Expr::While(x) => &x.attrs,
        Expr::ForLoop(x) => &x.attrs,
        Expr::Loop(x) => &x.attrs,
        Expr::Assign(x) => &x.attrs,
        Expr::Binary(x) => &x.attrs,
        Expr::Unary(x) => &x.attrs,
        Expr::Paren(x) => &x.attrs,
        Expr::Await(x) => &x.attrs,
        Expr::Try(x) => &x.attrs,
        Expr::Return(x) => &x.attrs,
        Expr::Break(x) => &x.attrs,
        Expr::Path(x) => &x.attrs,
        _ => &[],
    }
}

fn has_let(e: &Expr) -> bool {
    match e {
        Expr::Let(_) => true,
        Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => has_let(&b.left) || has_let(&b.right),
        Expr::Paren(p) => has_let(&p.expr),
        _ => false,
    }
}

fn is_compound_assign(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(
        op,
        AddAssign(_) | SubAssign(_) | MulAssign(_) | DivAssign(_) | RemAssign(_) | BitXorAssign(_) | BitAndAssign(_)
            | BitOrAssign(_) | ShlAssign(_) | ShrAssign(_)
    )
}

fn is_short_circuit(op: &syn::BinOp) -> bool {
    matches!(op, syn::BinOp::And(_) | syn::BinOp::Or(_))
}

fn is_control_flow(e: &Expr) -> bool {
    matches!(e, Expr::Block(_) | Expr::If(_) | Expr::Match(_) | Expr::Loop(_) | Expr::While(_) | Expr::ForLoop(_) | Expr::Unsafe(_))
}

/// A value that cannot change while the generator is suspended: a literal or a path (locals cannot be touched by
/// anything else while suspended). Not the resume argument, which each resume binds anew.
fn is_stable(e: &Expr) -> bool {
    match e {
        Expr::Path(p) if is_resume_arg(p) => false,
        Expr::Lit(_) | Expr::Path(_) => true,
        Expr::Paren(p) => is_stable(&p.expr),
        Expr::Reference(r) => is_place(&r.expr),
        _ => false,
    }
}

/// The resume argument of the current resume (`yield_!(…)`'s value).
fn is_resume_arg(p: &syn::ExprPath) -> bool {
    p.path.is_ident("__arg")
}

/// A place expression built from locals: `x`, `x.f`, `x.0.g`, `*x`.
fn is_place(e: &Expr) -> bool {
    match e {
        Expr::Path(p) if is_resume_arg(p) => false,
        Expr::Path(_) => true,
        Expr::Field(f) => is_place(&f.base),
        Expr::Paren(p) => is_place(&p.expr),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => is_place(&u.expr),
        _ => false,
    }
}

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
                    *r.expr = self.b.hoist(inner.to_token_stream(), "tmp");
                } else {
                    self.visit_expr_mut(&mut r.expr);
                }
            }
            Expr::MethodCall(m) => {
                if needs_temporary(&m.receiver) {
                    self.visit_expr_mut(&mut m.receiver);
                    let inner = (*m.receiver).clone();
                    *m.receiver = self.b.hoist(inner.to_token_stream(), "tmp");
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
                    *f.base = self.b.hoist(inner.to_token_stream(), "tmp");
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
                self.b.cfg.blocks[cur].returns = true;
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
            // checks the original function, which the macro then emits instead (an empty error adds no message).
            Expr::Break(b) if b.label.is_none() && self.loops == 0 && self.b.find_loop(None, true).is_none() => {
                self.b.errors.push(syn::Error::new(b.break_token.span, ""));
            }
            Expr::Continue(c) if c.label.is_none() && self.loops == 0 && self.b.find_loop(None, false).is_none() => {
                self.b.errors.push(syn::Error::new(c.continue_token.span, ""));
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

/// Whether a yield-free statement always diverges, as far as its syntax shows: `panic!`, `unreachable!`, `todo!`,
/// `unimplemented!` (any path ending so). Code after it is dead, and the value of the block it ends is `!`.
fn diverges(e: &Expr) -> bool {
    match e {
        Expr::Macro(m) => m
            .mac
            .path
            .segments
            .last()
            .is_some_and(|s| ["panic", "unreachable", "todo", "unimplemented"].iter().any(|n| s.ident == n)),
        Expr::Return(_) | Expr::Break(_) | Expr::Continue(_) => true,
        // A block (not one a `break` can leave) diverges when one of its statements does: `{ log(); return 5; }`.
        Expr::Block(b) if b.label.is_none() => b.block.stmts.iter().any(stmt_diverges),
        Expr::Unsafe(b) => b.block.stmts.iter().any(stmt_diverges),
        Expr::If(i) => {
            diverges(&i.cond)
                || i.else_branch.as_ref().is_some_and(|(_, e)| i.then_branch.stmts.iter().any(stmt_diverges) && diverges(e))
        }
        Expr::Match(m) => diverges(&m.expr) || (!m.arms.is_empty() && m.arms.iter().all(|a| diverges(&a.body))),
        Expr::Paren(p) => diverges(&p.expr),
        _ => false,
    }
}

/// A statement after which nothing runs: a diverging expression (see [`diverges`]), or a `let` initialised by one.
fn stmt_diverges(s: &Stmt) -> bool {
    match s {
        Stmt::Expr(e, _) => diverges(e),
        Stmt::Macro(m) => diverges(&Expr::Macro(syn::ExprMacro { attrs: Vec::new(), mac: m.mac.clone() })),
        Stmt::Local(l) => l.init.as_ref().is_some_and(|i| diverges(&i.expr)),
        Stmt::Item(_) => false,
    }
}

/// An assignee that is a place (`v[i]`, `s.f`, `*r`, `x`), not a destructuring pattern (`(a, b)`, `[x, _]`, `S { .. }`).
fn is_place_shape(e: &Expr) -> bool {
    match e {
        Expr::Path(_) | Expr::Index(_) | Expr::Field(_) | Expr::Unary(_) | Expr::MethodCall(_) | Expr::Call(_)
        | Expr::Block(_) | Expr::Macro(_) => true,
        Expr::Paren(p) => is_place_shape(&p.expr),
        _ => false,
    }
}
