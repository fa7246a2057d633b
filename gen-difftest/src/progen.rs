//! The random program generator of the differential oracle.
//!
//! This file is shared by source (`#[path]`) between `gen-difftest/build.rs`, `gen-difftest/native/build.rs` and
//! `gen-macros`' fuzz harness, so it depends on nothing but `std`.
//!
//! A program is a small AST ([`Program`]) of a well-typed, terminating generator body over `i64` values: every loop
//! is bounded by a counter or a range, arithmetic wraps, every `yield` yields an `i64` and evaluates to the `i64`
//! resume argument. [`Program::render`] prints it in each [`Mode`]: through `#[generator]`, as a plain function in
//! which `yield_!(v)` is a call `__y(v)` (direct execution), as a native `#[coroutine] static move |_| { .. }`, as a
//! `#[generator] async fn` and a plain `async fn` (each yield an `.await`), and as a `#[generator(yield = i64)] async
//! fn` stream.
//! [`shrink_candidates`] lists smaller variants of a program that stay well-typed (for the minimiser).
#![allow(dead_code)]

use std::fmt::Write as _;

/// splitmix64: tiny, good enough, and stable forever (the fixed seed set must not change with a crate upgrade).
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
    /// `true` with probability `percent`%.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// One switch per construct. The `unsupported` ones are what `#[generator]` does not handle yet: off by default.
///
/// Covered (on in [`Features::SUPPORTED`]): integer arithmetic, `let`/assignment/compound assignment, shadowing,
/// deferred init, drop guards (made, moved, dropped, parameters), `yield_!` as a statement and in expression
/// positions, `if`/`if let`/`match` (ranges, or-patterns, bindings, guards), the loops (bounded), labeled `break` /
/// `continue`, `break` with a value, labeled blocks, `let`-`else`, `return`, `?`, injected panics, and each switch
/// below: sibling yields, `yield_from!`, yields in match guards and macro arguments, borrows across yields, conditional
/// moves, a `&[i64]` argument, `move` closures, a guard whose last use is a yield operand, diverging `let`
/// initialisers that suspend, `ref`/`ref mut` bindings across yields, extended temporaries, `pin!` locals, yields in
/// assigned places, a second guard parameter (the drop order of a never-resumed generator's arguments), diverging
/// exits in blocks of their own, and `ref` patterns on reference locals.
#[derive(Clone, Copy, Debug)]
pub struct Features {
    pub yields_in_exprs: bool,
    pub guards: bool,
    pub guard_moves: bool,
    pub ticks: bool,
    pub try_op: bool,
    pub early_return: bool,
    pub labeled: bool,
    pub break_value: bool,
    pub let_else: bool,
    pub if_let: bool,
    pub while_let: bool,
    pub match_guards: bool,
    pub shadowing: bool,
    pub deferred_init: bool,
    pub compound_exprs: bool,
    /// More than one `yield_!` among the operands of one expression (`f(yield_!(1), yield_!(2))`); nesting
    /// (`yield_!(yield_!(1) + 1)`) is always on.
    pub sibling_yields: bool,
    pub yield_from: bool,
    pub yield_in_match_guard: bool,
    pub yield_in_macro_args: bool,
    pub borrow_across_yield: bool,
    /// A guard moved on only some paths (still dropped at its scope end on the others, as in plain Rust).
    pub conditional_move: bool,
    /// A shared reference argument `rs: &[i64]` (in one program in three), borrowed across a yield through it
    /// (`rs.iter()`, `&rs[1]`) or as itself (`&rs`).
    pub ref_arg: bool,
    /// `move` closures (in one program in three) that take a guard and copy an integer, called in a yield:
    /// `{ let f = move || g.v() ^ x; yield_!(f()); }` (the guard is dropped with the closure).
    pub move_closures: bool,
    /// A guard whose last use is the operand of a yield: `{ let g = G::new("L"); yield_!(g.v() ^ e); }` or
    /// `{ let g = G::new("L"); let x = yield_!(g.v() ^ e); w ^= x; }` (plain Rust drops `g` at its scope end, after
    /// the resume).
    pub guard_yield_operand: bool,
    /// A `let` whose initialiser has a diverging arm that suspends first: `let n = match e { 0..=5 => v, _ => {
    /// yield_!(y); return r; } };`, `match some_if(e) { Some(m) => m ^ v, None => { .. } }`, `if c { v } else { .. }`,
    /// the exit a `return`, `break` or `continue` (the value arm's type is `n`'s).
    pub diverging_let: bool,
    /// `ref` / `ref mut` bindings of a `match` / `if let` on a local, used across a yield: `if let Some(ref x) = o
    /// { w ^= yield_!(*x) ^ *x; }`, `match t { (ref mut a, _) => { *a += yield_!(y); } }`, `match g { ref r => .. }`
    /// on a guard, `if let Some(ref mut r) = og { yield_!(r.v()); *r = G::new("L2"); }` on an `Option<G>`.
    pub ref_patterns: bool,
    /// Extended temporaries held across yields: `let r = &G::new("L");`, `let r = &make("L", e);`, `let r =
    /// &(G::new("L"), e).0;` (the temporary lives to the end of the block, its drop logged).
    pub extended_temps: bool,
    /// `let p = ::core::pin::pin!(G::new("L"));` (or `pin!(make("L", e))`), used as a guard across yields.
    pub pin_locals: bool,
    /// Yields in assigned places, on an `i64` array local `let mut a = [..; 4]` (read back as `a[k]`) or an `i64`
    /// local: `a[(yield_!(i) as usize) % 4] = v;`, `a[ix(i)] += yield_!(y);` and `a[ix(i)] += &yield_!(y);` (a
    /// logged index: the right side first for `i64 += i64`, the place first for `i64 += &i64`, a trait call), `*{
    /// yield_!(i); &mut a[k] } += v;`, `*{ yield_!(i); &mut w } += v;`.
    pub yield_in_places: bool,
    /// A second guard parameter `g1: G` (one program in two of those with `g0`), so that the order in which a
    /// generator dropped before its first resume drops its arguments is compared: last to first for the sync forms
    /// (as direct execution and an unresumed native coroutine), first to last for the async forms (as an unresumed
    /// plain `async fn`; see `check` in `lib.rs`).
    pub guard_params: bool,
    /// `diverging_let` with the exit in a block statement of its own: `let n = match e { 0..=5 => v, _ => {
    /// yield_!(y); { return r; }; } };`.
    pub diverging_exit_in_block: bool,
    /// `ref_patterns` on a local that is itself a reference, an extended temporary's `let r = &G::new("L");`:
    /// `match r { ref x => { yield_!(x.v()); .. } }`.
    pub ref_pattern_on_ref_local: bool,
    /// The snapshot oracle (off in [`Features::SUPPORTED`]): each program also derives `Clone, Serialize,
    /// Deserialize` and is saved, dropped and restored, and copied with the original dropped, at every suspension
    /// point under every scenario (`check_snapshots` in `lib.rs`). Switching it on switches off, in [`Features::from_spec`], the constructs that keep a value a
    /// snapshot cannot hold (a borrow of a local or of a reference argument, a closure): see
    /// [`Features::snapshot_able`].
    pub snapshot: bool,
}

impl Features {
    /// Everything `#[generator]` supports today.
    pub const SUPPORTED: Features = Features {
        yields_in_exprs: true,
        guards: true,
        guard_moves: true,
        ticks: true,
        try_op: true,
        early_return: true,
        labeled: true,
        break_value: true,
        let_else: true,
        if_let: true,
        while_let: true,
        match_guards: true,
        shadowing: true,
        deferred_init: true,
        compound_exprs: true,
        sibling_yields: true,
        yield_from: true,
        yield_in_match_guard: true,
        yield_in_macro_args: true,
        borrow_across_yield: true,
        conditional_move: true,
        ref_arg: true,
        move_closures: true,
        guard_yield_operand: true,
        diverging_let: true,
        ref_patterns: true,
        extended_temps: true,
        pin_locals: true,
        yield_in_places: true,
        guard_params: true,
        diverging_exit_in_block: true,
        ref_pattern_on_ref_local: true,
        snapshot: false,
    };
    /// Everything, for the fuzz harness (which only needs the expansion not to panic).
    pub const ALL: Features = Features {
        yield_from: true,
        yield_in_match_guard: true,
        yield_in_macro_args: true,
        borrow_across_yield: true,
        conditional_move: true,
        sibling_yields: true,
        diverging_exit_in_block: true,
        ref_pattern_on_ref_local: true,
        extended_temps: true,
        ..Features::SUPPORTED
    };

    /// Reads `DIFFTEST_FEATURES` (`+name,-name,...`) on top of [`Features::SUPPORTED`].
    pub fn from_spec(spec: &str) -> Result<Features, String> {
        let mut f = Features::SUPPORTED;
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (on, name) = match item.as_bytes()[0] {
                b'+' => (true, &item[1..]),
                b'-' => (false, &item[1..]),
                _ => (true, item),
            };
            let slot = match name {
                "yields_in_exprs" => &mut f.yields_in_exprs,
                "guards" => &mut f.guards,
                "guard_moves" => &mut f.guard_moves,
                "ticks" => &mut f.ticks,
                "try_op" => &mut f.try_op,
                "early_return" => &mut f.early_return,
                "labeled" => &mut f.labeled,
                "break_value" => &mut f.break_value,
                "let_else" => &mut f.let_else,
                "if_let" => &mut f.if_let,
                "while_let" => &mut f.while_let,
                "match_guards" => &mut f.match_guards,
                "shadowing" => &mut f.shadowing,
                "deferred_init" => &mut f.deferred_init,
                "compound_exprs" => &mut f.compound_exprs,
                "sibling_yields" => &mut f.sibling_yields,
                "yield_from" => &mut f.yield_from,
                "yield_in_match_guard" => &mut f.yield_in_match_guard,
                "yield_in_macro_args" => &mut f.yield_in_macro_args,
                "borrow_across_yield" => &mut f.borrow_across_yield,
                "conditional_move" => &mut f.conditional_move,
                "ref_arg" => &mut f.ref_arg,
                "move_closures" => &mut f.move_closures,
                "guard_yield_operand" => &mut f.guard_yield_operand,
                "diverging_let" => &mut f.diverging_let,
                "ref_patterns" => &mut f.ref_patterns,
                "extended_temps" => &mut f.extended_temps,
                "pin_locals" => &mut f.pin_locals,
                "yield_in_places" => &mut f.yield_in_places,
                "guard_params" => &mut f.guard_params,
                "diverging_exit_in_block" => &mut f.diverging_exit_in_block,
                "ref_pattern_on_ref_local" => &mut f.ref_pattern_on_ref_local,
                "snapshot" => &mut f.snapshot,
                _ => return Err(format!("unknown difftest feature `{name}`")),
            };
            *slot = on;
        }
        Ok(if f.snapshot { f.snapshot_able() } else { f })
    }

    /// These features without the constructs whose stored values a snapshot cannot hold: borrows held across
    /// yields (of a local, an extended temporary, a `ref` binding, a `pin!` local, the `&[i64]` argument) and `move`
    /// closures. Values the macro only suspects of borrowing a local stay (`let a = [g.v()];`, `while let Some(w) =
    /// step(&mut c, n)`): they are `Copy`, which the snapshot allows. What remains keeps integers, arrays, guards (serde in `lib.rs`), ranges and sub-generators.
    pub fn snapshot_able(self) -> Features {
        Features {
            borrow_across_yield: false,
            ref_arg: false,
            move_closures: false,
            ref_patterns: false,
            extended_temps: false,
            pin_locals: false,
            ref_pattern_on_ref_local: false,
            ..self
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The AST

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RetTy {
    Int,
    Res,
    Opt,
}

#[derive(Clone, Debug)]
pub enum Expr {
    Lit(i64),
    Var(String),
    /// `g.v()` on a live guard.
    GuardVal(String),
    /// `a.wrapping_add(b)` etc. or `(a ^ b)` etc.
    Bin(BinOp, Box<Expr>, Box<Expr>),
    /// `a.wrapping_neg()`
    Neg(Box<Expr>),
    /// `!a`
    Not(Box<Expr>),
    /// `mix(a, b)`
    Call(Box<Expr>, Box<Expr>),
    If(Box<BExpr>, Box<Expr>, Box<Expr>),
    /// `match e { 0 => a, 1 | 2 => b, 3..=5 => c, m if guard => d, _ => e }` (the bound name may be used in `d`)
    Match(Box<Expr>, String, Box<BExpr>, Vec<Expr>),
    Yield(Box<Expr>),
    /// `res(e)?` (Result) or `opt(e)?` (Option)
    Try(RetTy, Box<Expr>),
    Tuple(Box<Expr>, Box<Expr>, u8),
    Array(Box<Expr>, Box<Expr>, Box<Expr>),
    Struct(Box<Expr>, Box<Expr>, bool),
    /// `(format!("{}", e).len() as i64)` — a yield inside macro arguments (unsupported).
    Fmt(Box<Expr>),
    /// `yield_from!(sub(n))` (unsupported).
    YieldFrom(Box<Expr>),
    /// `a[k]` of an array local (see `Features::yield_in_places`).
    ArrGet(String, u8),
}

#[derive(Clone, Copy, Debug)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Xor,
    And,
    Or,
    Shl,
}

#[derive(Clone, Debug)]
pub enum BExpr {
    Lit(bool),
    Cmp(CmpOp, Expr, Expr),
    And(Box<BExpr>, Box<BExpr>),
    Or(Box<BExpr>, Box<BExpr>),
    Not(Box<BExpr>),
}

#[derive(Clone, Copy, Debug)]
pub enum CmpOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
}

