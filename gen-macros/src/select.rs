//! `select!` in an async generator (tokio's `select!`, futures' `select!` and `select_biased!`): the arms are lowered
//! out of the macro. The `select!`, awaited in an `async` block of its own, only picks a branch and carries out what its
//! pattern bound; the branch's code then runs in the generator's body, where `yield_!`, `.await`, `break`, `continue`,
//! `return` and `?` work as in a plain `async fn` (inside the `async` block they would not reach the generator).
//!
//! Input:
//! `tokio::select! { biased; Some(v) = rx.recv(), if open => { yield_!(v); } _ = tick() => continue, else => break }`
//! Output:
//! `match async { tokio::select! { biased; Some(v) = rx.recv(), if open => __Select0::Arm0(v),`
//! `                               _ = tick() => __Select0::Arm1(()), else => __Select0::Else } }.await {`
//! `    __Select0::Arm0(v) => { yield_!(v); }`
//! `    __Select0::Arm1(()) => continue,`
//! `    __Select0::Else => break,`
//! `}`
//! and, among the function's hoisted items, `enum __Select0<T0, T1> { Arm0(T0), Arm1(T1), Else }`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Expr, Macro, Pat, Token};

/// The macros lowered here, by their last path segment.
pub const SELECTS: &[&str] = &["select", "select_biased"];

/// Whether `mac` is one of the `select!` macros.
pub fn is_select(mac: &Macro) -> bool {
    mac.path.segments.last().is_some_and(|s| s.arguments.is_none() && SELECTS.iter().any(|n| s.ident == n))
}

/// Whether this `select!` polls a future named by a bare local in place (futures' `select!` and `select_biased!`:
/// `x = fut => …` borrows `fut`) rather than moving it (tokio's). A `select!` imported by name is told by its arms
/// (`biased;`, `else`, `, if` are tokio's; `default`, `complete` futures'); with none of them, as futures' (a bare local
/// moved into tokio's `select!` cannot be polled again, so it is rarely written).
pub fn polls_bare_locals_in_place(mac: &Macro, select: &Select) -> bool {
    let segments: Vec<String> = mac.path.segments.iter().map(|s| s.ident.to_string()).collect();
    if segments.iter().any(|s| s == "futures" || s == "futures_util" || s == "select_biased") {
        return true;
    }
    if segments.iter().any(|s| s == "tokio") {
        return false;
    }
    let tokio_arms = select.biased.is_some()
        || select.arms.iter().any(|a| match &a.kind {
            ArmKind::Branch { cond, .. } => cond.is_some(),
            ArmKind::Fallback(_, v) => *v == "Else",
        });
    !tokio_arms
}

/// The `select!` an `async { select! { … } }` block awaits, if it is one.
pub fn awaited_select(e: &Expr) -> Option<&Macro> {
    let Expr::Async(a) = e else { return None };
    match a.block.stmts.as_slice() {
        [syn::Stmt::Macro(m)] if is_select(&m.mac) => Some(&m.mac),
        [syn::Stmt::Expr(Expr::Macro(m), None)] if is_select(&m.mac) => Some(&m.mac),
        _ => None,
    }
}

/// The parsed input of a `select!`.
pub struct Select {
    /// `biased;`, passed through.
    biased: Option<TokenStream>,
    pub arms: Vec<Arm>,
}

/// One arm: `pattern = future (, if condition)? => handler`, or a fallback (`else`, `default`, `complete`).
pub struct Arm {
    pub kind: ArmKind,
    arrow: Token![=>],
    pub body: Expr,
}

