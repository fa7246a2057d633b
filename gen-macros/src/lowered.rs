//! The lowered body: basic blocks of yield-free Rust, joined by terminators (jumps, branches, suspensions).
//!
//! Locals keep the user's names; each declaration is a distinct [`Local`] (shadowing and sibling scopes reuse names).
//! Scopes are explicit ([`Op::Open`] / [`Op::Close`]) so that the emitted code drops every local where plain Rust
//! would, even when its scope spans several blocks.

use proc_macro2::{Ident, Span};
use syn::{Attribute, Expr, Pat, Stmt};

pub type LocalId = usize;
pub type ScopeId = usize;
pub type BlockId = usize;

pub struct Local {
    pub ident: Ident,
    pub mutable: bool,
    pub storage: Storage,
    /// Every value it is given is a literal or arithmetic on such (an integer counter, a flag): it has no
    /// destructor, so where it is moved makes no difference to when anything is dropped.
    pub copy_like: bool,
    /// Initialised with a large array (`[0u64; 32]`): kept in a slot when held across a suspension point, so that
    /// resuming does not copy it in and out of the state.
    pub large: bool,
    /// Declared with a shared reference type (a parameter `x: &T`, `&self`): a borrow reached through it (`x.iter()`,
    /// `&x.f`) borrows `*x`, which stays put while `x` itself is copied in and out of the state; only `&x` borrows
    /// the local.
    pub shared_ref: bool,
    /// Declared by a `let` under `#[cfg(…)]` / `#[cfg_attr(…)]`: the macro cannot know whether it exists, so it must
    /// not be held across a suspension point.
    pub under_cfg: bool,
    /// Holds a value that `pin!` (or `tokio::pin!`, `pin_mut!`) pinned: once held across a suspension point it is
    /// kept in a slot, so that it never moves again.
    pub pinned_value: bool,
    /// Declared with a type that cannot hold a borrow (`let n: usize = c.len_utf8();`, `let v: Vec<u32> = …`):
    /// whatever its initialiser borrowed, it keeps no borrow, so nothing it is computed from needs pinning.
    pub owned: bool,
    /// A `for` loop's iterator (a local the lowering declares): the span of the loop's iterable, where an error about
    /// the iterator's type is reported.
    pub loop_iterator: Option<proc_macro2::Span>,
    /// For a sub-generator's hidden local: the `yield_from!` or `.await` that starts it (where errors about it go).
    pub sub_origin: Option<proc_macro2::Span>,
}

impl Local {
    /// A local stored in the state, with no fact known about its type.
    pub fn new(ident: Ident, mutable: bool) -> Self {
        Local { ident, mutable, storage: Storage::Plain, copy_like: false, large: false, shared_ref: false, under_cfg: false, pinned_value: false, owned: false, loop_iterator: None, sub_origin: None }
    }
}

/// Where a local lives while the generator is suspended.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Storage {
    /// In the state enum's variant: moved out at each resume, back in at each suspension.
    Plain,
    /// A sub-generator `yield_from!` delegates to: resumed in place, in a pinned slot.
    Sub,
}

/// A set of locals that come into scope together (one `let`, one pattern) and leave it together.
pub struct Scope {
    pub locals: Vec<LocalId>,
}

/// The effect of one piece of code on the locals, resolved to declarations.
#[derive(Default, Clone)]
pub struct Facts {
    pub reads: Vec<LocalId>,
    /// Borrowed, the borrow possibly kept in the value the code produces.
    pub borrows: Vec<LocalId>,
    pub moves: Vec<LocalId>,
    /// Moved only on some paths through the code (inside a branch, a loop, a closure).
    pub maybe_moves: Vec<LocalId>,
    /// The moves (among `moves` and `maybe_moves`) that are only guessed (see `scan::Use::guessed`): they do not prove
    /// that a local used again afterwards is `Copy`.
    pub guessed_moves: Vec<LocalId>,
    /// Each move, with the branches it is inside (see `scan::Use::branch`).
    pub move_paths: Vec<(LocalId, Vec<(u32, u32)>)>,
    pub assigns: Vec<LocalId>,
    /// Overwritten only on some paths through the code (inside a branch, a loop, a closure).
    pub maybe_assigns: Vec<LocalId>,
    /// Read by a `match`'s guards, after its scrutinee is evaluated (so the scrutinee must not move them out).
    pub guard_reads: Vec<LocalId>,
}

impl Facts {
    /// Adds what `other` reads and moves (the `else` block of a `let … else`, which runs instead of the binding).
    /// What it borrows counts as read: the `else` block diverges, so no borrow it takes reaches the bound value.
    pub fn add_reads_and_moves(&mut self, other: Facts) {
        self.reads.extend(other.reads);
        self.reads.extend(other.borrows);
        self.moves.extend(other.moves);
        self.maybe_moves.extend(other.maybe_moves);
        self.guessed_moves.extend(other.guessed_moves);
        self.move_paths.extend(other.move_paths);
    }
}

