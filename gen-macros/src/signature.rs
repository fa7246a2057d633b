//! What the generator function takes and returns: its parameters become the fields of the start state, its
//! declared return type becomes the generator's `Return`.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{FnArg, Ident, Pat, ReturnType, Signature, Type};

use crate::names::hidden;
use crate::scan::Binding;

/// One parameter, as the start state stores it.
pub struct Param {
    /// The name it is passed under in the rewritten signature and stored under in the start state.
    pub ident: Ident,
    pub mutable: bool,
    /// A destructuring pattern bound from `ident` when the body starts (`(a, b): (u32, u32)`).
    pub pattern: Option<Pat>,
    /// Its declared type is a shared reference (`&T`, `&self`): see [`crate::lowered::Local::shared_ref`].
    pub shared_ref: bool,
}

pub struct Sig {
    pub params: Vec<Param>,
    /// The rewritten signature's parameters (patterns replaced by their names, `mut` dropped).
    pub inputs: Vec<FnArg>,
    /// The declared return type: the generator's `Return` (`Infallible` for `-> !`).
    pub ret: Type,
    /// Declared `-> !`.
    pub never: bool,
    /// Whether `ret` can be written inside the body (it holds no `impl Trait`).
    pub ret_nameable: bool,
    /// The span of `self`, when the function takes it.
    pub receiver: Option<Span>,
}

