//! The names a pattern binds (and how: by value, `ref`, `mut`), and the names a format string captures.
//!
//! Input:  `Some((ref a, mut b))`, `"{x} {0:w$}"`
//! Output: `[a (ref), b (mut)]`, `[x, w]`

use proc_macro2::Ident;
use syn::Pat;

use super::Binding;

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
