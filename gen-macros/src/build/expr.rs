//! Expressions that suspend: each operand is lowered in Rust's evaluation order, the ones before a suspension point
//! kept in temporaries, then the expression is rebuilt from yield-free operands.
//!
//! Input:  `f(a(), yield_!(b))`
//! Output: `let __t0 = a(); yield b → Resume0` · `Resume0: f(__t0, <resume argument>)`

use proc_macro2::Span;
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::{Expr, parse_quote, parse_quote_spanned};

use crate::lowered::{BlockKind, Facts, Op, Suspend, Term};
use crate::mode::Mode;
use crate::names::{Marker, as_marker, hidden};
use crate::scan::{self, UseKind};
use super::{Builder, Dest};
use super::syntax::{marker_text, is_compound_assign, is_short_circuit, is_control_flow, is_place_shape, place_computes_index};

impl Builder<'_> {
    /// Lowers `e`, returning a yield-free expression for its value at the current point. With `discard`, the value
    /// is dropped at once and `()` returned.
    pub(super) fn expr(&mut self, e: &Expr, discard: bool) -> Expr {
        if !self.lowers(e) {
            if discard {
                self.native_stmt(e, true);
                return parse_quote!(());
            }
            return self.native_expr(e);
        }
        if let Some((marker, m)) = as_marker(e) {
            return self.marker(marker, m, discard);
        }
        if is_control_flow(e) {
            if discard {
                self.control_flow(e, Dest::Discard);
                return parse_quote!(());
            }
            let l = self.dest_temp();
            self.control_flow(e, Dest::Local(l));
            return self.local_expr(l);
        }
        let v = self.operands(e);
        if discard {
            let facts = self.facts(&scan::expr_uses(&v, UseKind::Move));
            self.push(Op::Stmt { stmt: crate::lowered::stmt(v), facts });
            parse_quote!(())
        } else {
            v
        }
    }

    pub(super) fn marker(&mut self, marker: Marker, m: &syn::ExprMacro, discard: bool) -> Expr {
        match marker {
            Marker::Yield => {
                let operand: Expr = if m.mac.tokens.is_empty() {
                    parse_quote!(())
                } else {
                    match crate::names::marker_operand(&m.mac) {
                        Ok(e) => e,
                        Err(err) => {
                            let several = m.mac.tokens.clone().into_iter().any(|t| {
                                matches!(t, proc_macro2::TokenTree::Punct(p) if p.as_char() == ',')
                            });
                            let msg = if several {
                                "`yield_!` takes one value: to yield several at once, yield a tuple, \
                                 `yield_!((a, b))` with `yield = (A, B)`, or yield them one after the other"
                            } else {
                                "`yield_!` takes one value, an expression: this is not one"
                            };
                            self.errors.push(syn::Error::new(err.span(), msg));
                            parse_quote!(())
                        }
                    }
                };
                let value = self.expr(&operand, false);
                let value = self.settle(value);
                match self.mode {
                    Mode::Sync => {}
                    Mode::Stream => {
                        // A stream's item; the stream is resumed with a new task context, and `yield_!` is `()`.
                        self.suspend(parse_quote!(::core::task::Poll::Ready(::core::option::Option::Some(#value))), Suspend::Yield, m.mac.path.span(), marker_text(m));
                        return parse_quote!(());
                    }
                    Mode::Future => {
                        self.errors.push(syn::Error::new(
                            m.mac.path.span(),
                            "`yield_!` in an `async fn` without a yield type: to make it a stream, declare the item \
                             type, `#[generator(yield = T)] async fn …`",
                        ));
                        return parse_quote!(());
                    }
                }
                self.suspend(value, Suspend::Yield, m.mac.path.span(), marker_text(m));
                let arg = self.resume_value(m.mac.delimiter.span().join());
                if discard {
                    self.push(Op::Stmt { stmt: crate::lowered::drop_stmt(arg), facts: Facts::default() });
                    parse_quote!(())
                } else {
                    arg
                }
            }
            Marker::YieldFrom => {
                let value = match self.mode {
                    Mode::Sync => self.delegate(m),
                    Mode::Stream => self.delegate_stream(m),
                    Mode::Future => {
                        self.errors.push(syn::Error::new(
                            m.mac.path.span(),
                            "`yield_from!` in an `async fn` without a yield type: to make it a stream, declare the \
                             item type, `#[generator(yield = T)] async fn …`; to wait for a future, use `.await`",
                        ));
                        parse_quote!(())
                    }
                };
                if discard {
                    let facts = self.facts(&scan::expr_uses(&value, UseKind::Move));
                    self.push(Op::Stmt { stmt: crate::lowered::drop_stmt(value), facts });
                    parse_quote!(())
                } else {
                    value
                }
            }
        }
    }

    /// The place an assignment writes to, after its right side `rhs` was evaluated: when the place suspends
    /// (`v[yield_!(i)] = x`, `*{ yield_!(()); r } += 1`), `rhs` goes into a temporary first, then the place's operands
    /// are evaluated in order into temporaries, and the write comes last — Rust's order for assignments (and for
    /// compound assignments of primitives). Returns the place and the value to write.
    ///
    /// Input:  `v[yield_!(i)] = x;`
    /// Output: `let __rhs = x; let __idx = <yield i, resume>; v[__idx] = __rhs;`
    fn assigned_place(&mut self, place: &Expr, rhs: Expr) -> (Expr, Expr) {
        if !self.lowers(place) {
            return (self.native_expr(place), rhs);
        }
        if !is_place_shape(place) {
            self.errors.push(syn::Error::new(
                scan::first_marker_span(place),
                "`yield_!` cannot be used in a destructuring assignment's pattern: yield first, then assign: \
                 `let i = yield_!(…); (v[i], b) = …;`",
            ));
            return (self.native_expr(place), rhs);
        }
        let rhs = self.operand_temp(rhs, "rhs");
        (self.place(place), rhs)
    }

    /// `place op= value` where `value` suspends and the place computes an index (`v[idx()]`): Rust
    /// evaluates the right side first when both types are primitive (a built-in operator), the place's operands first
    /// otherwise (a call of `AddAssign::add_assign` and its kin). The types decide, and only rustc sees them, so both
    /// orders are lowered and a branch on [`AssignOrder::place_first`] (a constant once monomorphised) picks one; the
    /// right side is lowered in each branch, one suspension point per branch.
    ///
    /// Input:  `v[idx()] += &yield_!(x);`
    /// Output: `let __ord = AssignOrder::new();`
    ///         `if place_first(&__ord) { let __idx = idx(); let __rhs = <yield x, resume>; *bind(&__ord, &mut v[__idx], &__rhs) += __rhs; }`
    ///         `else { let __rhs = <yield x, resume>; *bind(&__ord, &mut v[idx()], &__rhs) += __rhs; }`
    fn compound_assign_in_type_order(&mut self, b: &syn::ExprBinary) -> Expr {
        let order = self.hoist(parse_quote!(::gen_runtime::__private::AssignOrder::new()), "ord");
        let place_first = self.new_block(BlockKind::Inner("place_first"));
        let value_first = self.new_block(BlockKind::Inner("value_first"));
        let join = self.new_block(BlockKind::Inner("join"));
        let cond: Expr = parse_quote!(::gen_runtime::__private::AssignOrder::place_first(&#order));
        let facts = self.facts(&scan::expr_uses(&cond, UseKind::Move));
        self.terminate(Term::If { cond, then: place_first, els: value_first }, facts);
        let depth = self.scopes.len();
        for first in [place_first, value_first] {
            self.switch_to(first);
            let (place, rhs) = if first == place_first {
                let place = self.place(&b.left);
                let rhs = self.expr(&b.right, false);
                (place, self.operand_temp(rhs, "rhs"))
            } else {
                let rhs = self.expr(&b.right, false);
                (self.native_expr(&b.left), self.operand_temp(rhs, "rhs"))
            };
            let op = &b.op;
            let write: Expr = parse_quote!(*::gen_runtime::__private::AssignOrder::bind(&#order, &mut #place, &#rhs) #op #rhs);
            let facts = self.facts(&scan::expr_uses(&write, UseKind::Move));
            self.push(Op::Stmt { stmt: crate::lowered::stmt(write), facts });
            self.close_to(depth);
            self.goto(join);
        }
        self.switch_to(join);
        parse_quote!(())
    }

    /// A place expression whose operands are evaluated now, in order (index operands and dereferenced values into
    /// temporaries), so that a suspension inside it keeps Rust's order.
    pub(super) fn place(&mut self, e: &Expr) -> Expr {
        match e {
            Expr::Paren(p) => self.place(&p.expr),
            Expr::Field(f) => {
                let base = self.place(&f.base);
                let member = &f.member;
                parse_quote!(#base.#member)
            }
            Expr::Index(i) => {
                let base = self.place(&i.expr);
                let index = self.expr(&i.index, false);
                let index = self.operand_temp(index, "idx");
                parse_quote!(#base[#index])
            }
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) && is_place_shape(&u.expr) => {
                let inner = self.place(&u.expr);
                parse_quote!(*#inner)
            }
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
                let v = self.expr(&u.expr, false);
                let v = self.operand_temp(v, "place");
                parse_quote!(*#v)
            }
            Expr::Path(_) => e.clone(),
            _ => {
                let v = self.expr(e, false);
                self.operand_temp(v, "place")
            }
        }
    }

    /// Lowers an expression whose operands contain suspension points, in evaluation order.
    pub(super) fn operands(&mut self, e: &Expr) -> Expr {
        match e {
            Expr::Paren(p) => {
                let inner = self.expr(&p.expr, false);
                parse_quote!((#inner))
            }
            Expr::Group(g) => self.expr(&g.expr, false),
            Expr::Binary(b) if is_short_circuit(&b.op) => self.short_circuit(b),
            Expr::Binary(b) if is_compound_assign(&b.op) && !self.lowers(&b.left) && place_computes_index(&b.left) => {
                self.compound_assign_in_type_order(b)
            }
            Expr::Binary(b) if is_compound_assign(&b.op) => {
                // `place op= value`: the right side is evaluated first, then the place's operands (Rust's order for
                // primitive operands; when the place suspends too, whatever the types); the place stays a place.
                let rhs = self.expr(&b.right, false);
                let left = self.assigned_place(&b.left, rhs.clone());
                let (op, rhs) = (&b.op, left.1);
                let left = left.0;
                parse_quote!(#left #op #rhs)
            }
            Expr::Binary(b) => {
                let v = self.sequence(&[&b.left, &b.right]);
                let (l, r, op) = (&v[0], &v[1], &b.op);
                parse_quote!(#l #op #r)
            }
            Expr::Assign(a) => {
                // The right side is evaluated first, then the place.
                let rhs = self.expr(&a.right, false);
                let (left, rhs) = self.assigned_place(&a.left, rhs);
                parse_quote!(#left = #rhs)
            }
            Expr::Unary(u) => {
                let inner = self.expr(&u.expr, false);
                let op = &u.op;
                parse_quote!(#op #inner)
            }
            Expr::Reference(r) => {
                let inner = self.expr(&r.expr, false);
                let m = &r.mutability;
                parse_quote!(& #m #inner)
            }
            Expr::Cast(c) => {
                let inner = self.expr(&c.expr, false);
                let ty = &c.ty;
                parse_quote!(#inner as #ty)
            }
            Expr::Field(f) => {
                let base = self.expr(&f.base, false);
                let member = &f.member;
                parse_quote!(#base.#member)
            }
            Expr::Index(i) => {
                let v = self.sequence(&[&i.expr, &i.index]);
                let (base, index) = (&v[0], &v[1]);
                parse_quote!(#base[#index])
            }
            Expr::Call(c) => {
                let mut all: Vec<&Expr> = vec![&c.func];
                all.extend(c.args.iter());
                let v = self.sequence(&all);
                let func = &v[0];
                let args = &v[1..];
                parse_quote!(#func(#(#args),*))
            }
            Expr::MethodCall(m) => {
                let mut all: Vec<&Expr> = vec![&m.receiver];
                all.extend(m.args.iter());
                let v = self.sequence(&all);
                let recv = &v[0];
                let args = &v[1..];
                let method = &m.method;
                let turbofish = &m.turbofish;
                parse_quote!(#recv.#method #turbofish(#(#args),*))
            }
            Expr::Tuple(t) => {
                let all: Vec<&Expr> = t.elems.iter().collect();
                let v = self.sequence(&all);
                if v.len() == 1 {
                    let x = &v[0];
                    parse_quote!((#x,))
                } else {
                    parse_quote!((#(#v),*))
                }
            }
            Expr::Array(a) => {
                let all: Vec<&Expr> = a.elems.iter().collect();
                let v = self.sequence(&all);
                parse_quote!([#(#v),*])
            }
            Expr::Repeat(r) => {
                let inner = self.expr(&r.expr, false);
                let len = &r.len;
                parse_quote!([#inner; #len])
            }
            Expr::Struct(s) => self.struct_expr(s),
            Expr::Range(r) => self.range_expr(r),
            Expr::Try(t) => {
                let inner = self.expr(&t.expr, false);
                self.try_expr(inner, t.question_token.span())
            }
            Expr::Await(a) => self.await_expr(a),
            Expr::Return(_) | Expr::Break(_) | Expr::Continue(_) => self.exit(e),
            Expr::Let(l) => {
                self.errors.push(syn::Error::new(l.span(), "expected an expression, found a `let` binding outside of a condition"));
                parse_quote!(())
            }
            Expr::Macro(m) => self.macro_operands(m),
            other => {
                self.errors.push(syn::Error::new(
                    other.span(),
                    "this expression cannot contain `yield_!` or `yield_from!`: bind the yielded value to a local \
                     first (`let v = yield_!(…);`) and use the local here",
                ));
                parse_quote!(())
            }
        }
    }

    /// `return`, `break` or `continue` in operand position: the jump ends the block; the operand's value is never
    /// used (its block is dead code).
    fn exit(&mut self, e: &Expr) -> Expr {
        match e {
            Expr::Return(r) => {
                let v = match &r.expr {
                    Some(e) => self.expr(e, false),
                    None => parse_quote!(()),
                };
                self.ret(v, r.span());
                parse_quote!(::core::unreachable!())
            }
            Expr::Break(b) => {
                self.jump(b.label.as_ref(), b.expr.as_deref(), true, b.span());
                parse_quote!(::core::unreachable!())
            }
            Expr::Continue(c) => {
                self.jump(c.label.as_ref(), None, false, c.span());
                parse_quote!(::core::unreachable!())
            }
            _ => unreachable!("exit called on an expression that does not jump"),
        }
    }

    /// `a && b` / `a || b` whose right side suspends: it runs only when the left side does not decide.
    fn short_circuit(&mut self, b: &syn::ExprBinary) -> Expr {
        // `a && b`: `b` (which suspends) runs only when `a` is true.
        let dest = self.dest_temp();
        let lhs = self.expr(&b.left, false);
        let then = self.new_block(BlockKind::Inner("rhs"));
        let els = self.new_block(BlockKind::Inner("short"));
        let join = self.new_block(BlockKind::Inner("join"));
        let and = matches!(b.op, syn::BinOp::And(_));
        let facts = self.facts(&scan::expr_uses(&lhs, UseKind::Move));
        let (t, f) = if and { (then, els) } else { (els, then) };
        self.terminate(Term::If { cond: lhs.clone(), then: t, els: f }, facts);
        self.switch_to(then);
        let depth = self.scopes.len();
        let rhs = self.expr(&b.right, false);
        self.assign(dest, rhs);
        self.close_to(depth);
        self.goto(join);
        self.switch_to(els);
        self.assign(dest, if and { parse_quote!(false) } else { parse_quote!(true) });
        self.goto(join);
        self.switch_to(join);
        self.local_expr(dest)
    }

    /// `S { a: x, b: yield_!(y), ..rest }`: the field values in order, then the base.
    fn struct_expr(&mut self, s: &syn::ExprStruct) -> Expr {
        let mut all: Vec<&Expr> = s.fields.iter().map(|f| &f.expr).collect();
        if let Some(rest) = &s.rest {
            all.push(rest);
        }
        let v = self.sequence(&all);
        let path = &s.path;
        let fields = s.fields.iter().zip(&v).map(|(f, v)| {
            let m = &f.member;
            quote!(#m: #v)
        });
        let rest = s.rest.as_ref().map(|_| {
            let r = v.last().expect("rest operand");
            quote!(.. #r)
        });
        parse_quote!(#path { #(#fields,)* #rest })
    }

    /// `a..b` with a suspending bound.
    fn range_expr(&mut self, r: &syn::ExprRange) -> Expr {
        let mut all: Vec<&Expr> = Vec::new();
        all.extend(r.start.as_deref());
        all.extend(r.end.as_deref());
        let v = self.sequence(&all);
        let mut it = v.into_iter();
        let start = r.start.as_ref().map(|_| it.next().expect("start"));
        let end = r.end.as_ref().map(|_| it.next().expect("end"));
        let limits = &r.limits;
        parse_quote!(#start #limits #end)
    }

    /// `e.await` (a lowered `select!` is shown in the state graph as the user wrote it).
    fn await_expr(&mut self, a: &syn::ExprAwait) -> Expr {
        // A lowered `select!` (`async { select! { … } }.await`) is shown as the user wrote it, the macro.
        let source = match crate::select::awaited_select(&a.base) {
            Some(mac) => format!("{}! {{ … }}", crate::names::tidy(&mac.path.to_token_stream())),
            None => crate::names::tidy(&a.to_token_stream()),
        };
        let base = self.expr(&a.base, false);
        self.await_(base, a.await_token.span(), source)
    }

    /// A macro call whose arguments suspend (`println!("{} {}", a(), yield_!(b))`): the operands in order, the
    /// format string as written.
    fn macro_operands(&mut self, m: &syn::ExprMacro) -> Expr {
        match crate::macros::parse(&m.mac) {
        Some(args) => {
            // `println!("{} {}", a(), yield_!(b))`: the operands in order, the format string as written.
            let operands = self.sequence(&args.operands());
            let mac = crate::macros::rebuild(&m.mac, &args, operands);
            Expr::Macro(syn::ExprMacro { attrs: m.attrs.clone(), mac })
        }
        None => {
            self.errors.push(syn::Error::new(m.span(), "a suspension point inside a macro call cannot be lowered"));
            parse_quote!(())
        }
        }
    }

    /// Lowers operands left to right. Those before the last suspending one are kept in temporaries (unless they are
    /// places or literals, which cannot change while the generator is suspended); those after it stay in place.
    fn sequence(&mut self, es: &[&Expr]) -> Vec<Expr> {
        let last = es.iter().rposition(|e| self.lowers(e));
        let mut out = Vec::new();
        for (i, e) in es.iter().enumerate() {
            match last {
                Some(k) if i < k => {
                    let v = self.expr(e, false);
                    out.push(self.stabilize_operand(v));
                }
                Some(k) if i == k => out.push(self.expr(e, false)),
                _ => {
                    let v = self.native_expr(e);
                    out.push(v);
                }
            }
        }
        out
    }

    pub(super) fn try_expr(&mut self, inner: Expr, span: Span) -> Expr {
        // Everything spanned on the `?`, so that an error about it points there, once.
        let at = |name: &str| {
            let mut i = hidden(name);
            i.set_span(span.resolved_at(Span::mixed_site()));
            i
        };
        let (residual, value) = (at("__residual"), at("__value"));
        let ret = self.returner.residual(&residual, span);
        self.lowered.blocks[self.cur].returns = true;
        parse_quote_spanned! {span=>
            match ::gen_runtime::__private::Try::branch(#inner) {
                ::gen_runtime::__private::ControlFlow::Continue(#value) => #value,
                ::gen_runtime::__private::ControlFlow::Break(#residual) => #ret,
            }
        }
    }
}
