//! Syntactic facts about user code that the lowering needs without knowing any type: which locals a piece of code
//! reads, may move, or overwrites; which names a pattern binds; where the marker macros are.
//!
//! The facts are deliberately conservative: a name that may be a move counts as one ("maybe moved"), and any use of a
//! name keeps the local alive. [`crate::analysis`] only stores a maybe-moved local across a suspension when a later
//! use shows it must still be there.

use std::collections::HashSet;

use proc_macro2::{Ident, TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Macro, Pat, Stmt, Token};

use crate::names::{as_marker, marker_of_macro};

/// How a piece of code touches a local.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UseKind {
    /// Read in place, no reference to it kept: `x.f` copied, `x == y`, `x.len()`.
    Read,
    /// Borrowed, and the borrow may be part of the value: `&x`, `x.iter()`, a closure capturing `x`.
    Borrow,
    /// Used by value: moved unless its type is `Copy`.
    Move,
    /// Overwritten as a whole: `x = e` (the old value is dropped, the local is initialised).
    Assign,
}

#[derive(Clone, Debug)]
pub struct Use {
    pub ident: Ident,
    pub kind: UseKind,
    /// Inside a branch, a loop or a closure of the scanned code: it may not happen.
    pub conditional: bool,
    /// Inside a loop of the scanned code: it may happen several times (so a move there is a copy).
    pub repeated: bool,
    /// The branches it is inside: (construct, arm). Two uses in different arms of one construct exclude each other.
    pub branch: Vec<(u32, u32)>,
    /// A borrow of the local itself (`&x`, a closure capturing `x`), not only of a place reached through it
    /// (`x.f`, `x.iter()`, which borrow `*x` when `x` is a reference).
    pub direct: bool,
}

/// A name a pattern binds.
#[derive(Clone, Debug)]
pub struct Binding {
    pub ident: Ident,
    pub mutable: bool,
    /// `ref x` / `ref mut x`: a borrow of the matched value, not a move out of it.
    pub by_ref: bool,
}

/// Methods that take their receiver by value in std (iterator adapters and consumers, `Option`/`Result`
/// unwrapping, conversions). A receiver of any other method is treated as borrowed.
const CONSUMING_METHODS: &[&str] = &[
    "unwrap", "expect", "unwrap_or", "unwrap_or_else", "unwrap_or_default", "unwrap_err", "expect_err", "ok", "err",
    "map", "map_err", "and_then", "or_else", "ok_or", "ok_or_else", "filter", "filter_map", "flat_map", "flatten",
    "collect", "sum", "product", "fold", "count", "last", "min", "max", "min_by_key", "max_by_key", "zip", "chain",
    "enumerate", "rev", "skip", "skip_while", "take_while", "step_by", "cycle", "peekable", "fuse", "inspect",
    "scan", "for_each", "try_for_each", "try_fold", "reduce", "partition", "unzip", "copied", "cloned", "join",
    "into_boxed_slice", "into_bytes", "into_string", "into_inner", "into_iter", "into", "try_into", "into_keys",
    "into_values", "into_sorted_vec", "into_vec", "leak", "then", "then_some", "is_some_and", "is_ok_and", "is_none_or",
    // By-value methods of owned guards and handles (`send`, `wait`, `finish` are left out: common `&self` methods
    // whose futures or results borrow the receiver).
    "acquire_owned", "lock_owned", "read_owned", "write_owned", "consume", "call_once",
];

pub fn consumes_receiver(method: &Ident) -> bool {
    let name = method.to_string();
    name.starts_with("into_") || CONSUMING_METHODS.contains(&name.as_str())
}

/// Methods whose result holds no borrow of the receiver (a count, a flag, an owned copy, `()`).
const OWNED_RESULT_METHODS: &[&str] = &[
    "len", "is_empty", "clone", "cloned", "copied", "contains", "contains_key", "starts_with", "ends_with", "eq",
    "ne", "cmp", "partial_cmp", "lt", "le", "gt", "ge", "capacity", "push", "push_str", "push_back", "push_front",
    "insert", "remove", "pop", "pop_front", "pop_back", "sort", "sort_unstable", "sort_by", "sort_by_key", "reverse",
    "clear", "extend", "truncate", "retain", "dedup", "swap", "fill", "set", "replace", "abs", "pow", "min", "max",
    "signum", "sqrt", "floor", "ceil", "round", "trunc", "hash", "fmt", "write_str", "write_fmt", "append",
    "resize", "swap_remove", "rotate_left", "rotate_right", "leading_zeros", "trailing_zeros", "get_or_insert",
    "len_utf8", "len_utf16", "parse", "sum", "product", "powi", "powf", "rem_euclid", "div_euclid", "abs_diff",
];

/// Does `x.method(…)` only read `x` (its result keeps no borrow of it)?
fn owned_result(method: &Ident) -> bool {
    let name = method.to_string();
    ["to_", "is_", "count", "wrapping_", "saturating_", "checked_", "overflowing_", "as_u", "as_i", "as_f"]
        .iter()
        .any(|p| name.starts_with(p))
        || OWNED_RESULT_METHODS.contains(&name.as_str())
}

