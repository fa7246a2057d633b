//! Replaces one local inside a piece of user code by another expression: where the emitted code binds it under
//! another name (the initialiser of a `let` that shadows it, `let x = x.trim();`, at the start of a state), and
//! where it lives in a pinned slot (`text` → `(*__pin_text)`).
//!
//! Input:  `x.name().len()`, `format!("s{x}")`          (`x` → `__x_shadowed0`)
//! Output: `__x_shadowed0.name().len()`, `format!("s{x}", x = __x_shadowed0)`

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::punctuated::Punctuated;
use syn::{Expr, Pat, Stmt, Token};

use crate::scan::{format_captures, pat_bindings};

/// What the renamer walks: an expression or a statement of the lowered body (see [`crate::lowered::Op`]).
pub trait Code: Clone + ToTokens {
    fn walk(&mut self, r: &mut Renamer<'_>);
}

impl Code for Expr {
    fn walk(&mut self, r: &mut Renamer<'_>) {
        r.visit_expr_mut(self);
    }
}

impl Code for Stmt {
    fn walk(&mut self, r: &mut Renamer<'_>) {
        r.visit_stmt_mut(self);
    }
}

/// Each use of the local `from` in `code` becomes `to`.
pub fn rename<C: Code>(code: &mut C, from: &str, to: &Expr) {
    code.walk(&mut Renamer::new(from, to, None, None));
}

/// Like [`rename`], for a local kept in a slot: each use becomes `to` (a place reaching into the slot), except that
/// a use that moves the local (outside any loop) becomes `take` when given, and `from = value` becomes
/// `slot.put(value)` (the old value dropped, the new one stored, as an assignment does; the slot may be empty).
pub fn rename_slot<C: Code>(code: &mut C, from: &str, to: &Expr, take: Option<&Expr>, slot: &Expr) {
    code.walk(&mut Renamer::new(from, to, take, Some(slot)));
}

/// Does `code` mention the identifier `name` at all (a cheap check before parsing)?
pub fn mentions(code: &TokenStream, name: &str) -> bool {
    code.clone().into_iter().any(|tt| match tt {
        TokenTree::Ident(i) => i == name,
        TokenTree::Group(g) => mentions(&g.stream(), name),
        TokenTree::Literal(l) => syn::parse2::<syn::LitStr>(TokenTree::Literal(l).into())
            .is_ok_and(|s| format_captures(&s).iter().any(|c| c == name)),
        TokenTree::Punct(_) => false,
    })
}

pub struct Renamer<'a> {
    from: &'a str,
    to: &'a Expr,
    slot: Option<&'a Expr>,
    /// What a moving use becomes (`slot.take()`), when the local is not used after this code.
    take: Option<&'a Expr>,
    /// Whether the expression being visited is used by value.
    moving: bool,
    /// How deep inside loops (a move there repeats: only a copy can).
    loops: usize,
    /// How many uses were replaced.
    hits: std::cell::Cell<usize>,
}

impl<'a> Renamer<'a> {
    fn new(from: &'a str, to: &'a Expr, take: Option<&'a Expr>, slot: Option<&'a Expr>) -> Self {
        Renamer { from, to, slot, take, moving: true, loops: 0, hits: std::cell::Cell::new(0) }
    }

    fn hit(&self) {
        self.hits.set(self.hits.get() + 1);
    }
}

impl Renamer<'_> {
    fn visit_as(&mut self, e: &mut Expr, moving: bool) {
        let saved = std::mem::replace(&mut self.moving, moving);
        self.visit_expr_mut(e);
        self.moving = saved;
    }
}

