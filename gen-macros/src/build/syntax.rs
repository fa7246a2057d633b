//! Syntactic predicates the lowering's stages share: what a statement or expression is, as far as its tokens show.

use quote::ToTokens;
use syn::{Expr, Stmt};



/// `[x; N]` or `[a, b, …]` with at least 16 elements: worth keeping in place rather than moving at every resume.
pub(super) fn is_large_array(e: &Expr) -> bool {
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
pub(super) fn marker_text(m: &syn::ExprMacro) -> String {
    crate::names::tidy(&m.mac.to_token_stream())
}

/// `Box::pin` (or `std::boxed::Box::pin`, …).
pub(super) fn is_box_pin(func: &Expr) -> bool {
    let Expr::Path(p) = func else { return false };
    let segs: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
    segs.len() >= 2 && segs[segs.len() - 2] == "Box" && segs[segs.len() - 1] == "pin"
}

/// A call of the function `name` (`name(…)`, `Self::name(…)`, `path::name(…)`, `self.name(…)`).
pub(super) fn calls(e: &Expr, name: &str) -> bool {
    match e {
        Expr::Call(c) => matches!(&*c.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name)),
        Expr::MethodCall(m) => m.method == name,
        Expr::Paren(p) => calls(&p.expr, name),
        _ => false,
    }
}

/// `#[cfg(…)]` or `#[cfg_attr(…)]`.
pub(super) fn is_cfg(a: &syn::Attribute) -> bool {
    a.path().is_ident("cfg") || a.path().is_ident("cfg_attr")
}

/// A statement's `#[cfg]` / `#[cfg_attr]` attribute, if it has one.
pub(super) fn cfg_attr_of(stmt: &Stmt) -> Option<&syn::Attribute> {
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

pub(super) fn has_let(e: &Expr) -> bool {
    match e {
        Expr::Let(_) => true,
        Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => has_let(&b.left) || has_let(&b.right),
        Expr::Paren(p) => has_let(&p.expr),
        _ => false,
    }
}

pub(super) fn is_compound_assign(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(
        op,
        AddAssign(_) | SubAssign(_) | MulAssign(_) | DivAssign(_) | RemAssign(_) | BitXorAssign(_) | BitAndAssign(_)
            | BitOrAssign(_) | ShlAssign(_) | ShrAssign(_)
    )
}

pub(super) fn is_short_circuit(op: &syn::BinOp) -> bool {
    matches!(op, syn::BinOp::And(_) | syn::BinOp::Or(_))
}

pub(super) fn is_control_flow(e: &Expr) -> bool {
    matches!(e, Expr::Block(_) | Expr::If(_) | Expr::Match(_) | Expr::Loop(_) | Expr::While(_) | Expr::ForLoop(_) | Expr::Unsafe(_))
}

/// A value that cannot change while the generator is suspended: a literal or a path (locals cannot be touched by
/// anything else while suspended). Not the resume argument, which each resume binds anew.
pub(super) fn is_stable(e: &Expr) -> bool {
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
pub(super) fn is_place(e: &Expr) -> bool {
    match e {
        Expr::Path(p) if is_resume_arg(p) => false,
        Expr::Path(_) => true,
        Expr::Field(f) => is_place(&f.base),
        Expr::Paren(p) => is_place(&p.expr),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => is_place(&u.expr),
        _ => false,
    }
}

/// Whether the place `e` computes an index before the write (`v[idx()]`, `grid[i][j + 1]`): code whose order against
/// the right side of a compound assignment can be seen, and whose value (an index) can be kept across a suspension
/// point without borrowing anything. `x`, `x.f`, `v[i]`, `*r` compute nothing; a place reached through a call
/// (`*f()`, `get()[i]`) is not counted: keeping its value would keep a borrow across the suspension.
pub(super) fn place_computes_index(e: &Expr) -> bool {
    fn plain_base(e: &Expr) -> bool {
        match e {
            Expr::Path(_) => true,
            Expr::Paren(p) => plain_base(&p.expr),
            Expr::Field(f) => plain_base(&f.base),
            Expr::Index(i) => plain_base(&i.expr),
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => plain_base(&u.expr),
            _ => false,
        }
    }
    fn computes(e: &Expr) -> bool {
        match e {
            Expr::Paren(p) => computes(&p.expr),
            Expr::Field(f) => computes(&f.base),
            Expr::Index(i) => computes(&i.expr) || !is_stable(&i.index),
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => computes(&u.expr),
            _ => false,
        }
    }
    plain_base(e) && computes(e)
}

/// Whether a yield-free statement always diverges, as far as its syntax shows: `panic!`, `unreachable!`, `todo!`,
/// `unimplemented!` (any path ending so). Code after it is dead, and the value of the block it ends is `!`.
pub(super) fn diverges(e: &Expr) -> bool {
    match e {
        Expr::Macro(m) => crate::std_macros::diverges(&m.mac.path),
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
pub(super) fn is_place_shape(e: &Expr) -> bool {
    match e {
        Expr::Path(_) | Expr::Index(_) | Expr::Field(_) | Expr::Unary(_) | Expr::MethodCall(_) | Expr::Call(_)
        | Expr::Block(_) | Expr::Macro(_) => true,
        Expr::Paren(p) => is_place_shape(&p.expr),
        _ => false,
    }
}
