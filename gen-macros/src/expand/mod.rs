//! The attribute's entry point: parse → check → lower → analyse → emit, or the original function and one error.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote};
use syn::visit_mut::VisitMut;
use syn::{Expr, ItemFn, Lifetime, Stmt};

use crate::analysis::analyze;
use crate::build::{Builder, Deferred};
use crate::mode::{Mode, Returner};
use crate::emit::{Emitter, Names};
use crate::names::{camel, hidden};
use crate::{args, scan, signature};

mod derives;
mod fallback;
mod valid;

use derives::{derive_bounds, take_derives};
use fallback::{as_declared, block_fallback, fallback};
use valid::{check_cfg_locals, check_derives, generator_as_return_type, misplaced_error, missing_resume_type, validate};

/// Expands `#[generator(args)] item`. Never panics: every problem becomes a `compile_error!` beside the original
/// function (so rust-analyzer keeps working inside it).
pub fn generator(args: TokenStream, item: TokenStream) -> TokenStream {
    let krate = args::parse(args.clone()).ok().and_then(|a| a.krate);
    let out = generator_at_gen_runtime(args, item);
    match krate {
        Some(path) => crate::names::reroot(out, &path),
        None => out,
    }
}

fn generator_at_gen_runtime(args: TokenStream, item: TokenStream) -> TokenStream {
    let func: ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(e) => {
            let msg = syn::Error::new(
                e.span(),
                "`#[generator]` can only be applied to a function with a body; in a trait, declare \
                 `fn f(…) -> impl Generator<Yield = T>` and put `#[generator]` on the implementation",
            );
            let err = msg.to_compile_error();
            return quote!(#err #item);
        }
    };
    if let Some(err) = generator_as_return_type(&func) {
        // The original function without that return type, which its body does not have (no follow-on error).
        let mut func = func;
        func.sig.output = syn::ReturnType::Default;
        return fallback(func, vec![err]);
    }
    let mut func = func;
    let derive = take_derives(&mut func, &args);
    let derives = derive.as_ref().ok().cloned().unwrap_or_default();
    let expanded = derive.map_err(Failure::from).and_then(|derives| expand(args.clone(), &func, derives));
    match expanded {
        Ok(ts) => ts,
        Err(Failure { errors, deferred }) => {
            // A problem deferred to rustc (`break` outside a loop): the body is kept as written, so that rustc
            // reports it where the user wrote it.
            let defers = !deferred.is_empty();
            let mut func = func;
            if func.sig.asyncness.is_some() {
                // A `select!` that could not be lowered was reported: not again by the `select!` macro itself.
                crate::select::neutralize_invalid(&mut func.block);
            }
            let func = match args::parse(args) {
                Ok(mut args) if !defers => {
                    args.derives = derives;
                    as_declared(func, &args)
                }
                _ => func,
            };
            fallback(func, errors)
        }
    }
}

/// The two kinds of generator block.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// `gen_block! { … }`: a generator.
    Generator,
    /// `stream_block! { … }`: an async stream.
    Stream,
}