impl Renamer<'_> {
    fn binds(&self, pat: &Pat) -> bool {
        pat_bindings(pat).iter().any(|b| b.ident == self.from)
    }

    fn tokens(&self, ts: TokenStream) -> TokenStream {
        crate::names::map_tokens(ts, &mut |tokens, i| match &tokens[i] {
            TokenTree::Ident(id) if id == self.from => {
                let after_dot = i > 0 && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == '.');
                let named_arg = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '=')
                    && !matches!(tokens.get(i + 2), Some(TokenTree::Punct(p)) if p.as_char() == '=');
                let to = self.to;
                (!after_dot && !named_arg).then(|| {
                    self.hit();
                    (1, quote!((#to)))
                })
            }
            _ => None,
        })
    }

    /// Input:  `move || use(x)`                         (`x` in a slot)
    /// Output: `{ let __cap_x = <x taken, or copied>; move || use(__cap_x) }`
    fn capture_by_move(&self, e: &mut Expr) {
        if !mentions(&e.to_token_stream(), self.from) {
            return;
        }
        let cap = Ident::new(&format!("__cap_{}", self.from.trim_start_matches('_')), Span::mixed_site());
        let cap_expr: Expr = syn::parse_quote!(#cap);
        let mut inner = e.clone();
        let mut r = Renamer::new(self.from, &cap_expr, None, None);
        r.visit_expr_mut(&mut inner);
        if r.hits.get() == 0 {
            // Only a binding of its own inside has the name: nothing is captured.
            return;
        }
        // Taken when nothing uses the local afterwards (outside any loop), else copied: only a `Copy` value can be
        // moved into a closure and still be used.
        let value = match self.take {
            Some(take) if self.loops == 0 => take.clone(),
            _ => self.to.clone(),
        };
        self.hit();
        *e = syn::parse_quote!({ let #cap = #value; #inner });
    }

    /// A macro's arguments with the implicitly captured name passed explicitly: `"{x}"` → `"{x}", x = <to>`.
    fn name_capture(&self, tokens: TokenStream, span: Span) -> TokenStream {
        self.hit();
        let (from, to) = (Ident::new(self.from, span), self.to);
        quote!(#tokens, #from = #to)
    }

    /// Does a string literal in these tokens capture the name implicitly (`"{x}"`)?
    fn captured(&self, ts: &TokenStream) -> bool {
        ts.clone().into_iter().any(|tt| match tt {
            TokenTree::Literal(l) => syn::parse2::<syn::LitStr>(TokenTree::Literal(l).into())
                .is_ok_and(|s| format_captures(&s).iter().any(|c| c == self.from)),
            TokenTree::Group(g) => self.captured(&g.stream()),
            _ => false,
        })
    }
}

impl VisitMut for Renamer<'_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        match e {
            Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 && p.path.segments[0].arguments.is_none() => {
                if p.path.segments[0].ident == self.from {
                    self.hit();
                    *e = match self.take {
                        Some(take) if self.moving && self.loops == 0 => take.clone(),
                        _ => self.to.clone(),
                    };
                }
            }
            Expr::Assign(a) if self.slot.is_some() && matches!(&*a.left, Expr::Path(p) if p.path.is_ident(self.from)) => {
                self.visit_as(&mut a.right, true);
                let (slot, right) = (self.slot.expect("checked"), &a.right);
                // The value first: it may read the slot too (`x = f(x)`).
                *e = syn::parse_quote!({ let __value = #right; #slot.put(__value) });
            }
            Expr::Reference(r) => self.visit_as(&mut r.expr, false),
            Expr::Field(f) => self.visit_as(&mut f.base, false),
            Expr::Index(i) => {
                self.visit_as(&mut i.expr, false);
                self.visit_as(&mut i.index, true);
            }
            Expr::Unary(u) => {
                let moving = !matches!(u.op, syn::UnOp::Deref(_));
                self.visit_as(&mut u.expr, moving);
            }
            Expr::Binary(b) => {
                use syn::BinOp::*;
                let moving = !matches!(
                    b.op,
                    Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_) | AddAssign(_) | SubAssign(_) | MulAssign(_)
                        | DivAssign(_) | RemAssign(_) | BitXorAssign(_) | BitAndAssign(_) | BitOrAssign(_)
                        | ShlAssign(_) | ShrAssign(_)
                );
                self.visit_as(&mut b.left, moving);
                let right_moving = !matches!(b.op, Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_));
                self.visit_as(&mut b.right, right_moving);
            }
            Expr::MethodCall(m) => {
                let consuming = crate::scan::consumes_receiver(&m.method);
                self.visit_as(&mut m.receiver, consuming);
                for a in &mut m.args {
                    self.visit_as(a, true);
                }
            }
            Expr::Call(c) => {
                self.visit_as(&mut c.func, false);
                for a in &mut c.args {
                    self.visit_as(a, true);
                }
            }
            Expr::Match(m) => {
                self.visit_as(&mut m.expr, false);
                for arm in &mut m.arms {
                    self.visit_arm_mut(arm);
                }
            }
            // A `move` closure or `async move` block takes the local's value when it is made (out of the slot, or
            // a copy of a `Copy` one), as the original does; it must not capture a reference into the slot.
            Expr::Closure(c) if self.slot.is_some() && c.capture.is_some() && !c.inputs.iter().any(|p| self.binds(p)) => {
                self.capture_by_move(e);
            }
            Expr::Async(a) if self.slot.is_some() && a.capture.is_some() => self.capture_by_move(e),
            // A closure or async block must capture the place, not the slots: no `take` inside.
            Expr::Async(_) => {
                self.loops += 1;
                syn::visit_mut::visit_expr_mut(self, e);
                self.loops -= 1;
            }
            Expr::Closure(c) if !c.inputs.iter().any(|p| self.binds(p)) => {
                self.loops += 1;
                syn::visit_mut::visit_expr_mut(self, e);
                self.loops -= 1;
            }
            Expr::Loop(_) | Expr::While(_) | Expr::ForLoop(_) => {
                if let Expr::ForLoop(f) = e {
                    self.visit_as(&mut f.expr, true);
                    self.loops += 1;
                    self.visit_block_mut(&mut f.body);
                    self.loops -= 1;
                } else {
                    self.loops += 1;
                    syn::visit_mut::visit_expr_mut(self, e);
                    self.loops -= 1;
                }
            }
            Expr::Closure(c) if c.inputs.iter().any(|p| self.binds(p)) => {}
            _ => syn::visit_mut::visit_expr_mut(self, e),
        }
    }

    fn visit_block_mut(&mut self, b: &mut syn::Block) {
        for stmt in &mut b.stmts {
            self.visit_stmt_mut(stmt);
            if let Stmt::Local(l) = stmt {
                if self.binds(&l.pat) {
                    // Later statements see the inner binding.
                    break;
                }
            }
        }
    }

    fn visit_arm_mut(&mut self, arm: &mut syn::Arm) {
        if !self.binds(&arm.pat) {
            syn::visit_mut::visit_arm_mut(self, arm);
        }
    }

    fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
        // std's expression macros: their operands are expressions, renamed in context.
        if let Some(args) = crate::macros::parse(m) {
            let format_like = !matches!(m.path.segments.last().map(|s| s.ident.to_string()).as_deref(), Some("vec" | "dbg"));
            let mut operands: Vec<Expr> = args.operands().into_iter().cloned().collect();
            for o in &mut operands {
                self.visit_as(o, !format_like);
            }
            let captured = args.kept().iter().any(|k| self.captured(k));
            let mut rebuilt = crate::macros::rebuild(m, &args, operands);
            if captured {
                rebuilt.tokens = self.name_capture(rebuilt.tokens, m.path.span());
            }
            *m = rebuilt;
            return;
        }
        // A `select!` (not lowered: in a closure or `async` block): its futures, conditions and handlers are
        // expressions (a handler sees its pattern's bindings). Never taken out of a slot, as below.
        if crate::select::is_select(m) {
            if let Ok(mut select) = crate::select::parse(m) {
                let in_place = crate::select::polls_bare_locals_in_place(m, &select);
                self.loops += 1;
                for arm in &mut select.arms {
                    if let crate::select::ArmKind::Branch { pat, fut, cond, .. } = &mut arm.kind {
                        let bare = matches!(&*fut, Expr::Path(p) if p.path.is_ident(self.from));
                        self.visit_as(fut, false);
                        if bare && in_place {
                            // Polled in place through a reference, as the macro does with a bare name.
                            let to = &*fut;
                            *fut = syn::parse_quote!(&mut #to);
                        }
                        if let Some((_, _, c)) = cond {
                            self.visit_as(c, false);
                        }
                        if self.binds(pat) {
                            continue;
                        }
                    }
                    self.visit_as(&mut arm.body, false);
                }
                self.loops -= 1;
                m.tokens = select.into_token_stream();
                return;
            }
        }
        // Another macro whose arguments are expressions (`join!(a, b)`): renamed as expressions, so that a nested
        // `format!` gets its own implicit captures. Never taken out of a slot: the macro may evaluate an argument
        // any number of times.
        if let Ok(mut args) = m.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
            // A format string among them (`info!("{x}")`) may capture the name: named explicitly, as before.
            let captured = args.iter().any(|a| matches!(a, Expr::Lit(_)) && self.captured(&a.to_token_stream()));
            self.loops += 1;
            for a in &mut args {
                self.visit_as(a, false);
            }
            self.loops -= 1;
            let tokens = args.into_token_stream();
            m.tokens = if captured { self.name_capture(tokens, m.path.span()) } else { tokens };
            return;
        }
        let captured = self.captured(&m.tokens);
        let tokens = self.tokens(std::mem::take(&mut m.tokens));
        m.tokens = if captured { self.name_capture(tokens, m.path.span()) } else { tokens };
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}