#[derive(Clone, Debug)]
pub enum RetVal {
    Int(Expr),
    Ok(Expr),
    Err(Expr),
    Some(Expr),
    None,
}

#[derive(Clone, Debug)]
pub enum Exit {
    /// `break 'l` / `break 'l e` / `break` (label `None`)
    Break(Option<String>, Option<Expr>),
    Continue(Option<String>),
    Return(RetVal),
}

#[derive(Clone, Debug)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub tail: Option<Expr>,
}

#[derive(Clone, Debug)]
pub enum Stmt {
    /// `let mut v = e;` (a new name or a shadowing one)
    Let(String, Expr),
    /// `let g = G::new("label");`
    LetGuard(String, String),
    /// `let to = from;`
    MoveGuard(String, String),
    /// `drop(g);`
    DropGuard(String),
    /// `let d: i64; if c { d = a; } else { d = b; }`
    Deferred(String, BExpr, Expr, Expr),
    /// `v = e;` (op None), `v ^= e;`, `v += e;`
    Assign(String, Option<char>, Expr),
    Yield(Expr),
    Tick(u32),
    If(BExpr, Block, Option<Block>),
    /// `if let Some(s) = some_if(e) { .. } else { .. }`
    IfLet(String, Expr, Block, Option<Block>),
    /// `match e { 0 => {..}, 1 | 2 => {..}, m if guard => {..}, _ => {..} }`
    Match(Expr, String, BExpr, Vec<Block>),
    /// `'l: for i in 0..n { .. }`
    For(String, String, i64, Block),
    /// `let mut c = 0; 'l: while c < n && cond { c += 1; .. }`
    While(String, String, i64, BExpr, Block),
    /// `let mut c = 0; 'l: loop { if c >= n { break; } c += 1; .. }`
    Loop(String, String, i64, Block),
    /// `let mut c = 0; 'l: while let Some(w) = step(&mut c, n) { .. }`
    WhileLet(String, String, String, i64, Block),
    /// `let mut c = 0; let mut v = 'l: loop { if c >= n { break 'l e; } c += 1; .. };`
    LetLoop(String, String, String, i64, Expr, Block),
    /// `let mut v = 'b: { .. tail };`
    LetBlock(String, String, Block),
    /// `let Some(s) = some_if(e) else { exit };`
    LetElse(String, Expr, Exit),
    /// `if c { ..; exit }`
    IfExit(BExpr, Block, Exit),
    /// `{ .. }`
    Block(Block),
    /// `{ let r = &v; yield_!(e); let t = *r; w ^= t; }`
    BorrowAcross(String, String, Expr, String),
    /// `if c { drop(g); }` of a guard from an enclosing block (a conditional move)
    CondDrop(BExpr, String),
    /// A borrow of the argument `rs: &[i64]` held across `yield_!(e)`, then read into `w`: kind 0
    /// `let mut r = rs.iter();` … `r.next()`, 1 `let r = &rs[1];` … `*r`, 2 `let r = &rs;` … `r.len()`.
    BorrowRef(u8, String, Expr, String),
    /// `{ let f = move || g.v() ^ x; yield_!(f()); }`: `g` moved into the closure, `x` (a local or a literal)
    /// copied; the body reads `g` plainly (kind 0), in a branch (1) or in a loop (2).
    MoveClosure(u8, String, String, String),
    /// `{ let g = G::new("L"); yield_!(g.v() ^ e); }` (kind 0) or `{ let g = G::new("L"); let x = yield_!(g.v() ^
    /// e); w ^= x; }` (kind 1; `yield_!(x);` without `w`): the guard's last use is the yield's operand.
    GuardYield(u8, String, String, String, Expr, Option<String>),
    /// `let n = match s { 0..=5 => v, _ => { yield_!(y); exit; } };` (kind 0), `let n = match some_if(s) { Some(m)
    /// => m ^ v, None => { .. } };` (1), `let n = if c { v } else { .. };` (2): fields kind, n, m, s, c, v, y, exit.
    LetDiverge(u8, String, String, Expr, BExpr, Expr, Expr, Exit),
    /// `ref` bindings across a yield (see `Features::ref_patterns`): kind, local, binding, label(s) or guard, e, y, w.
    /// 0: `{ let o = some_if(e); if let Some(ref x) = o { let t = yield_!(*x ^ y); w ^= t ^ *x; } }`;
    /// 1: `{ let mut t = (e, 1i64); match t { (ref mut a, _) => { *a += yield_!(y); } } w ^= t.0; }`;
    /// 2: `match g { ref r => { let t = yield_!(r.v() ^ y); w ^= t ^ r.v(); } }` on the guard `g`;
    /// 3: `{ let mut o = Some(G::new("L")); if let Some(ref mut r) = o { let t = yield_!(r.v() ^ y); *r =
    /// G::new("L2"); w ^= t; } }`. Without `w`, `w ^= x;` is `yield_!(x);`.
    RefPat(u8, String, String, String, Expr, Expr, Option<String>),
    /// `let r = &G::new("L");` (kind 0), `let r = &make("L", e);` (1), `let r = &(G::new("L"), e).0;` (2): an
    /// extended temporary, used as a guard until the end of the block.
    LetRefTemp(u8, String, String, Expr),
    /// `let p = ::core::pin::pin!(G::new("L"));` (kind 0) or `pin!(make("L", e))` (1), used as a guard.
    LetPin(u8, String, String, Expr),
    /// `let mut a = [e0, e1, e2, e3];`
    LetArr(String, Vec<Expr>),
    /// A yield in an assigned place: kind, array or local, i, v, k.
    /// 0: `a[(i as usize) % 4] = v;` (i a yield); 1: `a[ix(i)] += v;` (i plain, v a yield); 4: `a[ix(i)] += &v;`
    /// (the same through `AddAssign<&i64>`); 2: `*{ yield_!(i); &mut a[k] } += v;`; 3: `*{ yield_!(i); &mut w } +=
    /// v;` (`w` an `i64` local).
    PlaceAssign(u8, String, Expr, Expr, u8),
}

#[derive(Clone, Debug)]
pub struct Program {
    pub seed: u64,
    pub ret: RetTy,
    pub int_args: Vec<(String, i64)>,
    pub guard_arg: bool,
    /// Takes a second guard `g1: G` after `g0` (see `Features::guard_params`).
    pub guard_arg2: bool,
    /// Takes `rs: &[i64]` (see `Features::ref_arg`).
    pub ref_arg: bool,
    /// Also checked saved and restored at each suspension point (see `Features::snapshot`).
    pub snapshot: bool,
    pub body: Block,
}

// ---------------------------------------------------------------------------------------------------------------
// Generation

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Int,
    Guard,
    /// An `[i64; 4]` local (see `Features::yield_in_places`).
    Arr,
}

struct Var {
    name: String,
    kind: Kind,
    assignable: bool,
    moved: bool,
}

struct Scope {
    vars: Vec<Var>,
    /// The body of a loop: a guard declared outside cannot be moved inside.
    loop_body: bool,
}

struct Target {
    label: String,
    is_loop: bool,
    /// `break 'l e` needs a value.
    value: bool,
}

struct Gen {
    rng: Rng,
    f: Features,
    ret: RetTy,
    scopes: Vec<Scope>,
    targets: Vec<Target>,
    fresh: u32,
    /// Product of the bounds of the enclosing loops: keeps traces short.
    loop_weight: i64,
    stmt_budget: i32,
    /// A `yield_!` was generated in the current expression (see `Features::sibling_yields`).
    yielded: bool,
    /// The program takes `rs: &[i64]`.
    ref_arg: bool,
    /// The program may have `move` closures (see `Features::move_closures`).
    closures: bool,
}

impl Gen {
    fn fresh(&mut self, prefix: &str) -> String {
        self.fresh += 1;
        format!("{prefix}{}", self.fresh)
    }