/// The uses of enclosing locals in `expr`, evaluated in `kind` context.
pub fn expr_uses(expr: &Expr, kind: UseKind) -> Vec<Use> {
    let mut s = Scanner::default();
    s.scrutinee(expr, kind);
    s.out
}

#[derive(Default)]
struct Scanner {
    /// Names bound inside the scanned code: their uses are not uses of the enclosing locals.
    shadow: Vec<HashSet<String>>,
    out: Vec<Use>,
    /// How deep inside branches, loops and closures the scan is.
    cond: usize,
    /// How deep inside loops.
    loops: usize,
    /// The branches the scan is inside, and the next construct number.
    branch: Vec<(u32, u32)>,
    constructs: u32,
}

impl Scanner {
    fn shadowed(&self, name: &str) -> bool {
        self.shadow.iter().any(|s| s.contains(name))
    }

    fn bind(&mut self, pat: &Pat) {
        let names: Vec<String> = pat_bindings(pat).into_iter().map(|b| b.ident.to_string()).collect();
        if let Some(top) = self.shadow.last_mut() {
            top.extend(names);
        } else {
            self.shadow.push(names.into_iter().collect());
        }
    }

    fn record(&mut self, ident: &Ident, kind: UseKind) {
        if !self.shadowed(&ident.to_string()) {
            let branch = self.branch.clone();
            self.out.push(Use {
                ident: ident.clone(),
                kind,
                conditional: self.cond > 0,
                repeated: self.loops > 0,
                branch,
                direct: false,
            });
        }
    }

    /// Code that may not run (a branch, a loop body, a closure).
    fn maybe(&mut self, f: impl FnOnce(&mut Self)) {
        self.cond += 1;
        f(self);
        self.cond -= 1;
    }

    /// Arm `arm` of branching construct `construct`.
    fn arm(&mut self, construct: u32, arm: u32, f: impl FnOnce(&mut Self)) {
        self.branch.push((construct, arm));
        self.maybe(f);
        self.branch.pop();
    }

    /// The names an arm (scanned from `start`) assigns on every path through it, or `None` if it never falls
    /// through (it diverges: then any name counts as assigned after the construct).
    fn arm_assigns(&self, start: usize, depth: usize, diverges: bool) -> Option<HashSet<String>> {
        if diverges {
            return None;
        }
        Some(
            self.out[start..]
                .iter()
                .filter(|u| u.kind == UseKind::Assign && u.branch.len() == depth + 1)
                .map(|u| u.ident.to_string())
                .collect(),
        )
    }

    /// After a construct whose arms all assign a name (or diverge): that name is assigned, as far as the code around
    /// it is concerned, as unconditionally as the construct itself runs.
    fn assigned_by_all(&mut self, arms: &[Option<HashSet<String>>], spans: &[Ident]) {
        let live: Vec<&HashSet<String>> = arms.iter().flatten().collect();
        let Some(first) = live.first() else { return };
        for name in first.iter() {
            if live.iter().all(|a| a.contains(name)) {
                if let Some(ident) = spans.iter().find(|i| *i == name) {
                    let branch = self.branch.clone();
                    self.out.push(Use {
                        ident: ident.clone(),
                        kind: UseKind::Assign,
                        conditional: self.cond > 0,
                        repeated: self.loops > 0,
                        branch,
                        direct: false,
                    });
                }
            }
        }
    }

    fn construct(&mut self) -> u32 {
        self.constructs += 1;
        self.constructs
    }

    /// A loop body: may not run, may run several times.
    fn repeated(&mut self, f: impl FnOnce(&mut Self)) {
        self.loops += 1;
        self.maybe(f);
        self.loops -= 1;
    }

    fn scoped(&mut self, f: impl FnOnce(&mut Self)) {
        self.shadow.push(HashSet::new());
        f(self);
        self.shadow.pop();
    }