pub fn analyze(sig: &Signature) -> syn::Result<Sig> {
    if let Some(c) = &sig.constness {
        return Err(syn::Error::new(c.span, "a generator cannot be a `const fn`: remove `const`"));
    }
    if let Some(abi) = &sig.abi {
        return Err(syn::Error::new(abi.span(), "a generator cannot have an `extern` ABI: remove it and wrap the generator in a plain `extern` function"));
    }
    if let Some(v) = &sig.variadic {
        return Err(syn::Error::new(v.span(), "a generator cannot be variadic"));
    }
    let mut params = Vec::new();
    let mut inputs = Vec::new();
    let mut receiver = None;
    for (i, arg) in sig.inputs.iter().enumerate() {
        match arg {
            FnArg::Receiver(r) => {
                let mut r = r.clone();
                let mutable = r.mutability.is_some() && r.reference.is_none();
                if r.reference.is_none() {
                    r.mutability = None;
                }
                receiver = Some(r.self_token.span);
                params.push(Param {
                    ident: Ident::new("__self", r.self_token.span),
                    mutable,
                    pattern: None,
                    shared_ref: shared_reference(&r.ty),
                });
                inputs.push(FnArg::Receiver(r));
            }
            FnArg::Typed(t) => {
                let mut t = t.clone();
                match &*t.pat {
                    Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => {
                        params.push(Param {
                            ident: p.ident.clone(),
                            mutable: p.mutability.is_some(),
                            pattern: None,
                            shared_ref: shared_reference(&t.ty),
                        });
                        let mut p = p.clone();
                        p.mutability = None;
                        t.pat = Box::new(Pat::Ident(p));
                    }
                    Pat::Wild(_) => {
                        let ident = hidden(&format!("__arg{i}"));
                        params.push(Param { ident: ident.clone(), mutable: false, pattern: None, shared_ref: false });
                        t.pat = Box::new(syn::parse_quote!(#ident));
                    }
                    other => {
                        let ident = hidden(&format!("__arg{i}"));
                        params.push(Param { ident: ident.clone(), mutable: false, pattern: Some(other.clone()), shared_ref: false });
                        t.pat = Box::new(syn::parse_quote!(#ident));
                    }
                }
                inputs.push(FnArg::Typed(t));
            }
        }
    }
    let never = matches!(&sig.output, ReturnType::Type(_, ty) if matches!(**ty, Type::Never(_)));
    let ret: Type = match &sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        // `-> !` (a generator that never returns): `!` is not a type stable Rust can name in `Return = …`;
        // `Infallible` has no values either, and every `!` expression coerces to it.
        ReturnType::Type(_, ty) if never => {
            let span = ty.span();
            syn::parse_quote_spanned!(span=> ::core::convert::Infallible)
        }
        ReturnType::Type(_, ty) => (**ty).clone(),
    };
    let ret_nameable = nameable(&ret);
    Ok(Sig { params, inputs, ret, never, ret_nameable, receiver })
}

impl Param {
    pub fn binding(&self) -> Binding {
        Binding { ident: self.ident.clone(), mutable: self.mutable, by_ref: false }
    }
}

/// A type that can be written inside the body: no `impl Trait` (and no `_`).
pub fn nameable(ty: &Type) -> bool {
    struct Finder(bool);
    impl<'a> Visit<'a> for Finder {
        fn visit_type_impl_trait(&mut self, _: &'a syn::TypeImplTrait) {
            self.0 = false;
        }
        fn visit_type_infer(&mut self, _: &'a syn::TypeInfer) {
            self.0 = false;
        }
    }
    let mut f = Finder(true);
    f.visit_type(ty);
    f.0
}

/// `&T` (not `&mut T`), through parentheses.
fn shared_reference(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => r.mutability.is_none(),
        Type::Paren(p) => shared_reference(&p.elem),
        Type::Group(g) => shared_reference(&g.elem),
        _ => false,
    }
}

/// Names the elided lifetimes of an argument type (not the higher-ranked ones of `Fn(&T)` and `fn(&T)`), and
/// bounds its `impl Trait`s by `'__gen`.
struct ElidedLifetimes<'a> {
    gen_lt: &'a syn::Lifetime,
    named: Vec<syn::Lifetime>,
    impl_trait: bool,
}
impl syn::visit_mut::VisitMut for ElidedLifetimes<'_> {
    fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
        if r.lifetime.is_none() {
            r.lifetime = Some(self.fresh());
        }
        syn::visit_mut::visit_type_reference_mut(self, r);
    }
    fn visit_lifetime_mut(&mut self, lt: &mut syn::Lifetime) {
        if lt.ident == "_" {
            *lt = self.fresh();
        }
    }
    fn visit_type_impl_trait_mut(&mut self, t: &mut syn::TypeImplTrait) {
        syn::visit_mut::visit_type_impl_trait_mut(self, t);
        if !t.bounds.iter().any(is_static) {
            t.bounds.push(syn::TypeParamBound::Lifetime(self.gen_lt.clone()));
            self.impl_trait = true;
        }
    }
    fn visit_parenthesized_generic_arguments_mut(&mut self, _: &mut syn::ParenthesizedGenericArguments) {}
    fn visit_type_bare_fn_mut(&mut self, _: &mut syn::TypeBareFn) {}
}
impl ElidedLifetimes<'_> {
    fn fresh(&mut self) -> syn::Lifetime {
        let lt = syn::Lifetime::new(&format!("'__e{}", self.named.len()), proc_macro2::Span::call_site());
        self.named.push(lt.clone());
        lt
    }
}

