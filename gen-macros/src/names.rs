//! Recognising the marker macros and the identifiers the expansion generates.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::{Expr, ExprMacro, Macro, Path};

/// Which marker a macro call is: `yield_!`, `yield_from!`, or neither. Matched by the last path segment, so
/// `gen_runtime::yield_!` and a renamed import of the crate both work.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Marker {
    Yield,
    YieldFrom,
}

pub fn marker_of_path(path: &Path) -> Option<Marker> {
    let last = path.segments.last()?;
    if !last.arguments.is_none() {
        return None;
    }
    if last.ident == "yield_" {
        Some(Marker::Yield)
    } else if last.ident == "yield_from" {
        Some(Marker::YieldFrom)
    } else {
        None
    }
}

pub fn marker_of_macro(mac: &Macro) -> Option<Marker> {
    marker_of_path(&mac.path)
}

/// The operand of a marker call: one expression, with an optional trailing comma (`yield_!(v,)`, as `dbg!(v,)`).
pub fn marker_operand(mac: &Macro) -> syn::Result<Expr> {
    mac.parse_body_with(|input: syn::parse::ParseStream| {
        let e: Expr = input.parse()?;
        if input.peek(syn::Token![,]) {
            input.parse::<syn::Token![,]>()?;
        }
        Ok(e)
    })
}

/// The marker macro call an expression is, if it is one.
pub fn as_marker(expr: &Expr) -> Option<(Marker, &ExprMacro)> {
    match expr {
        Expr::Macro(m) => marker_of_macro(&m.mac).map(|k| (k, m)),
        _ => None,
    }
}

/// An identifier of the expansion's own (`__state`, `__arg`, temporaries): invisible to user code by hygiene.
pub fn hidden(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

/// `snake_case` → `CamelCase`, for naming the state enum after the function.
pub fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in name.trim_start_matches("r#").chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    if out.is_empty() { "Gen".to_owned() } else { out }
}

/// The `/// SAFETY: …` comment over an `unsafe` block the expansion writes: a doc attribute on its `let`, so that
/// `cargo expand` shows it.
pub fn safety_doc(why: &str) -> TokenStream {
    let text = format!(" SAFETY: {why}.");
    quote!(#[doc = #text])
}

/// An unsafe call of the runtime in expression position, with its SAFETY comment:
/// `{ /// SAFETY: … \n let __r = unsafe { call }; __r }`. The `unsafe` keyword keeps the macro's own span, so a
/// user crate's `#![forbid(unsafe_code)]` does not apply to it.
pub fn unsafe_expr(call: &TokenStream, why: &str) -> TokenStream {
    let doc = safety_doc(why);
    let r = Ident::new("__unsafe_value", Span::mixed_site());
    quote!({ #doc let #r = unsafe { #call }; #r })
}
