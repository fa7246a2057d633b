//! What a piece of code does to each enclosing local: reads it, borrows it, may move it, or assigns it; in which
//! branch of which construct, and whether inside a loop (a move repeated there is a `Copy`).
//!
//! Input:  `consume(v, n.len())` (scanned as a `Move`)
//! Output: `[Move v, Read n]`

use std::collections::HashSet;

use proc_macro2::{Ident, TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::{Expr, Macro, Pat, Stmt, Token};

use crate::names::marker_of_macro;
use super::{Use, UseKind, consumes_receiver, format_captures, owned_result, pat_bindings, scrutinee_use, strip_parens};

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
                guessed: false,
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
                        guessed: false,
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
            Expr::Binary(b) => self.binary(b),
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
            Expr::MethodCall(m) => self.method_call(m),
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
            Expr::If(i) => self.if_(i, kind),
            Expr::Let(l) => {
                self.scrutinee(&l.expr, scrutinee_use([&*l.pat]));
                self.bind(&l.pat);
            }
            Expr::Match(m) => self.match_(m, kind),
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
            Expr::Closure(c) => self.closure(c),
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

    /// `a op b`, `a op= b`: a comparison reads its operands, other operators take them by value; a compound assignment reads its place.
    fn binary(&mut self, b: &syn::ExprBinary) {
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

    /// `x.m(args)`: the receiver moved (a by-value method such as `into_iter`), read (an owned-result method such as
    /// `len`) or else borrowed; the arguments moved.
    fn method_call(&mut self, m: &syn::ExprMethodCall) {
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

    /// `if` / `if let`: the condition always runs, each branch may not.
    fn if_(&mut self, i: &syn::ExprIf, kind: UseKind) {
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

    /// `match`: the scrutinee, then each arm in a branch of its own (it may not run).
    fn match_(&mut self, m: &syn::ExprMatch, kind: UseKind) {
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

    /// A closure: what it names is captured, moved where a `move` closure is made, else used as its body uses it,
    /// conditionally (it may not run).
    fn closure(&mut self, c: &syn::ExprClosure) {
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
        if crate::names::is_block_macro(mac) {
            // A nested `gen_block!` / `stream_block!` captures what it names as a `move` closure does.
            let tokens = &mac.tokens;
            if let Ok(block) = syn::parse2::<syn::Block>(quote::quote!({ #tokens })) {
                self.capture(Some(UseKind::Move), |s| s.scoped(|s| s.block(&block)));
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
                TokenTree::Ident(i) => {
                    let start = self.out.len();
                    self.record(&i, UseKind::Move);
                    for u in &mut self.out[start..] {
                        u.guessed = true;
                    }
                }
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
