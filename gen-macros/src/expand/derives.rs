//! `#[derive(Clone)]` and `#[derive(Serialize, Deserialize)]` under `#[generator]`: taken off the function, the
//! bounds they add to the returned type, and the fingerprint a snapshot records.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use syn::ItemFn;

use crate::args;

/// The bounds the derives add to the returned type: `+ Clone`, `+ Snapshot`, each spanned at its derive (where a
/// missing bound is reported).
pub(super) fn derive_bounds(derives: &args::Derives) -> TokenStream {
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
pub(super) fn take_derives(func: &mut ItemFn, args: &TokenStream) -> syn::Result<args::Derives> {
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