    fn visible(&self, kind: Kind) -> Vec<(usize, usize)> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for (si, scope) in self.scopes.iter().enumerate().rev() {
            for (vi, var) in scope.vars.iter().enumerate().rev() {
                if seen.contains(&var.name.as_str()) {
                    continue;
                }
                seen.push(&var.name);
                if var.kind == kind && !(kind == Kind::Guard && var.moved) {
                    out.push((si, vi));
                }
            }
        }
        out
    }

    fn var(&self, at: (usize, usize)) -> &Var {
        &self.scopes[at.0].vars[at.1]
    }

    fn declare(&mut self, name: String, kind: Kind, assignable: bool) {
        self.scopes.last_mut().unwrap().vars.push(Var { name, kind, assignable, moved: false });
    }

    fn lit(&mut self) -> Expr {
        Expr::Lit(self.rng.range(-3, 9))
    }

    fn atom(&mut self) -> Expr {
        let ints = self.visible(Kind::Int);
        let guards = self.visible(Kind::Guard);
        let arrs = self.visible(Kind::Arr);
        match self.rng.below(10) {
            0..=3 if !ints.is_empty() => {
                let at = *self.rng.pick(&ints);
                Expr::Var(self.var(at).name.clone())
            }
            5 if !arrs.is_empty() => {
                let at = *self.rng.pick(&arrs);
                Expr::ArrGet(self.var(at).name.clone(), self.rng.below(4) as u8)
            }
            4 if !guards.is_empty() => {
                let at = *self.rng.pick(&guards);
                Expr::GuardVal(self.var(at).name.clone())
            }
            _ => self.lit(),
        }
    }

    fn int(&mut self, depth: u32, yields: bool) -> Expr {
        if depth == 0 || self.rng.chance(30) {
            return self.atom();
        }
        let d = depth - 1;
        let b = |g: &mut Gen, y| Box::new(g.int(d, y));
        match self.rng.below(22) {
            0..=4 => {
                let op = *self.rng.pick(&[BinOp::Add, BinOp::Sub, BinOp::Mul, BinOp::Xor, BinOp::And, BinOp::Or, BinOp::Shl]);
                Expr::Bin(op, b(self, yields), b(self, yields))
            }
            5..=8 if yields && self.f.yields_in_exprs && (self.f.sibling_yields || !self.yielded) => {
                let inner = b(self, yields);
                self.yielded = true;
                Expr::Yield(inner)
            }
            9 => Expr::Neg(b(self, yields)),
            10 => Expr::Not(b(self, yields)),
            11 => Expr::Call(b(self, yields), b(self, yields)),
            12 => Expr::If(Box::new(self.bool(d, yields)), b(self, yields), b(self, yields)),
            13 if self.f.match_guards => {
                let scrut = b(self, yields);
                let name = self.fresh("m");
                self.scopes.push(Scope { vars: Vec::new(), loop_body: false });
                self.declare(name.clone(), Kind::Int, false);
                let gy = yields && self.f.yield_in_match_guard;
                let guard = self.bool(d.min(1), gy);
                let with_m = self.int(d, yields);
                self.scopes.pop();
                let mut rest: Vec<Expr> = (0..3).map(|_| self.int(d, yields)).collect();
                rest.push(with_m);
                rest.push(self.int(d, yields));
                Expr::Match(scrut, name, Box::new(guard), rest)
            }
            14 if self.f.try_op && self.ret != RetTy::Int => Expr::Try(self.ret, b(self, yields)),
            15 if self.f.compound_exprs => Expr::Tuple(b(self, yields), b(self, yields), self.rng.below(2) as u8),
            16 if self.f.compound_exprs => Expr::Array(b(self, yields), b(self, yields), b(self, yields)),
            17 if self.f.compound_exprs => Expr::Struct(b(self, yields), b(self, yields), self.rng.chance(50)),
            18 if yields && self.f.yield_in_macro_args && (self.f.sibling_yields || !self.yielded) => {
                let inner = b(self, yields);
                self.yielded = true;
                Expr::Fmt(Box::new(Expr::Yield(inner)))
            }
            19 if yields && self.f.yield_from && (self.f.sibling_yields || !self.yielded) => Expr::YieldFrom(Box::new(Expr::Lit(self.rng.range(0, 3)))),
            _ => self.atom(),
        }
    }

    fn bool(&mut self, depth: u32, yields: bool) -> BExpr {
        let d = depth.saturating_sub(1);
        match self.rng.below(12) {
            0 => BExpr::Lit(self.rng.chance(50)),
            1 if depth > 0 => BExpr::And(Box::new(self.bool(d, yields)), Box::new(self.bool(d, yields))),
            2 if depth > 0 => BExpr::Or(Box::new(self.bool(d, yields)), Box::new(self.bool(d, yields))),
            3 if depth > 0 => BExpr::Not(Box::new(self.bool(d, yields))),
            _ => {
                let op = *self.rng.pick(&[CmpOp::Lt, CmpOp::Le, CmpOp::Eq, CmpOp::Ne, CmpOp::Gt]);
                let a = self.int(d, yields);
                let b = if self.rng.chance(50) { self.lit() } else { self.int(d, yields) };
                BExpr::Cmp(op, a, b)
            }
        }
    }

    fn ret_val(&mut self) -> RetVal {
        let e = self.int(2, true);
        match self.ret {
            RetTy::Int => RetVal::Int(e),
            RetTy::Res if self.rng.chance(50) => RetVal::Err(e),
            RetTy::Res => RetVal::Ok(e),
            RetTy::Opt if self.rng.chance(40) => RetVal::None,
            RetTy::Opt => RetVal::Some(e),
        }
    }

    fn exit(&mut self) -> Exit {
        let choice = self.rng.below(3);
        if (choice == 0 && self.f.early_return) || self.targets.is_empty() {
            return Exit::Return(self.ret_val());
        }
        let ti = self.rng.below(self.targets.len() as u64) as usize;
        let innermost = ti == self.targets.len() - 1;
        let (label, is_loop, value) = {
            let t = &self.targets[ti];
            (t.label.clone(), t.is_loop, t.value)
        };
        let label = if innermost && is_loop && !value && self.rng.chance(40) { None } else { Some(label) };
        if is_loop && choice == 1 {
            return Exit::Continue(label);
        }
        let v = if value { Some(self.int(2, true)) } else { None };
        let label = if value { Some(self.targets[ti].label.clone()) } else { label };
        Exit::Break(label, v)
    }

    fn block(&mut self, max: u64, loop_body: bool, tail: bool) -> Block {
        self.block_then(max, loop_body, tail, |_| ()).0
    }

    /// A block, then `last` generated in the block's own scope: the exit that closes `if c { …; break }` is
    /// emitted inside the block, so it must see the block's shadowing names and moves.
    fn block_then<T>(&mut self, max: u64, loop_body: bool, tail: bool, last: impl FnOnce(&mut Gen) -> T) -> (Block, T) {
        self.scopes.push(Scope { vars: Vec::new(), loop_body });
        let n = 1 + self.rng.below(max);
        let mut stmts = Vec::new();
        for _ in 0..n {
            if self.stmt_budget <= 0 {
                break;
            }
            self.stmt(&mut stmts);
        }
        self.yielded = false;
        let tail = if tail { Some(self.int(2, true)) } else { None };
        let last = last(self);
        self.scopes.pop();
        (Block { stmts, tail }, last)
    }

    fn nested(&self) -> usize {
        self.scopes.len()
    }

    fn loop_bound(&mut self) -> i64 {
        let n = if self.rng.chance(10) { 0 } else { self.rng.range(1, 3) };
        if self.loop_weight * n.max(1) > 12 { 1 } else { n }
    }

    fn with_target<T>(&mut self, label: &str, is_loop: bool, value: bool, n: i64, f: impl FnOnce(&mut Gen) -> T) -> T {
        self.targets.push(Target { label: label.to_string(), is_loop, value });
        let saved = self.loop_weight;
        self.loop_weight *= n.max(1);
        let r = f(self);
        self.loop_weight = saved;
        self.targets.pop();
        r
    }

    /// One of the guards of the current scope (indices `here`), marked moved: the statement being made takes it.
    fn take_guard(&mut self, here: &[usize]) -> String {
        let vi = *self.rng.pick(here);
        let scope = self.scopes.last_mut().unwrap();
        scope.vars[vi].moved = true;
        scope.vars[vi].name.clone()
    }

    /// A `move` closure taking the guard `g` (already marked moved) and a copy of one of `ints` (or a literal).
    fn move_closure(&mut self, g: String, ints: &[(usize, usize)]) -> Stmt {
        let x = if ints.is_empty() {
            "5i64".to_string()
        } else {
            let at = *self.rng.pick(ints);
            self.var(at).name.clone()
        };
        let kind = self.rng.below(3) as u8;
        Stmt::MoveClosure(kind, self.fresh("f"), g, x)
    }

    fn stmt(&mut self, out: &mut Vec<Stmt>) {
        self.stmt_budget -= 1;
        self.yielded = false;
        let deep = self.nested() >= 4;
        let ints = self.visible(Kind::Int);
        let guards_here: Vec<usize> = {
            let scope = self.scopes.last().unwrap();
            let visible = self.visible(Kind::Guard);
            let si = self.scopes.len() - 1;
            visible.iter().filter(|(s, _)| *s == si).map(|(_, v)| *v).filter(|v| !scope.vars[*v].moved).collect()
        };
        let f = self.f;
        // The constructs from 31 on make no nested blocks: also when deep.
        let roll = if deep {
            let r = self.rng.below(21);
            if r < 14 { r } else { r + 17 }
        } else {
            self.rng.below(38)
        };
        let assignable: Vec<String> =
            ints.iter().filter(|at| self.var(**at).assignable).map(|at| self.var(*at).name.clone()).collect();
        let w = if assignable.is_empty() { None } else { Some(self.rng.pick(&assignable).clone()) };
        match roll {
            0 | 1 => {
                let name = if f.shadowing && !ints.is_empty() && self.rng.chance(25) {
                    let at = *self.rng.pick(&ints);
                    let v = self.var(at);
                    if v.name.starts_with('v') { v.name.clone() } else { self.fresh("v") }
                } else {
                    self.fresh("v")
                };
                let e = self.int(3, true);
                out.push(Stmt::Let(name.clone(), e));
                self.declare(name, Kind::Int, true);
            }
            2..=4 => {
                let assignable: Vec<_> = ints.iter().copied().filter(|at| self.var(*at).assignable).collect();
                if self.ref_arg && !assignable.is_empty() && self.rng.chance(40) {
                    // The yield, with a borrow of `rs` held across it.
                    let at = *self.rng.pick(&assignable);
                    let w = self.var(at).name.clone();
                    let r = self.fresh("r");
                    let kind = self.rng.below(3) as u8;
                    let e = self.int(2, true);
                    out.push(Stmt::BorrowRef(kind, r, e, w));
                } else if self.closures && !guards_here.is_empty() && self.rng.chance(40) {
                    // The yield, of a `move` closure's result; the closure owns a guard.
                    let g = self.take_guard(&guards_here);
                    out.push(self.move_closure(g, &ints));
                } else {
                    let e = self.int(2, true);
                    out.push(Stmt::Yield(e));
                }
            }
            5 | 6 if f.guards => {
                let name = if f.shadowing && self.rng.chance(20) && !self.visible(Kind::Guard).is_empty() {
                    let at = *self.rng.pick(&self.visible(Kind::Guard));
                    self.var(at).name.clone()
                } else {
                    self.fresh("g")
                };
                let label = self.fresh("L");
                out.push(Stmt::LetGuard(name.clone(), label));
                self.declare(name, Kind::Guard, false);
            }
            7 | 8 if f.guards && f.guard_moves && !guards_here.is_empty() => {
                let name = self.take_guard(&guards_here);
                if self.closures && self.rng.chance(40) {
                    out.push(self.move_closure(name, &ints));
                } else if self.rng.chance(50) {
                    out.push(Stmt::DropGuard(name));
                } else {
                    let to = self.fresh("g");
                    out.push(Stmt::MoveGuard(name, to.clone()));
                    self.declare(to, Kind::Guard, false);
                }
            }
            9 => {
                let assignable: Vec<_> = ints.iter().copied().filter(|at| self.var(*at).assignable).collect();
                if assignable.is_empty() {
                    out.push(Stmt::Yield(self.int(1, true)));
                } else {
                    let at = *self.rng.pick(&assignable);
                    let name = self.var(at).name.clone();
                    let op = *self.rng.pick(&[None, Some('^'), Some('^'), Some('|'), Some('+')]);
                    let e = if op == Some('+') { Expr::Yield(Box::new(self.int(1, true))) } else { self.int(2, true) };
                    out.push(Stmt::Assign(name, op, e));
                }
            }
            10 | 11 if f.ticks => out.push(Stmt::Tick(0)),
            12 if f.deferred_init => {
                let name = self.fresh("d");
                let c = self.bool(1, true);
                let a = self.int(2, true);
                let b = self.int(2, true);
                out.push(Stmt::Deferred(name.clone(), c, a, b));
                self.declare(name, Kind::Int, false);
            }
            13 if f.let_else => {
                let name = self.fresh("s");
                let e = self.int(2, true);
                let exit = self.exit();
                out.push(Stmt::LetElse(name.clone(), e, exit));
                self.declare(name, Kind::Int, false);
            }
            14..=16 => {
                let c = self.bool(2, true);
                let t = self.block(3, false, false);
                let e = if self.rng.chance(50) { Some(self.block(3, false, false)) } else { None };
                out.push(Stmt::If(c, t, e));
            }
            17 if f.if_let => {
                let name = self.fresh("s");
                let e = self.int(2, true);
                self.scopes.push(Scope { vars: Vec::new(), loop_body: false });
                self.declare(name.clone(), Kind::Int, false);
                let t = self.block(3, false, false);
                self.scopes.pop();
                let e2 = if self.rng.chance(50) { Some(self.block(2, false, false)) } else { None };
                out.push(Stmt::IfLet(name, e, t, e2));
            }
            18 => {
                let scrut = self.int(2, true);
                let name = self.fresh("m");
                let mut arms = Vec::new();
                for i in 0..4 {
                    if i == 2 {
                        self.scopes.push(Scope { vars: Vec::new(), loop_body: false });
                        self.declare(name.clone(), Kind::Int, false);
                    }
                    arms.push(self.block(2, false, false));
                    if i == 2 {
                        self.scopes.pop();
                    }
                }
                self.scopes.push(Scope { vars: Vec::new(), loop_body: false });
                self.declare(name.clone(), Kind::Int, false);
                let guard = if f.match_guards { self.bool(1, f.yield_in_match_guard) } else { BExpr::Lit(true) };
                self.scopes.pop();
                out.push(Stmt::Match(scrut, name, guard, arms));
            }
            19 | 20 => {
                let label = self.fresh("'l");
                let var = self.fresh("i");
                let n = self.loop_bound();
                let body = self.with_target(&label, true, false, n, |g| {
                    g.scopes.push(Scope { vars: Vec::new(), loop_body: true });
                    g.declare(var.clone(), Kind::Int, false);
                    let b = g.block(4, true, false);
                    g.scopes.pop();
                    b
                });
                out.push(Stmt::For(label, var, n, body));
            }
            21 => {
                let label = self.fresh("'l");
                let c = self.fresh("c");
                let n = self.loop_bound();
                let cond = self.bool(1, true);
                let body = self.with_target(&label, true, false, n, |g| g.block(4, true, false));
                out.push(Stmt::While(label, c, n, cond, body));
            }
            22 => {
                let label = self.fresh("'l");
                let c = self.fresh("c");
                let n = self.loop_bound();
                let body = self.with_target(&label, true, false, n, |g| g.block(4, true, false));
                out.push(Stmt::Loop(label, c, n, body));
            }
            23 if f.while_let => {
                let label = self.fresh("'l");
                let c = self.fresh("c");
                let w = self.fresh("w");
                let n = self.loop_bound();
                let body = self.with_target(&label, true, false, n, |g| {
                    g.scopes.push(Scope { vars: Vec::new(), loop_body: true });
                    g.declare(w.clone(), Kind::Int, false);
                    let b = g.block(4, true, false);
                    g.scopes.pop();
                    b
                });
                out.push(Stmt::WhileLet(label, c, w, n, body));
            }
            24 if f.break_value => {
                let label = self.fresh("'l");
                let c = self.fresh("c");
                let v = self.fresh("v");
                let n = self.loop_bound();
                let (e, body) = self.with_target(&label, true, true, n, |g| {
                    let e = g.int(2, true);
                    (e, g.block(4, true, false))
                });
                out.push(Stmt::LetLoop(label, c, v.clone(), n, e, body));
                self.declare(v, Kind::Int, true);
            }
            25 if f.labeled => {
                let label = self.fresh("'b");
                let v = self.fresh("v");
                let body = self.with_target(&label, false, true, 1, |g| g.block(3, false, true));
                out.push(Stmt::LetBlock(label, v.clone(), body));
                self.declare(v, Kind::Int, true);
            }
            26 | 27 => {
                let c = self.bool(1, true);
                let (b, exit) = self.block_then(2, false, false, Gen::exit);
                out.push(Stmt::IfExit(c, b, exit));
            }
            28 => {
                let b = self.block(3, false, false);
                out.push(Stmt::Block(b));
            }
            29 if f.borrow_across_yield && !ints.is_empty() => {
                let at = *self.rng.pick(&ints);
                let v = self.var(at).name.clone();
                let assignable: Vec<_> = ints.iter().copied().filter(|at| self.var(*at).assignable).collect();
                if let Some(&w) = assignable.first() {
                    let w = self.var(w).name.clone();
                    let r = self.fresh("r");
                    let e = self.int(1, true);
                    if self.ref_arg && self.rng.chance(50) {
                        let kind = self.rng.below(3) as u8;
                        out.push(Stmt::BorrowRef(kind, r, e, w));
                    } else {
                        out.push(Stmt::BorrowAcross(r, v, e, w));
                    }
                }
            }
            30 if f.conditional_move => {
                // A guard of an enclosing block, not across a loop boundary.
                let mut cands = Vec::new();
                let visible = self.visible(Kind::Guard);
                for si in (0..self.scopes.len()).rev() {
                    for &(s, v) in &visible {
                        if s == si {
                            cands.push((s, v));
                        }
                    }
                    if self.scopes[si].loop_body {
                        break;
                    }
                }
                if !cands.is_empty() {
                    let at = *self.rng.pick(&cands);
                    let name = self.var(at).name.clone();
                    self.scopes[at.0].vars[at.1].moved = true;
                    let c = self.bool(1, true);
                    out.push(Stmt::CondDrop(c, name));
                }
            }
            31 if f.guards && f.guard_yield_operand => {
                let kind = self.rng.below(2) as u8;
                let (g, l, x) = (self.fresh("g"), self.fresh("L"), self.fresh("x"));
                let e = self.int(1, true);
                out.push(Stmt::GuardYield(kind, g, l, x, e, w));
            }
            32 if f.diverging_let => {
                let kind = self.rng.below(3) as u8;
                let kind = if f.diverging_exit_in_block && self.rng.chance(50) { kind + 3 } else { kind };
                let (n, m) = (self.fresh("n"), self.fresh("m"));
                let s = if kind % 3 < 2 { self.int(2, true) } else { Expr::Lit(0) };
                let c = if kind % 3 == 2 { self.bool(1, true) } else { BExpr::Lit(true) };
                let v = self.int(2, true);
                self.yielded = false;
                let y = self.int(1, true);
                let exit = self.exit();
                out.push(Stmt::LetDiverge(kind, n.clone(), m, s, c, v, y, exit));
                self.declare(n, Kind::Int, false);
            }
            33 if f.ref_patterns => {
                let mut guards = self.visible(Kind::Guard);
                if !f.ref_pattern_on_ref_local {
                    guards.retain(|at| !self.var(*at).name.starts_with("rt"));
                }
                let mut kind = self.rng.below(4) as u8;
                if (kind == 2 && guards.is_empty()) || (kind == 3 && !f.guards) {
                    kind = 0;
                }
                let (local, binding) = (self.fresh("o"), self.fresh("x"));
                let extra = match kind {
                    2 => {
                        let at = *self.rng.pick(&guards);
                        self.var(at).name.clone()
                    }
                    3 => self.fresh("L"),
                    _ => String::new(),
                };
                let e = self.int(2, true);
                self.yielded = false;
                let y = self.int(1, true);
                out.push(Stmt::RefPat(kind, local, binding, extra, e, y, w));
            }
            34 if f.guards && f.extended_temps => {
                let kind = self.rng.below(3) as u8;
                let (r, l) = (self.fresh("rt"), self.fresh("L"));
                let e = if kind == 0 { Expr::Lit(0) } else { self.int(2, true) };
                out.push(Stmt::LetRefTemp(kind, r.clone(), l, e));
                self.declare(r, Kind::Guard, false);
            }
            35 if f.guards && f.pin_locals => {
                let kind = self.rng.below(2) as u8;
                let (p, l) = (self.fresh("pn"), self.fresh("L"));
                // An atom: a yield or `?` in a macro's arguments (`pin!`'s too) is not lowered (a compile error).
                let e = if kind == 0 { Expr::Lit(0) } else { self.atom() };
                out.push(Stmt::LetPin(kind, p.clone(), l, e));
                self.declare(p, Kind::Guard, false);
            }
            36 | 37 if f.yield_in_places => {
                let arrs = self.visible(Kind::Arr);
                // 36: mostly a new array; 37: mostly an assignment (to a local when there is no array).
                let new_arr = if roll == 36 { arrs.is_empty() || self.rng.chance(60) } else { arrs.is_empty() && w.is_none() };
                if new_arr {
                    let name = self.fresh("arr");
                    let es = (0..4).map(|_| if self.rng.chance(50) { self.lit() } else { self.int(1, true) }).collect();
                    out.push(Stmt::LetArr(name.clone(), es));
                    self.declare(name, Kind::Arr, false);
                    return;
                }
                let mut kind = self.rng.below(4) as u8;
                if arrs.is_empty() {
                    kind = 3;
                } else if kind == 3 && w.is_none() {
                    kind = 2;
                }
                let a = if arrs.is_empty() {
                    String::new()
                } else {
                    let at = *self.rng.pick(&arrs);
                    self.var(at).name.clone()
                };
                let k = self.rng.below(4) as u8;
                let (i, v) = match kind {
                    0 => {
                        let i = Expr::Yield(Box::new(self.int(1, true)));
                        self.yielded = true;
                        (i, self.int(1, true))
                    }
                    1 => (self.int(1, false), Expr::Yield(Box::new(self.int(1, false)))),
                    _ => {
                        let i = self.int(1, true);
                        let v = if !f.sibling_yields || self.rng.chance(50) {
                            Expr::Lit(1)
                        } else {
                            Expr::Yield(Box::new(self.lit()))
                        };
                        (i, v)
                    }
                };
                if kind == 1 && self.rng.chance(50) {
                    kind = 4;
                }
                let target = if kind == 3 { w.unwrap() } else { a };
                out.push(Stmt::PlaceAssign(kind, target, i, v, k));
            }
            _ => {
                if self.rng.chance(50) {
                    out.push(Stmt::Yield(self.int(2, true)));
                } else {
                    let name = self.fresh("v");
                    out.push(Stmt::Let(name.clone(), self.int(2, true)));
                    self.declare(name, Kind::Int, true);
                }
            }
        }
    }
}

