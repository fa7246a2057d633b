//! What a generator block (`gen_block!`, `stream_block!`) captures: the names its body uses that it does not bind
//! itself. They become the block's parameters, moved into its start state as a `move` closure moves its captures.
//!
//! Input:  `{ let mut i = start; while i < end { yield_!(f(i)); i += step; } }`
//! Output: `[start, end, step]`
//!
//! The macro sees no types, so a name counts as a capture when it is written like a local (lower case, a single
//! segment) and nothing in the block binds it. A name only called, `f(i)`, is not one: it may be a function (a
//! generic one cannot be stored in a state); a closure called that way is captured by the resume closure itself.

use proc_macro2::{Ident, TokenStream, TokenTree};
use syn::visit::Visit;
use syn::{Expr, Pat};

use crate::names::marker_of_macro;
use crate::scan::{format_captures, pat_bindings};

/// The captures of `body`, in order of first use. `self` is among them when the body uses it.
pub fn captures(body: &syn::Block) -> Vec<Ident> {
    let mut c = Collect { scopes: vec![Vec::new()], found: Vec::new() };
    c.visit_block(body);
    c.found
}

struct Collect {
    scopes: Vec<Vec<String>>,
    found: Vec<Ident>,
}

impl Collect {
    fn bound(&self, name: &str) -> bool {
        self.scopes.iter().any(|s| s.iter().any(|n| n == name))
    }

    fn bind(&mut self, pat: &Pat) {
        let names = pat_bindings(pat).into_iter().map(|b| b.ident.to_string());
        self.scopes.last_mut().expect("a scope").extend(names);
    }

    fn use_name(&mut self, ident: &Ident) {
        let name = ident.to_string();
        let local_like = name == "self" || name.starts_with(|c: char| c.is_lowercase() || c == '_') && name != "_";
        if local_like && !self.bound(&name) && !self.found.iter().any(|f| *f == name) {
            self.found.push(ident.clone());
        }
    }

    fn scoped(&mut self, f: impl FnOnce(&mut Self)) {
        self.scopes.push(Vec::new());
        f(self);
        self.scopes.pop();
    }

    /// A condition: its `let` patterns bind for the rest of the condition and the branch taken on success.
    fn condition(&mut self, e: &Expr) {
        match e {
            Expr::Let(l) => {
                self.visit_expr(&l.expr);
                self.bind(&l.pat);
            }
            Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => {
                self.condition(&b.left);
                self.condition(&b.right);
            }
            other => self.visit_expr(other),
        }
    }

    /// A macro's arguments: a marker's operand, std's expression macros (and the names their format strings
    /// capture), or any comma-separated expressions.
    fn mac(&mut self, m: &syn::Macro) {
        if crate::names::is_block_macro(m) {
            // A nested block: what it captures from outside itself is used here.
            let tokens = &m.tokens;
            if let Ok(b) = syn::parse2::<syn::Block>(quote::quote!({ #tokens })) {
                self.visit_block(&b);
            }
            return;
        }
        if marker_of_macro(m).is_some() {
            if let Ok(e) = crate::names::marker_operand(m) {
                self.visit_expr(&e);
            }
            return;
        }
        if crate::select::is_select(m) {
            if let Ok(select) = crate::select::parse(m) {
                // Each branch's future and condition, then its handler, which sees what its pattern binds.
                for arm in &select.arms {
                    if let crate::select::ArmKind::Branch { pat, fut, cond, .. } = &arm.kind {
                        self.visit_expr(fut);
                        if let Some((_, _, c)) = cond {
                            self.visit_expr(c);
                        }
                        self.scoped(|c| {
                            c.bind(pat);
                            c.visit_expr(&arm.body);
                        });
                    } else {
                        self.visit_expr(&arm.body);
                    }
                }
                return;
            }
        }
        for name in string_captures(&m.tokens) {
            self.use_name(&name);
        }
        if let Some(args) = crate::macros::parse(m) {
            for o in args.operands() {
                self.visit_expr(o);
            }
        } else if let Ok(args) = m.parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated) {
            for a in &args {
                self.visit_expr(a);
            }
        }
    }
}

/// The names that format strings among these tokens capture implicitly (`"{x}"`).
fn string_captures(ts: &TokenStream) -> Vec<Ident> {
    let mut out = Vec::new();
    for tt in ts.clone() {
        match tt {
            TokenTree::Literal(l) => {
                if let Ok(s) = syn::parse2::<syn::LitStr>(TokenTree::Literal(l).into()) {
                    out.extend(format_captures(&s));
                }
            }
            TokenTree::Group(g) => out.extend(string_captures(&g.stream())),
            _ => {}
        }
    }
    out
}

impl<'ast> Visit<'ast> for Collect {
    fn visit_block(&mut self, b: &'ast syn::Block) {
        self.scoped(|c| {
            for stmt in &b.stmts {
                match stmt {
                    syn::Stmt::Local(l) => {
                        if let Some(init) = &l.init {
                            c.visit_expr(&init.expr);
                            if let Some((_, els)) = &init.diverge {
                                c.visit_expr(els);
                            }
                        }
                        c.bind(&l.pat);
                    }
                    syn::Stmt::Macro(m) => c.mac(&m.mac),
                    other => c.visit_stmt(other),
                }
            }
        });
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        if p.qself.is_none() && p.path.leading_colon.is_none() && p.path.segments.len() == 1 {
            let seg = &p.path.segments[0];
            if seg.arguments.is_none() {
                self.use_name(&seg.ident);
            }
        }
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if !matches!(&*c.func, Expr::Path(p) if p.path.segments.len() == 1) {
            self.visit_expr(&c.func);
        }
        for a in &c.args {
            self.visit_expr(a);
        }
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        self.scoped(|s| {
            for p in &c.inputs {
                s.bind(p);
            }
            s.visit_expr(&c.body);
        });
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        self.visit_expr(&f.expr);
        self.scoped(|s| {
            s.bind(&f.pat);
            s.visit_block(&f.body);
        });
    }

    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        self.scoped(|s| {
            s.condition(&i.cond);
            s.visit_block(&i.then_branch);
        });
        if let Some((_, e)) = &i.else_branch {
            self.visit_expr(e);
        }
    }

    fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
        self.scoped(|s| {
            s.condition(&w.cond);
            s.visit_block(&w.body);
        });
    }

    fn visit_expr_let(&mut self, l: &'ast syn::ExprLet) {
        // A `let` outside an `if`/`while` condition (not valid Rust): its scrutinee only.
        self.visit_expr(&l.expr);
    }

    fn visit_arm(&mut self, a: &'ast syn::Arm) {
        self.scoped(|s| {
            s.bind(&a.pat);
            if let Some((_, g)) = &a.guard {
                s.visit_expr(g);
            }
            s.visit_expr(&a.body);
        });
    }

    fn visit_expr_macro(&mut self, m: &'ast syn::ExprMacro) {
        self.mac(&m.mac);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.mac(m);
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// Whether the body uses the value a `yield_!` evaluates to (anywhere but a statement of its own or `let _ = …`),
/// or delegates with `yield_from!` (which passes the resume arguments on): then the block's resume type is inferred,
/// else it is `()`.
pub fn uses_resume_value(body: &syn::Block) -> bool {
    struct Find(bool);
    impl<'ast> Visit<'ast> for Find {
        fn visit_stmt(&mut self, s: &'ast syn::Stmt) {
            let discarded = match s {
                syn::Stmt::Macro(m) => Some(&m.mac),
                syn::Stmt::Expr(Expr::Macro(m), Some(_)) => Some(&m.mac),
                syn::Stmt::Local(l) if matches!(l.pat, Pat::Wild(_)) => match l.init.as_ref().map(|i| &*i.expr) {
                    Some(Expr::Macro(m)) => Some(&m.mac),
                    _ => None,
                },
                _ => None,
            };
            match discarded {
                Some(m) if marker_of_macro(m) == Some(crate::names::Marker::Yield) => {
                    // Its operand may hold another yield whose value is used.
                    if let Ok(e) = crate::names::marker_operand(m) {
                        self.visit_expr(&e);
                    }
                }
                _ => syn::visit::visit_stmt(self, s),
            }
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            match marker_of_macro(m) {
                Some(crate::names::Marker::Yield) | Some(crate::names::Marker::YieldFrom) => self.0 = true,
                None => {
                    if let Some(args) = crate::macros::parse(m) {
                        for o in args.operands() {
                            self.visit_expr(o);
                        }
                    }
                }
            }
        }
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut f = Find(false);
    f.visit_block(body);
    f.0
}

/// Whether the body yields at all (a `yield_!` or `yield_from!` of its own): a block that never does yields `()`,
/// as async-stream's `stream! {}` does, so that rustc has an item type to infer.
pub fn yields(body: &syn::Block) -> bool {
    struct Find(bool);
    impl<'ast> Visit<'ast> for Find {
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            if marker_of_macro(m).is_some() {
                self.0 = true;
            } else if let Some(args) = crate::macros::parse(m) {
                for o in args.operands() {
                    self.visit_expr(o);
                }
            } else if !crate::names::is_block_macro(m) {
                // Another macro (`select!`, whose arms are lowered into the body): a marker among its tokens.
                self.0 |= marker_in_tokens(&m.tokens);
            }
        }
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut f = Find(false);
    f.visit_block(body);
    f.0
}

/// Whether tokens hold `yield_!` or `yield_from!`, outside any generator block among them.
fn marker_in_tokens(ts: &TokenStream) -> bool {
    let tokens: Vec<TokenTree> = ts.clone().into_iter().collect();
    tokens.iter().enumerate().any(|(i, tt)| match tt {
        TokenTree::Ident(id) => {
            (id == "yield_" || id == "yield_from")
                && matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!')
        }
        TokenTree::Group(g) => {
            let block = i >= 2
                && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == '!')
                && matches!(&tokens[i - 2], TokenTree::Ident(id) if crate::names::is_block_macro_name(id));
            !block && marker_in_tokens(&g.stream())
        }
        _ => false,
    })
}