/// `fn f<T>(items: Vec<T>)` whose generator keeps a borrow of `items` across a suspension point: the borrow is stored
/// in the returned generator, whose type can only name the function's own lifetimes, and it has none that `T`
/// outlives (rustc would ask for `T: 'static`). Gives it one that every other lifetime of the signature outlives:
/// `fn f<'__gen, '__e0, T>(sep: &'__e0 str, items: Vec<T>) where T: '__gen, '__e0: '__gen` (elided lifetimes named,
/// `impl Trait` arguments bounded by `'__gen` too). The caller's inference picks them: calls are unchanged.
///
/// Not for a method (it could implement a trait method, whose signature must stay as declared): a method borrows
/// through `&self` or `&mut self` anyway, and one taking `self` by value of a generic type needs `T: 'static`.
pub fn add_borrow_lifetime(sig: &mut Signature) {
    use quote::ToTokens;
    use syn::visit_mut::VisitMut;
    if sig.receiver().is_some() {
        return;
    }
    let gen_lt = syn::Lifetime::new("'__gen", proc_macro2::Span::call_site());
    let mut name = ElidedLifetimes { gen_lt: &gen_lt, named: Vec::new(), impl_trait: false };
    let mut inputs = sig.inputs.clone();
    for input in &mut inputs {
        if let syn::FnArg::Typed(t) = input {
            name.visit_type_mut(&mut t.ty);
        }
    }
    // Type parameters already `'static` need nothing (and a trait's associated function keeps its signature).
    let static_in_where = |ident: &Ident| {
        sig.generics.where_clause.iter().flat_map(|w| &w.predicates).any(|p| {
            matches!(p, syn::WherePredicate::Type(t) if *ident == t.bounded_ty.to_token_stream().to_string()
                && t.bounds.iter().any(is_static))
        })
    };
    let unbounded = sig.generics.type_params().any(|t| !t.bounds.iter().any(is_static) && !static_in_where(&t.ident));
    if !unbounded && !name.impl_trait {
        return;
    }
    sig.inputs = inputs;
    // Each bound goes where the parameter's other bounds are (clippy: `multiple_bound_locations`): into its `where`
    // predicate when it has bounds only there, else inline.
    let inline_bounded = |p: &syn::GenericParam| match p {
        syn::GenericParam::Type(t) => !t.bounds.is_empty(),
        syn::GenericParam::Lifetime(l) => !l.bounds.is_empty(),
        syn::GenericParam::Const(_) => true,
    };
    let param_name = |p: &syn::GenericParam| match p {
        syn::GenericParam::Type(t) => t.ident.to_string(),
        syn::GenericParam::Lifetime(l) => l.lifetime.to_string(),
        syn::GenericParam::Const(c) => c.ident.to_string(),
    };
    let predicate_name = |p: &syn::WherePredicate| match p {
        syn::WherePredicate::Type(t) => Some(t.bounded_ty.to_token_stream().to_string()),
        syn::WherePredicate::Lifetime(l) => Some(l.lifetime.to_string()),
        _ => None,
    };
    let predicates: Vec<String> =
        sig.generics.where_clause.iter().flat_map(|w| w.predicates.iter().filter_map(predicate_name)).collect();
    let where_only: Vec<String> = sig
        .generics
        .params
        .iter()
        .filter(|p| !inline_bounded(p) && predicates.contains(&param_name(p)))
        .map(param_name)
        .collect();
    if let Some(w) = &mut sig.generics.where_clause {
        let mut done: Vec<String> = Vec::new();
        for p in &mut w.predicates {
            let Some(n) = predicate_name(p).filter(|n| where_only.contains(n) && !done.contains(n)) else { continue };
            match p {
                syn::WherePredicate::Type(t) => t.bounds.push(syn::TypeParamBound::Lifetime(gen_lt.clone())),
                syn::WherePredicate::Lifetime(l) => l.bounds.push(gen_lt.clone()),
                _ => {}
            }
            done.push(n);
        }
    }
    for param in &mut sig.generics.params {
        if where_only.contains(&param_name(param)) {
            continue;
        }
        match param {
            syn::GenericParam::Type(t) => {
                t.colon_token.get_or_insert_with(Default::default);
                t.bounds.push(syn::TypeParamBound::Lifetime(gen_lt.clone()));
            }
            syn::GenericParam::Lifetime(l) => {
                l.colon_token.get_or_insert_with(Default::default);
                l.bounds.push(gen_lt.clone());
            }
            syn::GenericParam::Const(_) => {}
        }
    }
    for (k, lt) in name.named.iter().enumerate() {
        let mut param = syn::LifetimeParam::new(lt.clone());
        param.colon_token = Some(Default::default());
        param.bounds.push(gen_lt.clone());
        sig.generics.params.insert(k, syn::GenericParam::Lifetime(param));
    }
    sig.generics.params.insert(0, syn::GenericParam::Lifetime(syn::LifetimeParam::new(gen_lt)));
}

/// `'static` among a parameter's bounds.
fn is_static(b: &syn::TypeParamBound) -> bool {
    matches!(b, syn::TypeParamBound::Lifetime(l) if l.ident == "static")
}
