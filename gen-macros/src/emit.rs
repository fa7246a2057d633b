//! Writes the state machine: the `…State` enum (one variant per suspension point, plus `Start`, `Returned`,
//! `Poisoned`), the `…Block` enum (the dispatch loop's jump targets), and the resume closure.
//!
//! Input:  the blocks of [`Cfg`] and what each receives ([`Analysis`]).
//! Output: `enum CountdownState<T0, T1> { Start { n: T0 }, Yield0 { i: T1 }, Returned, Poisoned }` and
//!         `move |state, arg| { let mut block = match replace(state, Poisoned) { … }; loop { match block { … } } }`
//!
//! A block entered from exactly one place is written inline at that place; the others become `…Block` variants.
//! Each variant holds one generic parameter per stored local, so rustc infers every type; the arms are written in
//! source order so that each local's type is fixed (at its first assignment) before any use.

use std::collections::HashMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{Lifetime, Type};

use crate::analysis::Analysis;
use crate::build::Returner;
use crate::cfg::{BlockId, BlockKind, Cfg, LocalId, Op, ScopeId, Term};
use crate::names::hidden;

pub struct Names {
    pub state_enum: Ident,
    pub block_enum: Ident,
    pub state: Ident,
    pub arg: Ident,
    pub block: Ident,
    pub dispatch: Lifetime,
}

pub struct Output {
    /// The two enum definitions.
    pub items: TokenStream,
    /// The start state, built from the parameters.
    pub start: TokenStream,
    /// The resume closure.
    pub closure: TokenStream,
}

pub struct Emitter<'a> {
    cfg: &'a Cfg,
    an: &'a Analysis,
    names: &'a Names,
    returner: &'a Returner,
    labelled: Vec<bool>,
    variant: Vec<Ident>,
    field: Vec<Ident>,
    /// The declared yield type, when it can be written in the body.
    pub yield_ty: Option<Type>,
    /// Locals bound under another name at the start of the arm being written, to rename in a first `let`.
    renames: std::cell::RefCell<Vec<(String, Ident)>>,
}

/// A Rust block being written: the scope it closes at its `}` (none for a branch's own braces) and its code.
struct Level {
    scope: Option<ScopeId>,
    code: TokenStream,
}

/// Which identifier each local is reachable under at the current point of the emitted code.
type Env = HashMap<LocalId, Ident>;

impl<'a> Emitter<'a> {
    pub fn new(cfg: &'a Cfg, an: &'a Analysis, names: &'a Names, returner: &'a Returner) -> Self {
        let mut e = Emitter { cfg, an, names, returner, labelled: vec![false; cfg.blocks.len()], variant: Vec::new(), field: Vec::new(), yield_ty: None, renames: Default::default() };
        e.name_fields();
        e.decide_labels();
        e
    }

