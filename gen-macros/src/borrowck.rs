//! The borrow-check copy: when the machine keeps locals in pinned slots and reaches them through references whose
//! lifetimes it detaches, rustc no longer sees those borrows in the machine. So the original body is emitted once more,
//! in a closure that is never called, for rustc to type- and borrow-check as the user wrote it: a local moved,
//! reassigned or dropped while a borrow of it is alive is reported there, on the user's own line.
//!
//! Input:  `fn words(text: String) { for w in text.split_whitespace() { yield_!(w.len()); } }`
//! Output: `let yield_type = Shadow::<usize, ()>::new();`
//!         `shadow(witnesses((witness(&text),)), |(text,)| -> () { for w in … { yield_type.yield_(w.len()); } })`
//!
//! The yield and resume types come from `yield_type`, made outside the copy: their lifetimes are the caller's, so a
//! yielded value that borrows a local of the body is an error there, as for a native coroutine.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Expr, Pat, Type};

use crate::mode::Mode;
use crate::names::{Marker, hidden, marker_of_macro};

/// What the borrow-check copy is made from.
pub struct Original<'a> {
    pub body: &'a syn::Block,
    /// The rewritten parameters' names (`self` for the receiver).
    pub args: &'a [TokenStream],
    /// The parameters' original patterns.
    pub pats: &'a [TokenStream],
    pub yield_ty: &'a Type,
    pub resume_ty: &'a Type,
    /// The declared return type, when it can be written.
    pub ret: Option<&'a Type>,
    pub mode: Mode,
    /// A generator block: the copy captures its variables instead of taking parameters.
    pub captured: bool,
    /// Locals are pinned: the copy is what checks their borrows.
    pub pinned: bool,
    /// `#[derive(Serialize, Deserialize)]`: each delegated-to generator or awaited future must hold no borrow of a
    /// local (`T: 'static` here, where the locals are plain locals), since a snapshot saves it with the locals it
    /// would point into; its type is opaque to the macro, so rustc checks it, on the user's line.
    pub static_subs: bool,
}