/// The program of `seed` under features `f`.
pub fn generate(seed: u64, f: Features) -> Program {
    let mut rng = Rng::new(seed);
    let ret = *rng.pick(&[RetTy::Int, RetTy::Int, RetTy::Res, RetTy::Opt]);
    let n_args = rng.below(3);
    let int_args: Vec<(String, i64)> = (0..n_args).map(|i| (format!("a{i}"), rng.range(-2, 6))).collect();
    let guard_arg = f.guards && rng.chance(60);
    let guard_arg2 = guard_arg && f.guard_params && Rng::new(seed ^ 0x9a4d_2a4a_5e11).below(2) == 0;
    // Drawn apart from `rng`, so that the programs without it are the same as before it existed.
    let ref_arg = f.ref_arg && f.borrow_across_yield && Rng::new(seed ^ 0x5eed_0f0a_4ef0).below(3) == 0;
    let closures = f.move_closures && Rng::new(seed ^ 0xc105_0e5f_0a11).below(3) == 0;
    let budget = 8 + rng.below(18) as i32;
    let mut g = Gen {
        rng,
        f,
        ret,
        scopes: vec![Scope { vars: Vec::new(), loop_body: false }],
        targets: Vec::new(),
        fresh: 0,
        loop_weight: 1,
        stmt_budget: budget,
        yielded: false,
        ref_arg,
        closures,
    };
    for (name, _) in &int_args {
        g.declare(name.clone(), Kind::Int, false);
    }
    if guard_arg {
        g.declare("g0".to_string(), Kind::Guard, false);
    }
    if guard_arg2 {
        g.declare("g1".to_string(), Kind::Guard, false);
    }
    let mut body = g.block(6, false, true);
    let mut ticks = 0;
    number_ticks(&mut body, &mut ticks);
    Program { seed, ret, int_args, guard_arg, guard_arg2, ref_arg, snapshot: f.snapshot, body }
}

