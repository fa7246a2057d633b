//! Macros that expand to an `.await` (`join!`, `try_join!` of tokio and futures): `#[generator]` sees only their
//! tokens, so in an `async fn` it awaits each one inside an `async` block of its own, an `.await` it can lower.
//!
//! Input:  `let (a, b) = tokio::join!(fa, fb);`
//! Output: `let (a, b) = async { tokio::join!(fa, fb) }.await;`
//!
//! `select!` is not wrapped (its arms may `break`, `continue` or `return` out of the generator, which an `async` block
//! would capture): it is an error that says how to write it.

use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Expr, Macro, Stmt};

/// Macros whose expansion awaits, with only expressions as arguments.
const JOINS: &[&str] = &["join", "try_join"];
/// Macros whose expansion awaits, with arms that may leave the enclosing function.
const SELECTS: &[&str] = &["select", "select_biased"];

/// Rewrites the body of an `async fn` generator; returns an error for each `select!`.
pub fn wrap_awaiting_macros(body: &mut syn::Block) -> Vec<syn::Error> {
    let mut w = Wrapper { errors: Vec::new() };
    w.visit_block_mut(body);
    w.errors
}

struct Wrapper {
    errors: Vec<syn::Error>,
}

fn name(m: &Macro) -> String {
    m.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default()
}

impl Wrapper {
    /// `mac` awaited in an `async` block, or `None` if it is not a joining macro.
    fn wrapped(&mut self, mac: &Macro) -> Option<Expr> {
        let name = name(mac);
        if SELECTS.contains(&name.as_str()) {
            let path = mac.path.to_token_stream().to_string().replace(' ', "");
            self.errors.push(syn::Error::new(
                mac.path.span(),
                format!(
                    "`{path}!` cannot be used directly in a `#[generator] async fn`: it expands to an `.await` that \
                     `#[generator]` cannot see; await it in an `async` block, `let v = async {{ {path}! {{ … }} }}.await;`, \
                     and leave the generator after it (its arms cannot `break`, `continue` or `return` out of the generator)"
                ),
            ));
            return None;
        }
        if !JOINS.contains(&name.as_str()) {
            return None;
        }
        let span = mac.span();
        Some(syn::parse_quote_spanned!(span=> async { #mac }.await))
    }
}

impl VisitMut for Wrapper {
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
