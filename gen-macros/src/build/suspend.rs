//! Suspension points: `yield_!`, `.await`, `yield_from!` of a generator or a stream, and the pinned slots that keep
//! a sub-generator or future between resumes.
//!
//! Input:  `let v = fut.await;`
//! Output: `subs.fut.start(fut)` · `Awaiting: match poll(subs.fut, cx) { Ready(v) => …, Pending => suspend }`

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, parse_quote, parse_quote_spanned};

use crate::lowered::{Arm, BlockKind, Facts, Local, LocalId, Op, Scope, ScopeId, Storage, Suspend, Term};
use crate::mode::Mode;
use crate::names::{hidden, unsafe_expr};
use crate::scan::{self, UseKind};
use super::Builder;
use super::syntax::{marker_text, is_box_pin, calls};

/// Why resuming a sub-generator in its slot is sound (the expansion's SAFETY comment).
const RESUME_SAFETY: &str = "the sub-generator stays in its slot in the pinned generator until it is dropped there";
/// Why polling an awaited future or a stream in its slot is sound.
const POLL_SAFETY: &str =
    "the future stays in its slot in the pinned generator until it is dropped there; the context is the one of the poll running now";

impl Builder<'_> {
    /// Ends the current block at a suspension point handing out `value`; continues in its resume block.
    pub(super) fn suspend(&mut self, value: Expr, kind: Suspend, span: Span, source: String) {
        let index = self.lowered.points.len();
        let resume = self.new_block(BlockKind::Resume(index));
        self.lowered.points.push(crate::lowered::SuspendPoint { kind, span, source, resume });
        let facts = self.facts(&scan::expr_uses(&value, UseKind::Move));
        self.terminate(Term::Yield { value, resume, index, span }, facts);
        self.switch_to(resume);
    }

    /// A sub-generator, future or stream in a pinned slot of its own, from here to the end of the statement;
    /// returns its name. `value` is what goes in the slot, made from the lowered `operand` (whose uses it has).
    fn start_sub(&mut self, name: &str, value: TokenStream, operand: &Expr, span: Span) -> Ident {
        let (sub, sub_scope) = self.hidden_local(name, false);
        self.lowered.locals[sub].storage = Storage::Sub;
        self.lowered.locals[sub].sub_origin = Some(span);
        let ident = self.lowered.locals[sub].ident.clone();
        let subs = hidden("__subs");
        let mut facts = self.facts(&scan::expr_uses(operand, UseKind::Move));
        // What the value borrows, the slot holds (an `async` block borrowing locals): they get pinned.
        facts.assigns.push(sub);
        // A snapshot saves the sub-generator too: it must be a generator with the same derives, checked here.
        let value = if self.snapshot {
            quote_spanned!(span=> ::gen_runtime::__private::snapshot_saves_this_sub_generator(#value))
        } else {
            value
        };
        self.push(Op::Stmt { stmt: crate::lowered::stmt(parse_quote_spanned!(span=> #subs.#ident.start(#value))), facts });
        self.push(Op::Open { scope: sub_scope });
        self.open(sub_scope);
        ident
    }

    /// `e.await`: poll `e` in its slot until it is ready, suspending while it is pending.
    ///
    /// Input:  `let v = fut.await;`
    /// Output: `subs.fut.start(into_future(fut));`
    ///         `Awaiting: match subs.fut.poll(cx) { Ready(v) => v, Pending => { suspend; cx = new cx; goto Awaiting } }`
    pub(super) fn await_(&mut self, future: Expr, span: Span, source: String) -> Expr {
        let Some(cx_ident) = self.cx.clone() else {
            return parse_quote!(#future.await);
        };
        let erased = self.erase_recursion(&future, "boxed_future");
        let fut = self.start_sub("future", quote_spanned!(span=> ::core::future::IntoFuture::into_future(#erased)), &future, span);
        let subs = hidden("__subs");
        let head = self.new_block(BlockKind::Inner("awaiting"));
        self.goto(head);
        self.switch_to(head);
        let pending = self.new_block(BlockKind::Inner("pending"));
        let ready = self.new_block(BlockKind::Inner("ready"));
        let (r, r_scope) = self.hidden_local("ready", false);
        let r_ident = self.lowered.locals[r].ident.clone();
        let facts = Facts::default();
        self.terminate(
            Term::Match {
                scrutinee: unsafe_scrutinee(&quote_spanned!(span=> #subs.#fut.poll(#cx_ident)), POLL_SAFETY),
                arms: vec![
                    Arm { pat: parse_quote!(::core::task::Poll::Ready(#r_ident)), guard: None, target: ready },
                    Arm { pat: parse_quote!(::core::task::Poll::Pending), guard: None, target: pending },
                ],
            },
            facts,
        );
        self.switch_to(pending);
        let pending_value: Expr = if self.mode == Mode::Stream { parse_quote!(::core::task::Poll::Pending) } else { parse_quote!(()) };
        self.suspend(pending_value, Suspend::Await, span, source);
        self.goto(head);
        self.switch_to(ready);
        self.push(Op::Open { scope: r_scope });
        self.open(r_scope);
        parse_quote!(#r_ident)
    }

    /// `Box::pin(f(…))` awaited (or delegated to) in the `async fn f` itself is recursion: its type is erased behind a
    /// `dyn Future` (`dyn Stream`), or the state would contain itself (rustc: "cannot resolve opaque type"). Other
    /// `Box::pin(…)` keep their type, so they stay `Send` when they are.
    ///
    /// Input:  `Box::pin(fib(n - 1)).await`
    /// Output: `into_future(boxed_future(fib(n - 1)))` in the slot, then as any `.await`
    pub(super) fn erase_recursion(&self, e: &Expr, eraser: &str) -> TokenStream {
        if let Expr::Call(c) = e
            && c.args.len() == 1
            && is_box_pin(&c.func)
            && calls(&c.args[0], &self.fn_name)
        {
            let (inner, eraser) = (&c.args[0], Ident::new(eraser, c.func.span()));
            return quote_spanned!(c.func.span()=> ::gen_runtime::__private::#eraser(#inner));
        }
        e.to_token_stream()
    }

    /// `yield_from!(stream)` in an async stream: poll it, handing out its items, until it ends.
    pub(super) fn delegate_stream(&mut self, m: &syn::ExprMacro) -> Expr {
        let span = m.mac.path.span();
        let Some(cx_ident) = self.cx.clone() else { return parse_quote!(()) };
        let operand = match crate::names::marker_operand(&m.mac) {
            Ok(e) => e,
            Err(err) => {
                self.errors.push(syn::Error::new(err.span(), "`yield_from!` takes one expression, the stream to delegate to"));
                return parse_quote!(());
            }
        };
        let operand = self.expr(&operand, false);
        let erased = self.erase_recursion(&operand, "boxed_stream");
        let sub = self.start_sub("stream", erased, &operand, span);
        let subs = hidden("__subs");
        let head = self.new_block(BlockKind::Inner("streaming"));
        self.goto(head);
        self.switch_to(head);
        let item = self.new_block(BlockKind::Inner("item"));
        let pending = self.new_block(BlockKind::Inner("pending"));
        let done = self.new_block(BlockKind::Inner("ended"));
        let (y, y_scope) = self.hidden_local("item", false);
        let y_ident = self.lowered.locals[y].ident.clone();
        self.terminate(
            Term::Match {
                scrutinee: unsafe_scrutinee(&quote_spanned!(span=> #subs.#sub.poll_next(#cx_ident)), POLL_SAFETY),
                arms: vec![
                    Arm { pat: parse_quote!(::core::task::Poll::Ready(::core::option::Option::Some(#y_ident))), guard: None, target: item },
                    Arm { pat: parse_quote!(::core::task::Poll::Ready(::core::option::Option::None)), guard: None, target: done },
                    Arm { pat: parse_quote!(::core::task::Poll::Pending), guard: None, target: pending },
                ],
            },
            Facts::default(),
        );
        self.switch_to(item);
        self.push(Op::Open { scope: y_scope });
        self.open(y_scope);
        self.suspend(parse_quote!(::core::task::Poll::Ready(::core::option::Option::Some(#y_ident))), Suspend::Delegate, span, marker_text(m));
        self.close_to(self.scopes.len() - 1);
        self.goto(head);
        self.switch_to(pending);
        self.suspend(parse_quote!(::core::task::Poll::Pending), Suspend::Await, span, marker_text(m));
        self.goto(head);
        self.switch_to(done);
        parse_quote!(())
    }

    /// A local of the lowering's own, in a scope of its own (not yet open).
    fn hidden_local(&mut self, name: &str, mutable: bool) -> (LocalId, ScopeId) {
        let ident = hidden(&format!("__{name}{}", self.temps));
        self.temps += 1;
        self.lowered.locals.push(Local::new(ident, mutable));
        let l = self.lowered.locals.len() - 1;
        self.lowered.scopes.push(Scope { locals: vec![l] });
        (l, self.lowered.scopes.len() - 1)
    }

    /// `yield_from!(g)`: resume `g` until it completes, handing out each value it yields and passing in each resume
    /// argument (PEP 380). Its first resume gets `Default::default()` (a generator drops its first argument unless
    /// it names it with `start = …`). Evaluates to `g`'s return value, in the resume that completes it.
    ///
    /// Input:  `let r = yield_from!(g);`
    /// Output: `let mut sub = g; let mut arg = default();`
    ///         `Delegate: match resume(pin(&mut sub), arg) { Yielded(y) => { yield y; arg = resume_arg; goto Delegate }`
    ///         `                                              Complete(r) => r }`
    pub(super) fn delegate(&mut self, m: &syn::ExprMacro) -> Expr {
        let span = m.mac.path.span();
        let operand = match crate::names::marker_operand(&m.mac) {
            Ok(e) => e,
            Err(err) => {
                self.errors.push(syn::Error::new(
                    err.span(),
                    format!("`yield_from!` takes one expression, the generator or iterable to delegate to: {err}"),
                ));
                return parse_quote!(());
            }
        };
        let lowered = self.expr(&operand, false);
        // `Box::pin(walk(left))` is recursion: erase the type, or the state would contain itself.
        let operand = match &lowered {
            Expr::Call(c) if c.args.len() == 1 && is_box_pin(&c.func) => {
                let inner = &c.args[0];
                quote_spanned!(c.func.span()=> ::gen_runtime::__private::boxed(#inner))
            }
            other => other.to_token_stream(),
        };
        // The sub-generator lives in a pinned slot of its own (it may be `!Unpin`), to the end of the statement.
        let sub_ident = self.start_sub(
            "sub",
            quote_spanned! {span=> {
                #[allow(unused_imports)]
                use ::gen_runtime::__private::{ViaGenerator as _, ViaIterator as _};
                (&&::gen_runtime::__private::Delegate::new(#operand)).into_sub()
            }},
            &lowered,
            span,
        );
        let subs = hidden("__subs");
        let (arg_local, arg) = self.hoist_local(parse_quote_spanned!(span=> ::core::default::Default::default()), "sub_arg");
        let head = self.new_block(BlockKind::Inner("delegating"));
        self.goto(head);
        self.switch_to(head);
        let yielded = self.new_block(BlockKind::Inner("yielded"));
        let done = self.new_block(BlockKind::Inner("returned"));
        let (y, y_scope) = self.hidden_local("yielded", false);
        let (r, r_scope) = self.hidden_local("returned", false);
        let (y_ident, r_ident) = (self.lowered.locals[y].ident.clone(), self.lowered.locals[r].ident.clone());
        let facts = Facts { moves: self.facts(&scan::expr_uses(&arg, UseKind::Move)).moves, ..Facts::default() };
        self.terminate(
            Term::Match {
                scrutinee: unsafe_scrutinee(&quote_spanned!(span=> #subs.#sub_ident.resume(#arg)), RESUME_SAFETY),
                arms: vec![
                    Arm { pat: parse_quote!(::gen_runtime::GeneratorState::Yielded(#y_ident)), guard: None, target: yielded },
                    Arm { pat: parse_quote!(::gen_runtime::GeneratorState::Complete(#r_ident)), guard: None, target: done },
                ],
            },
            facts,
        );
        self.switch_to(yielded);
        self.push(Op::Open { scope: y_scope });
        self.open(y_scope);
        self.suspend(parse_quote!(#y_ident), Suspend::Delegate, span, marker_text(m));
        self.close_to(self.scopes.len() - 1);
        let resume = self.resume_value(span);
        self.assign(arg_local, resume);
        self.goto(head);
        self.switch_to(done);
        self.push(Op::Open { scope: r_scope });
        self.open(r_scope);
        parse_quote!(#r_ident)
    }
}

/// An unsafe call of the runtime (`unsafe_expr`) as the scrutinee of a lowered `match`.
fn unsafe_scrutinee(call: &TokenStream, why: &str) -> Expr {
    let e = unsafe_expr(call, why);
    parse_quote!(#e)
}