fn number_ticks(b: &mut Block, n: &mut u32) {
    walk_blocks(b, &mut |b| {
        for s in &mut b.stmts {
            if let Stmt::Tick(id) = s {
                *n += 1;
                *id = *n;
            }
        }
    });
}

/// Calls `f` on `b` and every nested block, pre-order.
pub fn walk_blocks(b: &mut Block, f: &mut dyn FnMut(&mut Block)) {
    f(b);
    for s in &mut b.stmts {
        match s {
            Stmt::If(_, t, e) | Stmt::IfLet(_, _, t, e) => {
                walk_blocks(t, f);
                if let Some(e) = e {
                    walk_blocks(e, f);
                }
            }
            Stmt::Match(_, _, _, arms) => arms.iter_mut().for_each(|a| walk_blocks(a, f)),
            Stmt::For(.., b)
            | Stmt::While(.., b)
            | Stmt::Loop(.., b)
            | Stmt::WhileLet(.., b)
            | Stmt::LetLoop(.., b)
            | Stmt::LetBlock(_, _, b)
            | Stmt::IfExit(_, b, _)
            | Stmt::Block(b) => walk_blocks(b, f),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mode {
    /// `#[generator]` with `yield_!(v)`.
    Macro,
    /// A plain function; `yield_!(v)` becomes `__y(v)`.
    Direct,
    /// A native coroutine; `yield_!(v)` becomes `(yield v)`.
    Native,
    /// `#[generator] async fn` (a future); `yield_!(v)` becomes `__ay(v).await`, a future pending once that logs the
    /// yield and returns the scripted resume value, so every suspension point is an `.await`.
    AsyncMacro,
    /// The same, as a plain `async fn`: rustc's own lowering of the awaits.
    AsyncPlain,
    /// `#[generator(yield = i64)] async fn` (a stream, whose `yield_!` evaluates to `()` and whose body returns
    /// `()`): `yield_!(v)` becomes `{ yield_!(v); __sr().await }` (`__sr()` is pending once, then ready with the
    /// scripted resume value); the program's `return r` becomes `{ __ret::<R>(r); return; }` and its tail value
    /// `__ret::<R>(tail);` (`__ret` records `return r` for the driver to log when the stream ends); `e?` becomes
    /// `match res(e) { Ok(v) => v, Err(e) => { __ret::<R>(Err(e)); return; } }` (and likewise for `Option`);
    /// `yield_from!(sub(n))` becomes `{ let mut o = 0i64; yield_from!(sub_stream(n, &mut o)); o }`.
    StreamMacro,
}

struct Printer {
    mode: Mode,
    /// The program's return type (the stream form records its return value with a typed `__ret::<R>`).
    ret: RetTy,
    out: String,
}

impl Printer {
    fn ind(&mut self, n: usize) {
        for _ in 0..n {
            self.out.push_str("    ");
        }
    }

    /// `yield_!(inner);` as a statement (a bare `yield inner;` in a native coroutine).
    fn yield_stmt(&self, inner: String) -> String {
        match self.mode {
            Mode::Native => format!("yield {inner};"),
            Mode::StreamMacro => format!("yield_!({}); __sr().await;", Self::stream_operand(inner)),
            _ => format!("{};", self.yield_expr(inner)),
        }
    }

    fn yield_expr(&self, inner: String) -> String {
        match self.mode {
            // Some with a trailing comma (`yield_!(v,)`), chosen by the operand's length: both forms get tested.
            Mode::Macro if inner.len().is_multiple_of(3) => format!("yield_!({inner},)"),
            Mode::Macro => format!("yield_!({inner})"),
            Mode::Direct => format!("__y({inner})"),
            Mode::Native => format!("(yield {inner})"),
            Mode::AsyncMacro | Mode::AsyncPlain => format!("__ay({inner}).await"),
            // In parentheses, a block in operand position (`break 'l { .. }` would warn) stays an operand.
            Mode::StreamMacro if inner.len().is_multiple_of(3) => format!("({{ yield_!({inner},); __sr().await }})"),
            Mode::StreamMacro => format!("({{ yield_!({}); __sr().await }})", Self::stream_operand(inner)),
        }
    }

    /// A stream's yielded value, some of them through the `.await` of a ready future first (chosen by the operand's
    /// length): an await whose every way out leaves the resume (here: the yield), whose poll the code that starts
    /// the future writes in place. Nothing is logged by it, so the trace is the other forms'.
    fn stream_operand(inner: String) -> String {
        if inner.len() % 3 == 1 { format!("::core::future::ready({inner}).await") } else { inner }
    }

    /// The stream form's `return r`: `r` recorded, then the body returns `()`.
    fn stream_return(&self, r: &str) -> String {
        format!("{{ __ret::<{}>({r}); return; }}", self.ret.name())
    }

    fn expr(&self, e: &Expr) -> String {
        match e {
            Expr::Lit(v) => {
                if *v < 0 { format!("({v}i64)") } else { format!("{v}i64") }
            }
            Expr::Var(n) => n.clone(),
            Expr::GuardVal(n) => format!("{n}.v()"),
            Expr::Bin(op, a, b) => {
                let (a, b) = (self.expr(a), self.expr(b));
                match op {
                    BinOp::Add => format!("{a}.wrapping_add({b})"),
                    BinOp::Sub => format!("{a}.wrapping_sub({b})"),
                    BinOp::Mul => format!("{a}.wrapping_mul({b})"),
                    BinOp::Shl => format!("{a}.wrapping_shl(({b} & 7) as u32)"),
                    BinOp::Xor => format!("({a} ^ {b})"),
                    BinOp::And => format!("({a} & {b})"),
                    BinOp::Or => format!("({a} | {b})"),
                }
            }
            Expr::Neg(a) => format!("{}.wrapping_neg()", self.expr(a)),
            Expr::Not(a) => format!("(!{})", self.expr(a)),
            Expr::Call(a, b) => format!("mix({}, {})", self.expr(a), self.expr(b)),
            Expr::If(c, a, b) => format!("(if {} {{ {} }} else {{ {} }})", self.bexpr(c), self.expr(a), self.expr(b)),
            Expr::Match(s, m, g, arms) => format!(
                "(match {} {{ 0 => {}, 1 | 2 => {}, 3..=5 => {}, {m} if {} => {}, _ => {} }})",
                self.expr(s),
                self.expr(&arms[0]),
                self.expr(&arms[1]),
                self.expr(&arms[2]),
                self.bexpr(g),
                self.expr(&arms[3]),
                self.expr(&arms[4]),
            ),
            Expr::Yield(a) => self.yield_expr(self.expr(a)),
            Expr::Try(RetTy::Opt, a) if self.mode == Mode::StreamMacro => {
                format!("(match opt({}) {{ Some(__v) => __v, None => {} }})", self.expr(a), self.stream_return("None"))
            }
            Expr::Try(_, a) if self.mode == Mode::StreamMacro => format!(
                "(match res({}) {{ Ok(__v) => __v, Err(__e) => {} }})",
                self.expr(a),
                self.stream_return("Err(__e)")
            ),
            Expr::Try(RetTy::Opt, a) => format!("opt({})?", self.expr(a)),
            Expr::Try(_, a) => format!("res({})?", self.expr(a)),
            Expr::Tuple(a, b, i) => format!("({}, {}).{i}", self.expr(a), self.expr(b)),
            Expr::Array(a, b, i) => format!("[{}, {}][({} & 1) as usize]", self.expr(a), self.expr(b), self.expr(i)),
            Expr::Struct(a, b, x) => {
                format!("(P {{ x: {}, y: {} }}).{}", self.expr(a), self.expr(b), if *x { "x" } else { "y" })
            }
            Expr::Fmt(a) => format!("(format!(\"{{}}\", {}).len() as i64)", self.expr(a)),
            Expr::ArrGet(a, k) => format!("{a}[{k}]"),
            Expr::YieldFrom(n) => match self.mode {
                Mode::Macro => {
                    let n = self.expr(n);
                    if n.len().is_multiple_of(3) { format!("yield_from!(sub({n}),)") } else { format!("yield_from!(sub({n}))") }
                }
                Mode::Direct => format!("sub_direct({})", self.expr(n)),
                Mode::AsyncMacro => format!("sub_async_gen({}).await", self.expr(n)),
                Mode::AsyncPlain => format!("sub_async({}).await", self.expr(n)),
                Mode::StreamMacro => {
                    format!("({{ let mut __o = 0i64; yield_from!(sub_stream({}, &mut __o)); __o }})", self.expr(n))
                }
                Mode::Native => format!(
                    "({{ let mut __c = ::std::boxed::Box::pin(sub_native({})); let mut __a = 0i64; loop {{ \
                     match ::core::ops::Coroutine::resume(__c.as_mut(), __a) {{ \
                     ::core::ops::CoroutineState::Yielded(__v) => __a = (yield __v), \
                     ::core::ops::CoroutineState::Complete(__r) => break __r }} }} }})",
                    self.expr(n)
                ),
            },
        }
    }

    fn bexpr(&self, b: &BExpr) -> String {
        match b {
            BExpr::Lit(v) => v.to_string(),
            BExpr::Cmp(op, a, b) => {
                let op = match op {
                    CmpOp::Lt => "<",
                    CmpOp::Le => "<=",
                    CmpOp::Eq => "==",
                    CmpOp::Ne => "!=",
                    CmpOp::Gt => ">",
                };
                format!("({} {op} {})", self.expr(a), self.expr(b))
            }
            BExpr::And(a, b) => format!("({} && {})", self.bexpr(a), self.bexpr(b)),
            BExpr::Or(a, b) => format!("({} || {})", self.bexpr(a), self.bexpr(b)),
            BExpr::Not(a) => format!("(!{})", self.bexpr(a)),
        }
    }

    fn ret_val(&self, r: &RetVal) -> String {
        match r {
            RetVal::Int(e) => self.expr(e),
            RetVal::Ok(e) => format!("Ok({})", self.expr(e)),
            RetVal::Err(e) => format!("Err(Er({}))", self.expr(e)),
            RetVal::Some(e) => format!("Some({})", self.expr(e)),
            RetVal::None => "None".to_string(),
        }
    }

    fn exit(&self, x: &Exit) -> String {
        match x {
            Exit::Break(l, v) => {
                let mut s = "break".to_string();
                if let Some(l) = l {
                    write!(s, " {l}").unwrap();
                }
                if let Some(v) = v {
                    write!(s, " {}", self.expr(v)).unwrap();
                }
                s
            }
            Exit::Continue(Some(l)) => format!("continue {l}"),
            Exit::Continue(None) => "continue".to_string(),
            Exit::Return(r) if self.mode == Mode::StreamMacro => self.stream_return(&self.ret_val(r)),
            Exit::Return(r) => format!("return {}", self.ret_val(r)),
        }
    }

    /// Prints `{ .. }` (the caller has printed what comes before the brace).
    fn block(&mut self, b: &Block, ind: usize, prologue: &[String], epilogue: &[String]) {
        self.out.push_str("{\n");
        for p in prologue {
            self.ind(ind + 1);
            self.out.push_str(p);
            self.out.push('\n');
        }
        for s in &b.stmts {
            self.stmt(s, ind + 1);
        }
        for p in epilogue {
            self.ind(ind + 1);
            self.out.push_str(p);
            self.out.push('\n');
        }
        if let Some(t) = &b.tail {
            self.ind(ind + 1);
            let t = self.expr(t);
            self.out.push_str(&t);
            self.out.push('\n');
        }
        self.ind(ind);
        self.out.push('}');
    }

    fn line(&mut self, ind: usize, s: String) {
        self.ind(ind);
        self.out.push_str(&s);
        self.out.push('\n');
    }

    fn stmt(&mut self, s: &Stmt, ind: usize) {
        match s {
            Stmt::Let(n, e) => {
                let e = self.expr(e);
                self.line(ind, format!("let mut {n} = {e};"))
            }
            Stmt::LetGuard(n, l) => self.line(ind, format!("let {n} = G::new(\"{l}\");")),
            Stmt::MoveGuard(from, to) => self.line(ind, format!("let {to} = {from};")),
            Stmt::DropGuard(n) => self.line(ind, format!("drop({n});")),
            Stmt::Deferred(n, c, a, b) => {
                self.line(ind, format!("let {n}: i64;"));
                let (c, a, b) = (self.bexpr(c), self.expr(a), self.expr(b));
                self.line(ind, format!("if {c} {{ {n} = {a}; }} else {{ {n} = {b}; }}"));
            }
            Stmt::Assign(n, op, e) => {
                let e = self.expr(e);
                match op {
                    None => self.line(ind, format!("{n} = {e};")),
                    Some('+') => self.line(ind, format!("{n} += {e};")),
                    Some(c) => self.line(ind, format!("{n} {c}= {e};")),
                }
            }
            Stmt::Yield(e) => {
                let s = self.yield_stmt(self.expr(e));
                self.line(ind, s)
            }
            Stmt::Tick(id) => self.line(ind, format!("tick({id});")),
            Stmt::If(c, t, e) => {
                self.ind(ind);
                let c = self.bexpr(c);
                write!(self.out, "if {c} ").unwrap();
                self.block(t, ind, &[], &[]);
                if let Some(e) = e {
                    self.out.push_str(" else ");
                    self.block(e, ind, &[], &[]);
                }
                self.out.push('\n');
            }
            Stmt::IfLet(n, e, t, els) => {
                self.ind(ind);
                let e = self.expr(e);
                write!(self.out, "if let Some({n}) = some_if({e}) ").unwrap();
                self.block(t, ind, &[], &[]);
                if let Some(els) = els {
                    self.out.push_str(" else ");
                    self.block(els, ind, &[], &[]);
                }
                self.out.push('\n');
            }
            Stmt::Match(s, m, g, arms) => {
                let s = self.expr(s);
                self.line(ind, format!("match {s} {{"));
                let g = self.bexpr(g);
                let pats = ["0 | 1".to_string(), "2..=4".to_string(), format!("{m} if {g}"), "_".to_string()];
                for (p, a) in pats.iter().zip(arms) {
                    self.ind(ind + 1);
                    write!(self.out, "{p} => ").unwrap();
                    self.block(a, ind + 1, &[], &[]);
                    self.out.push('\n');
                }
                self.line(ind, "}".to_string());
            }
            Stmt::For(l, i, n, b) => {
                self.ind(ind);
                write!(self.out, "{l}: for {i} in 0i64..{n} ").unwrap();
                self.block(b, ind, &[], &[]);
                self.out.push('\n');
            }
            Stmt::While(l, c, n, cond, b) => {
                self.line(ind, format!("let mut {c} = 0i64;"));
                self.ind(ind);
                let cond = self.bexpr(cond);
                write!(self.out, "{l}: while {c} < {n} && {cond} ").unwrap();
                self.block(b, ind, &[format!("{c} += 1;")], &[]);
                self.out.push('\n');
            }
            Stmt::Loop(l, c, n, b) => {
                self.line(ind, format!("let mut {c} = 0i64;"));
                self.ind(ind);
                write!(self.out, "{l}: loop ").unwrap();
                self.block(b, ind, &[format!("if {c} >= {n} {{ break; }}"), format!("{c} += 1;")], &[]);
                self.out.push('\n');
            }
            Stmt::WhileLet(l, c, w, n, b) => {
                self.line(ind, format!("let mut {c} = 0i64;"));
                self.ind(ind);
                write!(self.out, "{l}: while let Some({w}) = step(&mut {c}, {n}) ").unwrap();
                self.block(b, ind, &[], &[]);
                self.out.push('\n');
            }
            Stmt::LetLoop(l, c, v, n, e, b) => {
                self.line(ind, format!("let mut {c} = 0i64;"));
                self.ind(ind);
                let e = self.expr(e);
                write!(self.out, "let mut {v} = {l}: loop ").unwrap();
                self.block(b, ind, &[format!("if {c} >= {n} {{ break {l} {e}; }}"), format!("{c} += 1;")], &[]);
                self.out.push_str(";\n");
            }
            Stmt::LetBlock(l, v, b) => {
                self.ind(ind);
                write!(self.out, "let mut {v} = {l}: ").unwrap();
                self.block(b, ind, &[], &[]);
                self.out.push_str(";\n");
            }
            Stmt::LetElse(n, e, x) => {
                let (e, x) = (self.expr(e), self.exit(x));
                self.line(ind, format!("let Some({n}) = some_if({e}) else {{ {x}; }};"));
            }
            Stmt::IfExit(c, b, x) => {
                self.ind(ind);
                let c = self.bexpr(c);
                write!(self.out, "if {c} ").unwrap();
                let x = format!("{};", self.exit(x));
                self.block(b, ind, &[], &[x]);
                self.out.push('\n');
            }
            Stmt::Block(b) => {
                self.ind(ind);
                self.block(b, ind, &[], &[]);
                self.out.push('\n');
            }
            Stmt::BorrowAcross(r, v, e, w) => {
                let y = self.yield_stmt(self.expr(e));
                self.line(ind, format!("{{ let {r} = &{v}; {y} let t{r} = *{r}; {w} ^= t{r}; }}"));
            }
            Stmt::BorrowRef(kind, r, e, w) => {
                let y = self.yield_stmt(self.expr(e));
                let (take, read) = match kind {
                    0 => (format!("let mut {r} = rs.iter();"), format!("{r}.next().copied().unwrap_or(0)")),
                    1 => (format!("let {r} = &rs[1];"), format!("*{r}")),
                    _ => (format!("let {r} = &rs;"), format!("{r}.len() as i64")),
                };
                self.line(ind, format!("{{ {take} {y} let t{r} = {read}; {w} ^= t{r}; }}"));
            }
            Stmt::MoveClosure(kind, f, g, x) => {
                let y = self.yield_stmt(format!("{f}()"));
                let body = match kind {
                    0 => format!("{g}.v() ^ {x}"),
                    1 => format!("if {x} > 0 {{ {g}.v() }} else {{ {x} }}"),
                    _ => format!("{{ let mut s = {x}; for _ in 0..2 {{ s ^= {g}.v(); }} s }}"),
                };
                self.line(ind, format!("{{ let {f} = move || {body}; {y} }}"));
            }
            Stmt::CondDrop(c, g) => {
                let c = self.bexpr(c);
                self.line(ind, format!("if {c} {{ drop({g}); }}"));
            }
            Stmt::GuardYield(kind, g, l, x, e, w) => {
                let e = self.expr(e);
                let s = if *kind == 0 {
                    self.yield_stmt(format!("{g}.v() ^ {e}"))
                } else {
                    let y = self.yield_expr(format!("{g}.v() ^ {e}"));
                    format!("let {x} = {y}; {}", self.use_value(w, x))
                };
                self.line(ind, format!("{{ let {g} = G::new(\"{l}\"); {s} }}"));
            }
            Stmt::LetDiverge(kind, n, m, sc, c, v, y, x) => {
                let y = self.yield_stmt(self.expr(y));
                let exit = self.exit(x);
                let div = if *kind < 3 { format!("{{ {y} {exit}; }}") } else { format!("{{ {y} {{ {exit}; }}; }}") };
                let v = self.expr(v);
                let init = match kind % 3 {
                    0 => format!("match {} {{ 0..=5 => {v}, _ => {div} }}", self.expr(sc)),
                    1 => format!("match some_if({}) {{ Some({m}) => {m} ^ {v}, None => {div} }}", self.expr(sc)),
                    _ => format!("if {} {{ {v} }} else {div}", self.bexpr(c)),
                };
                self.line(ind, format!("let {n} = {init};"));
            }
            Stmt::RefPat(kind, o, x, extra, e, y, w) => {
                let (e, y) = (self.expr(e), self.expr(y));
                let t = format!("t{x}");
                let s = match kind {
                    0 => {
                        let yl = self.yield_expr(format!("*{x} ^ {y}"));
                        let u = self.use_value(w, &format!("{t} ^ *{x}"));
                        format!("{{ let {o} = some_if({e}); if let Some(ref {x}) = {o} {{ let {t} = {yl}; {u} }} }}")
                    }
                    1 => {
                        let yl = self.yield_expr(y);
                        let u = self.use_value(w, &format!("{o}.0"));
                        format!("{{ let mut {o} = ({e}, 1i64); match {o} {{ (ref mut {x}, _) => {{ *{x} += {yl}; }} }} {u} }}")
                    }
                    2 => {
                        let yl = self.yield_expr(format!("{x}.v() ^ {y}"));
                        let u = self.use_value(w, &format!("{t} ^ {x}.v()"));
                        format!("match {extra} {{ ref {x} => {{ let {t} = {yl}; {u} }} }}")
                    }
                    _ => {
                        let yl = self.yield_expr(format!("{x}.v() ^ {y}"));
                        let u = self.use_value(w, &t);
                        format!(
                            "{{ let mut {o} = Some(G::new(\"{extra}\")); if let Some(ref mut {x}) = {o} {{ let {t} = {yl}; \
                             *{x} = G::new(\"{extra}b\"); {u} }} }}"
                        )
                    }
                };
                self.line(ind, s);
            }
            Stmt::LetRefTemp(kind, r, l, e) => {
                let init = match kind {
                    0 => format!("&G::new(\"{l}\")"),
                    1 => format!("&make(\"{l}\", {})", self.expr(e)),
                    _ => format!("&(G::new(\"{l}\"), {}).0", self.expr(e)),
                };
                self.line(ind, format!("let {r} = {init};"));
            }
            Stmt::LetPin(kind, p, l, e) => {
                let v = if *kind == 0 { format!("G::new(\"{l}\")") } else { format!("make(\"{l}\", {})", self.expr(e)) };
                self.line(ind, format!("let {p} = ::core::pin::pin!({v});"));
            }
            Stmt::LetArr(a, es) => {
                let es: Vec<String> = es.iter().map(|e| self.expr(e)).collect();
                self.line(ind, format!("let mut {a} = [{}];", es.join(", ")));
            }
            Stmt::PlaceAssign(kind, a, i, v, k) => {
                let (i, v) = (self.expr(i), self.expr(v));
                let s = match kind {
                    0 => format!("{a}[({i} as usize) % 4] = {v};"),
                    1 => format!("{a}[ix({i})] += {v};"),
                    4 => format!("{a}[ix({i})] += &{v};"),
                    2 => format!("*{{ {} &mut {a}[{k}] }} += {v};", self.yield_stmt(i)),
                    _ => format!("*{{ {} &mut {a} }} += {v};", self.yield_stmt(i)),
                };
                self.line(ind, s);
            }
        }
    }

    /// `w ^= x;`, or `yield_!(x);` without a `w`.
    fn use_value(&self, w: &Option<String>, x: &str) -> String {
        match w {
            Some(w) => format!("{w} ^= {x};"),
            None => self.yield_stmt(x.to_string()),
        }
    }
}

impl RetTy {
    pub fn name(self) -> &'static str {
        match self {
            RetTy::Int => "i64",
            RetTy::Res => "Result<i64, Er>",
            RetTy::Opt => "Option<i64>",
        }
    }
}

impl Program {
    pub fn ret_ty(&self) -> &'static str {
        self.ret.name()
    }

    /// The parameters' names, in order.
    fn param_names(&self) -> Vec<String> {
        let mut p: Vec<String> = self.int_args.iter().map(|(n, _)| n.clone()).collect();
        if self.guard_arg {
            p.push("g0".to_string());
        }
        if self.guard_arg2 {
            p.push("g1".to_string());
        }
        if self.ref_arg {
            p.push("rs".to_string());
        }
        p
    }

    fn params(&self) -> String {
        let mut p: Vec<String> = self.int_args.iter().map(|(n, _)| format!("{n}: i64")).collect();
        if self.guard_arg {
            p.push("g0: G".to_string());
        }
        if self.guard_arg2 {
            p.push("g1: G".to_string());
        }
        if self.ref_arg {
            p.push("rs: &[i64]".to_string());
        }
        p.join(", ")
    }

    /// The arguments of a call: `(1i64, G::new("arg"))`.
    pub fn call_args(&self) -> String {
        let mut p: Vec<String> = self.int_args.iter().map(|(_, v)| format!("{v}i64")).collect();
        if self.guard_arg {
            p.push("G::new(\"arg\")".to_string());
        }
        if self.guard_arg2 {
            p.push("G::new(\"arg1\")".to_string());
        }
        if self.ref_arg {
            p.push("&[3i64, -1, 4]".to_string());
        }
        p.join(", ")
    }

    /// The function `name` in `mode`.
    pub fn render(&self, mode: Mode, name: &str) -> String {
        let mut p = Printer { mode, ret: self.ret, out: String::new() };
        let (params, ret) = (self.params(), self.ret_ty());
        let mut body = self.body.clone();
        let tail: Vec<String> = body.tail.take().map(|t| {
            let t = p.expr(&t);
            let t = match self.ret {
                RetTy::Int => t,
                RetTy::Res => format!("Ok({t})"),
                RetTy::Opt => format!("Some({t})"),
            };
            // A stream's body returns `()`: it records its value instead.
            if mode == Mode::StreamMacro { format!("__ret::<{ret}>({t});") } else { t }
        }).into_iter().collect();
        let function = match mode {
            Mode::Macro => Some(("#[generator(yield = i64, resume = i64)]\n", "fn", vec![])),
            Mode::Direct => Some(("", "fn", vec!["__start();".to_string()])),
            Mode::AsyncMacro => Some(("#[generator]\n", "async fn", vec![])),
            Mode::AsyncPlain => Some(("", "async fn", vec![])),
            Mode::StreamMacro => Some(("#[generator(yield = i64)]\n", "async fn", vec![])),
            Mode::Native => None,
        };
        if let Some((attr, func, prelude)) = function {
            let arrow = if mode == Mode::StreamMacro { String::new() } else { format!("-> {ret} ") };
            write!(p.out, "{attr}pub {func} {name}({params}) {arrow}").unwrap();
            p.block(&body, 0, &prelude, &tail);
        } else {
            writeln!(
                p.out,
                "pub fn {name}({params}) -> impl ::core::ops::Coroutine<i64, Yield = i64, Return = {ret}> {{"
            )
            .unwrap();
            // The coroutine moves the arguments in, as a generator's start state does.
            let rebind: Vec<String> = self.param_names().iter().map(|n| format!("let {n} = {n};")).collect();
            write!(p.out, "    #[coroutine] static move |_start: i64| -> {ret} ").unwrap();
            p.block(&body, 1, &rebind, &tail);
            p.out.push_str("\n}");
        }
        p.out.push('\n');
        p.out
    }

    /// Statements of the body (a size measure for the minimiser).
    pub fn size(&self) -> usize {
        let mut n = 0;
        let mut b = self.body.clone();
        walk_blocks(&mut b, &mut |b| n += b.stmts.len() + 1);
        n + self.render(Mode::Macro, "f").len() / 40
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Shrinking

fn idents(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect()
}

fn block_mentions(b: &Block, from: usize, name: &str) -> bool {
    let p = Printer { mode: Mode::Direct, ret: RetTy::Int, out: String::new() };
    let mut p = p;
    let rest = Block { stmts: b.stmts[from..].to_vec(), tail: b.tail.clone() };
    p.block(&rest, 0, &[], &[]);
    idents(&p.out).contains(&name)
}

fn declared(s: &Stmt) -> Option<&str> {
    match s {
        Stmt::Let(n, _)
        | Stmt::LetGuard(n, _)
        | Stmt::Deferred(n, ..)
        | Stmt::LetElse(n, ..)
        | Stmt::LetLoop(_, _, n, ..)
        | Stmt::LetBlock(_, n, _)
        | Stmt::MoveGuard(_, n)
        | Stmt::LetDiverge(_, n, ..)
        | Stmt::LetRefTemp(_, n, ..)
        | Stmt::LetPin(_, n, ..)
        | Stmt::LetArr(n, _) => Some(n),
        _ => None,
    }
}

/// Smaller variants of `p`, each still well-typed: a statement deleted (a `let` only when nothing later names it),
/// an `if` replaced by its block, a loop bound lowered to 1, an expression replaced by a literal. Biggest cuts first.
pub fn shrink_candidates(p: &Program) -> Vec<Program> {
    let mut out: Vec<Program> = Vec::new();
    // Count the blocks.
    let mut nblocks = 0;
    walk_blocks(&mut p.body.clone(), &mut |_| nblocks += 1);
    for bi in 0..nblocks {
        let mut len = 0;
        let mut probe = p.body.clone();
        let mut k = 0;
        walk_blocks(&mut probe, &mut |b| {
            if k == bi {
                len = b.stmts.len();
            }
            k += 1;
        });
        for si in 0..len {
            for op in 0..3 {
                let mut q = p.clone();
                let mut k = 0;
                let mut ok = false;
                walk_blocks(&mut q.body, &mut |b| {
                    if k == bi {
                        let keep_decl = declared(&b.stmts[si]).map(|n| block_mentions(b, si + 1, n)).unwrap_or(false);
                        match op {
                            0 if !keep_decl => {
                                b.stmts.remove(si);
                                ok = true;
                            }
                            1 => {
                                if let Stmt::If(_, t, _) = &b.stmts[si] {
                                    b.stmts[si] = Stmt::Block(t.clone());
                                    ok = true;
                                } else if let Stmt::IfExit(_, t, _) = &b.stmts[si] {
                                    b.stmts[si] = Stmt::Block(t.clone());
                                    ok = true;
                                } else if let Some(simpler) = simplify(&b.stmts[si]) {
                                    b.stmts[si] = simpler;
                                    ok = true;
                                }
                            }
                            2 => match &mut b.stmts[si] {
                                Stmt::For(_, _, n, _)
                                | Stmt::While(_, _, n, _, _)
                                | Stmt::Loop(_, _, n, _)
                                | Stmt::WhileLet(_, _, _, n, _)
                                | Stmt::LetLoop(_, _, _, n, _, _)
                                    if *n > 1 =>
                                {
                                    *n = 1;
                                    ok = true;
                                }
                                _ => {}
                            },
                            _ => {}
                        }
                    }
                    k += 1;
                });
                if ok {
                    out.push(q);
                }
            }
        }
    }
    // Parameters nothing names.
    let text = p.render(Mode::Direct, "f");
    let body_idents = idents(&text[text.find('{').unwrap_or(0)..]).into_iter().map(str::to_string).collect::<Vec<_>>();
    if p.guard_arg && !p.guard_arg2 && !body_idents.iter().any(|w| w == "g0") {
        out.push(Program { guard_arg: false, ..p.clone() });
    }
    if p.guard_arg2 && !body_idents.iter().any(|w| w == "g1") {
        out.push(Program { guard_arg2: false, ..p.clone() });
    }
    if p.ref_arg && !body_idents.iter().any(|w| w == "rs") {
        out.push(Program { ref_arg: false, ..p.clone() });
    }
    for (i, (name, _)) in p.int_args.iter().enumerate() {
        if !body_idents.contains(name) {
            let mut q = p.clone();
            q.int_args.remove(i);
            out.push(q);
        }
    }
    // Expressions: replace the i-th non-literal expression by `0`.
    let mut nexprs = 0;
    walk_exprs(&mut p.body.clone(), &mut |_| nexprs += 1);
    for ei in 0..nexprs {
        let mut q = p.clone();
        let mut k = 0;
        let mut ok = false;
        walk_exprs(&mut q.body, &mut |e| {
            if k == ei && !matches!(e, Expr::Lit(_)) {
                *e = Expr::Lit(0);
                ok = true;
            }
            k += 1;
        });
        if ok {
            out.push(q);
        }
    }
    out.sort_by_key(|q| q.size());
    out
}

/// A simpler statement in place of one of the newer constructs (declaring the same name, if it declares one).
fn simplify(s: &Stmt) -> Option<Stmt> {
    Some(match s {
        Stmt::GuardYield(_, _, _, _, e, _) | Stmt::RefPat(_, _, _, _, e, _, _) => Stmt::Yield(e.clone()),
        Stmt::LetDiverge(_, n, _, _, _, v, _, _) => Stmt::Let(n.clone(), v.clone()),
        Stmt::LetRefTemp(_, r, l, _) | Stmt::LetPin(_, r, l, _) => Stmt::LetGuard(r.clone(), l.clone()),
        Stmt::PlaceAssign(_, _, i, _, _) => Stmt::Yield(i.clone()),
        _ => return None,
    })
}

fn walk_exprs(b: &mut Block, f: &mut dyn FnMut(&mut Expr)) {
    fn e(x: &mut Expr, f: &mut dyn FnMut(&mut Expr)) {
        f(x);
        match x {
            Expr::Bin(_, a, b) | Expr::Call(a, b) | Expr::Tuple(a, b, _) | Expr::Struct(a, b, _) => {
                e(a, f);
                e(b, f);
            }
            Expr::Array(a, b, c) => {
                e(a, f);
                e(b, f);
                e(c, f);
            }
            Expr::Neg(a) | Expr::Not(a) | Expr::Yield(a) | Expr::Try(_, a) | Expr::Fmt(a) | Expr::YieldFrom(a) => e(a, f),
            Expr::If(c, a, b) => {
                be(c, f);
                e(a, f);
                e(b, f);
            }
            Expr::Match(s, _, g, arms) => {
                e(s, f);
                be(g, f);
                arms.iter_mut().for_each(|a| e(a, f));
            }
            Expr::Lit(_) | Expr::Var(_) | Expr::GuardVal(_) | Expr::ArrGet(..) => {}
        }
    }
    fn be(x: &mut BExpr, f: &mut dyn FnMut(&mut Expr)) {
        match x {
            BExpr::Lit(_) => {}
            BExpr::Cmp(_, a, b) => {
                e(a, f);
                e(b, f);
            }
            BExpr::And(a, b) | BExpr::Or(a, b) => {
                be(a, f);
                be(b, f);
            }
            BExpr::Not(a) => be(a, f),
        }
    }
    fn ex(x: &mut Exit, f: &mut dyn FnMut(&mut Expr)) {
        match x {
            Exit::Break(_, Some(v)) => e(v, f),
            Exit::Return(RetVal::Int(v) | RetVal::Ok(v) | RetVal::Err(v) | RetVal::Some(v)) => e(v, f),
            _ => {}
        }
    }
    walk_blocks(b, &mut |b| {
        for s in &mut b.stmts {
            match s {
                Stmt::Let(_, x) | Stmt::Assign(_, _, x) | Stmt::Yield(x) | Stmt::IfLet(_, x, ..) | Stmt::Match(x, ..) => {
                    e(x, f)
                }
                Stmt::Deferred(_, c, a, b2) => {
                    be(c, f);
                    e(a, f);
                    e(b2, f);
                }
                Stmt::If(c, ..) | Stmt::While(_, _, _, c, _) | Stmt::CondDrop(c, _) => be(c, f),
                Stmt::LetLoop(_, _, _, _, x, _) => e(x, f),
                Stmt::LetElse(_, x, xt) => {
                    e(x, f);
                    ex(xt, f);
                }
                Stmt::IfExit(c, _, xt) => {
                    be(c, f);
                    ex(xt, f);
                }
                Stmt::BorrowAcross(_, _, x, _) | Stmt::BorrowRef(_, _, x, _) => e(x, f),
                Stmt::GuardYield(_, _, _, _, x, _) | Stmt::LetRefTemp(_, _, _, x) | Stmt::LetPin(_, _, _, x) => e(x, f),
                Stmt::LetDiverge(_, _, _, s, c, v, y, xt) => {
                    e(s, f);
                    be(c, f);
                    e(v, f);
                    e(y, f);
                    ex(xt, f);
                }
                Stmt::RefPat(_, _, _, _, x, y, _) | Stmt::PlaceAssign(_, _, x, y, _) => {
                    e(x, f);
                    e(y, f);
                }
                Stmt::LetArr(_, es) => es.iter_mut().for_each(|x| e(x, f)),
                _ => {}
            }
        }
        if let Some(t) = &mut b.tail {
            e(t, f);
        }
    });
}

/// A shrink state: the program of `seed`, then candidate `steps[0]` of it, then candidate `steps[1]` of that, ...
pub fn replay(seed: u64, f: Features, steps: &[usize]) -> Program {
    let mut p = generate(seed, f);
    for &s in steps {
        p = shrink_candidates(&p).swap_remove(s);
    }
    p
}

/// `replay` reading `"seed"` or `"seed:3,17,2"`.
pub fn parse_state(s: &str) -> (u64, Vec<usize>) {
    let mut it = s.trim().splitn(2, ':');
    let seed = it.next().unwrap().parse().expect("seed");
    let steps = it.next().map(|r| r.split(',').filter(|x| !x.is_empty()).map(|x| x.parse().unwrap()).collect());
    (seed, steps.unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------------------------
// Test-crate code

/// Why the stream form ([`Mode::StreamMacro`]) cannot express `p`, if it cannot (then `check()` compares the
/// other forms only, the module's `STREAM` is `false`, and the test counts it in its summary line). Decided from the
/// program's constructs, never by trial. `None` for every program today: each construct has a stream rendering
/// (`return` and `?` record the value and `return;`, `yield_from!` passes the sub-stream's result through a
/// `&mut` borrow); a construct added later that has none (a body of type `!`, say) is excluded here.
pub fn stream_skip_reason(_p: &Program) -> Option<&'static str> {
    None
}

/// Module `p{idx}`: the program in every form (all but the native coroutine without `native`), `check()`, and
/// `STREAM`: whether `check()` compares the stream form too (see [`stream_skip_reason`]).
pub fn render_module(p: &Program, idx: usize, native: bool) -> String {
    let args = p.call_args();
    let src = p.render(Mode::Macro, "gen_main");
    let mut s = String::new();
    writeln!(s, "#[allow(warnings, clippy::all)]\npub mod p{idx} {{").unwrap();
    writeln!(s, "use gen_difftest::rt::*;").unwrap();
    if native {
        writeln!(s, "use crate::{{Nat, sub_native}};").unwrap();
    }
    writeln!(s, "pub const SEED: u64 = {};", p.seed).unwrap();
    writeln!(s, "pub const SRC: &str = r####\"{src}\"####;").unwrap();
    s += &src;
    s += &p.render(Mode::Direct, "direct");
    if native {
        s += &p.render(Mode::Native, "native");
    }
    let async_src = p.render(Mode::AsyncMacro, "gen_main_async");
    writeln!(s, "pub const ASYNC_SRC: &str = r####\"{async_src}\"####;").unwrap();
    s += &async_src;
    s += &p.render(Mode::AsyncPlain, "plain_async");
    let stream = stream_skip_reason(p).is_none();
    writeln!(s, "pub const STREAM: bool = {stream};").unwrap();
    let mut asyncs = "(\"plain async fn\", &plain), (\"macro async fn\", &amac)".to_string();
    if stream {
        let stream_src = p.render(Mode::StreamMacro, "gen_main_stream");
        writeln!(s, "pub const STREAM_SRC: &str = r####\"{stream_src}\"####;").unwrap();
        s += &stream_src;
        asyncs += ", (\"macro stream\", &smac)";
    } else {
        writeln!(s, "pub const STREAM_SRC: &str = \"\";").unwrap();
    }
    if p.snapshot {
        // The sync form again, deriving `Clone` and the snapshot; `check()` replaces it by a restored snapshot and by
        // a copy at every suspension point.
        let plain = "#[generator(yield = i64, resume = i64)]\n";
        let snap = p.render(Mode::Macro, "gen_snap").replacen(plain, &format!("{plain}#[derive(Clone, Serialize, Deserialize)]\n"), 1);
        s += &snap;
    }
    writeln!(s, "pub fn check() -> Result<usize, String> {{").unwrap();
    writeln!(s, "    let direct = |sc| gen_difftest::run_direct(sc, SEED, &|| direct({args}));").unwrap();
    writeln!(s, "    let mac = |sc| gen_difftest::run_gen(sc, SEED, &|| gen_main({args}));").unwrap();
    writeln!(s, "    let plain = |sc| gen_difftest::run_future(sc, SEED, &|| plain_async({args}));").unwrap();
    writeln!(s, "    let amac = |sc| gen_difftest::run_future(sc, SEED, &|| gen_main_async({args}));").unwrap();
    if stream {
        writeln!(s, "    let smac = |sc| gen_difftest::run_stream(sc, SEED, &|| gen_main_stream({args}));").unwrap();
    }
    if native {
        writeln!(s, "    let nat = |sc| gen_difftest::run_gen(sc, SEED, &|| Nat(::std::boxed::Box::pin(native({args}))));")
            .unwrap();
        writeln!(s, "    gen_difftest::check(SEED, SRC, &direct, &[(\"native\", &nat), (\"macro\", &mac), {asyncs}])")
            .unwrap();
    } else {
        writeln!(s, "    gen_difftest::check(SEED, SRC, &direct, &[(\"macro\", &mac), {asyncs}])").unwrap();
    }
    if p.snapshot {
        writeln!(s, "        .and_then(|n| gen_difftest::check_snapshots(SEED, SRC, &direct, &|sc, at, how| \
                     gen_difftest::run_gen_snapshot(sc, SEED, &|| gen_snap({args}), at, how)).map(|m| n + m))").unwrap();
    }
    writeln!(
        s,
        "        .map_err(|r| if r.contains(\"async fn` \") {{ format!(\"{{r}}---- async form ----\\n{{ASYNC_SRC}}\") }} \
         else if r.contains(\"stream` \") {{ format!(\"{{r}}---- stream form ----\\n{{STREAM_SRC}}\") }} else {{ r }})"
    )
    .unwrap();
    writeln!(s, "}}\n}}").unwrap();
    s
}

/// The whole generated file: the modules and `pub static PROGRAMS: &[(u64, fn() -> Result<usize, String>)]`.
pub fn render_file(programs: &[Program], native: bool) -> String {
    let mut s = String::new();
    for (i, p) in programs.iter().enumerate() {
        s += &render_module(p, i, native);
    }
    s += "pub type Check = fn() -> Result<usize, String>;\npub static PROGRAMS: &[(u64, Check)] = &[\n";
    for (i, p) in programs.iter().enumerate() {
        writeln!(s, "    ({}, p{i}::check),", p.seed).unwrap();
    }
    s += "];\n";
    let skipped = programs.iter().filter(|p| stream_skip_reason(p).is_some()).count();
    writeln!(s, "/// How many of `PROGRAMS` `check()` does not run as a stream (see `progen::stream_skip_reason`).").unwrap();
    writeln!(s, "pub const STREAM_SKIPPED: usize = {skipped};").unwrap();
    s
}

/// The seed of the `i`-th program of a run with base seed `base`.
pub fn program_seed(base: u64, i: u64) -> u64 {
    base.wrapping_mul(1_000_003).wrapping_add(i)
}
