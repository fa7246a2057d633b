//! The state graph the expansion exposes through `StateMachine`: the states of the state enum, and every transition
//! one resume can make, found by walking the blocks from each resumable state to the suspension points and returns
//! it can reach.
//!
//! Input:  the blocks of `countdown` (Start → While0 → Yield0 / return; Yield0 → While0)
//! Output: `static COUNTDOWN_STATE_GRAPH: StateGraph = StateGraph { states: [Start, Yield0, Returned, Poisoned],`
//!         `transitions: [Start→Yield0 yield, Start→Returned return, Yield0→Yield0 yield, Yield0→Returned return] }`

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};

use crate::analysis::Analysis;
use crate::lowered::{BlockId, BlockKind, Lowered, Op, Suspend, Term};

/// A state of the state enum, in order.
pub struct State {
    pub name: Ident,
    /// The block a resume in this state starts with (none for `Returned` and `Poisoned`).
    pub block: Option<BlockId>,
    pub kind: &'static str,
    /// The suspension point's span and source text.
    pub point: Option<(Span, String)>,
}

/// The `static` graph and the `StateIndex` impl for the state enum.
pub fn emit(lowered: &Lowered, an: &Analysis, fn_name: &str, state_enum: &Ident, generics: &[Ident], states: &[State]) -> TokenStream {
    let index_of = |name: &str| states.iter().position(|s| s.name == name);
    let returned = index_of("Returned").unwrap_or(0);
    let poisoned = index_of("Poisoned").unwrap_or(0);
    let mut transitions: Vec<(usize, usize, &'static str)> = Vec::new();
    for (from, s) in states.iter().enumerate() {
        let Some(start) = s.block else { continue };
        let mut seen = vec![false; lowered.blocks.len()];
        let mut stack = vec![start];
        while let Some(b) = stack.pop() {
            if seen[b] || !an.reachable[b] {
                continue;
            }
            seen[b] = true;
            let block = &lowered.blocks[b];
            if block.returns {
                transitions.push((from, returned, "Return"));
            }
            for op in &block.ops {
                let mut finder = PanicFinder(false);
                match op {
                    Op::Stmt { stmt, .. } => syn::visit::Visit::visit_stmt(&mut finder, stmt),
                    Op::Let { init: Some(init), .. } => syn::visit::Visit::visit_expr(&mut finder, init),
                    _ => {}
                }
                if finder.0 {
                    transitions.push((from, poisoned, "Panic"));
                }
            }
            match &block.term {
                Term::Yield { index, .. } => {
                    let name = format!("{}{}", lowered.points[*index].kind.name(), index);
                    let kind = match lowered.points[*index].kind {
                        Suspend::Yield => "Yield",
                        Suspend::Delegate => "Delegate",
                        Suspend::Await => "Await",
                    };
                    if let Some(to) = index_of(&name) {
                        transitions.push((from, to, kind));
                    }
                }
                Term::Return(_) => transitions.push((from, returned, "Return")),
                _ => stack.extend(lowered.successors(b)),
            }
        }
    }
    let mut unique = Vec::new();
    for t in transitions {
        if !unique.contains(&t) {
            unique.push(t);
        }
    }
    unique.sort_by_key(|&(f, t, _)| (f, t));

    let p = quote!(::gen_runtime::__private);
    let infos = states.iter().enumerate().map(|(i, s)| {
        let name = s.name.to_string();
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        match &s.point {
            Some((span, text)) => {
                let f = format_ident!("at_{}", s.kind.to_lowercase());
                let at = quote_spanned!(*span=> ::core::file!(), ::core::line!(), ::core::column!());
                quote!(#p::#f(#name, #i, #text, #at))
            }
            None => {
                let f = format_ident!("{}", s.kind.to_lowercase());
                quote!(#p::#f(#i))
            }
        }
    });
    let transitions = unique.iter().map(|(from, to, kind)| {
        let f = format_ident!("{}", match *kind { "Yield" => "yields", "Await" => "awaits", "Delegate" => "delegates", "Return" => "returns", _ => "panics" });
        let (from, to) = (proc_macro2::Literal::usize_unsuffixed(*from), proc_macro2::Literal::usize_unsuffixed(*to));
        quote!(#p::#f(#from, #to))
    });
    let arms = states.iter().enumerate().map(|(i, s)| {
        let v = &s.name;
        if s.name == "Returned" || s.name == "Poisoned" { quote!(Self::#v => #i,) } else { quote!(Self::#v { .. } => #i,) }
    });
    let graph = format_ident!("{}_STATE_GRAPH", fn_name.trim_start_matches("r#").to_uppercase());
    quote! {
        #[allow(non_upper_case_globals)]
        static #graph: ::gen_runtime::__private::StateGraph = ::gen_runtime::__private::StateGraph {
            name: #fn_name,
            states: &[#(#infos),*],
            transitions: &[#(#transitions),*],
        };
        impl<#(#generics),*> ::gen_runtime::__private::StateIndex for #state_enum<#(#generics),*> {
            #[inline]
            fn state_index(&self) -> usize {
                match self { #(#arms)* }
            }
            #[inline]
            fn is_returned(&self) -> bool {
                ::core::matches!(self, Self::Returned)
            }
            #[inline]
            fn graph() -> &'static ::gen_runtime::__private::StateGraph {
                &#graph
            }
        }
    }
}

/// The state a block belongs to, for `Start` and the resume blocks.
pub fn kind_of(lowered: &Lowered, b: BlockId) -> &'static str {
    match lowered.blocks[b].kind {
        BlockKind::Start => "Start",
        BlockKind::Resume(k) => match lowered.points[k].kind {
            Suspend::Yield => "Yield",
            Suspend::Delegate => "Delegate",
            Suspend::Await => "Await",
        },
        BlockKind::Inner(_) => "Start",
    }
}

/// Finds a call of a panicking macro (`panic!`, `assert!`, `unreachable!`, …) in code: the macros in the tree, and
/// in their arguments (tokens, see [`panics`]).
struct PanicFinder(bool);

impl<'ast> syn::visit::Visit<'ast> for PanicFinder {
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let name = m.path.segments.last().map(|s| s.ident.to_string());
        if name.as_deref().and_then(crate::std_macros::by_name).is_some_and(|m| m.may_panic) || panics(&m.tokens) {
            self.0 = true;
        }
    }
}

/// Does the code call a panicking macro (`panic!`, `assert!`, `unreachable!`, …)?
fn panics(code: &TokenStream) -> bool {
    let tokens: Vec<TokenTree> = code.clone().into_iter().collect();
    tokens.iter().enumerate().any(|(i, tt)| match tt {
        TokenTree::Ident(id) => {
            let name = id.to_string();
            crate::std_macros::by_name(&name).is_some_and(|m| m.may_panic)
                && matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!')
        }
        TokenTree::Group(g) => panics(&g.stream()),
        _ => false,
    })
}

/// Whether a statement is a call of a macro that always panics (`unreachable!()`, `panic!(…)`, `todo!()`,
/// `unimplemented!()`, by any path): the code after it never runs.
pub fn always_panics(op: &Op) -> bool {
    let mac = match op {
        Op::Stmt { stmt: syn::Stmt::Macro(m), .. } => &m.mac,
        Op::Stmt { stmt: syn::Stmt::Expr(syn::Expr::Macro(m), _), .. } => &m.mac,
        _ => return false,
    };
    let name = mac.path.segments.last().map(|s| s.ident.to_string());
    name.as_deref().and_then(crate::std_macros::by_name).is_some_and(|m| m.diverges)
}

