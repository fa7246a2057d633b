//! What kind of function is lowered and how it returns: shared by the lowering (`build`), the borrow-check copy
//! (`borrowck`) and the emitter, which all write `return` and `?` inside the resume closure.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};

use crate::names::hidden;

/// The tokens the lowering needs to emit `return` inside the resume closure.
pub struct Returner {
    pub state: Ident,
    pub state_enum: Ident,
    /// The declared return type, when it can be written in the body: the value is checked against it where it is
    /// written, so a type error points at the user's expression.
    pub ret_ty: Option<syn::Type>,
    /// An async stream (with its item type, when it can be written): its body ends with `Poll::Ready(Some(item))`,
    /// the last item a `?` hands out, or `Poll::Ready(None)` for a plain end.
    pub stream: Option<Option<syn::Type>>,
}

impl Returner {
    /// `return e` inside the resume closure: mark the generator finished, hand out the value.
    pub fn ret(&self, value: TokenStream, span: Span) -> TokenStream {
        let state = &self.state;
        let state_enum = &self.state_enum;
        if self.stream.is_some() {
            // A stream's body returns `()`: the stream ends with no last item.
            return quote_spanned! {span=>
                {
                    let _: () = #value;
                    *#state = #state_enum::Returned;
                    return ::core::task::Poll::Ready(::core::option::Option::None);
                }
            };
        }
        let ret = hidden("__ret");
        let ty = self.ret_ty.as_ref().map(|t| quote!(: #t));
        quote_spanned! {span=>
            {
                let #ret #ty = #value;
                *#state = #state_enum::Returned;
                return ::gen_runtime::__private::GeneratorState::Complete(#ret);
            }
        }
    }
}

impl Returner {
    /// `?` on a residual `r` (an `Err`, a `None`): in a function, `return FromResidual::from_residual(r)`; in an
    /// async stream, which returns no value, the residual becomes the stream's last item (async-stream's
    /// `try_stream!` convention: `Err(e.into())` is handed out, then the stream ends).
    pub fn residual(&self, residual: &Ident, span: Span) -> TokenStream {
        let converted = match (&self.stream, &self.ret_ty) {
            // The return type (a stream's item type) is written: Rust's own `?` converts the residual, in a closure
            // that returns that type, so a failed conversion is rustc's own error on the user's `?` ("`?` couldn't
            // convert the error to `ConfigError`", or, for an item type that is not a `Result`, "the `?` operator
            // can only be used in a closure that returns `Result` or `Option`").
            (None, Some(ty)) | (Some(Some(ty)), _) => {
                let q = syn::Token![?](span);
                quote_spanned!(span=> (move || -> #ty { match #residual #q {} })())
            }
            _ => quote_spanned!(span=> ::gen_runtime::__private::FromResidual::from_residual(#residual)),
        };
        let Some(item_ty) = &self.stream else { return self.ret(converted, span) };
        let (state, state_enum) = (&self.state, &self.state_enum);
        let item = hidden("__last_item");
        let ty = item_ty.as_ref().map(|t| quote!(: #t));
        quote_spanned! {span=>
            {
                let #item #ty = #converted;
                *#state = #state_enum::Returned;
                return ::core::task::Poll::Ready(::core::option::Option::Some(#item));
            }
        }
    }
}

/// What kind of function is lowered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// A generator: `yield_!` hands values out, evaluates to the resume argument.
    Sync,
    /// `async fn`: `.await` suspends (pending); the resume argument is the task context.
    Future,
    /// `async fn` with a yield type: `.await` and `yield_!` both suspend; a stream.
    Stream,
}
