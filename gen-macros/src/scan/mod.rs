//! Syntactic facts about user code that the lowering needs without knowing any type: which locals a piece of code
//! reads, may move, or overwrites; which names a pattern binds; where the marker macros are.
//!
//! The facts are deliberately conservative: a name that may be a move counts as one ("maybe moved"), and any use of a
//! name keeps the local alive. [`crate::analysis`] only stores a maybe-moved local across a suspension when a later
//! use shows it must still be there.

//!
//! One file per question: [`uses`] (what a piece of code does to each local), [`patterns`] (which names a pattern
//! binds, which a format string captures), [`markers`] (where the markers are, and whether they may stand there),
//! [`copy_like`] (locals whose every value is a literal).

mod copy_like;
mod markers;
mod patterns;
mod uses;

pub use copy_like::copy_like_names;
pub use markers::{
    Misplaced, block_contains_yield, contains_yield, find_misplaced, first_marker_span, first_suspending_marker,
};
pub use patterns::{format_captures, pat_bindings};
pub use uses::expr_uses;

use proc_macro2::Ident;
use syn::{Expr, Pat};

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
    /// Only guessed: a name among the tokens of a macro the lowering cannot see into (`pin!(make(x.v()))`), which may
    /// or may not use the local as its kind says.
    pub guessed: bool,
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

/// How a `match` / `if let` / `let … else` uses its scrutinee: a `ref` or `ref mut` binding in a pattern borrows it
/// (the binding may then be held across a suspension point, which pins the scrutinee's local), else it is moved.
pub fn scrutinee_use<'p>(pats: impl IntoIterator<Item = &'p Pat>) -> UseKind {
    if pats.into_iter().any(|p| pat_bindings(p).iter().any(|b| b.by_ref)) { UseKind::Borrow } else { UseKind::Move }
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

/// `e` without the parentheses (and invisible groups) around it.
fn strip_parens(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip_parens(&p.expr),
        Expr::Group(g) => strip_parens(&g.expr),
        _ => e,
    }
}