/// Input:  `gen_block! { for x in v { yield_!(x * k); } }`
/// Output: `{ enum GenBlockState<T0, …> { Start { v: T0, k: T1 }, … } … machine(GenBlockState::Start { v, k }, …) }`
/// A generator block: its captures (see `captures`) are the parameters of a function lowered as the attribute
/// lowers one, moved into the start state where the block is written; the yield, resume and return types are
/// rustc's to infer. On an error: the error, and a stand-in of any generator type (no follow-on errors).
pub fn block(kind: BlockKind, input: TokenStream) -> TokenStream {
    let body: syn::Block = match syn::parse2(quote!({ #input })) {
        Ok(b) => b,
        Err(e) => return block_fallback(vec![e]),
    };
    let mut captures = crate::captures::captures(&body);
    // Resumed with `()` unless the body uses what a `yield_!` evaluates to, or delegates (then rustc infers it).
    let infer: syn::Type = syn::parse_quote!(_);
    let resume_ty = if crate::captures::uses_resume_value(&body) { infer.clone() } else { args::unit() };
    // A block that never yields yields `()` (else rustc has nothing to infer its item type from).
    let yield_ty = if crate::captures::yields(&body) { infer.clone() } else { args::unit() };
    let mut body = body;
    let takes_self = captures.iter().any(|c| c == "self");
    if takes_self {
        RenameSelf.visit_block_mut(&mut body);
        for c in &mut captures {
            if c == "self" {
                *c = Ident::new("__self", Span::call_site());
            }
        }
    }
    let (name, asyncness) = match kind {
        BlockKind::Generator => (Ident::new("gen_block", Span::call_site()), None),
        BlockKind::Stream => (Ident::new("stream_block", Span::call_site()), Some(<syn::Token![async]>::default())),
    };
    let func = ItemFn {
        attrs: Vec::new(),
        vis: syn::Visibility::Inherited,
        sig: syn::parse_quote!(#asyncness fn #name(#(mut #captures: _),*)),
        block: Box::new(body),
    };
    let args = args::Args {
        yield_ty: Some(yield_ty),
        resume_ty: (kind == BlockKind::Generator).then_some(resume_ty),
        start: None,
        krate: None,
        derives: args::Derives::default(),
    };
    match expand_parsed(args, &func, true) {
        Ok(ts) if takes_self => quote!({ let __self = self; #ts }),
        Ok(ts) => ts,
        // A block has no original function for rustc to check: it reports what it deferred itself.
        Err(Failure { mut errors, deferred }) => {
            errors.extend(deferred.into_iter().map(|d| syn::Error::new(d.span, d.message)));
            block_fallback(errors)
        }
    }
}

/// Why a body could not be expanded: the errors to report, and the problems left to rustc (see [`Deferred`]).
struct Failure {
    errors: Vec<syn::Error>,
    deferred: Vec<Deferred>,
}

impl From<Vec<syn::Error>> for Failure {
    fn from(errors: Vec<syn::Error>) -> Self {
        Failure { errors, deferred: Vec::new() }
    }
}

impl From<syn::Error> for Failure {
    fn from(error: syn::Error) -> Self {
        vec![error].into()
    }
}

fn expand(args: TokenStream, func: &ItemFn, derives: args::Derives) -> Result<TokenStream, Failure> {
    let mut args = args::parse(args)?;
    args.derives = derives;
    expand_parsed(args, func, false)
}

/// `block`: the body of a generator block (see [`block`]): the machine as an expression, the return type inferred.
///
/// The stages in order (thiserror's ast → valid → expand): [`validate`] the signature against the attribute, the
/// types the machine yields and is resumed with, [`prepare_body`] (nested items out, misplaced markers reported),
/// [`lower`] into a [`crate::lowered::Lowered`], [`analyze`], [`check_cfg_locals`], then the emitter, the function's outer
/// signature ([`outer_signature`]), the borrow-check copy, and the whole put together.
fn expand_parsed(args: args::Args, func: &ItemFn, block: bool) -> Result<TokenStream, Failure> {
    let (mode, sig) = validate(&args, func, block)?;
    let item_ty = args.yield_ty.clone().unwrap_or_else(args::unit);
    // What the machine yields and is resumed with: for `async`, pending (or a stream's item) and the task context.
    let (yield_ty, resume_ty): (syn::Type, syn::Type) = match mode {
        Mode::Sync => (item_ty.clone(), args.resume_ty.clone().unwrap_or_else(args::unit)),
        Mode::Future => (syn::parse_quote!(()), syn::parse_quote!(::gen_runtime::__private::Cx)),
        Mode::Stream => (
            syn::parse_quote!(::core::task::Poll<::core::option::Option<#item_ty>>),
            syn::parse_quote!(::gen_runtime::__private::Cx),
        ),
    };
    let mut items = Vec::new();
    let (body, errors) = prepare_body(func, &sig, mode, args.resume_ty.is_none(), &mut items);

    let fn_name = func.sig.ident.to_string();
    let names = names_for(&fn_name);
    let ret_ty = sig.ret_nameable.then(|| sig.ret.clone());
    let stream = (mode == Mode::Stream).then(|| signature::nameable(&item_ty).then(|| item_ty.clone()));
    let returner = Returner { state: names.state.clone(), state_enum: names.state_enum.clone(), ret_ty, stream };
    let (lowered, params) = lower(&body, &sig, mode, &args, &fn_name, &names, &returner, errors)?;
    let analysis = analyze(&lowered);
    check_cfg_locals(&lowered, &analysis)?;
    check_derives(&lowered, &analysis, &args.derives)?;

    let mut emitter = Emitter::new(&lowered, &analysis, &names, &returner);
    emitter.yield_ty = signature::nameable(&yield_ty).then(|| yield_ty.clone());
    emitter.fn_name = fn_name.clone();
    emitter.arg_is_cx = mode != Mode::Sync;
    emitter.yield_declared = args.yield_ty.is_some() || mode != Mode::Sync;
    emitter.captures = block;
    emitter.derive_clone = args.derives.clone.is_some();
    emitter.snapshot = args.derives.snapshot.clone();
    // A generator block that never completes (an endless loop) returns `()`: nothing else would say what.
    let unit = args::unit();
    let completes = (0..lowered.blocks.len()).any(|b| {
        let block = &lowered.blocks[b];
        let falls_off = matches!(block.term, crate::lowered::Term::Return(_)) && !block.ops.iter().any(crate::graph::always_panics);
        analysis.reachable[b] && (block.returns || falls_off)
    });
    let ret_ty = if block && mode == Mode::Sync && !completes { Some(&unit) } else { sig.ret_nameable.then_some(&sig.ret) };
    // What the resume closure returns, written out when it can be: a stream's, what `poll_next` returns (`yield_ty`);
    // the others', the value handed out at a suspension or the body's return value.
    let closure_ret: Option<syn::Type> = match mode {
        Mode::Stream => signature::nameable(&item_ty).then(|| yield_ty.clone()),
        Mode::Sync | Mode::Future => ret_ty.map(|r| syn::parse_quote!(::gen_runtime::__private::GeneratorState<#yield_ty, #r>)),
    };
    let out = emitter.emit(&params, &resume_ty, closure_ret.as_ref());

    let self_referential = analysis.slotted.iter().any(|&p| p);
    let outer = outer_signature(&func.sig, &sig, mode, self_referential, &args.derives, (&resume_ty, &yield_ty, &item_ty));
    let (items_defs, start, subs, pinned, closure) = (out.items, out.start, out.subs, out.pinned, out.closure);
    let copy_resume = if mode == Mode::Sync { resume_ty.clone() } else { args::unit() };
    // Pinned locals are reached through detached references: have rustc borrow-check the body as written.
    // A block's copy also checks how it uses its captures (`mut`), so a block always has one.
    let static_subs = args.derives.snapshot.is_some();
    let check = (block || self_referential).then(|| {
        let args: Vec<TokenStream> = sig
            .params
            .iter()
            .map(|p| if p.ident == "__self" { quote!(self) } else { let i = &p.ident; quote!(#i) })
            .collect();
        let pats: Vec<TokenStream> = func.sig.inputs.iter().map(crate::borrowck::param_pattern).collect();
        crate::borrowck::copy_of_body(&crate::borrowck::Original {
            body: &body,
            args: &args,
            pats: &pats,
            yield_ty: &item_ty,
            resume_ty: &copy_resume,
            ret: sig.ret_nameable.then_some(&sig.ret),
            mode,
            captured: block,
            pinned: self_referential,
            static_subs,
        })
    });
    let make = if mode == Mode::Stream { quote!(stream_machine) } else { quote!(machine) };
    // The expansion's version, checked against the runtime's (see `__private::EXPANSION_V1`).
    let version = quote!(const _: () = ::gen_runtime::__private::EXPANSION_V1;);
    let machine = quote! {
        #version
        #(#items)*
        #items_defs
        #check
        ::gen_runtime::__private::#make(#start, #subs, #pinned, #closure)
    };
    if block {
        // The borrow-check copy's yield and resume types are inferred: from the machine's.
        let tie = check.is_some().then(|| {
            let (types, machine) = (hidden("yield_type"), hidden("__machine"));
            let tie = if mode == Mode::Stream { quote!(tie_stream) } else { quote!(tie_generator) };
            quote!(::gen_runtime::__private::#tie(#types, &#machine);)
        });
        let Some(tie) = tie else { return Ok(quote!({ #machine })) };
        let m = hidden("__machine");
        return Ok(quote!({
            #version
            #(#items)*
            #items_defs
            #check
            let #m = ::gen_runtime::__private::#make(#start, #subs, #pinned, #closure);
            #tie
            #m
        }));
    }
    let (attrs, vis) = (&func.attrs, &func.vis);
    Ok(quote! {
        #(#attrs)*
        #vis #outer {
            #machine
        }
    })
}

/// The body the lowering reads: `self` renamed (the closure cannot bind `self`), the awaited `join!`/`select!` and
/// the nested items moved out (into `items`), and the errors for markers that stand where they cannot suspend.
fn prepare_body(
    func: &ItemFn,
    sig: &signature::Sig,
    mode: Mode,
    resume_undeclared: bool,
    items: &mut Vec<TokenStream>,
) -> (syn::Block, Vec<syn::Error>) {
    let mut body = (*func.block).clone();
    if sig.receiver.is_some() {
        RenameSelf.visit_block_mut(&mut body);
    }
    // First: the handlers of a `select!` become the body's code, with their items.
    let macro_errors = if mode == Mode::Sync { Vec::new() } else { crate::awaiting::wrap_awaiting_macros(&mut body, items) };
    take_items(&mut body, items, mode != Mode::Sync);
    let mut errors: Vec<syn::Error> = scan::find_misplaced(&body).into_iter().map(misplaced_error).chain(macro_errors).collect();
    if mode == Mode::Sync && resume_undeclared {
        errors.extend(missing_resume_type(&body));
    }
    (body, errors)
}

/// The names of the expansion's items and hidden locals, from the function's name (`countdown` → `CountdownState`).
fn names_for(fn_name: &str) -> Names {
    let base = camel(fn_name);
    Names {
        state_enum: format_ident!("{}State", base),
        block_enum: format_ident!("{}Block", base),
        subs_struct: format_ident!("{}Subs", base),
        pinned_struct: format_ident!("{}Pinned", base),
        subs: hidden("__subs"),
        pinned: hidden("__pinned"),
        state: hidden("__state"),
        arg: hidden("__arg"),
        block: hidden("__block"),
        dispatch: Lifetime::new("'__dispatch", Span::mixed_site()),
    }
}

/// Lowers the body into a [`crate::lowered::Lowered`] (see [`crate::build`]); returns it with the parameters' locals, or the
/// errors found so far and the lowering's.
#[allow(clippy::too_many_arguments)]
fn lower(
    body: &syn::Block,
    sig: &signature::Sig,
    mode: Mode,
    args: &args::Args,
    fn_name: &str,
    names: &Names,
    returner: &Returner,
    mut errors: Vec<syn::Error>,
) -> Result<(crate::lowered::Lowered, Vec<usize>), Failure> {
    let mut builder = Builder::new(returner, names.arg.clone());
    builder.mode = mode;
    builder.fn_name = fn_name.trim_start_matches("r#").to_string();
    builder.snapshot = args.derives.snapshot.is_some();
    let params_scope = builder.params(sig.params.iter().map(signature::Param::binding).collect());
    let params: Vec<usize> = builder.lowered.scopes[params_scope].locals.clone();
    for (&l, p) in params.iter().zip(&sig.params) {
        builder.lowered.locals[l].shared_ref = p.shared_ref;
    }
    builder.copy_like = scan::copy_like_names(body);
    for p in &sig.params {
        if let Some(pat) = &p.pattern {
            builder.param_pattern(pat, &p.ident);
        }
    }
    builder.start_argument(args.start.as_ref());
    builder.body(body);
    errors.append(&mut builder.errors);
    if !errors.is_empty() || !builder.deferred.is_empty() {
        return Err(Failure { errors, deferred: builder.deferred });
    }
    Ok((builder.lowered, params))
}

/// The function as its callers see it: the parameters as the machine takes them, not `async`, returning
/// `impl Generator` / `impl Future` / `impl FusedStream` (with `+ 'a` for the borrows a self-referential one keeps).
fn outer_signature(
    orig: &syn::Signature,
    sig: &signature::Sig,
    mode: Mode,
    self_referential: bool,
    derives: &args::Derives,
    (resume_ty, yield_ty, item_ty): (&syn::Type, &syn::Type, &syn::Type),
) -> syn::Signature {
    let mut outer = orig.clone();
    outer.inputs = sig.inputs.iter().cloned().collect();
    outer.asyncness = None;
    if self_referential {
        signature::add_borrow_lifetime(&mut outer);
    }
    let ret = &sig.ret;
    // `#[derive(Clone)]`, `#[derive(Serialize, Deserialize)]`: `Clone`, `Snapshot` are part of the returned type.
    let clone = derive_bounds(derives);
    outer.output = match mode {
        Mode::Sync => syn::parse_quote!(
            -> impl ::gen_runtime::Generator<#resume_ty, Yield = #yield_ty, Return = #ret> + ::gen_runtime::StateMachine #clone
        ),
        Mode::Future => syn::parse_quote!(-> impl ::core::future::Future<Output = #ret> + ::gen_runtime::StateMachine #clone),
        Mode::Stream => syn::parse_quote!(
            -> impl ::gen_runtime::__private::FusedStream<Item = #item_ty> + ::gen_runtime::StateMachine #clone
        ),
    };
    outer
}

/// Moves the items declared in the body (`fn`, `struct`, `use`, …) to the top of the function: the body is split into
/// several arms, and an item must stay visible in all of them.
fn take_items(block: &mut syn::Block, out: &mut Vec<TokenStream>, awaits: bool) {
    struct Taker<'a>(&'a mut Vec<TokenStream>, bool);
    impl VisitMut for Taker<'_> {
        fn visit_block_mut(&mut self, b: &mut syn::Block) {
            if scan::block_contains_yield(b, self.1) {
                let mut kept = Vec::new();
                for stmt in std::mem::take(&mut b.stmts) {
                    match stmt {
                        Stmt::Item(item) => self.0.push(item.into_token_stream()),
                        other => kept.push(other),
                    }
                }
                b.stmts = kept;
            }
            syn::visit_mut::visit_block_mut(self, b);
        }
        fn visit_expr_closure_mut(&mut self, _: &mut syn::ExprClosure) {}
        fn visit_item_mut(&mut self, _: &mut syn::Item) {}
    }
    Taker(out, awaits).visit_block_mut(block);
}

/// `self` → `__self` in the body: the resume closure holds the receiver as a plain value.
struct RenameSelf;

impl RenameSelf {
    fn tokens(&self, ts: TokenStream) -> TokenStream {
        crate::names::map_tokens(ts, &mut |tokens, i| match &tokens[i] {
            TokenTree::Ident(id) if id == "self" => {
                let path = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                (!path).then(|| (1, TokenTree::Ident(Ident::new("__self", id.span())).into()))
            }
            _ => None,
        })
    }
}

impl VisitMut for RenameSelf {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        if let Expr::Path(p) = e {
            if p.qself.is_none() && p.path.segments.len() == 1 && p.path.segments[0].ident == "self" {
                let span = p.path.segments[0].ident.span();
                p.path.segments[0].ident = proc_macro2::Ident::new("__self", span);
                return;
            }
        }
        syn::visit_mut::visit_expr_mut(self, e);
    }
    fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
        m.tokens = self.tokens(std::mem::take(&mut m.tokens));
    }
    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}