    /// A local's field name: its own name, with a suffix where several locals share it.
    fn name_fields(&mut self) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for l in &self.cfg.locals {
            let name = l.ident.to_string();
            let k = seen.entry(name.clone()).or_insert(0);
            let f = if *k == 0 { l.ident.clone() } else { Ident::new(&format!("{name}_{k}"), l.ident.span()) };
            *k += 1;
            self.field.push(f);
        }
    }

    /// Which blocks get a `…Block` variant: the start, every resume point, and every block not written inline.
    fn decide_labels(&mut self) {
        let mut counter = 0;
        self.variant = Vec::with_capacity(self.cfg.blocks.len());
        for (b, block) in self.cfg.blocks.iter().enumerate() {
            let name = match block.kind {
                BlockKind::Start => format_ident!("Start"),
                BlockKind::Resume(k) => format_ident!("{}{}", self.cfg.suspends[k].name(), k),
                BlockKind::Inner(kind) => {
                    let mut camel = crate::names::camel(kind);
                    camel.push_str(&counter.to_string());
                    counter += 1;
                    Ident::new(&camel, Span::call_site())
                }
            };
            self.variant.push(name);
            self.labelled[b] = self.an.reachable[b]
                && (!matches!(block.kind, BlockKind::Inner(_)) || self.an.preds[b] != 1);
        }
        // Blocks with one predecessor are inlined unless they close a scope they did not open, or re-bind a name
        // whose older local must still be handed on (see `inline_ok`).
        for b in 0..self.cfg.blocks.len() {
            if self.an.reachable[b] && !self.labelled[b] && !self.closes_only_own(b) {
                self.labelled[b] = true;
            }
        }
        for b in 0..self.cfg.blocks.len() {
            if self.an.reachable[b] && !self.labelled[b] && (!self.shadow_ok(b) || self.cfg.must_label.contains(&b)) {
                self.labelled[b] = true;
            }
        }
    }

    /// Written inline, a block can end only the scopes it opened itself.
    fn closes_only_own(&self, b: BlockId) -> bool {
        let mut opened: Vec<ScopeId> = Vec::new();
        for op in &self.cfg.blocks[b].ops {
            match op {
                Op::Let { scope, .. } => opened.push(*scope),
                Op::Close { scope } => {
                    if opened.last() == Some(scope) {
                        opened.pop();
                    } else {
                        return false;
                    }
                }
                _ => {}
            }
        }
        true
    }

    /// Inlining `b` must not hide a local under a name that later states still need to hand on.
    fn shadow_ok(&self, b: BlockId) -> bool {
        let block = &self.cfg.blocks[b];
        let mut new_names: Vec<String> = Vec::new();
        for op in &block.ops {
            match op {
                Op::Open { scope } => new_names.extend(self.cfg.scopes[*scope].locals.iter().map(|&l| self.cfg.locals[l].ident.to_string())),
                Op::Let { scope, .. } if block.kind == BlockKind::Inner("shadow") => {
                    new_names.extend(self.cfg.scopes[*scope].locals.iter().map(|&l| self.cfg.locals[l].ident.to_string()));
                    break;
                }
                _ => break,
            }
        }
        if new_names.is_empty() {
            return true;
        }
        let hidden_locals: Vec<LocalId> = block
            .entry_scopes
            .iter()
            .flat_map(|&s| self.cfg.scopes[s].locals.iter().copied())
            .filter(|&l| new_names.contains(&self.cfg.locals[l].ident.to_string()))
            .collect();
        if hidden_locals.is_empty() {
            return true;
        }
        // Is any of them stored at a block reachable from `b`?
        let mut seen = vec![false; self.cfg.blocks.len()];
        let mut stack = self.cfg.successors(b);
        while let Some(x) = stack.pop() {
            if seen[x] {
                continue;
            }
            seen[x] = true;
            if hidden_locals.iter().any(|l| self.an.stored[x].contains(l)) {
                return false;
            }
            stack.extend(self.cfg.successors(x));
        }
        true
    }

    fn state_variant(&self, k: usize) -> Ident {
        format_ident!("{}{}", self.cfg.suspends[k].name(), k)
    }

    fn resume_block(&self, k: usize) -> BlockId {
        self.cfg.blocks.iter().position(|b| b.kind == BlockKind::Resume(k)).expect("every suspension point has a resume block")
    }

    pub fn emit(&self, params: &[LocalId], arg_ty: &Type, yield_ty: &Type, ret_ty: Option<&Type>) -> Output {
        let Names { state_enum, block_enum, state, arg, block, dispatch } = self.names;

        // ----- the state enum: what a suspended generator holds -----------------------------------------------------
        let mut state_params: Vec<LocalId> = Vec::new();
        let mut state_variants = Vec::new();
        let add = |locals: &[LocalId], params: &mut Vec<LocalId>| -> TokenStream {
            // Fields in reverse declaration order: dropping a suspended generator drops the latest local first.
            let fields = locals.iter().rev().map(|&l| {
                if !params.contains(&l) {
                    params.push(l);
                }
                let ty = format_ident!("T{}", params.iter().position(|&p| p == l).expect("just added"));
                let f = &self.field[l];
                quote!(#f: #ty)
            });
            quote!({ #(#fields),* })
        };
        let start_fields = add(params, &mut state_params);
        state_variants.push(quote!(Start #start_fields));
        for k in 0..self.cfg.yields {
            let rb = self.resume_block(k);
            if !self.an.reachable[rb] {
                continue;
            }
            let v = self.state_variant(k);
            let fields = add(&self.an.stored[rb], &mut state_params);
            state_variants.push(quote!(#v #fields));
        }
        let state_generics: Vec<Ident> = (0..state_params.len()).map(|i| format_ident!("T{}", i)).collect();

        // ----- the block enum: where the dispatch loop goes next ----------------------------------------------------
        let mut block_params: Vec<LocalId> = Vec::new();
        let mut block_variants = Vec::new();
        let mut has_arg_param = false;
        for &b in &self.cfg.order {
            if !self.labelled[b] || block_variants.iter().any(|(bb, _)| *bb == b) {
                continue;
            }
            let mut fields: Vec<TokenStream> = self.an.stored[b]
                .iter()
                .map(|&l| {
                    if !block_params.contains(&l) {
                        block_params.push(l);
                    }
                    let ty = format_ident!("T{}", block_params.iter().position(|&p| p == l).expect("just added"));
                    let f = &self.field[l];
                    quote!(#f: #ty)
                })
                .collect();
            if !matches!(self.cfg.blocks[b].kind, BlockKind::Inner(_)) {
                has_arg_param = true;
                fields.push(quote!(#arg: A));
            }
            block_variants.push((b, quote!({ #(#fields),* })));
        }
        let mut block_generics: Vec<Ident> = (0..block_params.len()).map(|i| format_ident!("T{}", i)).collect();
        if has_arg_param {
            block_generics.push(format_ident!("A"));
        }
        let block_variant_defs = block_variants.iter().map(|(b, fields)| {
            let v = &self.variant[*b];
            quote!(#v #fields)
        });

        let items = quote! {
            /// The generator's state: where it is suspended and what it holds there.
            #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
            enum #state_enum<#(#state_generics),*> {
                #(#state_variants,)*
                Returned,
                Poisoned,
            }
            /// The dispatch loop's jump targets: the start, each resume point, and each join of the control flow.
            #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
            enum #block_enum<#(#block_generics),*> {
                #(#block_variant_defs,)*
            }
        };

        let start_binds = params.iter().map(|&l| {
            let f = &self.field[l];
            let i = &self.cfg.locals[l].ident;
            if i == "__self" {
                let this = Ident::new("self", i.span());
                quote!(#f: #this)
            } else if f == i {
                quote!(#f)
            } else {
                quote!(#f: #i)
            }
        });
        let start = quote!(#state_enum::Start { #(#start_binds),* });

        // ----- resume: state → block --------------------------------------------------------------------------------
        let mut entry_arms = Vec::new();
        let start_fields: Vec<&Ident> = params.iter().map(|&l| &self.field[l]).collect();
        entry_arms.push(quote! {
            #state_enum::Start { #(#start_fields),* } => #block_enum::Start { #(#start_fields,)* #arg }
        });
        for k in 0..self.cfg.yields {
            let rb = self.resume_block(k);
            if !self.an.reachable[rb] {
                continue;
            }
            let v = self.state_variant(k);
            let fs: Vec<&Ident> = self.an.stored[rb].iter().map(|&l| &self.field[l]).collect();
            entry_arms.push(quote! {
                #state_enum::#v { #(#fs),* } => #block_enum::#v { #(#fs,)* #arg }
            });
        }

        // ----- the dispatch loop ------------------------------------------------------------------------------------
        let mut arms = Vec::new();
        for (b, _) in &block_variants {
            arms.push(self.arm(*b));
        }

        let ret_annotation = ret_ty.map(|r| quote!(-> ::gen_runtime::__private::GeneratorState<#yield_ty, #r>));
        let closure = quote! {
            move |#state, #arg: #arg_ty| #ret_annotation {
                #[allow(unused_mut, unused_variables, unused_assignments, unreachable_code, unreachable_patterns, clippy::all, clippy::pedantic)]
                let mut #block = match ::core::mem::replace(#state, #state_enum::Poisoned) {
                    #(#entry_arms,)*
                    #state_enum::Returned => {
                        *#state = #state_enum::Returned;
                        ::gen_runtime::__private::resumed_after_completion()
                    }
                    #state_enum::Poisoned => ::gen_runtime::__private::resumed_after_panicking(),
                };
                #[allow(unused_mut, unused_variables, unused_assignments, unreachable_code, unreachable_patterns, unused_braces, dropping_copy_types, clippy::all, clippy::pedantic)]
                #dispatch: loop {
                    match #block {
                        #(#arms)*
                    }
                }
            }
        };
        Output { items, start, closure }
    }

    /// One arm of the dispatch loop: bind what the block receives, then its code.
    fn arm(&self, b: BlockId) -> TokenStream {
        let Names { block_enum, arg, .. } = self.names;
        let block = &self.cfg.blocks[b];
        let stored = &self.an.stored[b];
        let entry = &self.an.entry_scopes[b];
        // Scopes that end inside this block are re-opened as nested Rust blocks; the others are bound by the pattern.
        let closing: Vec<ScopeId> = block.ops.iter().filter_map(|op| if let Op::Close { scope } = op { Some(*scope) } else { None }).collect();
        let split = entry.iter().position(|s| closing.contains(s)).unwrap_or(entry.len());
        let refs = self.region_refs(b);
        let mut env: Env = HashMap::new();
        let mut pattern = Vec::new();
        let mut levels = vec![Level { scope: None, code: TokenStream::new() }];
        let entry_locals: Vec<LocalId> = entry.iter().flat_map(|&s| self.cfg.scopes[s].locals.iter().copied()).collect();
        // A local hidden by a later one of the same name is bound under a name of its own, so it can still be
        // handed on. Within a block, only a first `let` can hide one (the lowering starts a block there).
        let first_let: Vec<LocalId> = match block.ops.first() {
            Some(Op::Let { scope, .. }) if block.kind == BlockKind::Inner("shadow") => self.cfg.scopes[*scope].locals.clone(),
            _ => Vec::new(),
        };
        let shadowed = |l: LocalId| {
            let name = self.cfg.locals[l].ident.to_string();
            entry_locals.iter().chain(&first_let).any(|&o| o > l && self.cfg.locals[o].ident == name)
        };
        for (i, &s) in entry.iter().enumerate() {
            let nested = i >= split;
            if nested {
                levels.push(Level { scope: Some(s), code: TokenStream::new() });
            }
            for &l in &self.cfg.scopes[s].locals {
                let local = &self.cfg.locals[l];
                let f = &self.field[l];
                let m = local.mutable.then(|| quote!(mut));
                let name = if shadowed(l) { format_ident!("__{}_shadowed{}", local.ident.to_string().trim_start_matches('_'), l, span = Span::mixed_site()) } else { local.ident.clone() };
                if stored.contains(&l) {
                    if nested {
                        let tmp = format_ident!("__field{}", l, span = Span::mixed_site());
                        pattern.push(quote!(#f: #tmp));
                        let code = &mut levels.last_mut().expect("a level").code;
                        code.extend(quote!(let #m #name = #tmp;));
                    } else if *f == name {
                        pattern.push(quote!(#m #f));
                    } else {
                        pattern.push(quote!(#f: #m #name));
                    }
                    env.insert(l, name);
                } else if refs.contains(&l) {
                    let code = &mut levels.last_mut().expect("a level").code;
                    code.extend(quote!(let #m #name;));
                    env.insert(l, name);
                }
            }
        }
        if !matches!(block.kind, BlockKind::Inner(_)) {
            pattern.push(quote!(#arg));
        }
        // The initialiser of the shadowing `let` that starts this block still means the older local.
        let mut hidden_bound: Vec<(&LocalId, &Ident)> = env.iter().filter(|(l, name)| **name != self.cfg.locals[**l].ident).collect();
        hidden_bound.sort();
        let mut renames: Vec<(String, Ident)> = Vec::new();
        for (l, name) in hidden_bound.into_iter().rev() {
            // The innermost local of each name is the one the initialiser sees.
            let from = self.cfg.locals[*l].ident.to_string();
            if !renames.iter().any(|(f, _)| *f == from) {
                renames.push((from, name.clone()));
            }
        }
        self.renames.replace(renames);
        self.region(b, &refs, &mut env, &mut levels);
        let body = collapse(levels);
        let v = &self.variant[b];
        quote! {
            #block_enum::#v { #(#pattern),* } => { #body }
        }
    }

    /// Every local the code written for `b` (with what is inlined into it) names.
    fn region_refs(&self, b: BlockId) -> Vec<LocalId> {
        let mut out = Vec::new();
        let mut stack = vec![b];
        let mut seen = vec![false; self.cfg.blocks.len()];
        while let Some(x) = stack.pop() {
            if seen[x] {
                continue;
            }
            seen[x] = true;
            let block = &self.cfg.blocks[x];
            for op in &block.ops {
                if let Op::Stmt { facts, .. } | Op::Let { facts, .. } = op {
                    out.extend(facts.reads.iter().chain(&facts.moves).chain(&facts.assigns).copied());
                }
            }
            let f = &block.term_facts;
            out.extend(f.reads.iter().chain(&f.moves).chain(&f.assigns).copied());
            // Locals handed on to the next state are named too.
            for s in self.cfg.successors(x) {
                out.extend(self.an.stored[s].iter().copied());
                if !self.labelled[s] {
                    stack.push(s);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Writes the ops and terminator of `b` into `levels`.
    fn region(&self, b: BlockId, refs: &[LocalId], env: &mut Env, levels: &mut Vec<Level>) {
        let block = &self.cfg.blocks[b];
        for op in &block.ops {
            match op {
                Op::Stmt { code, .. } => {
                    self.renames.take();
                    levels.last_mut().expect("a level").code.extend(code.clone());
                }
                Op::Let { pat, init, diverge, scope, .. } => {
                    levels.push(Level { scope: Some(*scope), code: TokenStream::new() });
                    let locals = &self.cfg.scopes[*scope].locals;
                    if init.is_none() && !locals.iter().any(|l| refs.contains(l)) {
                        // Declared here but first assigned in a later state: declared there instead (rustc could
                        // not infer its type here).
                        continue;
                    }
                    let renames = self.renames.take();
                    let init = init.as_ref().map(|i| {
                        let mut i = i.clone();
                        for (from, to) in &renames {
                            i = crate::rename::rename(&i, from, to);
                        }
                        quote!(= #i)
                    });
                    let diverge = diverge.as_ref().map(|d| quote!(else #d));
                    levels.last_mut().expect("a level").code.extend(quote!(let #pat #init #diverge;));
                    for &l in &self.cfg.scopes[*scope].locals {
                        env.insert(l, self.cfg.locals[l].ident.clone());
                    }
                }
                Op::Open { scope } => {
                    for &l in &self.cfg.scopes[*scope].locals {
                        env.entry(l).or_insert_with(|| self.cfg.locals[l].ident.clone());
                    }
                }
                Op::Close { scope } => {
                    if levels.len() > 1 && levels.last().and_then(|l| l.scope) == Some(*scope) {
                        let top = levels.pop().expect("checked");
                        let code = top.code;
                        levels.last_mut().expect("a level").code.extend(quote!({ #code }));
                    }
                    for &l in &self.cfg.scopes[*scope].locals {
                        env.remove(&l);
                    }
                }
            }
        }
        let term = self.term(b, refs, env, levels);
        levels.last_mut().expect("a level").code.extend(term);
    }

    fn term(&self, b: BlockId, refs: &[LocalId], env: &Env, levels: &mut Vec<Level>) -> TokenStream {
        let Names { state_enum, state, .. } = self.names;
        match &self.cfg.blocks[b].term {
            Term::Goto(t) => {
                if self.labelled[*t] {
                    self.jump(*t, env)
                } else {
                    // Straight-line continuation: keep writing into the same levels.
                    let mut env = env.clone();
                    self.region(*t, refs, &mut env, levels);
                    TokenStream::new()
                }
            }
            Term::If { cond, then, els } => {
                let t = self.branch(*then, refs, env);
                let e = self.branch(*els, refs, env);
                quote!(if #cond { #t } else { #e })
            }
            Term::Match { scrutinee, arms } => {
                let arms = arms.iter().map(|a| {
                    let pat = &a.pat;
                    let guard = a.guard.as_ref().map(|g| quote!(if #g));
                    let body = self.branch(a.target, refs, env);
                    quote!(#pat #guard => { #body })
                });
                quote!(match #scrutinee { #(#arms)* })
            }
            Term::Yield { value, resume, index, span } => {
                let v = self.state_variant(*index);
                let fields = self.fields(*resume, env);
                let y = hidden("__yielded");
                // Checked against the declared yield type where it is written (a type error points at the value).
                let ty = match self.cfg.suspends[*index] {
                    crate::cfg::Suspend::Yield => self.yield_ty.as_ref().map(|t| quote!(: #t)),
                    crate::cfg::Suspend::Delegate => None,
                };
                quote_spanned! {*span=>
                    let #y #ty = #value;
                    *#state = #state_enum::#v { #(#fields),* };
                    return ::gen_runtime::__private::GeneratorState::Yielded(#y);
                }
            }
            Term::Return(value) => self.returner.ret(value.clone(), Span::call_site()),
            Term::Unreachable => quote!(::core::unreachable!()),
        }
    }

    /// The code of a branch target: inline if it has no variant of its own, else a jump.
    fn branch(&self, t: BlockId, refs: &[LocalId], env: &Env) -> TokenStream {
        if self.labelled[t] {
            return self.jump(t, env);
        }
        let mut env = env.clone();
        let mut levels = vec![Level { scope: None, code: TokenStream::new() }];
        self.region(t, refs, &mut env, &mut levels);
        collapse(levels)
    }

    fn fields(&self, t: BlockId, env: &Env) -> Vec<TokenStream> {
        self.an.stored[t]
            .iter()
            .map(|&l| {
                let f = &self.field[l];
                let v = env.get(&l).cloned().unwrap_or_else(|| self.cfg.locals[l].ident.clone());
                if *f == v { quote!(#f) } else { quote!(#f: #v) }
            })
            .collect()
    }

    fn jump(&self, t: BlockId, env: &Env) -> TokenStream {
        let Names { block_enum, block, dispatch, .. } = self.names;
        let v = &self.variant[t];
        let fields = self.fields(t, env);
        quote! {
            #block = #block_enum::#v { #(#fields),* };
            continue #dispatch;
        }
    }
}

/// Closes every open level: the code after a terminator is never reached, so the braces just end.
fn collapse(mut levels: Vec<Level>) -> TokenStream {
    while levels.len() > 1 {
        let top = levels.pop().expect("checked");
        let code = top.code;
        levels.last_mut().expect("a level").code.extend(quote!({ #code }));
    }
    levels.pop().map(|l| l.code).unwrap_or_default()
}
