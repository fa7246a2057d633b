//! Locals whose every value is a literal or arithmetic on literals: `Copy` for certain, so moving one never needs a
//! drop flag (the lowering does not see types; this is what it can prove from the syntax).
//!
//! Input:  `let mut n = 0; … n += 1; … n = n * 2;`
//! Output: `{"n"}`

use std::collections::HashSet;

use syn::{Expr, Pat};

use super::{pat_bindings, strip_parens};

/// The names whose every value in the body is "obviously `Copy`": a literal, or arithmetic, comparisons, casts and
/// `wrapping_*`-style methods on such values and on other such names, or a shared reference `&e`. Any other value (a
/// call, a pattern binding), anywhere, and the name is out.
pub fn copy_like_names(body: &syn::Block) -> HashSet<String> {
    struct Collect {
        assigned: Vec<(String, Option<Expr>)>,
    }
    impl<'ast> syn::visit::Visit<'ast> for Collect {
        fn visit_local(&mut self, l: &'ast syn::Local) {
            let simple = match &l.pat {
                Pat::Ident(p) if p.subpat.is_none() && p.by_ref.is_none() => Some(p.ident.to_string()),
                Pat::Type(t) => match &*t.pat {
                    Pat::Ident(p) if p.subpat.is_none() && p.by_ref.is_none() => Some(p.ident.to_string()),
                    _ => None,
                },
                _ => None,
            };
            match simple {
                Some(name) => {
                    if let Some(init) = &l.init {
                        self.assigned.push((name, Some((*init.expr).clone())));
                    }
                }
                None => {
                    for b in pat_bindings(&l.pat) {
                        self.assigned.push((b.ident.to_string(), None));
                    }
                }
            }
            // Not the pattern: `visit_pat` would count the binding itself as a value of unknown type.
            if let Some(init) = &l.init {
                self.visit_local_init(init);
            }
        }
        fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
            if let Expr::Path(p) = &*a.left {
                if let Some(i) = p.path.get_ident() {
                    self.assigned.push((i.to_string(), Some((*a.right).clone())));
                }
            }
            syn::visit::visit_expr_assign(self, a);
        }
        fn visit_pat(&mut self, p: &'ast Pat) {
            // Bindings of `match` arms, `for` and `if let` patterns: values of unknown type.
            for b in pat_bindings(p) {
                self.assigned.push((b.ident.to_string(), None));
            }
        }
        fn visit_local_init(&mut self, i: &'ast syn::LocalInit) {
            self.visit_expr(&i.expr);
            if let Some((_, d)) = &i.diverge {
                self.visit_expr(d);
            }
        }
    }
    let mut c = Collect { assigned: Vec::new() };
    // Visit statements so that `let` patterns are seen through `visit_local` only.
    for stmt in &body.stmts {
        syn::visit::Visit::visit_stmt(&mut c, stmt);
    }
    let mut names: HashSet<String> = c.assigned.iter().map(|(n, _)| n.clone()).collect();
    loop {
        let before = names.len();
        for (name, value) in &c.assigned {
            // A shared reference (`&temp`, `&x.f`) has no destructor either.
            let keep = value.as_ref().is_some_and(|v| {
                literal_ish(v, &names) || matches!(strip_parens(v), Expr::Reference(r) if r.mutability.is_none())
            });
            if !keep {
                names.remove(name);
            }
        }
        if names.len() == before {
            return names;
        }
    }
}

fn literal_ish(e: &Expr, names: &HashSet<String>) -> bool {
    match e {
        Expr::Lit(_) => true,
        Expr::Path(p) => p.path.get_ident().is_some_and(|i| names.contains(&i.to_string())),
        Expr::Paren(p) => literal_ish(&p.expr, names),
        Expr::Group(g) => literal_ish(&g.expr, names),
        Expr::Unary(u) => !matches!(u.op, syn::UnOp::Deref(_)) && literal_ish(&u.expr, names),
        Expr::Binary(b) => literal_ish(&b.left, names) && literal_ish(&b.right, names),
        Expr::Cast(c) => literal_ish(&c.expr, names),
        Expr::MethodCall(m) => {
            let n = m.method.to_string();
            ["wrapping_", "checked_", "saturating_", "overflowing_", "pow", "abs", "min", "max", "count_", "rotate_"]
                .iter()
                .any(|p| n.starts_with(p))
                && literal_ish(&m.receiver, names)
                && m.args.iter().all(|a| literal_ish(a, names))
        }
        _ => false,
    }
}