#[allow(clippy::large_enum_variant)] // a few per `select!`, built once
pub enum ArmKind {
    Branch { pat: Pat, eq: Token![=], fut: Expr, cond: Option<(Token![,], Token![if], Expr)> },
    /// `else`, `default` or `complete`: the keyword, and the variant it becomes.
    Fallback(TokenStream, &'static str),
}

const EXPECTED_ARM: &str = "expected a `select!` branch: `pattern = future => handler` (optionally \
                            `pattern = future, if condition => handler`), or `else => handler` (tokio), \
                            `default => handler` or `complete => handler` (futures)";

/// Parses the tokens of a `select!`.
pub fn parse(mac: &Macro) -> syn::Result<Select> {
    let parsed = (|input: ParseStream| parse_select(input)).parse2(mac.tokens.clone())?;
    if parsed.arms.is_empty() {
        return Err(syn::Error::new(mac.delimiter.span().open(), format!("this `select!` has no branch; {EXPECTED_ARM}")));
    }
    Ok(parsed)
}

fn parse_select(input: ParseStream) -> syn::Result<Select> {
    let biased = match input.cursor().ident() {
        Some((id, rest)) if id == "biased" && rest.punct().is_some_and(|(p, _)| p.as_char() == ';') => {
            let id: Ident = input.parse()?;
            let semi: Token![;] = input.parse()?;
            Some(quote!(#id #semi))
        }
        _ => None,
    };
    let mut arms = Vec::new();
    while !input.is_empty() {
        let fallback = |word: &str| {
            input.cursor().ident().is_some_and(|(id, rest)| {
                id == word && rest.punct().is_some_and(|(p, r)| p.as_char() == '=' && r.punct().is_some_and(|(q, _)| q.as_char() == '>'))
            })
        };
        let kind = if input.peek(Token![else]) {
            let kw: Token![else] = input.parse()?;
            ArmKind::Fallback(kw.into_token_stream(), "Else")
        } else if input.peek(Token![default]) && input.peek2(Token![=>]) {
            let kw: Token![default] = input.parse()?;
            ArmKind::Fallback(kw.into_token_stream(), "Default")
        } else if fallback("complete") {
            let kw: Ident = input.parse()?;
            ArmKind::Fallback(kw.into_token_stream(), "Complete")
        } else {
            let pat = Pat::parse_multi_with_leading_vert(input).map_err(|e| syn::Error::new(e.span(), EXPECTED_ARM))?;
            let eq: Token![=] = input.parse().map_err(|e| {
                syn::Error::new(e.span(), "expected `=` after the branch's pattern: `pattern = future => handler`")
            })?;
            let fut: Expr = input.parse().map_err(|e| {
                syn::Error::new(e.span(), "expected the branch's future after `=`: `pattern = future => handler`")
            })?;
            let cond = if input.peek(Token![,]) && input.peek2(Token![if]) {
                let comma: Token![,] = input.parse()?;
                let if_token: Token![if] = input.parse()?;
                let c: Expr = input.parse().map_err(|e| {
                    syn::Error::new(e.span(), "expected the branch's condition after `if`: `pattern = future, if condition => handler`")
                })?;
                Some((comma, if_token, c))
            } else {
                None
            };
            ArmKind::Branch { pat, eq, fut, cond }
        };
        let arrow: Token![=>] = input.parse().map_err(|e| {
            let what = if matches!(kind, ArmKind::Branch { .. }) {
                "expected `=>` after the branch's future (or `, if condition =>`)"
            } else {
                "expected `=>` and the handler"
            };
            syn::Error::new(e.span(), what)
        })?;
        let body = Expr::parse_with_earlier_boundary_rule(input).map_err(|e| {
            syn::Error::new(e.span(), "expected the branch's handler after `=>`: an expression, or a block")
        })?;
        // A comma ends each arm, optional after a block and after the last arm.
        if matches!(body, Expr::Block(_)) || input.is_empty() {
            input.parse::<Option<Token![,]>>()?;
        } else {
            input.parse::<Token![,]>().map_err(|e| {
                syn::Error::new(e.span(), "expected `,` after the branch's handler (a handler that is not a block ends with a comma)")
            })?;
        }
        arms.push(Arm { kind, arrow, body });
    }
    Ok(Select { biased, arms })
}

impl ToTokens for Select {
    /// The macro's input again (every arm followed by a comma).
    fn to_tokens(&self, out: &mut TokenStream) {
        self.biased.to_tokens(out);
        for Arm { kind, arrow, body } in &self.arms {
            match kind {
                ArmKind::Branch { pat, eq, fut, cond } => {
                    let cond = cond.as_ref().map(|(comma, if_token, c)| quote!(#comma #if_token #c));
                    out.extend(quote!(#pat #eq #fut #cond));
                }
                ArmKind::Fallback(kw, _) => kw.to_tokens(out),
            }
            out.extend(quote!(#arrow #body,));
        }
    }
}

/// The lowered `select!` (see the module doc): the `match` that replaces it, and the enum to hoist. `n` numbers it
/// in the function. `Err` when it cannot be lowered (nothing is to be hoisted then).
pub fn lower(mac: &Macro, n: usize) -> Result<(Expr, TokenStream), syn::Error> {
    let select = parse(mac)?;
    check(mac, &select)?;
    let span = mac.path.span();
    let enum_name = Ident::new(&format!("__Select{n}"), Span::call_site());
    let (mut inner, mut outer, mut variants, mut params) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut branch = 0usize;
    for arm in select.arms {
        let Arm { kind, arrow, body } = arm;
        match kind {
            ArmKind::Branch { mut pat, eq, fut, cond } => {
                let (variant, param) = (format_ident!("Arm{}", branch), format_ident!("T{}", branch));
                branch += 1;
                let bindings = crate::scan::pat_bindings(&pat);
                let names: Vec<&Ident> = bindings.iter().map(|b| &b.ident).collect();
                let outer_names: Vec<TokenStream> = bindings
                    .iter()
                    .map(|b| {
                        let i = &b.ident;
                        if b.mutable { quote!(mut #i) } else { quote!(#i) }
                    })
                    .collect();
                let (payload, outer_pat) = match names.len() {
                    1 => (names[0].to_token_stream(), outer_names[0].clone()),
                    _ => (quote!((#(#names),*)), quote!((#(#outer_names),*))),
                };
                // Bound by value inside; the arm's pattern outside keeps `mut`, for the handler.
                StripMut.visit_pat_mut(&mut pat);
                let cond = cond.map(|(comma, if_token, c)| quote!(#comma #if_token #c));
                inner.push(quote_spanned!(span=> #pat #eq #fut #cond #arrow #enum_name::#variant(#payload),));
                outer.push(quote_spanned!(span=> #enum_name::#variant(#outer_pat) #arrow #body,));
                variants.push(quote!(#variant(#param)));
                params.push(param);
            }
            ArmKind::Fallback(kw, variant) => {
                let variant = Ident::new(variant, Span::call_site());
                inner.push(quote_spanned!(span=> #kw #arrow #enum_name::#variant,));
                outer.push(quote_spanned!(span=> #enum_name::#variant #arrow #body,));
                variants.push(quote!(#variant));
            }
        }
    }
    let biased = select.biased;
    let path = &mac.path;
    let bang = &mac.bang_token;
    let mut group = proc_macro2::Group::new(proc_macro2::Delimiter::Brace, quote!(#biased #(#inner)*));
    group.set_span(mac.delimiter.span().join());
    let expr: Expr = syn::parse2(quote_spanned!(span=> match async { #path #bang #group }.await { #(#outer)* }))?;
    let item = quote! {
        #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
        enum #enum_name<#(#params),*> { #(#variants),* }
    };
    Ok((expr, item))
}

/// What cannot be lowered: a binding by reference (it would borrow from the branch's output, gone once the `select!`
/// has picked the branch), a suspension in a branch's future or condition (those are polled inside the `select!`), a
/// local moved into tokio's `select!` as a branch's future (the `async` block around the `select!` captures the
/// generator's locals by reference, and cannot move one out).
fn check(mac: &Macro, select: &Select) -> syn::Result<()> {
    let moves_bare_locals = !polls_bare_locals_in_place(mac, select);
    let mut errors: Option<syn::Error> = None;
    let mut push = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    for arm in &select.arms {
        let ArmKind::Branch { pat, fut, cond, .. } = &arm.kind else { continue };
        for b in crate::scan::pat_bindings(pat).iter().filter(|b| b.by_ref) {
            let name = &b.ident;
            push(syn::Error::new(
                b.ident.span(),
                format!(
                    "`ref` binding `{name}` in a `select!` of an async generator: the branch's handler runs after the \
                     `select!` has finished, in the generator's body, and `{name}` would borrow from the branch's \
                     output, which the `select!` has dropped by then; bind it by value (`{name}` or `mut {name}`) and \
                     borrow it in the handler (`let {name} = &{name};`)"
                ),
            ));
        }
        let bare = match fut {
            Expr::Path(p) if p.qself.is_none() => p.path.get_ident().filter(|i| i.to_string().starts_with(|c: char| c.is_lowercase() || c == '_')),
            _ => None,
        };
        if let Some(name) = bare.filter(|_| moves_bare_locals) {
            push(syn::Error::new(
                name.span(),
                format!(
                    "`{name}` would be moved into this `select!`, which an async generator awaits inside an `async` \
                     block of its own that borrows the generator's locals: poll it in place instead, pinned, \
                     `tokio::pin!({name});` before the `select!` and `_ = &mut {name} => …` in it"
                ),
            ));
        }
        for (e, what) in std::iter::once((fut, "future")).chain(cond.as_ref().map(|(_, _, c)| (c, "condition"))) {
            if let Some((span, marker)) = crate::scan::first_suspending_marker(e) {
                push(syn::Error::new(
                    span,
                    format!(
                        "`{marker}` cannot be used in a `select!` branch's {what}: the `select!` evaluates and polls \
                         its branches together, inside itself, where the generator cannot be suspended; bind the value \
                         before the `select!` (`let v = {marker}(…);`) and use `v` in the branch"
                    ),
                ));
            }
        }
    }
    errors.map_or(Ok(()), Err)
}

/// `mut x` → `x`.
struct StripMut;

impl VisitMut for StripMut {
    fn visit_pat_ident_mut(&mut self, p: &mut syn::PatIdent) {
        p.mutability = None;
        syn::visit_mut::visit_pat_ident_mut(self, p);
    }
}

/// In the function a failed expansion leaves (the original body, for rust-analyzer): each `select!` that could not be
/// lowered (its error is reported) becomes `unreachable!()`, so that the `select!` macro adds no error of its own.
pub fn neutralize_invalid(block: &mut syn::Block) {
    struct Neutralize;
    impl Neutralize {
        fn invalid(mac: &Macro) -> bool {
            is_select(mac) && parse(mac).and_then(|s| check(mac, &s)).is_err()
        }
    }
    impl VisitMut for Neutralize {
        fn visit_expr_mut(&mut self, e: &mut Expr) {
            match e {
                Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
                Expr::Macro(m) if Self::invalid(&m.mac) => {
                    let span = m.mac.path.span();
                    *e = syn::parse_quote_spanned!(span=> ::core::unreachable!());
                }
                _ => syn::visit_mut::visit_expr_mut(self, e),
            }
        }
        fn visit_stmt_mut(&mut self, s: &mut syn::Stmt) {
            if let syn::Stmt::Macro(m) = s {
                if Self::invalid(&m.mac) {
                    let span = m.mac.path.span();
                    *s = syn::Stmt::Expr(syn::parse_quote_spanned!(span=> ::core::unreachable!()), Some(Default::default()));
                }
                return;
            }
            syn::visit_mut::visit_stmt_mut(self, s);
        }
        fn visit_item_mut(&mut self, _: &mut syn::Item) {}
    }
    Neutralize.visit_block_mut(block);
}
