//! Every check of the input that is not the lowering's own (thiserror's `valid.rs`): the signature against the
//! attribute, markers where nothing can suspend, a yield's value without a resume type, locals under `#[cfg]` held
//! across a suspension point, and what the derives cannot check. Each error names the user's tokens and says what
//! to write instead.

use quote::ToTokens;
use syn::{Expr, ItemFn};

use crate::mode::Mode;
use crate::{args, scan, signature};

use super::Failure;

/// `fn f() -> impl Generator<…> { yield_!(1); }`: the declared return type is the generator's `Return`, but this one
/// names the generator itself, and the body returns no value. (With a value, rustc checks it as any return type.)
pub(super) fn generator_as_return_type(func: &ItemFn) -> Option<syn::Error> {
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

/// What kind of function this is, and its signature as the lowering reads it; an error for a signature the attribute
/// does not accept (`resume =` or `start =` on an `async fn`, a return type on a stream).
pub(super) fn validate(args: &args::Args, func: &ItemFn, block: bool) -> Result<(Mode, signature::Sig), Failure> {
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

/// The error for a marker where the generator cannot suspend: what the place is, and what to write instead.
pub(super) fn misplaced_error(m: scan::Misplaced) -> syn::Error {
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

/// A local declared under `#[cfg]` may not exist: it cannot be stored in a state or a slot.
pub(super) fn check_cfg_locals(lowered: &crate::lowered::Lowered, analysis: &crate::analysis::Analysis) -> Result<(), Failure> {
    let cfg_errors: Vec<syn::Error> = (0..lowered.locals.len())
        .filter_map(|l| {
            let held = analysis.slotted[l] || analysis.stored.iter().any(|s| s.contains(&l));
            (lowered.locals[l].under_cfg && held).then(|| {
                syn::Error::new(
                    lowered.locals[l].ident.span(),
                    format!(
                        "`{}` is declared under `#[cfg]` and still alive at a suspension point (or across a loop that \
                         holds one): the macro lowers the body before rustc evaluates `cfg`, so it cannot know whether \
                         `{0}` exists; declare it in every configuration, `let {0} = if cfg!(…) {{ … }} else {{ … }};`",
                        lowered.locals[l].ident
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

/// `#[derive(Clone)]` and `#[derive(Serialize, Deserialize)]` with a local that something kept across a suspension
/// point may borrow, as far as the macro can see (`let a = [g.v()];`): rustc decides, the expansion checking that
/// each such value is of a type that holds no borrow (`HoldsNoBorrow`, for a copy: a copied borrow would point into
/// the original) or no `&mut` (`HoldsNoMutBorrow`, for a snapshot: saving reads the local through a shared
/// reference), where it is declared and on the slots' impls. A sub-generator or future cannot be checked so (its
/// type is opaque, `impl Generator`): for a snapshot, the borrow-check copy has rustc check that it holds no borrow
/// of a local at all (`'static` there); for `Clone`, one error per one that may hold such a borrow, on its
/// `yield_from!`/`.await`.
pub(super) fn check_derives(lowered: &crate::lowered::Lowered, analysis: &crate::analysis::Analysis, derives: &args::Derives) -> Result<(), Failure> {
    let derive = match (&derives.clone, &derives.snapshot) {
        (Some(_), Some(_)) => "Clone, Serialize, Deserialize",
        (Some(_), None) => "Clone",
        // The borrow-check copy checks each delegated-to generator and awaited future (`borrowck::Original::static_subs`).
        (None, _) => return Ok(()),
    };
    let errors: Vec<syn::Error> = (0..lowered.locals.len())
        .filter(|&l| analysis.may_borrow[l] && lowered.locals[l].storage == crate::lowered::Storage::Sub)
        .map(|l| {
            syn::Error::new(
                lowered.locals[l].sub_origin.unwrap_or_else(|| lowered.locals[l].ident.span()),
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

/// Input:  `let x: f64 = yield_!(1);`           (no `resume = …` in the attribute)
/// Output: an error on the `yield_!`: it evaluates to `()` here; add `resume = f64`.
/// Without it rustc says only "expected `f64`, found `()`" on the operand, which does not lead to the attribute.
pub(super) fn missing_resume_type(body: &syn::Block) -> Vec<syn::Error> {
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
