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
    /// Its declared type is a shared reference (`&T`, `&self`): see [`crate::cfg::Local::shared_ref`].
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
        Binding { ident: self.ident.clone(), mutable: self.mutable }
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
