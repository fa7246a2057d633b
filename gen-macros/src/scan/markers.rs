//! Where the marker macros (`yield_!`, `yield_from!`) and `.await`s are: whether an expression suspends, and the
//! markers that stand where the generator cannot suspend (a closure, an `async` block, a nested item, a macro the
//! lowering cannot see into), each reported with the place it stands in.
//!
//! Input:  `v.iter().map(|x| yield_!(x))`
//! Output: `Misplaced { span: <the marker>, marker: "yield_!", place: "closure" }`

use proc_macro2::{TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::{Expr, Macro};

use crate::names::{as_marker, marker_of_macro};

/// Where a marker macro stands somewhere it cannot suspend the generator.
pub struct Misplaced {
    pub span: proc_macro2::Span,
    pub marker: &'static str,
    pub place: &'static str,
}

/// Does `expr` contain a marker that suspends the generator it is lowered in (not counting closures, async blocks,
/// nested items, whose markers are errors reported by [`find_misplaced`])? With `awaits` (an `async` generator),
/// an `.await` suspends too.
pub fn contains_yield(expr: &Expr, awaits: bool) -> bool {
    let mut f = YieldFinder::new(awaits);
    syn::visit::Visit::visit_expr(&mut f, expr);
    f.found
}

/// [`contains_yield`] for a block.
pub fn block_contains_yield(block: &syn::Block, awaits: bool) -> bool {
    let mut f = YieldFinder::new(awaits);
    syn::visit::Visit::visit_block(&mut f, block);
    f.found
}

/// The span of the first marker in `expr` (or of `expr` itself when it holds none).
pub fn first_marker_span(expr: &Expr) -> proc_macro2::Span {
    struct First(Option<proc_macro2::Span>);
    impl<'ast> syn::visit::Visit<'ast> for First {
        fn visit_macro(&mut self, m: &'ast Macro) {
            if self.0.is_none() && marker_of_macro(m).is_some() {
                self.0 = Some(m.span());
            }
        }
    }
    let mut f = First(None);
    syn::visit::Visit::visit_expr(&mut f, expr);
    f.0.unwrap_or_else(|| expr.span())
}

/// The first `yield_!` / `yield_from!` in `expr` that would suspend the generator it is lowered in (as
/// [`contains_yield`] finds them, `.await` not counted), with its name.
pub fn first_suspending_marker(expr: &Expr) -> Option<(proc_macro2::Span, &'static str)> {
    let mut f = YieldFinder { found: false, markers_only: true, awaits: false, first: None };
    syn::visit::Visit::visit_expr(&mut f, expr);
    f.first
}

struct YieldFinder {
    found: bool,
    /// Count only the marker macros, not `.await` (and note where the first is).
    markers_only: bool,
    /// `.await` suspends (the function is `async`).
    awaits: bool,
    first: Option<(proc_macro2::Span, &'static str)>,
}

impl YieldFinder {
    fn new(awaits: bool) -> Self {
        YieldFinder { found: false, markers_only: false, awaits, first: None }
    }

    fn marker(&mut self, m: &Macro) {
        self.found = true;
        let name = match marker_of_macro(m) {
            Some(crate::names::Marker::YieldFrom) => "yield_from!",
            _ => "yield_!",
        };
        self.first = Some((m.span(), name));
    }
}

impl<'ast> syn::visit::Visit<'ast> for YieldFinder {
    fn visit_expr(&mut self, e: &'ast Expr) {
        if self.found {
            return;
        }
        if let Some((_, m)) = as_marker(e) {
            self.marker(&m.mac);
            return;
        }
        if matches!(e, Expr::Await(_)) && !self.markers_only && self.awaits {
            self.found = true;
            return;
        }
        match e {
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            _ => syn::visit::visit_expr(self, e),
        }
    }
    fn visit_macro(&mut self, m: &'ast Macro) {
        if self.found {
            return;
        }
        if marker_of_macro(m).is_some() {
            self.marker(m);
        } else if let Some(args) = crate::macros::parse(m) {
            for e in args.operands() {
                self.visit_expr(e);
            }
        }
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// Every marker in a position where it cannot be lowered: inside a closure, an `async` block, a `const` block, a
/// nested item, or the arguments of another macro.
pub fn find_misplaced(block: &syn::Block) -> Vec<Misplaced> {
    let mut f = MisplacedFinder { out: Vec::new(), context: None };
    syn::visit::Visit::visit_block(&mut f, block);
    f.out
}

struct MisplacedFinder {
    out: Vec<Misplaced>,
    context: Option<&'static str>,
}

impl MisplacedFinder {
    fn within(&mut self, place: &'static str, f: impl FnOnce(&mut Self)) {
        let saved = self.context.replace(place);
        f(self);
        self.context = saved;
    }

    fn marker(&mut self, mac: &Macro) {
        if crate::names::is_block_macro(mac) {
            return;
        }
        let Some(kind) = marker_of_macro(mac) else {
            match crate::macros::parse(mac) {
                Some(args) => {
                    // std's expression-taking macros: their operands are lowered like call arguments.
                    for e in args.operands() {
                        syn::visit::Visit::visit_expr(self, e);
                    }
                    for kept in args.kept() {
                        self.foreign_tokens(kept.clone(), "macro message");
                    }
                }
                None => self.foreign_macro(mac),
            }
            return;
        };
        let name = match kind {
            crate::names::Marker::Yield => "yield_!",
            crate::names::Marker::YieldFrom => "yield_from!",
        };
        if let Some(place) = self.context {
            self.out.push(Misplaced { span: mac.span(), marker: name, place });
        }
        // The operand may hold further markers (`yield_!(yield_!(1))`).
        if let Ok(e) = crate::names::marker_operand(mac) {
            syn::visit::Visit::visit_expr(self, &e);
        }
    }

    /// A marker inside another macro's input is invisible to the lowering.
    fn foreign_macro(&mut self, mac: &Macro) {
        self.foreign_tokens(mac.tokens.clone(), "macro");
    }

    fn foreign_tokens(&mut self, tokens: TokenStream, place: &'static str) {
        let mut stack: Vec<TokenStream> = vec![tokens];
        while let Some(ts) = stack.pop() {
            let tokens: Vec<TokenTree> = ts.into_iter().collect();
            for (i, tt) in tokens.iter().enumerate() {
                match tt {
                    TokenTree::Ident(id) if id == "yield_" || id == "yield_from" => {
                        let bang = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                        if bang {
                            let marker = if id == "yield_" { "yield_!" } else { "yield_from!" };
                            self.out.push(Misplaced { span: id.span(), marker, place });
                        }
                    }
                    TokenTree::Group(g) => {
                        // `gen_block! { … }` inside another macro's input: a generator of its own.
                        let block = i >= 2
                            && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == '!')
                            && matches!(&tokens[i - 2], TokenTree::Ident(id) if crate::names::is_block_macro_name(id));
                        if !block {
                            stack.push(g.stream());
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

impl<'ast> syn::visit::Visit<'ast> for MisplacedFinder {
    fn visit_expr(&mut self, e: &'ast Expr) {
        match e {
            Expr::Closure(c) => self.within("closure", |s| syn::visit::visit_expr_closure(s, c)),
            Expr::Async(a) => self.within("async", |s| syn::visit::visit_expr_async(s, a)),
            Expr::Const(c) => self.within("const", |s| syn::visit::visit_expr_const(s, c)),
            Expr::Macro(m) => self.marker(&m.mac),
            _ => syn::visit::visit_expr(self, e),
        }
    }
    fn visit_stmt_macro(&mut self, m: &'ast syn::StmtMacro) {
        self.marker(&m.mac);
    }
    fn visit_item(&mut self, i: &'ast syn::Item) {
        self.within("item", |s| syn::visit::visit_item(s, i));
    }
}
