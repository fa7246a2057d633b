//! The attribute's arguments: `#[generator(yield = Y, resume = A, start = name)]`.

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, Token, Type};

pub struct Args {
    /// `yield = Y`: the type of the values handed out at each `yield_!`. Absent: `()`.
    pub yield_ty: Option<Type>,
    /// `resume = A`: the type of the argument of `resume`, which each `yield_!` evaluates to. Absent: `()`.
    pub resume_ty: Option<Type>,
    /// `start = name`: binds the first resume's argument to the local `name`.
    pub start: Option<Ident>,
    /// `crate = path` (or `crate = "path"`): where the expansion finds gen-runtime, for a crate that re-exports the
    /// macro (`#[generator(crate = my_lib::gen_runtime)]`). Absent: `::gen_runtime`.
    pub krate: Option<syn::Path>,
    /// `#[derive(…)]` written under the attribute (taken off the function by `expand`, not arguments).
    pub derives: Derives,
}

/// What `#[derive(…)]` under `#[generator]` asks of the generator.
#[derive(Clone, Default)]
pub struct Derives {
    /// `Clone`: the generator can be copied suspended. The span of `Clone`.
    pub clone: Option<proc_macro2::Span>,
    /// `Serialize, Deserialize` (both): the generator can be saved suspended and restored (`Snapshot`).
    pub snapshot: Option<SnapshotDerive>,
}

/// `#[derive(Serialize, Deserialize)]`: the derive paths as written (they go on the state enum) and the function's
/// fingerprint, which each snapshot records.
#[derive(Clone)]
pub struct SnapshotDerive {
    pub serialize: syn::Path,
    pub deserialize: syn::Path,
    pub fingerprint: u64,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = Args { yield_ty: None, resume_ty: None, start: None, krate: None, derives: Derives::default() };
        while !input.is_empty() {
            let key: Ident = if input.peek(Token![yield]) {
                let kw: Token![yield] = input.parse()?;
                Ident::new("yield", kw.span)
            } else if input.peek(Token![crate]) {
                let kw: Token![crate] = input.parse()?;
                Ident::new("crate", kw.span)
            } else {
                input.parse().map_err(|e| {
                    syn::Error::new(e.span(), "expected `yield = T`, `resume = A`, `start = name` or `crate = path`")
                })?
            };
            let eq: syn::Result<Token![=]> = input.parse();
            if eq.is_err() {
                return Err(syn::Error::new(key.span(), format!("expected `=` after `{key}`: write `{key} = …`")));
            }
            let dup = |what: &str| syn::Error::new(key.span(), format!("`{what}` is given twice: keep one"));
            match key.to_string().as_str() {
                "yield" => {
                    if args.yield_ty.is_some() {
                        return Err(dup("yield"));
                    }
                    args.yield_ty = Some(parse_type(input, &key, "u32")?);
                }
                "resume" => {
                    if args.resume_ty.is_some() {
                        return Err(dup("resume"));
                    }
                    args.resume_ty = Some(parse_type(input, &key, "u32")?);
                }
                "start" => {
                    if args.start.is_some() {
                        return Err(dup("start"));
                    }
                    args.start = Some(input.parse().map_err(|e| {
                        syn::Error::new(e.span(), "`start` names a local for the first resume's argument: write `start = first`")
                    })?);
                }
                "crate" => {
                    if args.krate.is_some() {
                        return Err(dup("crate"));
                    }
                    let path = if input.peek(syn::LitStr) {
                        input.parse::<syn::LitStr>()?.parse::<syn::Path>()
                    } else {
                        syn::Path::parse_mod_style(input)
                    };
                    args.krate = Some(path.map_err(|e| {
                        syn::Error::new(e.span(), "`crate` names the path to gen-runtime: write `crate = my_lib::gen_runtime`")
                    })?);
                }
                other => {
                    let hint = match other.chars().next() {
                        Some('y') => " (did you mean `yield`?)",
                        Some('r') => " (did you mean `resume`?)",
                        Some('s') => " (did you mean `start`?)",
                        _ => "",
                    };
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown argument `{other}`{hint}: expected `yield = T`, `resume = A`, `start = name` or `crate = path`"),
                    ));
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(args)
    }
}

/// A type after `key =`, with an error that says what to write when there is none.
fn parse_type(input: ParseStream, key: &Ident, example: &str) -> syn::Result<Type> {
    if input.is_empty() || input.peek(Token![,]) {
        return Err(syn::Error::new(key.span(), format!("expected a type after `{key} =`: write `{key} = {example}`")));
    }
    input.parse()
}

pub fn parse(tokens: TokenStream) -> syn::Result<Args> {
    syn::parse2(tokens)
}

/// `()` for an absent type.
pub fn unit() -> Type {
    syn::parse_quote!(())
}
