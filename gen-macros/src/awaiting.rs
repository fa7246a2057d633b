//! Macros that expand to an `.await` (`join!`, `try_join!`, `select!` of tokio and futures): `#[generator]` sees only
//! their tokens, so in an async generator it awaits each one inside an `async` block of its own, an `.await` it can
//! lower.
//!
//! Input:  `let (a, b) = tokio::join!(fa, fb);`
//! Output: `let (a, b) = async { tokio::join!(fa, fb) }.await;`
//!
//! A `select!` is awaited the same way, but only to pick a branch: its arms' handlers run in the generator's body,
//! where they may suspend it or leave it (`break`, `continue`, `return`, `?`); see `select`.

use proc_macro2::TokenStream;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Expr, Macro, Stmt};

/// Macros whose expansion awaits, with only expressions as arguments.
const JOINS: &[&str] = &["join", "try_join"];

/// Rewrites the body of an async generator; the enums of its `select!`s go to `items` (hoisted to the top of the
/// function). Returns an error for each `select!` that cannot be lowered.
pub fn wrap_awaiting_macros(body: &mut syn::Block, items: &mut Vec<TokenStream>) -> Vec<syn::Error> {
    let mut w = Wrapper { errors: Vec::new(), items, selects: 0 };
    w.visit_block_mut(body);
    w.errors
}

struct Wrapper<'a> {
    errors: Vec<syn::Error>,
    items: &'a mut Vec<TokenStream>,
    /// `select!`s lowered so far: their enums are numbered.
    selects: usize,
}

fn name(m: &Macro) -> String {
    m.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default()
}

impl Wrapper<'_> {
    /// `mac` awaited in an `async` block (a `select!` lowered, see `select`), or `None` if it awaits nothing.
    fn wrapped(&mut self, mac: &Macro) -> Option<Expr> {
        if crate::select::is_select(mac) {
            let span = mac.span();
            return Some(match crate::select::lower(mac, self.selects) {
                Ok((mut lowered, item)) => {
                    self.selects += 1;
                    self.items.push(item);
                    // The handlers are the generator's code now: their own `select!`s and `join!`s.
                    self.visit_expr_mut(&mut lowered);
                    lowered
                }
                Err(e) => {
                    self.errors.push(e);
                    // Reported: nothing of it is lowered or checked further.
                    syn::parse_quote_spanned!(span=> ::core::unreachable!())
                }
            });
        }
        if !JOINS.contains(&name(mac).as_str()) {
            return None;
        }
        let span = mac.span();
        Some(syn::parse_quote_spanned!(span=> async { #mac }.await))
    }
}

impl VisitMut for Wrapper<'_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        match e {
            // Their own code: a closure cannot await, an `async` block awaits by itself.
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            Expr::Macro(m) => {
                if let Some(w) = self.wrapped(&m.mac) {
                    *e = w;
                }
            }
            _ => syn::visit_mut::visit_expr_mut(self, e),
        }
    }

    fn visit_block_mut(&mut self, b: &mut syn::Block) {
        let n = b.stmts.len();
        for (i, stmt) in b.stmts.iter_mut().enumerate() {
            if let Stmt::Macro(m) = stmt {
                if let Some(w) = self.wrapped(&m.mac) {
                    // Braced and last (`tokio::join! { … }`): the block's value; otherwise a statement.
                    let semi = m.semi_token.or_else(|| (i + 1 < n).then(Default::default));
                    *stmt = Stmt::Expr(w, semi);
                }
                continue;
            }
            self.visit_stmt_mut(stmt);
        }
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}
