//! What a failed expansion leaves: the original function (markers silenced, body kept for rust-analyzer) beside
//! the errors, with the generator type it declares so that its callers report nothing more.

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use syn::ItemFn;
use syn::visit_mut::VisitMut;

use crate::names::marker_of_macro;
use crate::{args, signature};

use super::derives::derive_bounds;

/// Input:  `fn numbers(v: Vec<u32>) { … }`                        (`#[generator(yield = u32)]`, not expandable)
/// Output: `fn numbers(v: Vec<u32>) -> impl Generator<(), Yield = u32, Return = ()> + StateMachine {`
///         `    let _ = move || -> () { … }; NotExpanded::new() }`
/// The function a failed expansion leaves: its declared generator type, so that its callers report nothing more (no
/// "`into_iter` exists for `()`" after the real error), and the original body kept for rust-analyzer, in a closure
/// that is never called. An `async fn` that is a future stays as written (it is one already).
pub(super) fn as_declared(mut func: ItemFn, args: &args::Args) -> ItemFn {
    let (yield_ty, resume_ty) = (args.yield_ty.clone(), args.resume_ty.clone().unwrap_or_else(args::unit));
    let ret: syn::Type = match &func.sig.output {
        syn::ReturnType::Default => args::unit(),
        syn::ReturnType::Type(_, t) => (**t).clone(),
    };
    let named = |t: &syn::Type| if signature::nameable(t) { quote!(#t) } else { quote!(_) };
    // `#[derive(Clone)]` / `#[derive(Serialize, Deserialize)]`: callers that copy or save the generator type-check too.
    let clone = derive_bounds(&args.derives);
    let (output, value): (syn::ReturnType, TokenStream) = match (&func.sig.asyncness, yield_ty) {
        (Some(_), None) => return func,
        (Some(_), Some(y)) => (
            syn::parse_quote!(-> impl ::gen_runtime::__private::FusedStream<Item = #y> + ::gen_runtime::StateMachine #clone),
            quote!(::gen_runtime::__private::NotExpanded::<(), _, ()>::new()),
        ),
        (None, y) => {
            let y = y.unwrap_or_else(args::unit);
            let (a, r) = (named(&resume_ty), named(&ret));
            (
                syn::parse_quote!(
                    -> impl ::gen_runtime::Generator<#resume_ty, Yield = #y, Return = #ret> + ::gen_runtime::StateMachine #clone
                ),
                quote!(::gen_runtime::__private::NotExpanded::<#a, _, #r>::new()),
            )
        }
    };
    let body = &func.block;
    let closure = if func.sig.asyncness.is_some() {
        quote!(move || async move #body)
    } else if signature::nameable(&ret) {
        quote!(move || -> #ret #body)
    } else {
        quote!(move || #body)
    };
    func.block = syn::parse_quote!({
        let _ = #closure;
        #value
    });
    func.sig.asyncness = None;
    func.sig.output = output;
    func
}

/// The original function, its markers silenced (they would each add an error), plus the errors.
pub(super) fn fallback(mut func: ItemFn, errors: Vec<syn::Error>) -> TokenStream {
    struct Silence;
    impl VisitMut for Silence {
        fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
            let tokens = std::mem::take(&mut m.tokens);
            m.tokens = if marker_of_macro(m).is_some() { quote!(@fallback #tokens) } else { silence_tokens(tokens) };
        }
    }
    Silence.visit_item_fn_mut(&mut func);
    // The original body, so that rust-analyzer keeps working in it; the errors above say what to change.
    func.attrs.push(syn::parse_quote!(#[allow(unused, unreachable_code)]));
    let errors = errors.into_iter().map(|e| e.to_compile_error());
    quote! {
        #(#errors)*
        #func
    }
}

/// Silences the markers inside another macro's input too (`vec![yield_!(1)]`).
fn silence_tokens(ts: TokenStream) -> TokenStream {
    crate::names::map_tokens(ts, &mut |tokens, i| {
        let is_marker = matches!(&tokens[i], TokenTree::Ident(id) if id == "yield_" || id == "yield_from")
            && matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
        let Some(TokenTree::Group(g)) = tokens.get(i + 2).filter(|_| is_marker) else { return None };
        let inner = g.stream();
        let mut ng = proc_macro2::Group::new(g.delimiter(), quote!(@fallback #inner));
        ng.set_span(g.span());
        Some((3, [tokens[i].clone(), tokens[i + 1].clone(), TokenTree::Group(ng)].into_iter().collect()))
    })
}

pub(super) fn block_fallback(errors: Vec<syn::Error>) -> TokenStream {
    let errors = errors.into_iter().map(|e| e.to_compile_error());
    quote!({ #(#errors)* ::gen_runtime::__private::NotExpanded::<_, _, _>::new() })
}