    fn block(&mut self, block: &syn::Block) {
        self.scoped(|s| {
            for stmt in &block.stmts {
                s.stmt(stmt);
            }
        });
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Local(local) => {
                if let Some(init) = &local.init {
                    self.expr(&init.expr, UseKind::Move);
                    if let Some((_, diverge)) = &init.diverge {
                        self.maybe(|s| s.expr(diverge, UseKind::Move));
                    }
                }
                self.bind(&local.pat);
            }
            Stmt::Item(_) => {}
            Stmt::Expr(e, _) => self.expr(e, UseKind::Move),
            Stmt::Macro(m) => self.mac(&m.mac),
        }
    }

    fn exprs<'a>(&mut self, es: impl IntoIterator<Item = &'a Expr>, kind: UseKind) {
        for e in es {
            self.expr(e, kind);
        }
    }

    fn expr(&mut self, expr: &Expr, kind: UseKind) {
        match expr {
            Expr::Path(p) if p.qself.is_none() && p.path.leading_colon.is_none() && p.path.segments.len() == 1 => {
                let seg = &p.path.segments[0];
                if seg.arguments.is_none() {
                    self.record(&seg.ident, kind);
                }
            }
            Expr::Array(a) => self.exprs(&a.elems, UseKind::Move),
            Expr::Tuple(t) => self.exprs(&t.elems, UseKind::Move),
            Expr::Assign(a) => {
                match &*a.left {
                    Expr::Path(_) => self.expr(&a.left, UseKind::Assign),
                    // `(a, b) = …` destructuring assignment overwrites each.
                    Expr::Tuple(t) => self.exprs(&t.elems, UseKind::Assign),
                    other => self.expr(other, UseKind::Read),
                }
                self.expr(&a.right, UseKind::Move);
            }
            Expr::Binary(b) => {
                use syn::BinOp::*;
                let operand = match b.op {
                    Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_) => UseKind::Read,
                    _ => UseKind::Move,
                };
                let left = match b.op {
                    AddAssign(_) | SubAssign(_) | MulAssign(_) | DivAssign(_) | RemAssign(_) | BitXorAssign(_)
                    | BitAndAssign(_) | BitOrAssign(_) | ShlAssign(_) | ShrAssign(_) => UseKind::Read,
                    _ => operand,
                };
                self.expr(&b.left, left);
                if matches!(b.op, And(_) | Or(_)) {
                    self.maybe(|s| s.expr(&b.right, operand));
                } else {
                    self.expr(&b.right, operand);
                }
            }
            Expr::Unary(u) => {
                let k = if matches!(u.op, syn::UnOp::Deref(_)) { place(kind) } else { UseKind::Move };
                self.expr(&u.expr, k);
            }
            Expr::Reference(r) => self.borrow(&r.expr),
            Expr::RawAddr(r) => self.borrow(&r.expr),
            // `x.f` used by value may move the field out: `x` is then partially moved (and kept only if used again).
            Expr::Field(f) => self.expr(&f.base, if kind == UseKind::Move { UseKind::Move } else { place(kind) }),
            Expr::Index(i) => {
                self.expr(&i.expr, place(kind));
                self.expr(&i.index, UseKind::Move);
            }
            Expr::Call(c) => {
                self.expr(&c.func, UseKind::Read);
                self.exprs(&c.args, UseKind::Move);
            }
            Expr::MethodCall(m) => {
                let k = if consumes_receiver(&m.method) {
                    UseKind::Move
                } else if owned_result(&m.method) {
                    UseKind::Read
                } else {
                    UseKind::Borrow
                };
                self.expr(&m.receiver, k);
                self.exprs(&m.args, UseKind::Move);
            }
            Expr::Cast(c) => self.expr(&c.expr, UseKind::Move),
            Expr::Paren(p) => self.expr(&p.expr, kind),
            Expr::Group(g) => self.expr(&g.expr, kind),
            Expr::Block(b) => self.block(&b.block),
            Expr::Unsafe(b) => self.block(&b.block),
            Expr::Const(b) => self.block(&b.block),
            Expr::Async(b) => {
                // An `async move` block moves what it names; a plain one borrows, like a closure.
                let k = if b.capture.is_some() { Some(UseKind::Move) } else { None };
                self.capture(k, |s| s.block(&b.block));
            }
            Expr::TryBlock(b) => self.block(&b.block),
            Expr::If(i) => {
                let c = self.construct();
                let depth = self.branch.len();
                let mut arms = Vec::new();
                self.scoped(|s| {
                    s.cond(&i.cond);
                    let start = s.out.len();
                    s.arm(c, 0, |s| s.block(&i.then_branch));
                    arms.push(s.arm_assigns(start, depth, block_diverges(&i.then_branch)));
                });
                if let Some((_, e)) = &i.else_branch {
                    let start = self.out.len();
                    self.arm(c, 1, |s| s.expr(e, kind));
                    arms.push(self.arm_assigns(start, depth, expr_diverges(e)));
                    let idents: Vec<Ident> = self.out.iter().filter(|u| u.kind == UseKind::Assign).map(|u| u.ident.clone()).collect();
                    self.assigned_by_all(&arms, &idents);
                }
            }
            Expr::Let(l) => {
                self.scrutinee(&l.expr, scrutinee_use([&*l.pat]));
                self.bind(&l.pat);
            }
            Expr::Match(m) => {
                self.scrutinee(&m.expr, scrutinee_use(m.arms.iter().map(|a| &a.pat)));
                let c = self.construct();
                let depth = self.branch.len();
                let mut arms = Vec::new();
                for (i, arm) in m.arms.iter().enumerate() {
                    let i = u32::try_from(i).unwrap_or(u32::MAX);
                    let start = self.out.len();
                    self.scoped(|s| {
                        s.bind(&arm.pat);
                        s.arm(c, i, |s| {
                            if let Some((_, g)) = &arm.guard {
                                s.expr(g, UseKind::Read);
                            }
                            s.expr(&arm.body, kind);
                        });
                    });
                    arms.push(self.arm_assigns(start, depth, expr_diverges(&arm.body)));
                }
                let idents: Vec<Ident> = self.out.iter().filter(|u| u.kind == UseKind::Assign).map(|u| u.ident.clone()).collect();
                self.assigned_by_all(&arms, &idents);
            }
            Expr::Loop(l) => self.repeated(|s| s.block(&l.body)),
            Expr::While(w) => self.scoped(|s| {
                s.repeated(|s| {
                    s.cond(&w.cond);
                    s.block(&w.body);
                });
            }),
            Expr::ForLoop(f) => {
                self.expr(&f.expr, UseKind::Move);
                self.scoped(|s| {
                    s.bind(&f.pat);
                    s.repeated(|s| s.block(&f.body));
                });
            }
            Expr::Closure(c) => {
                let k = if c.capture.is_some() { Some(UseKind::Move) } else { None };
                // A `move` closure moves what it names even if it never runs; a plain one's moves happen when it runs.
                self.capture(k, |s| {
                    s.scoped(|s| {
                        for p in &c.inputs {
                            s.bind(p);
                        }
                        s.expr(&c.body, UseKind::Move);
                    });
                });
            }
            Expr::Return(r) => {
                if let Some(e) = &r.expr {
                    self.expr(e, UseKind::Move);
                }
            }
            Expr::Break(b) => {
                if let Some(e) = &b.expr {
                    self.expr(e, UseKind::Move);
                }
            }
            Expr::Try(t) => self.expr(&t.expr, UseKind::Move),
            Expr::Await(a) => self.expr(&a.base, UseKind::Move),
            Expr::Struct(s) => {
                for f in &s.fields {
                    self.expr(&f.expr, UseKind::Move);
                }
                if let Some(rest) = &s.rest {
                    self.expr(rest, UseKind::Read);
                }
            }
            Expr::Range(r) => {
                if let Some(e) = &r.start {
                    self.expr(e, UseKind::Move);
                }
                if let Some(e) = &r.end {
                    self.expr(e, UseKind::Move);
                }
            }
            Expr::Repeat(r) => {
                self.expr(&r.expr, UseKind::Move);
                self.expr(&r.len, UseKind::Move);
            }
            Expr::Macro(m) => self.mac(&m.mac),
            Expr::Yield(y) => {
                if let Some(e) = &y.expr {
                    self.expr(e, UseKind::Move);
                }
            }
            Expr::Verbatim(ts) => self.tokens(ts.clone()),
            _ => {}
        }
    }

    /// A scrutinee (or an expression used as one): borrowed by `ref` bindings as `&e` borrows it, the local itself
    /// when it names one (`match r { ref x => … }` borrows `r`, even when `r` holds a reference).
    fn scrutinee(&mut self, e: &Expr, kind: UseKind) {
        if kind == UseKind::Borrow { self.borrow(e) } else { self.expr(e, kind) }
    }

    /// `&e`: a borrow of the local itself when `e` names one (`&x`), else of the place `e` reaches.
    fn borrow(&mut self, e: &Expr) {
        let start = self.out.len();
        self.expr(e, UseKind::Borrow);
        if let Expr::Path(_) = strip_parens(e) {
            for u in &mut self.out[start..] {
                u.direct = true;
            }
        }
    }

    /// A closure or async block: uses inside are captures. `Some(Move)` for `move` ones (every capture may move);
    /// the others keep a borrow of what they read.
    fn capture(&mut self, kind: Option<UseKind>, f: impl FnOnce(&mut Self)) {
        let start = self.out.len();
        // A `move` capture happens where the closure is made, once, whatever its body does with the value.
        let (conditional, repeated, branch) = (self.cond > 0, self.loops > 0, self.branch.clone());
        f(self);
        let mut extra = Vec::new();
        let mut moved: Vec<String> = Vec::new();
        for u in &mut self.out[start..] {
            match (kind, u.kind) {
                (_, UseKind::Assign) => {}
                (Some(k), _) => {
                    u.kind = k;
                    u.conditional = conditional;
                    u.repeated = repeated;
                    u.branch.clone_from(&branch);
                    // Captured once: later mentions of the same name are reads of the captured value.
                    let name = u.ident.to_string();
                    if moved.contains(&name) {
                        u.kind = UseKind::Read;
                    } else {
                        moved.push(name);
                    }
                }
                (None, UseKind::Read) => {
                    u.kind = UseKind::Borrow;
                    u.direct = true;
                }
                // Captured by value if the body moves it, by reference otherwise (a `Copy` value): both.
                (None, UseKind::Move) => extra.push(Use { kind: UseKind::Borrow, direct: true, ..u.clone() }),
                (None, UseKind::Borrow) => {}
            }
        }
        self.out.extend(extra);
        // An assignment inside a closure does not initialise anything in the enclosing code.
        for u in &mut self.out[start..] {
            if u.kind == UseKind::Assign {
                u.kind = UseKind::Read;
            }
        }
    }

    fn cond(&mut self, cond: &Expr) {
        self.expr(cond, UseKind::Move);
    }

    fn mac(&mut self, mac: &Macro) {
        if let Some(_marker) = marker_of_macro(mac) {
            if let Ok(e) = crate::names::marker_operand(mac) {
                self.expr(&e, UseKind::Move);
            } else {
                self.tokens(mac.tokens.clone());
            }
            return;
        }
        if crate::select::is_select(mac) {
            if let Ok(select) = crate::select::parse(mac) {
                self.select(mac, &select);
                return;
            }
        }
        if let Some(std) = crate::std_macros::of(&mac.path) {
            use crate::std_macros::Takes;
            if let Ok(args) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
                let kind = if matches!(std.takes, Takes::Vec | Takes::Dbg) { UseKind::Move } else { UseKind::Read };
                let start = self.out.len();
                for (i, a) in args.iter().enumerate() {
                    if std.takes == Takes::Matches && i > 0 {
                        break;
                    }
                    if let Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = a {
                        for ident in format_captures(s) {
                            self.record(&ident, UseKind::Read);
                        }
                    }
                    self.expr(a, kind);
                }
                if !matches!(std.takes, Takes::FormatArgs | Takes::Vec | Takes::Dbg) {
                    // The result (a `String`, `()`, a panic) keeps no borrow of the arguments.
                    for u in &mut self.out[start..] {
                        if u.kind == UseKind::Borrow {
                            u.kind = UseKind::Read;
                        }
                    }
                }
                return;
            }
            if std.takes == Takes::Vec {
                if let Ok(e) = mac.parse_body::<syn::ExprRepeat>() {
                    self.expr(&Expr::Repeat(e), UseKind::Move);
                    return;
                }
            }
        }
        self.tokens(mac.tokens.clone());
    }

    /// A `select!`: each branch's condition and future (a bare local polled in place by futures' macros is borrowed),
    /// then, in any order, one handler, which sees its pattern's bindings.
    fn select(&mut self, mac: &Macro, select: &crate::select::Select) {
        let borrows_locals = crate::select::polls_bare_locals_in_place(mac, select);
        for arm in &select.arms {
            if let crate::select::ArmKind::Branch { fut, cond, .. } = &arm.kind {
                if let Some((_, _, c)) = cond {
                    self.expr(c, UseKind::Read);
                }
                if borrows_locals && matches!(strip_parens(fut), Expr::Path(p) if p.path.get_ident().is_some()) {
                    self.borrow(fut);
                } else {
                    self.expr(fut, UseKind::Move);
                }
            }
        }
        self.cond += 1;
        for arm in &select.arms {
            self.scoped(|s| {
                if let crate::select::ArmKind::Branch { pat, .. } = &arm.kind {
                    s.bind(pat);
                }
                s.expr(&arm.body, UseKind::Move);
            });
        }
        self.cond -= 1;
    }

    /// Unknown macro input: every identifier may be a use, and a move.
    fn tokens(&mut self, ts: TokenStream) {
        for tt in ts {
            match tt {
                TokenTree::Ident(i) => self.record(&i, UseKind::Move),
                TokenTree::Group(g) => self.tokens(g.stream()),
                TokenTree::Literal(l) => {
                    if let Ok(s) = syn::parse2::<syn::LitStr>(TokenTree::Literal(l).into()) {
                        for ident in format_captures(&s) {
                            self.record(&ident, UseKind::Read);
                        }
                    }
                }
                TokenTree::Punct(_) => {}
            }
        }
    }
}

