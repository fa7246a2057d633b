//! Temporaries that outlive their statement, made into locals the lowering can store, pin and drop like any other.
//!
//! In plain Rust a temporary borrowed by a `let` initialiser lives to the end of the block (temporary lifetime
//! extension), and `pin!(e)` relies on that to pin `e` in place. The machine splits a block at its suspension points,
//! so a temporary would die at the end of the piece it is in: these rewrites name it instead, as a hidden local
//! declared just before the `let` (where Rust drops an extended temporary: with the locals, in reverse order).
//!
//! Input:  `let r = &make();`                  Output: `let __ext0 = make(); let r = &__ext0;`
//! Input:  `let s = pin!(sub());`              Output: `let mut __pin0 = sub(); let s = unsafe { Pin::new_unchecked(&mut __pin0) };`
//! Input:  `tokio::pin!(s);` / `pin_mut!(s);`  Output: `let mut __pin0 = s; let mut s = unsafe { Pin::new_unchecked(&mut __pin0) };`
//!
//! A `__pin` local is kept in a slot of the generator from its declaration (it never moves once pinned).

use proc_macro2::{Ident, Span};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Expr, Macro, Pat, Stmt, Token, parse_quote};

/// Statements to lower in place of one, and the hidden locals among them that hold a pinned value.
pub struct Rewritten {
    pub stmts: Vec<Stmt>,
    pub pinned: Vec<Ident>,
}

/// `let` statements whose initialiser borrows a temporary (`&e`, `&mut e`) or pins one (`pin!(e)`).
pub fn local(local: &syn::Local, counter: &mut usize) -> Option<Rewritten> {
    let init = local.init.as_ref()?;
    if init.diverge.is_some() {
        return None;
    }
    let (attrs, pat) = (&local.attrs, &local.pat);
    match strip_parens(&init.expr) {
        Expr::Reference(r) if !is_place(&r.expr) && !is_constant(&r.expr) => {
            let ext = next(counter, "ext");
            let (operand, mutability) = (&r.expr, &r.mutability);
            Some(Rewritten {
                stmts: vec![
                    parse_quote!(let #mutability #ext = #operand;),
                    parse_quote!(#(#attrs)* let #pat = & #mutability #ext;),
                ],
                pinned: Vec::new(),
            })
        }
        Expr::Macro(m) if is_pin_macro(&m.mac) => {
            let operand: Expr = m.mac.parse_body().ok()?;
            let ext = next(counter, "pin");
            Some(Rewritten { stmts: vec![parse_quote!(let mut #ext = #operand;), pin_let(attrs, pat, &ext)], pinned: vec![ext] })
        }
        _ => None,
    }
}

/// `tokio::pin!(a, b);`, `futures::pin_mut!(a);`, `tokio::pin! { let a = e; }`: each name shadowed by a pinned
/// reference to its value.
pub fn pin_statement(mac: &Macro, counter: &mut usize) -> Option<Rewritten> {
    // `tokio::pin!` (or `pin!` imported from tokio: std's `pin!` as a statement would pin nothing) and
    // `futures::pin_mut!`.
    let last = mac.path.segments.last()?.ident.to_string();
    let std_pin = mac.path.segments.len() == 3 && ["std", "core"].iter().any(|c| mac.path.segments[0].ident == c);
    if !(last == "pin_mut" || (last == "pin" && !std_pin)) {
        return None;
    }
    let mut out = Rewritten { stmts: Vec::new(), pinned: Vec::new() };
    let mut add = |value: Expr, name: &Ident, out: &mut Rewritten| {
        let ext = next(counter, "pin");
        out.stmts.push(parse_quote!(let mut #ext = #value;));
        let pat: Pat = parse_quote!(mut #name);
        out.stmts.push(pin_let(&[], &pat, &ext));
        out.pinned.push(ext);
    };
    if let Ok(names) = mac.parse_body_with(Punctuated::<Ident, Token![,]>::parse_terminated) {
        for name in &names {
            add(parse_quote!(#name), name, &mut out);
        }
    } else {
        let tokens = &mac.tokens;
        let block: syn::Block = syn::parse2(quote!({ #tokens })).ok()?;
        for stmt in &block.stmts {
            let Stmt::Local(l) = stmt else { return None };
            let (Pat::Ident(p), Some(init)) = (&l.pat, &l.init) else { return None };
            add((*init.expr).clone(), &p.ident, &mut out);
        }
    }
    (!out.stmts.is_empty()).then_some(out)
}

fn pin_let(attrs: &[syn::Attribute], pat: &Pat, ext: &Ident) -> Stmt {
    let safety = crate::names::safety_doc(
        "the value was moved into a local of its own that nothing else names; the generator keeps it in a slot \
         that never moves, and drops it there",
    );
    parse_quote!(#(#attrs)* #safety let #pat = unsafe { ::core::pin::Pin::new_unchecked(&mut #ext) };)
}

fn next(counter: &mut usize, what: &str) -> Ident {
    let ident = Ident::new(&format!("__{what}{counter}"), Span::mixed_site());
    *counter += 1;
    ident
}

/// `pin!(e)`, `std::pin::pin!(e)`, `core::pin::pin!(e)`.
fn is_pin_macro(mac: &Macro) -> bool {
    let segs = &mac.path.segments;
    segs.last().is_some_and(|s| s.ident == "pin") && (segs.len() == 1 || segs[segs.len() - 2].ident == "pin")
}

fn strip_parens(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip_parens(&p.expr),
        other => other,
    }
}

/// A place expression: borrowing it borrows an existing value, not a temporary.
fn is_place(e: &Expr) -> bool {
    match e {
        Expr::Path(_) => true,
        Expr::Field(f) => is_place(&f.base),
        Expr::Index(i) => is_place(&i.expr),
        Expr::Unary(u) => matches!(u.op, syn::UnOp::Deref(_)),
        Expr::Paren(p) => is_place(&p.expr),
        _ => false,
    }
}

/// A constant expression, whose borrow rustc promotes to `'static` (`&5`, `&[1, 2]`, `&(0, "a")`): no local needed.
fn is_constant(e: &Expr) -> bool {
    match e {
        Expr::Lit(_) | Expr::Path(_) => true,
        Expr::Array(a) => a.elems.iter().all(is_constant),
        Expr::Tuple(t) => t.elems.iter().all(is_constant),
        Expr::Paren(p) => is_constant(&p.expr),
        Expr::Unary(u) => !matches!(u.op, syn::UnOp::Deref(_)) && is_constant(&u.expr),
        Expr::Binary(b) => is_constant(&b.left) && is_constant(&b.right),
        Expr::Cast(c) => is_constant(&c.expr),
        Expr::Reference(r) => r.mutability.is_none() && is_constant(&r.expr),
        Expr::Repeat(r) => is_constant(&r.expr) && is_constant(&r.len),
        _ => false,
    }
}