/// The user code in ops and terminators is syn's tree, as the builder lowered it: parsed once from the user's tokens,
/// renamed in place by the emitter (`rename.rs`), turned into tokens once, where it is written.
#[allow(clippy::large_enum_variant, reason = "a body has tens of ops, built once; boxing would only add indirection")]
pub enum Op {
    /// A yield-free statement.
    Stmt { stmt: Stmt, facts: Facts },
    /// `<attrs> let <pat> [= init] [else { … }];`, opening `scope` (whose locals it initialises if it has an
    /// initialiser). `attrs`: the statement's own (`#[allow(…)]`), written before `let`; `diverge`: the `else` block.
    Let { attrs: Vec<Attribute>, pat: Pat, init: Option<Expr>, diverge: Option<Expr>, scope: ScopeId, facts: Facts },
    /// Locals entering scope already initialised by the edge that reached this block (a match arm's bindings).
    Open { scope: ScopeId },
    /// The end of a scope: its locals are dropped (those still initialised), innermost scopes first.
    Close { scope: ScopeId },
}

pub struct Arm {
    pub pat: Pat,
    pub guard: Option<Expr>,
    pub target: BlockId,
}

pub enum Term {
    Goto(BlockId),
    If { cond: Expr, then: BlockId, els: BlockId },
    Match { scrutinee: Expr, arms: Vec<Arm> },
    /// Suspends with `value`; the next resume continues at `resume`.
    Yield { value: Expr, resume: BlockId, index: usize, span: Span },
    Return(Expr),
    /// Never reached (the block is dead, or ends in yield-free code that always diverges).
    Unreachable,
}

pub struct Block {
    pub ops: Vec<Op>,
    pub term: Term,
    pub term_facts: Facts,
    /// The scopes open when control enters the block, outermost first.
    pub entry_scopes: Vec<ScopeId>,
    pub kind: BlockKind,
    /// Yield-free code in it may return from the body (a `return` or `?` the builder rewrote in place): the state
    /// graph's `return` transitions come from this and from `Term::Return`.
    pub returns: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BlockKind {
    Start,
    /// Entered by resuming after suspension point `n`.
    Resume(usize),
    /// Entered only by jumps from other blocks.
    Inner(&'static str),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Suspend {
    Yield,
    Delegate,
    Await,
}

impl Suspend {
    /// The state's name prefix: `Yield0`, `Delegate1`.
    pub fn name(self) -> &'static str {
        match self {
            Suspend::Yield => "Yield",
            Suspend::Delegate => "Delegate",
            Suspend::Await => "Await",
        }
    }
}

/// One suspension point: what it is, where the user wrote it (span and source text, for the state graph and the
/// rustdoc of its state), and the block a resume continues in.
pub struct SuspendPoint {
    pub kind: Suspend,
    pub span: Span,
    pub source: String,
    pub resume: BlockId,
}

#[derive(Default)]
pub struct Lowered {
    pub locals: Vec<Local>,
    pub scopes: Vec<Scope>,
    pub blocks: Vec<Block>,
    /// The order the blocks were filled in: source order, which the emitted arms follow so that rustc sees every
    /// local's first assignment before its uses.
    pub order: Vec<BlockId>,
    /// The suspension points, by index (the `k` of `Yield{k}` / `Await{k}` / `Delegate{k}`).
    pub points: Vec<SuspendPoint>,
    /// Blocks that must get a state of their own: entered after a scope that hid an older local of the same name
    /// has ended, so the older local is reachable by its name again.
    pub must_label: Vec<BlockId>,
}

impl Lowered {
    pub fn successors(&self, b: BlockId) -> Vec<BlockId> {
        match &self.blocks[b].term {
            Term::Goto(t) => vec![*t],
            Term::If { then, els, .. } => vec![*then, *els],
            Term::Match { arms, .. } => arms.iter().map(|a| a.target).collect(),
            Term::Yield { resume, .. } => vec![*resume],
            Term::Return(_) | Term::Unreachable => Vec::new(),
        }
    }
}

/// `expr;`: an expression statement of the lowered body.
pub fn stmt(expr: Expr) -> Stmt {
    Stmt::Expr(expr, Some(Default::default()))
}

/// `path(arg)`: a call of a function the expansion names, built as a node (the argument is not printed and parsed).
pub fn call(path: syn::Path, arg: Expr) -> Expr {
    let func = Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path });
    let args = std::iter::once(arg).collect();
    Expr::Call(syn::ExprCall { attrs: Vec::new(), func: Box::new(func), paren_token: Default::default(), args })
}

/// `::core::mem::drop(value);`: a value computed for its effects whose drop the builder makes explicit.
pub fn drop_stmt(value: Expr) -> Stmt {
    stmt(call(syn::parse_quote!(::core::mem::drop), value))
}

/// A local by its name, as an expression.
pub fn name(ident: Ident) -> Expr {
    Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path: ident.into() })
}

/// `name = value;`: a value given to a local (a temporary, a `break` value's destination).
pub fn assign_stmt(ident: Ident, value: Expr) -> Stmt {
    let left = name(ident);
    stmt(Expr::Assign(syn::ExprAssign { attrs: Vec::new(), left: Box::new(left), eq_token: Default::default(), right: Box::new(value) }))
}

/// `name` or `mut name`: the pattern of a `let` the builder writes (a temporary's).
pub fn binding(ident: Ident, mutable: bool) -> Pat {
    Pat::Ident(syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: mutable.then(Default::default),
        ident,
        subpat: None,
    })
}

/// `_`.
pub fn wild() -> Pat {
    Pat::Wild(syn::PatWild { attrs: Vec::new(), underscore_token: Default::default() })
}