/// Does the block end by leaving (`return`, `break`, `continue`, a panic)?
fn block_diverges(b: &syn::Block) -> bool {
    match b.stmts.last() {
        Some(Stmt::Expr(e, _)) => expr_diverges(e),
        Some(Stmt::Macro(m)) => is_panic_macro(&m.mac),
        _ => false,
    }
}

fn expr_diverges(e: &Expr) -> bool {
    match e {
        Expr::Return(_) | Expr::Break(_) | Expr::Continue(_) => true,
        Expr::Block(b) => block_diverges(&b.block),
        Expr::Macro(m) => is_panic_macro(&m.mac),
        _ => false,
    }
}

fn is_panic_macro(m: &Macro) -> bool {
    crate::std_macros::diverges(&m.path)
}

/// How the base of a place expression (`x` in `x.f`, `x[i]`, `*x`) is used when the place is used as `kind`.
fn place(kind: UseKind) -> UseKind {
    if kind == UseKind::Borrow { UseKind::Borrow } else { UseKind::Read }
}

/// The names a format string captures implicitly: `"{x}"`, `"{x:?}"`, `"{0:w$}"` (`w`).
pub fn format_captures(lit: &syn::LitStr) -> Vec<Ident> {
    let text = lit.value();
    let mut out = Vec::new();
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == '{' {
            if bytes.get(i + 1) == Some(&'{') {
                i += 2;
                continue;
            }
            let end = bytes[i..].iter().position(|&c| c == '}').map_or(bytes.len(), |p| i + p);
            let inner: String = bytes[i + 1..end].iter().collect();
            let (arg, spec) = inner.split_once(':').unwrap_or((inner.as_str(), ""));
            push_ident(arg.trim(), lit, &mut out);
            // `{:width$}` and `{:.prec$}` name arguments too.
            for part in spec.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')) {
                if let Some(name) = part.strip_suffix('$') {
                    push_ident(name, lit, &mut out);
                }
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

fn push_ident(name: &str, lit: &syn::LitStr, out: &mut Vec<Ident>) {
    let valid = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if valid && name != "_" {
        out.push(Ident::new(name, lit.span()));
    }
}

/// The names a pattern binds, in order. A lone capitalised identifier (`None`, `MAX`) is a path, not a binding.
pub fn pat_bindings(pat: &Pat) -> Vec<Binding> {
    let mut out = Vec::new();
    collect_bindings(pat, &mut out);
    out
}

fn collect_bindings(pat: &Pat, out: &mut Vec<Binding>) {
    match pat {
        Pat::Ident(p) => {
            let name = p.ident.to_string();
            let is_path = p.by_ref.is_none()
                && p.mutability.is_none()
                && p.subpat.is_none()
                && name.chars().next().is_some_and(char::is_uppercase);
            if !is_path {
                out.push(Binding { ident: p.ident.clone(), mutable: p.mutability.is_some(), by_ref: p.by_ref.is_some() });
            }
            if let Some((_, sub)) = &p.subpat {
                collect_bindings(sub, out);
            }
        }
        Pat::Or(o) => {
            if let Some(first) = o.cases.first() {
                collect_bindings(first, out);
            }
        }
        Pat::Paren(p) => collect_bindings(&p.pat, out),
        Pat::Reference(r) => collect_bindings(&r.pat, out),
        Pat::Slice(s) => s.elems.iter().for_each(|p| collect_bindings(p, out)),
        Pat::Struct(s) => s.fields.iter().for_each(|f| collect_bindings(&f.pat, out)),
        Pat::Tuple(t) => t.elems.iter().for_each(|p| collect_bindings(p, out)),
        Pat::TupleStruct(t) => t.elems.iter().for_each(|p| collect_bindings(p, out)),
        Pat::Type(t) => collect_bindings(&t.pat, out),
        _ => {}
    }
}

/// Where a marker macro stands somewhere it cannot suspend the generator.
pub struct Misplaced {
    pub span: proc_macro2::Span,
    pub marker: &'static str,
    pub place: &'static str,
}

/// Does `expr` contain a marker that suspends the generator it is lowered in (not counting closures, async blocks,
/// nested items, whose markers are errors reported by [`find_misplaced`])? With `awaits` (an `async` generator),
/// an `.await` suspends too.
pub fn contains_yield(expr: &Expr, awaits: bool) -> bool {
    let mut f = YieldFinder::new(awaits);
    syn::visit::Visit::visit_expr(&mut f, expr);
    f.found
}

/// [`contains_yield`] for a block.
pub fn block_contains_yield(block: &syn::Block, awaits: bool) -> bool {
    let mut f = YieldFinder::new(awaits);
    syn::visit::Visit::visit_block(&mut f, block);
    f.found
}

/// The span of the first marker in `expr` (or of `expr` itself when it holds none).
pub fn first_marker_span(expr: &Expr) -> proc_macro2::Span {
    struct First(Option<proc_macro2::Span>);
    impl<'ast> syn::visit::Visit<'ast> for First {
        fn visit_macro(&mut self, m: &'ast Macro) {
            if self.0.is_none() && marker_of_macro(m).is_some() {
                self.0 = Some(m.span());
            }
        }
    }
    let mut f = First(None);
    syn::visit::Visit::visit_expr(&mut f, expr);
    f.0.unwrap_or_else(|| expr.span())
}

/// The first `yield_!` / `yield_from!` in `expr` that would suspend the generator it is lowered in (as
/// [`contains_yield`] finds them, `.await` not counted), with its name.
pub fn first_suspending_marker(expr: &Expr) -> Option<(proc_macro2::Span, &'static str)> {
    let mut f = YieldFinder { found: false, markers_only: true, awaits: false, first: None };
    syn::visit::Visit::visit_expr(&mut f, expr);
    f.first
}

struct YieldFinder {
    found: bool,
    /// Count only the marker macros, not `.await` (and note where the first is).
    markers_only: bool,
    /// `.await` suspends (the function is `async`).
    awaits: bool,
    first: Option<(proc_macro2::Span, &'static str)>,
}

impl YieldFinder {
    fn new(awaits: bool) -> Self {
        YieldFinder { found: false, markers_only: false, awaits, first: None }
    }

    fn marker(&mut self, m: &Macro) {
        self.found = true;
        let name = match marker_of_macro(m) {
            Some(crate::names::Marker::YieldFrom) => "yield_from!",
            _ => "yield_!",
        };
        self.first = Some((m.span(), name));
    }
}

impl<'ast> syn::visit::Visit<'ast> for YieldFinder {
    fn visit_expr(&mut self, e: &'ast Expr) {
        if self.found {
            return;
        }
        if let Some((_, m)) = as_marker(e) {
            self.marker(&m.mac);
            return;
        }
        if matches!(e, Expr::Await(_)) && !self.markers_only && self.awaits {
            self.found = true;
            return;
        }
        match e {
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            _ => syn::visit::visit_expr(self, e),
        }
    }
    fn visit_macro(&mut self, m: &'ast Macro) {
        if self.found {
            return;
        }
        if marker_of_macro(m).is_some() {
            self.marker(m);
        } else if let Some(args) = crate::macros::parse(m) {
            for e in args.operands() {
                self.visit_expr(e);
            }
        }
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// Every marker in a position where it cannot be lowered: inside a closure, an `async` block, a `const` block, a
/// nested item, or the arguments of another macro.
pub fn find_misplaced(block: &syn::Block) -> Vec<Misplaced> {
    let mut f = MisplacedFinder { out: Vec::new(), context: None };
    syn::visit::Visit::visit_block(&mut f, block);
    f.out
}

struct MisplacedFinder {
    out: Vec<Misplaced>,
    context: Option<&'static str>,
}

impl MisplacedFinder {
    fn within(&mut self, place: &'static str, f: impl FnOnce(&mut Self)) {
        let saved = self.context.replace(place);
        f(self);
        self.context = saved;
    }

    fn marker(&mut self, mac: &Macro) {
        if crate::names::is_block_macro(mac) {
            return;
        }
        let Some(kind) = marker_of_macro(mac) else {
            match crate::macros::parse(mac) {
                Some(args) => {
                    // std's expression-taking macros: their operands are lowered like call arguments.
                    for e in args.operands() {
                        syn::visit::Visit::visit_expr(self, e);
                    }
                    for kept in args.kept() {
                        self.foreign_tokens(kept.clone(), "macro message");
                    }
                }
                None => self.foreign_macro(mac),
            }
            return;
        };
        let name = match kind {
            crate::names::Marker::Yield => "yield_!",
            crate::names::Marker::YieldFrom => "yield_from!",
        };
        if let Some(place) = self.context {
            self.out.push(Misplaced { span: mac.span(), marker: name, place });
        }
        // The operand may hold further markers (`yield_!(yield_!(1))`).
        if let Ok(e) = crate::names::marker_operand(mac) {
            syn::visit::Visit::visit_expr(self, &e);
        }
    }

    /// A marker inside another macro's input is invisible to the lowering.
    fn foreign_macro(&mut self, mac: &Macro) {
        self.foreign_tokens(mac.tokens.clone(), "macro");
    }

    fn foreign_tokens(&mut self, tokens: TokenStream, place: &'static str) {
        let mut stack: Vec<TokenStream> = vec![tokens];
        while let Some(ts) = stack.pop() {
            let tokens: Vec<TokenTree> = ts.into_iter().collect();
            for (i, tt) in tokens.iter().enumerate() {
                match tt {
                    TokenTree::Ident(id) if id == "yield_" || id == "yield_from" => {
                        let bang = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                        if bang {
                            let marker = if id == "yield_" { "yield_!" } else { "yield_from!" };
                            self.out.push(Misplaced { span: id.span(), marker, place });
                        }
                    }
                    TokenTree::Group(g) => {
                        // `gen_block! { … }` inside another macro's input: a generator of its own.
                        let block = i >= 2
                            && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == '!')
                            && matches!(&tokens[i - 2], TokenTree::Ident(id) if crate::names::is_block_macro_name(id));
                        if !block {
                            stack.push(g.stream());
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

impl<'ast> syn::visit::Visit<'ast> for MisplacedFinder {
    fn visit_expr(&mut self, e: &'ast Expr) {
        match e {
            Expr::Closure(c) => self.within("closure", |s| syn::visit::visit_expr_closure(s, c)),
            Expr::Async(a) => self.within("async", |s| syn::visit::visit_expr_async(s, a)),
            Expr::Const(c) => self.within("const", |s| syn::visit::visit_expr_const(s, c)),
            Expr::Macro(m) => self.marker(&m.mac),
            _ => syn::visit::visit_expr(self, e),
        }
    }
    fn visit_stmt_macro(&mut self, m: &'ast syn::StmtMacro) {
        self.marker(&m.mac);
    }
    fn visit_item(&mut self, i: &'ast syn::Item) {
        self.within("item", |s| syn::visit::visit_item(s, i));
    }
}

/// The names whose every value in the body is "obviously `Copy`": a literal, or arithmetic, comparisons, casts and
/// `wrapping_*`-style methods on such values and on other such names, or a shared reference `&e`. Any other value (a
/// call, a pattern binding), anywhere, and the name is out.
pub fn copy_like_names(body: &syn::Block) -> HashSet<String> {
    struct Collect {
        assigned: Vec<(String, Option<Expr>)>,
    }
    impl<'ast> syn::visit::Visit<'ast> for Collect {
        fn visit_local(&mut self, l: &'ast syn::Local) {
            let simple = match &l.pat {
                Pat::Ident(p) if p.subpat.is_none() && p.by_ref.is_none() => Some(p.ident.to_string()),
                Pat::Type(t) => match &*t.pat {
                    Pat::Ident(p) if p.subpat.is_none() && p.by_ref.is_none() => Some(p.ident.to_string()),
                    _ => None,
                },
                _ => None,
            };
            match simple {
                Some(name) => {
                    if let Some(init) = &l.init {
                        self.assigned.push((name, Some((*init.expr).clone())));
                    }
                }
                None => {
                    for b in pat_bindings(&l.pat) {
                        self.assigned.push((b.ident.to_string(), None));
                    }
                }
            }
            // Not the pattern: `visit_pat` would count the binding itself as a value of unknown type.
            if let Some(init) = &l.init {
                self.visit_local_init(init);
            }
        }
        fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
            if let Expr::Path(p) = &*a.left {
                if let Some(i) = p.path.get_ident() {
                    self.assigned.push((i.to_string(), Some((*a.right).clone())));
                }
            }
            syn::visit::visit_expr_assign(self, a);
        }
        fn visit_pat(&mut self, p: &'ast Pat) {
            // Bindings of `match` arms, `for` and `if let` patterns: values of unknown type.
            for b in pat_bindings(p) {
                self.assigned.push((b.ident.to_string(), None));
            }
        }
        fn visit_local_init(&mut self, i: &'ast syn::LocalInit) {
            self.visit_expr(&i.expr);
            if let Some((_, d)) = &i.diverge {
                self.visit_expr(d);
            }
        }
    }
    let mut c = Collect { assigned: Vec::new() };
    // Visit statements so that `let` patterns are seen through `visit_local` only.
    for stmt in &body.stmts {
        syn::visit::Visit::visit_stmt(&mut c, stmt);
    }
    let mut names: HashSet<String> = c.assigned.iter().map(|(n, _)| n.clone()).collect();
    loop {
        let before = names.len();
        for (name, value) in &c.assigned {
            // A shared reference (`&temp`, `&x.f`) has no destructor either.
            let keep = value.as_ref().is_some_and(|v| {
                literal_ish(v, &names) || matches!(strip_parens(v), Expr::Reference(r) if r.mutability.is_none())
            });
            if !keep {
                names.remove(name);
            }
        }
        if names.len() == before {
            return names;
        }
    }
}

fn literal_ish(e: &Expr, names: &HashSet<String>) -> bool {
    match e {
        Expr::Lit(_) => true,
        Expr::Path(p) => p.path.get_ident().is_some_and(|i| names.contains(&i.to_string())),
        Expr::Paren(p) => literal_ish(&p.expr, names),
        Expr::Group(g) => literal_ish(&g.expr, names),
        Expr::Unary(u) => !matches!(u.op, syn::UnOp::Deref(_)) && literal_ish(&u.expr, names),
        Expr::Binary(b) => literal_ish(&b.left, names) && literal_ish(&b.right, names),
        Expr::Cast(c) => literal_ish(&c.expr, names),
        Expr::MethodCall(m) => {
            let n = m.method.to_string();
            ["wrapping_", "checked_", "saturating_", "overflowing_", "pow", "abs", "min", "max", "count_", "rotate_"]
                .iter()
                .any(|p| n.starts_with(p))
                && literal_ish(&m.receiver, names)
                && m.args.iter().all(|a| literal_ish(a, names))
        }
        _ => false,
    }
}

/// `e` without the parentheses (and invisible groups) around it.
fn strip_parens(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip_parens(&p.expr),
        Expr::Group(g) => strip_parens(&g.expr),
        _ => e,
    }
}

/// Whether a declared type cannot hold a borrow: primitives, `String`, and the standard containers and smart pointers
/// of such (`Vec<u32>`, `Option<(String, char)>`, `[u8; 4]`), with no lifetime anywhere. A type the macro does not
/// know may have an elided lifetime (`Foo` for `Foo<'_>`), so it is not one.
pub fn owned_type(ty: &syn::Type) -> bool {
    const OWNED: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64", "bool",
        "char", "String", "Vec", "VecDeque", "Option", "Result", "Box", "Rc", "Arc", "HashMap", "HashSet", "BTreeMap",
        "BTreeSet", "BinaryHeap",
    ];
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => p.path.segments.last().is_some_and(|seg| {
            OWNED.contains(&seg.ident.to_string().as_str())
                && match &seg.arguments {
                    syn::PathArguments::None => true,
                    syn::PathArguments::AngleBracketed(a) => a.args.iter().all(|arg| match arg {
                        syn::GenericArgument::Type(t) => owned_type(t),
                        _ => false,
                    }),
                    syn::PathArguments::Parenthesized(_) => false,
                }
        }),
        syn::Type::Tuple(t) => t.elems.iter().all(owned_type),
        syn::Type::Array(a) => owned_type(&a.elem),
        syn::Type::Paren(p) => owned_type(&p.elem),
        _ => false,
    }
}

/// How a `match` / `if let` / `let … else` uses its scrutinee: a `ref` or `ref mut` binding in a pattern borrows it
/// (the binding may then be held across a suspension point, which pins the scrutinee's local), else it is moved.
pub fn scrutinee_use<'p>(pats: impl IntoIterator<Item = &'p Pat>) -> UseKind {
    if pats.into_iter().any(|p| pat_bindings(p).iter().any(|b| b.by_ref)) { UseKind::Borrow } else { UseKind::Move }
}
