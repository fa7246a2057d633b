//! Recognising the marker macros and the identifiers the expansion generates.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
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

/// Whether a macro call is a generator block (`gen_block!`, `stream_block!`): a generator of its own, whose markers
/// are its own, as a nested `#[generator]` function's are.
pub fn is_block_macro(mac: &Macro) -> bool {
    mac.path.segments.last().is_some_and(|s| is_block_macro_name(&s.ident))
}

/// [`is_block_macro`] for the name of a macro call seen as tokens (`gen_block ! { … }` inside another macro's input).
pub fn is_block_macro_name(ident: &Ident) -> bool {
    ident == "gen_block" || ident == "stream_block"
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

/// The expansion with every `::gen_runtime` path rooted at `path` instead (`#[generator(crate = my_lib::gen_runtime)]`,
/// for a crate that re-exports the macro and gen-runtime: its users need no dependency on gen-runtime).
///
/// Input:  `::gen_runtime::__private::machine(…)`   Output: `my_lib::gen_runtime::__private::machine(…)`
///
/// A path in a string literal too (serde's `#[serde(crate = "::gen_runtime::__private::serde")]`).
pub fn reroot(ts: TokenStream, path: &syn::Path) -> TokenStream {
    use proc_macro2::Literal;
    map_tokens(ts, &mut |tokens, i| {
        let leading = matches!(&tokens[i], TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == proc_macro2::Spacing::Joint)
            && matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
            && matches!(tokens.get(i + 2), Some(TokenTree::Ident(id)) if id == "gen_runtime")
            // the start of a path, not the middle of one (`a::gen_runtime`); a keyword may stand before a path
            && !matches!(i.checked_sub(1).map(|p| &tokens[p]), Some(TokenTree::Ident(id)) if !PATH_KEYWORDS.iter().any(|k| id == k));
        if leading {
            return Some((3, quote!(#path)));
        }
        match &tokens[i] {
            TokenTree::Literal(l) if l.to_string().starts_with("\"::gen_runtime::") => {
                let text = l.to_string();
                let rest = &text["\"::gen_runtime".len()..text.len() - 1];
                let root: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
                let colons = if path.leading_colon.is_some() { "::" } else { "" };
                let mut nl = Literal::string(&format!("{colons}{}{rest}", root.join("::")));
                nl.set_span(l.span());
                Some((1, TokenTree::Literal(nl).into()))
            }
            _ => None,
        }
    })
}

/// What [`map_tokens`] asks at each token: replace how many tokens, by what.
pub type Replace<'a> = dyn FnMut(&[TokenTree], usize) -> Option<(usize, TokenStream)> + 'a;

/// The one token rewriter, for code the macro cannot parse (another macro's arguments) and for its own output: at
/// each position of each level, `f(tokens, i)` may replace `tokens[i..i + n]` by other tokens (`Some((n, with))`);
/// a group it leaves alone is entered, keeping its delimiter and span.
pub fn map_tokens(ts: TokenStream, f: &mut Replace<'_>) -> TokenStream {
    let tokens: Vec<TokenTree> = ts.into_iter().collect();
    let mut out = TokenStream::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some((n, with)) = f(&tokens, i) {
            out.extend(with);
            i += n.max(1);
            continue;
        }
        match &tokens[i] {
            TokenTree::Group(g) => {
                let mut ng = proc_macro2::Group::new(g.delimiter(), map_tokens(g.stream(), f));
                ng.set_span(g.span());
                out.extend([TokenTree::Group(ng)]);
            }
            other => out.extend([other.clone()]),
        }
        i += 1;
    }
    out
}

/// Keywords after which a path may start (`impl ::x::T`, `as ::x::T`, `=> …`-free positions).
const PATH_KEYWORDS: &[&str] = &[
    "impl", "dyn", "as", "for", "where", "mut", "in", "return", "break", "let", "if", "else", "match", "move", "unsafe",
    "const", "static", "type", "use", "pub", "ref", "while", "loop",
];

/// Source text from tokens, with spacing close to how it is usually written.
pub fn tidy(tokens: &TokenStream) -> String {
    let mut out = String::new();
    let mut prev_word = false;
    for tt in tokens.clone() {
        match tt {
            TokenTree::Ident(i) => {
                if prev_word {
                    out.push(' ');
                }
                out.push_str(&i.to_string());
                prev_word = true;
            }
            TokenTree::Literal(l) => {
                if prev_word {
                    out.push(' ');
                }
                out.push_str(&l.to_string());
                prev_word = true;
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                if matches!(c, '+' | '-' | '*' | '/' | '=' | '<' | '>' | '%' | '^' | '|') {
                    out.push(' ');
                    out.push(c);
                    out.push(' ');
                } else if c == ',' {
                    out.push_str(", ");
                } else {
                    out.push(c);
                }
                prev_word = false;
            }
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    proc_macro2::Delimiter::Parenthesis => ("(", ")"),
                    proc_macro2::Delimiter::Brace => ("{ ", " }"),
                    proc_macro2::Delimiter::Bracket => ("[", "]"),
                    proc_macro2::Delimiter::None => ("", ""),
                };
                out.push_str(open);
                out.push_str(&tidy(&g.stream()));
                out.push_str(close);
                prev_word = true;
            }
        }
    }
    out.replace("  ", " ")
}