/// The never-called closure, as a statement.
pub fn copy_of_body(original: &Original) -> TokenStream {
    let Original { body, args, pats, yield_ty, resume_ty, ret, mode, captured, pinned, static_subs } = *original;
    let mut body = body.clone();
    let named = |t: &Type| if crate::signature::nameable(t) { quote!(#t) } else { quote!(_) };
    // Named for the error that shows it ("lifetime `'1` appears in the type of `yield_type`", on `yield = &str`).
    let mut types = hidden("yield_type");
    types.set_span(yield_ty.span().resolved_at(proc_macro2::Span::mixed_site()));
    let ret_check = ret.filter(|_| mode != Mode::Stream).cloned();
    let mut m = Markers { types: types.clone(), mode, nested: 0, ret: ret_check.clone(), opaque_closures: !pinned, static_subs };
    m.visit_block_mut(&mut body);
    if let (Some(ty), Some(syn::Stmt::Expr(tail, None))) = (&ret_check, body.stmts.last_mut()) {
        *tail = checked_return(tail, ty);
    }
    let (y, a) = (named(yield_ty), named(resume_ty));
    let types = quote!(let #types = ::gen_runtime::__private::Shadow::<#y, #a>::new(););
    if captured {
        // A block's copy captures what the block captures, as a `move` closure (`async move` block) would: a capture
        // the body mutates must be declared `mut`, and its `mut` is used. In a branch that never runs and never
        // ends, so the captures are still there for the machine.
        let copy = if mode == Mode::Sync { quote!(move || #body) } else { quote!(async move #body) };
        return quote! {
            #types
            #[allow(unused, unreachable_code, clippy::all, clippy::pedantic)]
            let () = if false {
                let _ = #copy;
                loop {}
            };
        };
    }
    let args: Vec<TokenStream> = args.iter().map(|a| quote!(::gen_runtime::__private::witness(&#a))).collect();
    let (witnesses, pats) = (nest(&args, true), nest(pats, false));
    if mode == Mode::Sync {
        let ret = ret.map(|r| quote!(-> #r));
        return quote! {
            #types
            #[allow(unused, unreachable_code, clippy::all, clippy::pedantic)]
            let _ = ::gen_runtime::__private::shadow(#witnesses, |#pats| #ret #body);
        };
    }
    // `async`: the copy is an async block (its `.await`s are checked as written), whose output is the return type.
    let ret = ret.map_or_else(|| quote!(_), |r| quote!(#r));
    quote! {
        #types
        #[allow(unused, unreachable_code, clippy::all, clippy::pedantic)]
        let _ = ::gen_runtime::__private::shadow_async::<_, #ret, _, _>(#witnesses, |#pats| async move #body);
    }
}

/// The parameters as one tuple (`witnesses((witness(&a), …))`, and the pattern `(a, …)`), nested in tuples of at most
/// twelve (the arity the runtime's `Witness` is implemented for), so that any number of parameters works:
/// `witnesses((witnesses((w0, …, w11)), witnesses((w12,))))` with the pattern `((p0, …, p11), (p12,))`.
fn nest(items: &[TokenStream], witnesses: bool) -> TokenStream {
    const MAX: usize = 12;
    let tuple = |items: &[TokenStream]| {
        let t = quote!((#(#items,)*));
        if witnesses { quote!(::gen_runtime::__private::witnesses(#t)) } else { t }
    };
    if items.len() <= MAX {
        return tuple(items);
    }
    let chunks: Vec<TokenStream> = items.chunks(MAX).map(tuple).collect();
    nest(&chunks, witnesses)
}

/// `yield_!(v)` → `yield_type.yield_(v)`; `yield_from!(g)` → `yield_type.delegate(sub(g))`.
struct Markers {
    /// `yield_type`: the copy's `Shadow<Y, A>`.
    types: proc_macro2::Ident,
    mode: Mode,
    /// Inside a closure or `async` block (their `?` is their own).
    nested: usize,
    /// The declared return type, when written: see [`checked_return`].
    ret: Option<Type>,
    /// No local is pinned (a block's copy, for its captures' `mut`): a yielded closure or `async` block is not
    /// compared with the machine's yield type.
    opaque_closures: bool,
    /// See [`Original::static_subs`].
    static_subs: bool,
}

/// The function that checks a delegated-to generator or awaited future (see [`Original::static_subs`]):
/// `sub` → `snapshot_delegates_to_no_borrow_of_a_local(sub)`.
fn no_borrow_of_a_local() -> syn::Path {
    syn::parse_quote!(::gen_runtime::__private::snapshot_delegates_to_no_borrow_of_a_local)
}

/// `yield_!(|…| …)`, `yield_!(async { … })`: a value of a type only this copy has.
fn yields_unnameable(mac: &syn::Macro) -> bool {
    let mut e = crate::names::marker_operand(mac).ok();
    while let Some(Expr::Paren(p)) = e {
        e = Some(*p.expr);
    }
    matches!(e, Some(Expr::Closure(_) | Expr::Async(_)))
}

/// `e` → `{ let __ret: R = e; __ret }`, for the tail and each `return e` of the copy: the machine checks its return
/// values in exactly this form (same tokens, same spans), so a wrong return value is one error, not one per copy
/// (rustc reports an identical diagnostic once).
fn checked_return(value: &Expr, ty: &Type) -> Expr {
    let ret = hidden("__ret");
    syn::parse_quote!({ let #ret: #ty = #value; #ret })
}

impl Markers {
    fn replace(&self, mac: &syn::Macro) -> Option<Expr> {
        let kind = marker_of_macro(mac)?;
        let tokens = &mac.tokens;
        let mut operand = if tokens.is_empty() { quote!(()) } else { tokens.clone() };
        if self.static_subs && kind == Marker::YieldFrom {
            let check = no_borrow_of_a_local();
            operand = quote!(#check(#operand));
        }
        let t = &self.types;
        let e = match kind {
            // A closure or `async` block is a type of its own in each copy: not the machine's yield type. Checked
            // as such only where the copy guards borrows of pinned locals.
            Marker::Yield if self.opaque_closures && yields_unnameable(mac) => quote!(#t.yield_opaque(#operand)),
            Marker::Yield => quote!(#t.yield_(#operand)),
            Marker::YieldFrom if self.mode == Mode::Stream => quote!(#t.delegate_stream(#operand)),
            Marker::YieldFrom => quote! {
                #t.delegate({
                    use ::gen_runtime::__private::{ViaGenerator as _, ViaIterator as _};
                    (&&::gen_runtime::__private::Delegate::new(#operand)).into_sub()
                })
            },
        };
        syn::parse2(e).ok()
    }
}

impl VisitMut for Markers {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        let nests = matches!(e, Expr::Closure(_) | Expr::Async(_));
        self.nested += usize::from(nests);
        syn::visit_mut::visit_expr_mut(self, e);
        self.nested -= usize::from(nests);
        if let (Expr::Return(r), Some(ty), 0) = (&mut *e, &self.ret, self.nested) {
            if let Some(v) = &mut r.expr {
                **v = checked_return(v, ty);
            }
        }
        // `e?` in an async stream hands the residual out as the last item: checked as such (`Y: FromResidual`).
        if self.mode == Mode::Stream && self.nested == 0 {
            if let Expr::Try(t) = e {
                let (types, inner) = (&self.types, &t.expr);
                // As `?` itself desugars (a `match` whose other arm leaves), so that `Err(e)?;` needs no annotation.
                let span = t.question_token.span;
                let residual = quote::quote_spanned!(span=> #types.residual(__residual));
                *e = syn::parse_quote_spanned!(span=> match ::gen_runtime::__private::Try::branch(#inner) {
                    ::core::ops::ControlFlow::Continue(__value) => __value,
                    ::core::ops::ControlFlow::Break(__residual) => {
                        #residual;
                        return;
                    }
                });
            }
        }
        if let Expr::Macro(m) = e {
            if let Some(r) = self.replace(&m.mac) {
                *e = r;
            }
        }
        // An awaited future of the body itself (not of a closure or `async` block in it) is a sub-generator too.
        if let (Expr::Await(a), true, 0) = (&mut *e, self.static_subs, self.nested) {
            let base = std::mem::replace(&mut *a.base, Expr::Verbatim(TokenStream::new()));
            *a.base = crate::lowered::call(no_borrow_of_a_local(), base);
        }
        // `break 'l ::gen_runtime::…(v)` is valid Rust, but syn reads `'l :` as the label of a loop value;
        // parentheses keep the expansion parseable by syn-based tools (the closure allows `unused_parens`).
        if let Expr::Break(b) = e
            && b.label.is_some()
            && let Some(v) = &mut b.expr
            && matches!(quote::ToTokens::to_token_stream(&**v).into_iter().next(), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ':')
        {
            let inner = (**v).clone();
            **v = Expr::Paren(syn::ExprParen { attrs: Vec::new(), paren_token: syn::token::Paren::default(), expr: Box::new(inner) });
        }
    }

    fn visit_stmt_mut(&mut self, s: &mut syn::Stmt) {
        syn::visit_mut::visit_stmt_mut(self, s);
        if let syn::Stmt::Macro(m) = s {
            if let Some(r) = self.replace(&m.mac) {
                *s = syn::Stmt::Expr(r, Some(Default::default()));
            }
        }
    }

    fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
        // The operand of a marker may hold markers too (`yield_!(yield_!(1))`), and so may `println!`'s.
        if marker_of_macro(m).is_some() {
            if let Ok(mut inner) = crate::names::marker_operand(m) {
                self.visit_expr_mut(&mut inner);
                m.tokens = quote!(#inner);
            }
        } else if let Some(args) = crate::macros::parse(m) {
            let mut operands: Vec<Expr> = args.operands().into_iter().cloned().collect();
            for o in &mut operands {
                self.visit_expr_mut(o);
            }
            *m = crate::macros::rebuild(m, &args, operands);
        }
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// The pattern a parameter has in the copy: its original pattern, or `__self` for the receiver.
pub fn param_pattern(arg: &syn::FnArg) -> TokenStream {
    match arg {
        syn::FnArg::Receiver(r) => {
            let ident = proc_macro2::Ident::new("__self", r.self_token.span);
            let m = (r.reference.is_none() && r.mutability.is_some()).then(|| quote!(mut));
            quote!(#m #ident)
        }
        syn::FnArg::Typed(t) => {
            let pat: &Pat = &t.pat;
            quote!(#pat)
        }
    }
}
