//! Replaces one local inside a piece of user code by another expression: where the emitted code binds it under
//! another name (the initialiser of a `let` that shadows it, `let x = x.trim();`, at the start of a state), and
//! where it lives in a pinned slot (`text` → `(*__pin_text)`).
//!
//! Input:  `x.name().len()`, `format!("s{x}")`          (`x` → `__x_shadowed0`)
//! Output: `__x_shadowed0.name().len()`, `format!("s{x}", x = __x_shadowed0)`

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Expr, Pat, Stmt};

use crate::scan::{format_captures, pat_bindings};

pub fn rename(code: &TokenStream, from: &str, to: &TokenStream) -> TokenStream {
    rename_with(code, from, to, None)
}

/// Like [`rename`], for a local kept in a slot: `from = value` becomes `slot.put(value)` (the old value is dropped
/// and the new one stored, as an assignment does; the slot may have been empty).
pub fn rename_slot(code: &TokenStream, from: &str, to: &TokenStream, slot: &TokenStream) -> TokenStream {
    rename_with(code, from, to, Some(slot))
}

fn rename_with(code: &TokenStream, from: &str, to: &TokenStream, slot: Option<&TokenStream>) -> TokenStream {
    let Ok(to_expr) = syn::parse2::<Expr>(to.clone()) else { return code.clone() };
    let r = Renamer { from, to, to_expr: &to_expr, slot };
    if let Ok(mut e) = syn::parse2::<Expr>(code.clone()) {
        let mut r = r;
        r.visit_expr_mut(&mut e);
        return e.into_token_stream();
    }
    // A statement (`x += 1;`), or a pattern-free `let` initialiser: parse as a block of statements.
    let braced = quote!({ #code });
    match syn::parse2::<syn::Block>(braced) {
        Ok(mut b) => {
            let mut r = r;
            for stmt in &mut b.stmts {
                r.visit_stmt_mut(stmt);
            }
            let stmts = b.stmts;
            quote!(#(#stmts)*)
        }
        Err(_) => code.clone(),
    }
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

struct Renamer<'a> {
    from: &'a str,
    to: &'a TokenStream,
    to_expr: &'a Expr,
    slot: Option<&'a TokenStream>,
}

impl Renamer<'_> {
    fn binds(&self, pat: &Pat) -> bool {
        pat_bindings(pat).iter().any(|b| b.ident == self.from)
    }

    fn tokens(&self, ts: TokenStream) -> TokenStream {
        let tokens: Vec<TokenTree> = ts.into_iter().collect();
        let mut out = Vec::with_capacity(tokens.len());
        for (i, tt) in tokens.iter().enumerate() {
            match tt {
                TokenTree::Ident(id) if id == self.from => {
                    let after_dot = i > 0 && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == '.');
                    let named_arg = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '=')
                        && !matches!(tokens.get(i + 2), Some(TokenTree::Punct(p)) if p.as_char() == '=');
                    if after_dot || named_arg {
                        out.push(tt.clone());
                    } else {
                        let to = self.to;
                        out.extend(quote!((#to)));
                    }
                }
                TokenTree::Group(g) => {
                    let mut ng = proc_macro2::Group::new(g.delimiter(), self.tokens(g.stream()));
                    ng.set_span(g.span());
                    out.push(TokenTree::Group(ng));
                }
                other => out.push(other.clone()),
            }
        }
        out.into_iter().collect()
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
                    *e = self.to_expr.clone();
                }
            }
            Expr::Assign(a) if self.slot.is_some() && matches!(&*a.left, Expr::Path(p) if p.path.is_ident(self.from)) => {
                self.visit_expr_mut(&mut a.right);
                let (slot, right) = (self.slot.expect("checked"), &a.right);
                *e = syn::parse_quote!(#slot.put(#right));
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
        let captured = self.captured(&m.tokens);
        let mut tokens = self.tokens(std::mem::take(&mut m.tokens));
        if captured {
            let (from, to) = (Ident::new(self.from, m.path.span()), self.to);
            tokens = quote!(#tokens, #from = #to);
        }
        m.tokens = tokens;
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}
