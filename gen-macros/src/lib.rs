//! The `#[generator]` attribute of gen: generators and coroutines for stable Rust, lowered into explicit `enum` state
//! machines.
//!
//! Depend on `gen-runtime`, not on this crate: it re-exports the attribute (`gen_runtime::generator`), supplies the
//! traits and the hidden items the expansion names, and documents every argument of the attribute.
//!
//! The pipeline, one module each: `args` (the attribute) → `signature` (what the function takes and returns) →
//! `scan` (syntactic facts about user code) → `build` (explode the body into the basic blocks of `lowered`) →
//! `analysis` (which locals each block receives) → `emit` (the state enum and the dispatch loop).

extern crate proc_macro;

mod analysis;
mod args;
mod awaiting;
mod build;
mod captures;
mod lowered;
mod emit;
mod expand;
mod extend;
mod graph;
mod macros;
mod mode;
mod names;
mod rename;
mod scan;
mod select;
mod borrowck;
mod signature;
mod std_macros;

/// Turns a function whose body uses `yield_!(v)` and `yield_from!(g)` into a generator.
///
/// Defined in the `gen-macros` crate and re-exported by `gen-runtime`, through which it is meant to be used: the
/// expansion names gen-runtime's traits (`gen_runtime::generator` documents every argument).
#[proc_macro_attribute]
pub fn generator(args: proc_macro::TokenStream, item: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand::generator(args.into(), item.into()).into()
}

/// A generator written as an expression: `gen_block! { … yield_!(v) … }`. Captures like a `move` closure; the
/// yield, resume and return types are inferred. Re-exported and documented by `gen-runtime`.
#[proc_macro]
pub fn gen_block(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand::block(expand::BlockKind::Generator, input.into()).into()
}

/// An async stream written as an expression: `stream_block! { … x.await … yield_!(v) … }`. Captures like an
/// `async move` block; the item type is inferred. Re-exported and documented by `gen-runtime`.
#[proc_macro]
pub fn stream_block(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand::block(expand::BlockKind::Stream, input.into()).into()
}

#[cfg(test)]
mod snapshots;

#[cfg(test)]
mod fuzz_expand;
