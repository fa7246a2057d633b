//! The attribute's entry point: parse → check → lower → analyse → emit, or the original function and one error.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::visit_mut::VisitMut;
use syn::{Expr, ItemFn, Lifetime, Stmt};

use crate::analysis::analyze;
use crate::build::{Builder, Deferred};
use crate::mode::{Mode, Returner};
use crate::emit::{Emitter, Names};
use crate::names::{camel, hidden, marker_of_macro};
use crate::{args, scan, signature};

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

/// Input:  `fn numbers(v: Vec<u32>) { … }`                        (`#[generator(yield = u32)]`, not expandable)
/// Output: `fn numbers(v: Vec<u32>) -> impl Generator<(), Yield = u32, Return = ()> + StateMachine {`
///         `    let _ = move || -> () { … }; NotExpanded::new() }`
/// The function a failed expansion leaves: its declared generator type, so that its callers report nothing more (no
/// "`into_iter` exists for `()`" after the real error), and the original body kept for rust-analyzer, in a closure
/// that is never called. An `async fn` that is a future stays as written (it is one already).
fn as_declared(mut func: ItemFn, args: &args::Args) -> ItemFn {
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
fn fallback(mut func: ItemFn, errors: Vec<syn::Error>) -> TokenStream {
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
    let tokens: Vec<TokenTree> = ts.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let is_marker = matches!(&tokens[i], TokenTree::Ident(id) if id == "yield_" || id == "yield_from")
            && matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
        match (&tokens[i], tokens.get(i + 2)) {
            (_, Some(TokenTree::Group(g))) if is_marker => {
                let inner = g.stream();
                let mut ng = proc_macro2::Group::new(g.delimiter(), quote!(@fallback #inner));
                ng.set_span(g.span());
                out.extend([tokens[i].clone(), tokens[i + 1].clone(), TokenTree::Group(ng)]);
                i += 3;
                continue;
            }
            (TokenTree::Group(g), _) => {
                let mut ng = proc_macro2::Group::new(g.delimiter(), silence_tokens(g.stream()));
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            (other, _) => out.push(other.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// `fn f() -> impl Generator<…> { yield_!(1); }`: the declared return type is the generator's `Return`, but this one
/// names the generator itself, and the body returns no value. (With a value, rustc checks it as any return type.)
fn generator_as_return_type(func: &ItemFn) -> Option<syn::Error> {
    let syn::ReturnType::Type(_, ty) = &func.sig.output else { return None };
    let syn::Type::ImplTrait(imp) = &**ty else { return None };
    let named = imp.bounds.iter().find_map(|b| match b {
        syn::TypeParamBound::Trait(t) => t
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .filter(|n| ["Generator", "Iterator", "Stream", "Future"].contains(&n.as_str())),
        _ => None,
    })?;
    // A tail that is a loop (or an `if` without `else`) has no value either.
    let has_tail = match func.block.stmts.last() {
        Some(syn::Stmt::Expr(e, None)) => {
            !matches!(e, Expr::ForLoop(_) | Expr::While(_)) && !matches!(e, Expr::If(i) if i.else_branch.is_none())
        }
        _ => false,
    };
    let returns = crate::rename::mentions(&func.block.to_token_stream(), "return");
    if has_tail || returns {
        return None;
    }
    Some(syn::Error::new_spanned(
        ty,
        format!(
            "the return type of a `#[generator]` function is the value its body returns, not the generator: \
             `#[generator]` already makes `{}` return the generator; remove this return type{}",
            func.sig.ident,
            if named == "Future" { "" } else { " (the item type goes in `#[generator(yield = T)]`)" },
        ),
    ))
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

fn block_fallback(errors: Vec<syn::Error>) -> TokenStream {
    let errors = errors.into_iter().map(|e| e.to_compile_error());
    quote!({ #(#errors)* ::gen_runtime::__private::NotExpanded::<_, _, _>::new() })
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

/// The bounds the derives add to the returned type: `+ Clone`, `+ Snapshot`, each spanned at its derive (where a
/// missing bound is reported).
fn derive_bounds(derives: &args::Derives) -> TokenStream {
    let clone = derives.clone.map(|span| quote_spanned!(span=> + ::core::clone::Clone));
    let snapshot = derives.snapshot.as_ref().map(|d| {
        let span = syn::spanned::Spanned::span(&d.serialize);
        quote_spanned!(span=> + ::gen_runtime::Snapshot)
    });
    quote!(#clone #snapshot)
}

/// The fingerprint a snapshot records: FNV-1a of the attribute's arguments and the function's tokens (its doc
/// comments left out). Tokens, not text: formatting and comments do not change it; any edit of the code does. Each
/// token is hashed by what it is (an identifier's name, a punctuation character and whether it joins the next one, a
/// literal as written, a group's delimiter around its contents), not by rustc's printing of the stream, which a
/// compiler upgrade could change.
fn fingerprint(args: &TokenStream, func: &ItemFn) -> u64 {
    let mut func = func.clone();
    func.attrs.retain(|a| !a.path().is_ident("doc"));
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    hash.tokens(args.clone());
    hash.bytes(b"|");
    hash.tokens(func.to_token_stream());
    hash.0
}

/// FNV-1a over a token stream (see [`fingerprint`]).
struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn tokens(&mut self, tokens: TokenStream) {
        use proc_macro2::{Delimiter, Spacing, TokenTree};
        for tt in tokens {
            match tt {
                TokenTree::Ident(i) => {
                    self.bytes(b"i");
                    self.bytes(i.to_string().as_bytes());
                }
                TokenTree::Punct(p) => {
                    let joint = if p.spacing() == Spacing::Joint { b"j" } else { b"p" };
                    self.bytes(joint);
                    self.bytes(p.as_char().encode_utf8(&mut [0; 4]).as_bytes());
                }
                TokenTree::Literal(l) => {
                    self.bytes(b"l");
                    self.bytes(l.to_string().as_bytes());
                }
                TokenTree::Group(g) => {
                    let (open, close): (&[u8], &[u8]) = match g.delimiter() {
                        Delimiter::Parenthesis => (b"(", b")"),
                        Delimiter::Brace => (b"{", b"}"),
                        Delimiter::Bracket => (b"[", b"]"),
                        Delimiter::None => (b"<", b">"),
                    };
                    self.bytes(open);
                    self.tokens(g.stream());
                    self.bytes(close);
                }
            }
            // Separates an identifier from the next (`ab` `c` from `a` `bc`).
            self.bytes(b" ");
        }
    }
}

/// `#[derive(…)]` under `#[generator]`, taken off the function (rustc rejects a `derive` on a function): `Clone`
/// (its span), `Serialize` with `Deserialize` (their paths, and the function's fingerprint). Any other derived trait,
/// or one of `Serialize`/`Deserialize` alone, is an error.
///
/// Input:  `#[derive(Clone)] fn countdown(n: u32) { … }`
/// Output: `fn countdown(n: u32) { … }`, `Derives { clone: Some(span of Clone), snapshot: None }`
fn take_derives(func: &mut ItemFn, args: &TokenStream) -> syn::Result<args::Derives> {
    type Paths = syn::punctuated::Punctuated<syn::Path, syn::Token![,]>;
    let mut derives = args::Derives::default();
    let (mut serialize, mut deserialize) = (None, None);
    let mut error: Option<syn::Error> = None;
    let mut attrs = std::mem::take(&mut func.attrs);
    attrs.retain(|a| {
        if !a.path().is_ident("derive") {
            return true;
        }
        match a.parse_args_with(Paths::parse_terminated) {
            Ok(paths) => {
                for p in paths {
                    match p.segments.last().map(|s| s.ident.to_string()).as_deref() {
                        Some("Clone") => derives.clone = Some(syn::spanned::Spanned::span(&p)),
                        Some("Serialize") => serialize = Some(p),
                        Some("Deserialize") => deserialize = Some(p),
                        _ => {
                            let name = p.to_token_stream().to_string().replace(' ', "");
                            let e = syn::Error::new_spanned(
                                &p,
                                format!(
                                    "`#[derive({name})]` on a generator: only `Clone` (a copy of the suspended \
                                     generator) and `Serialize, Deserialize` (a snapshot of it) can be derived; to give \
                                     it `{name}`, wrap it in a type of your own"
                                ),
                            );
                            error.get_or_insert(e);
                        }
                    }
                }
            }
            Err(e) => {
                error.get_or_insert(e);
            }
        }
        false
    });
    func.attrs = attrs;
    match (serialize, deserialize) {
        (Some(serialize), Some(deserialize)) => {
            let fingerprint = fingerprint(args, func);
            derives.snapshot = Some(args::SnapshotDerive { serialize, deserialize, fingerprint });
        }
        (Some(one), None) | (None, Some(one)) => {
            let name = one.to_token_stream().to_string().replace(' ', "");
            let e = syn::Error::new_spanned(
                &one,
                format!(
                    "`#[derive({name})]` alone on a generator: a snapshot is saved and restored, so derive both, \
                     `#[derive(Serialize, Deserialize)]`"
                ),
            );
            error.get_or_insert(e);
        }
        (None, None) => {}
    }
    match error {
        Some(e) => Err(e),
        None => Ok(derives),
    }
}

/// `#[derive(Clone)]` and `#[derive(Serialize, Deserialize)]` with a local that something kept across a suspension
/// point may borrow, as far as the macro can see (`let a = [g.v()];`): rustc decides, the expansion checking that
/// each such value is of a type that holds no borrow (`HoldsNoBorrow`, for a copy: a copied borrow would point into
/// the original) or no `&mut` (`HoldsNoMutBorrow`, for a snapshot: saving reads the local through a shared
/// reference), where it is declared and on the slots' impls. A sub-generator or future cannot be checked so (its
/// type is opaque, `impl Generator`): for a snapshot, the borrow-check copy has rustc check that it holds no borrow
/// of a local at all (`'static` there); for `Clone`, one error per one that may hold such a borrow, on its
/// `yield_from!`/`.await`.
fn check_derives(cfg: &crate::cfg::Cfg, analysis: &crate::analysis::Analysis, derives: &args::Derives) -> Result<(), Failure> {
    let derive = match (&derives.clone, &derives.snapshot) {
        (Some(_), Some(_)) => "Clone, Serialize, Deserialize",
        (Some(_), None) => "Clone",
        // The borrow-check copy checks each delegated-to generator and awaited future (`shadow::Original::static_subs`).
        (None, _) => return Ok(()),
    };
    let errors: Vec<syn::Error> = (0..cfg.locals.len())
        .filter(|&l| analysis.may_borrow[l] && cfg.locals[l].storage == crate::cfg::Storage::Sub)
        .map(|l| {
            syn::Error::new(
                cfg.locals[l].sub_origin.unwrap_or_else(|| cfg.locals[l].ident.span()),
                format!(
                    "`#[derive({derive})]`: the generator or future delegated to here may hold a borrow of a local of \
                     this one, as far as the macro can see (`&items`, or a method's result, passed to it), and its \
                     type is opaque, so the derive cannot check what that borrow is; pass it owned values bound with \
                     their type first (`let part: Vec<u32> = items.part(); yield_from!(each(part))`), or remove \
                     `#[derive({derive})]`"
                ),
            )
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(errors.into()) }
}

/// `block`: the body of a generator block (see [`block`]): the machine as an expression, the return type inferred.
///
/// The stages in order (thiserror's ast → valid → expand): [`validate`] the signature against the attribute, the
/// types the machine yields and is resumed with, [`prepare_body`] (nested items out, misplaced markers reported),
/// [`lower`] into a [`crate::cfg::Cfg`], [`analyze`], [`check_cfg_locals`], then the emitter, the function's outer
/// signature ([`outer_signature`]), the borrow-check copy, and the whole put together.
fn expand_parsed(args: args::Args, func: &ItemFn, block: bool) -> Result<TokenStream, Failure> {
    let (mode, sig) = validate(&args, func, block)?;
    let item_ty = args.yield_ty.clone().unwrap_or_else(args::unit);
    // What the machine yields and is resumed with: for `async`, pending (or a stream's item) and the task context.
    let (yield_ty, resume_ty): (syn::Type, syn::Type) = match mode {
        Mode::Sync => (item_ty.clone(), args.resume_ty.clone().unwrap_or_else(args::unit)),
        Mode::Future => (syn::parse_quote!(()), syn::parse_quote!(::gen_runtime::__private::Cx)),
        Mode::Stream => (
            syn::parse_quote!(::core::task::Poll<#item_ty>),
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
    let (cfg, params) = lower(&body, &sig, mode, &args, &fn_name, &names, &returner, errors)?;
    let analysis = analyze(&cfg);
    check_cfg_locals(&cfg, &analysis)?;
    check_derives(&cfg, &analysis, &args.derives)?;

    let mut emitter = Emitter::new(&cfg, &analysis, &names, &returner);
    emitter.yield_ty = signature::nameable(&yield_ty).then(|| yield_ty.clone());
    emitter.fn_name = fn_name.clone();
    emitter.arg_is_cx = mode != Mode::Sync;
    emitter.yield_declared = args.yield_ty.is_some() || mode != Mode::Sync;
    emitter.captures = block;
    emitter.derive_clone = args.derives.clone.is_some();
    emitter.snapshot = args.derives.snapshot.clone();
    // A stream's machine returns its last item, if a `?` handed one out.
    let stream_ret: Option<syn::Type> =
        (mode == Mode::Stream).then(|| syn::parse_quote!(::core::option::Option<#item_ty>));
    let ret_ty = match &stream_ret {
        Some(r) => signature::nameable(&item_ty).then_some(r),
        None => sig.ret_nameable.then_some(&sig.ret),
    };
    // A generator block that never completes (an endless loop) returns `()`: nothing else would say what.
    let unit = args::unit();
    let completes = (0..cfg.blocks.len()).any(|b| {
        let block = &cfg.blocks[b];
        let falls_off = matches!(block.term, crate::cfg::Term::Return(_)) && !block.ops.iter().any(crate::graph::always_panics);
        analysis.reachable[b] && (block.returns || falls_off)
    });
    let ret_ty = if block && mode == Mode::Sync && !completes { Some(&unit) } else { ret_ty };
    let out = emitter.emit(&params, &resume_ty, &yield_ty, ret_ty);

    let self_referential = analysis.slotted.iter().any(|&p| p);
    let outer = outer_signature(&func.sig, &sig, mode, self_referential, &args.derives, (&resume_ty, &yield_ty, &item_ty));
    let (items_defs, start, subs, pinned, closure) = (out.items, out.start, out.subs, out.pinned, out.closure);
    let shadow_resume = if mode == Mode::Sync { resume_ty.clone() } else { args::unit() };
    // Pinned locals are reached through detached references: have rustc borrow-check the body as written.
    // A block's copy also checks how it uses its captures (`mut`), so a block always has one.
    let static_subs = args.derives.snapshot.is_some();
    let check = (block || self_referential).then(|| {
        let args: Vec<TokenStream> = sig
            .params
            .iter()
            .map(|p| if p.ident == "__self" { quote!(self) } else { let i = &p.ident; quote!(#i) })
            .collect();
        let pats: Vec<TokenStream> = func.sig.inputs.iter().map(crate::shadow::param_pattern).collect();
        crate::shadow::shadow(&crate::shadow::Original {
            body: &body,
            args: &args,
            pats: &pats,
            yield_ty: &item_ty,
            resume_ty: &shadow_resume,
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

/// What kind of function this is, and its signature as the lowering reads it; an error for a signature the attribute
/// does not accept (`resume =` or `start =` on an `async fn`, a return type on a stream).
fn validate(args: &args::Args, func: &ItemFn, block: bool) -> Result<(Mode, signature::Sig), Failure> {
    let mode = match (&func.sig.asyncness, &args.yield_ty) {
        (None, _) => Mode::Sync,
        (Some(_), None) => Mode::Future,
        (Some(_), Some(_)) => Mode::Stream,
    };
    if let (Some(a), Some(r)) = (&func.sig.asyncness, &args.resume_ty) {
        let _ = a;
        return Err(vec![syn::Error::new_spanned(
            r,
            "an `async fn` generator is resumed by its executor, with no value: remove `resume = …`",
        )].into());
    }
    if let (Some(_), Some(s)) = (&func.sig.asyncness, &args.start) {
        return Err(vec![syn::Error::new(s.span(), "an `async fn` generator has no first resume argument: remove `start = …`")].into());
    }
    let mut sig = signature::analyze(&func.sig)?;
    if block && mode == Mode::Sync {
        // A generator block's return type is the type of what its body returns.
        sig.ret = syn::parse_quote!(_);
        sig.ret_nameable = false;
    }
    if mode == Mode::Stream && sig.never {
        // A stream that never ends: its machine returns `()` like any stream's, and never does.
        sig.ret = args::unit();
    } else if mode == Mode::Stream && !matches!(&func.sig.output, syn::ReturnType::Default) {
        return Err(vec![syn::Error::new_spanned(
            &func.sig.output,
            "an `async fn` with a yield type is a stream, which ends without a value: remove the return type \
             (return early with `return;`), or write `-> !` for a stream that never ends",
        )].into());
    }
    Ok((mode, sig))
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

/// The error for a marker where the generator cannot suspend: what the place is, and what to write instead.
fn misplaced_error(m: scan::Misplaced) -> syn::Error {
    let (why, instead) = match m.place {
        "closure" => ("a closure is a separate function: it cannot suspend the generator it is written in", "yield from the generator's own body, e.g. collect the values first and loop over them"),
        "async" => ("an `async` block is a separate future: it cannot suspend the generator it is written in", "yield from the generator's own body"),
        "const" => ("a `const` block is evaluated at compile time", "yield outside the `const` block"),
        "item" => ("a nested item is a separate function: it cannot suspend the generator it is written in", "make the nested function a `#[generator]` itself and delegate to it"),
        "macro message" => ("the message arguments of an assertion are evaluated only when it fails", "yield before the assertion: `let v = yield_!(…);`, then use `v` in the message"),
        _ => ("the arguments of this macro are not visible to `#[generator]`", "bind the value first: `let v = yield_!(…);`, then pass `v` to the macro"),
    };
    syn::Error::new(m.span, format!("`{}` cannot be used here: {why}; {instead}", m.marker))
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

/// Lowers the body into a [`crate::cfg::Cfg`] (see [`crate::build`]); returns it with the parameters' locals, or the
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
) -> Result<(crate::cfg::Cfg, Vec<usize>), Failure> {
    let mut builder = Builder::new(returner, names.arg.clone());
    builder.mode = mode;
    builder.fn_name = fn_name.trim_start_matches("r#").to_string();
    builder.snapshot = args.derives.snapshot.is_some();
    let params_scope = builder.params(sig.params.iter().map(signature::Param::binding).collect());
    let params: Vec<usize> = builder.cfg.scopes[params_scope].locals.clone();
    for (&l, p) in params.iter().zip(&sig.params) {
        builder.cfg.locals[l].shared_ref = p.shared_ref;
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
    Ok((builder.cfg, params))
}

/// A local declared under `#[cfg]` may not exist: it cannot be stored in a state or a slot.
fn check_cfg_locals(cfg: &crate::cfg::Cfg, analysis: &crate::analysis::Analysis) -> Result<(), Failure> {
    let cfg_errors: Vec<syn::Error> = (0..cfg.locals.len())
        .filter_map(|l| {
            let held = analysis.slotted[l] || analysis.stored.iter().any(|s| s.contains(&l));
            (cfg.locals[l].under_cfg && held).then(|| {
                syn::Error::new(
                    cfg.locals[l].ident.span(),
                    format!(
                        "`{}` is declared under `#[cfg]` and still alive at a suspension point (or across a loop that \
                         holds one): the macro lowers the body before rustc evaluates `cfg`, so it cannot know whether \
                         `{0}` exists; declare it in every configuration, `let {0} = if cfg!(…) {{ … }} else {{ … }};`",
                        cfg.locals[l].ident
                    ),
                )
            })
        })
        .collect();
    if !cfg_errors.is_empty() {
        return Err(cfg_errors.into());
    }
    Ok(())
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
        let tokens: Vec<TokenTree> = ts.into_iter().collect();
        let mut out = Vec::with_capacity(tokens.len());
        for (i, tt) in tokens.iter().enumerate() {
            match tt {
                TokenTree::Ident(id) if id == "self" => {
                    let path = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                    if path {
                        out.push(tt.clone());
                    } else {
                        out.push(TokenTree::Ident(proc_macro2::Ident::new("__self", id.span())));
                    }
                }
                TokenTree::Group(g) => {
                    let mut ng = proc_macro2::Group::new(g.delimiter(), self.tokens(g.stream()));
                    ng.set_span(g.span());
                    out.push(TokenTree::Group(ng));
                }
                other => out.push(other.clone()),
            }
        }
        out.into_iter().collect()
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

/// Input:  `let x: f64 = yield_!(1);`           (no `resume = …` in the attribute)
/// Output: an error on the `yield_!`: it evaluates to `()` here; add `resume = f64`.
/// Without it rustc says only "expected `f64`, found `()`" on the operand, which does not lead to the attribute.
fn missing_resume_type(body: &syn::Block) -> Vec<syn::Error> {
    struct Find(Vec<syn::Error>);
    impl<'ast> syn::visit::Visit<'ast> for Find {
        fn visit_local(&mut self, l: &'ast syn::Local) {
            syn::visit::visit_local(self, l);
            let (syn::Pat::Type(pt), Some(init)) = (&l.pat, &l.init) else { return };
            let mut value = &*init.expr;
            while let Expr::Paren(p) = value {
                value = &p.expr;
            }
            let Expr::Macro(m) = value else { return };
            if crate::names::marker_of_macro(&m.mac) != Some(crate::names::Marker::Yield) {
                return;
            }
            if matches!(&*pt.ty, syn::Type::Tuple(t) if t.elems.is_empty()) || matches!(&*pt.ty, syn::Type::Infer(_)) {
                return;
            }
            let ty = type_text(&pt.ty);
            self.0.push(syn::Error::new_spanned(
                &m.mac,
                format!(
                    "`yield_!` evaluates to the argument the generator is resumed with, and this generator declares \
                     none (it is resumed with `()`), so it cannot be a `{ty}`: declare the resume type, \
                     `resume = {ty}` in the attribute (`#[generator(yield = …, resume = {ty})]`)"
                ),
            ));
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut f = Find(Vec::new());
    syn::visit::Visit::visit_block(&mut f, body);
    f.0
}

/// A type as a user writes it (`Vec<u8>`, `&str`), not as tokens print (`Vec < u8 >`, `& str`).
fn type_text(ty: &syn::Type) -> String {
    let mut s = ty.to_token_stream().to_string();
    for (from, to) in [(" < ", "<"), ("< ", "<"), (" >", ">"), (" :: ", "::"), (":: ", "::"), ("& ", "&"), (" ,", ","), ("( ", "("), (" )", ")")] {
        s = s.replace(from, to);
    }
    s
}

#[cfg(test)]
mod fingerprint_tests {
    use super::fingerprint;
    use quote::quote;

    fn of(args: proc_macro2::TokenStream, func: proc_macro2::TokenStream) -> u64 {
        fingerprint(&args, &syn::parse2(func).unwrap())
    }

    #[test]
    fn the_fingerprint_changes_with_the_code_and_only_with_it() {
        let args = quote!(yield = u32);
        let base = of(args.clone(), quote! { fn countdown(n: u32) { for i in 0..n { yield_!(n - i); } } });
        // Formatting and doc comments do not count (comments never reach the macro).
        let formatted = quote! {
            /// Counts down.
            fn countdown(n: u32) {
                for i in 0..n {
                    yield_!(n - i);
                }
            }
        };
        assert_eq!(of(args.clone(), formatted), base);
        // An edit of the body, of the signature, or of the attribute does.
        let edits = [
            (args.clone(), quote! { fn countdown(n: u32) { for i in 0..n { yield_!(n + i); } } }),
            (args.clone(), quote! { fn countdown(n: u32) { for i in 0..n { yield_!(n - i); yield_!(0); } } }),
            (args.clone(), quote! { fn countdown(n: u64) { for i in 0..n { yield_!(n - i); } } }),
            (args.clone(), quote! { fn countdown(n: u32) { for i in 0..=n { yield_!(n - i); } } }),
            (quote!(yield = u64), quote! { fn countdown(n: u32) { for i in 0..n { yield_!(n - i); } } }),
            (args.clone(), quote! { fn countdown(n: u32) { for i in 0..n { yield_!(n - 1); } } }),
        ];
        for (args, func) in edits {
            let text = func.to_string();
            assert_ne!(of(args, func), base, "{text}");
        }
    }
}
