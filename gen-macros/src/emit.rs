//! Writes the state machine: the `…State` enum (one variant per suspension point, plus `Start`, `Returned`,
//! `Poisoned`), the `…Block` enum (the dispatch loop's jump targets), and the resume closure.
//!
//! Input:  the blocks of [`Cfg`] and what each receives ([`Analysis`]).
//! Output: `enum CountdownState<T0, T1> { Start { n: T0 }, Yield0 { i: T1 }, Returned, Poisoned }` and
//!         `move |state, arg| { let mut block = Resume(replace(state, Poisoned), arg);
//!                              loop { match block { Resume(Start { n }, arg) => …, While0 { i } => …, … } } }`
//!
//! A block entered from exactly one place is written inline at that place; the others become `…Block` variants.
//! Each variant holds one generic parameter per stored local, so rustc infers every type; the arms are written in
//! source order so that each local's type is fixed (at its first assignment) before any use. The loop starts from
//! `Resume`, whose arms match the state: entered with a constant, the optimiser goes from the state's discriminant
//! straight to the resume point's code, which writes a copy of the block it goes on to (a loop head, usually) in
//! place of the jump, so a resume reaches its next suspension without going round the loop.

use std::collections::HashMap;

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::{Lifetime, Type};

use crate::analysis::Analysis;
use crate::mode::Returner;
use crate::cfg::{BlockId, BlockKind, Cfg, LocalId, Op, ScopeId, Storage, Term};
use crate::names::hidden;

pub struct Names {
    pub state_enum: Ident,
    pub block_enum: Ident,
    pub subs_struct: Ident,
    pub pinned_struct: Ident,
    pub subs: Ident,
    pub pinned: Ident,
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
    /// The empty slots of the sub-generators and of the pinned locals (`()` when there are none).
    pub subs: TokenStream,
    pub pinned: TokenStream,
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
    /// The generator function's name.
    pub fn_name: String,
    /// The resume argument is the task context of an `async` generator: a `Copy` pointer that the arms read from
    /// the closure's parameter, so `Resume` does not carry it (it then never goes through memory).
    pub arg_is_cx: bool,
    /// Whether the attribute declares the yield type (`yield = T`); without it, a generator yields `()`.
    pub yield_declared: bool,
    /// The parameters are a generator block's captures: dropped like a closure's (see `drop_order`).
    pub captures: bool,
    /// Locals bound under another name at the start of the arm being written, to rename in a first `let`.
    renames: std::cell::RefCell<Vec<(String, TokenStream)>>,
    /// How many more jumps, in the code being written, may be replaced by a copy of their target's code (see
    /// [`Self::jump`]): one within a resume point's arm, none elsewhere.
    copies: std::cell::Cell<u8>,
    /// The blocks the arm being written jumps to.
    jumps: std::cell::RefCell<Vec<BlockId>>,
    /// Blocks never copied in place of a jump (see `emit`).
    not_copied: std::cell::RefCell<Vec<BlockId>>,
}

/// A Rust block being written: the scope it closes at its `}` (none for a branch's own braces) and its code.
struct Level {
    scope: Option<ScopeId>,
    code: TokenStream,
}

/// What the emitted code can reach at the current point: the identifier each local is bound under, and the pinned
/// locals that user code names (by name, innermost first), which it reaches through their slot.
#[derive(Clone, Default)]
struct Env {
    names: HashMap<LocalId, Ident>,
    pins: Vec<(String, LocalId)>,
    /// The guards of the slotted locals in scope: dropped where the local's scope ends (emptying its slot),
    /// forgotten at a suspension point.
    guards: Vec<(LocalId, Ident)>,
}

impl Env {
    fn get(&self, l: &LocalId) -> Option<&Ident> {
        self.names.get(l)
    }
    fn insert(&mut self, l: LocalId, name: Ident) {
        self.names.insert(l, name);
    }
    fn remove(&mut self, l: &LocalId) {
        self.names.remove(l);
        self.pins.retain(|(_, p)| p != l);
        self.guards.retain(|(g, _)| g != l);
    }

    /// `forget` for every guard: the locals stay in their slots across the suspension or jump.
    fn forget_guards(&self) -> TokenStream {
        let guards = self.guards.iter().map(|(_, g)| g);
        quote!(#(::core::mem::forget(#guards);)*)
    }
    fn iter(&self) -> impl Iterator<Item = (&LocalId, &Ident)> {
        self.names.iter()
    }
    /// A local named `name` comes into scope: the name now means it.
    fn declare(&mut self, name: String, l: LocalId, pinned: bool) {
        self.pins.retain(|(n, _)| *n != name);
        if pinned {
            self.pins.push((name, l));
        }
    }
}

impl<'a> Emitter<'a> {
    pub fn new(cfg: &'a Cfg, an: &'a Analysis, names: &'a Names, returner: &'a Returner) -> Self {
        let mut e = Emitter { cfg, an, names, returner, labelled: vec![false; cfg.blocks.len()], variant: Vec::new(), field: Vec::new(), yield_ty: None, fn_name: String::new(), arg_is_cx: false, yield_declared: true, captures: false, renames: Default::default(), copies: std::cell::Cell::new(0), jumps: Default::default(), not_copied: Default::default() };
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
        // Blocks with one predecessor are inlined unless they re-bind a name whose older local must still be handed
        // on. (One that ends a scope it did not open re-binds that scope's locals: see `region`.)
        for b in 0..self.cfg.blocks.len() {
            if self.an.reachable[b] && !self.labelled[b] && (!self.shadow_ok(b) || self.cfg.must_label.contains(&b)) {
                self.labelled[b] = true;
            }
        }
    }

    /// The scopes `b` ends that it did not open (a loop's exit ends the scope of its iterator), outermost first.
    fn foreign_closes(&self, b: BlockId) -> Vec<ScopeId> {
        let mut opened: Vec<ScopeId> = Vec::new();
        let mut foreign = Vec::new();
        for op in &self.cfg.blocks[b].ops {
            match op {
                Op::Let { scope, .. } | Op::Open { scope } => opened.push(*scope),
                Op::Close { scope } if !opened.contains(scope) => foreign.push(*scope),
                _ => {}
            }
        }
        foreign.reverse();
        foreign
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

    /// The order in which `locals` (in declaration order) are dropped: the latest declared first when `reverse`,
    /// except a block's captures (`captures`), which go last and in capture order, as a closure drops its captures
    /// after the locals of its body.
    fn drop_order(&self, locals: &[LocalId], captures: &[LocalId], reverse: bool) -> Vec<LocalId> {
        let (caps, rest): (Vec<LocalId>, Vec<LocalId>) = locals.iter().partition(|l| captures.contains(l));
        let rest: Vec<LocalId> = if reverse { rest.into_iter().rev().collect() } else { rest };
        rest.into_iter().chain(caps).collect()
    }

    pub fn emit(&self, params: &[LocalId], arg_ty: &Type, yield_ty: &Type, ret_ty: Option<&Type>) -> Output {
        let Names { state_enum, block_enum, subs_struct, pinned_struct, subs, pinned, state, arg, block, dispatch } =
            self.names;

        // ----- the state enum: what a suspended generator holds -----------------------------------------------------
        let mut state_params: Vec<LocalId> = Vec::new();
        let mut state_variants = Vec::new();
        let params_of_block: &[LocalId] = if self.captures { params } else { &[] };
        let add = |locals: &[LocalId], params: &mut Vec<LocalId>, reverse: bool| -> TokenStream {
            // Fields in reverse declaration order: dropping a suspended generator drops the latest local first. The
            // start state of an `async` generator holds the arguments in declaration order: dropped unresumed, it
            // drops them first to last, as an unresumed `async fn` does; an unresumed sync generator drops them last
            // to first, as an unresumed native coroutine drops its captures (and a plain function its arguments).
            let order = self.drop_order(locals, params_of_block, reverse);
            let fields = order.into_iter().map(|l| {
                if !params.contains(&l) {
                    params.push(l);
                }
                let ty = format_ident!("T{}", params.iter().position(|&p| p == l).expect("just added"));
                let f = &self.field[l];
                quote!(#f: #ty)
            });
            quote!({ #(#fields),* })
        };
        let start_fields = add(params, &mut state_params, !self.arg_is_cx && !self.captures);
        state_variants.push(quote!(Start #start_fields));
        for k in 0..self.cfg.yields {
            let rb = self.resume_block(k);
            if !self.an.reachable[rb] {
                continue;
            }
            let v = self.state_variant(k);
            let fields = add(&self.an.stored[rb], &mut state_params, true);
            state_variants.push(quote!(#v #fields));
        }
        let state_generics: Vec<Ident> = (0..state_params.len()).map(|i| format_ident!("T{}", i)).collect();
        let mut graph_states = vec![crate::graph::State { name: format_ident!("Start"), block: Some(0), kind: "Start", point: None }];
        for k in 0..self.cfg.yields {
            let rb = self.resume_block(k);
            if self.an.reachable[rb] {
                graph_states.push(crate::graph::State {
                    name: self.state_variant(k),
                    block: Some(rb),
                    kind: crate::graph::kind_of(self.cfg, rb),
                    point: self.cfg.points.get(k).cloned(),
                });
            }
        }
        graph_states.push(crate::graph::State { name: format_ident!("Returned"), block: None, kind: "Returned", point: None });
        graph_states.push(crate::graph::State { name: format_ident!("Poisoned"), block: None, kind: "Poisoned", point: None });
        let graph = crate::graph::emit(self.cfg, self.an, &self.fn_name, state_enum, &state_generics, &graph_states);

        // ----- the block enum: where the dispatch loop goes next ----------------------------------------------------
        // The arms, in source order, so that each local's type is fixed (at its first assignment) before any use; the
        // start and each resume point match the state inside `Resume`. A block whose every jump became a copy of its
        // code (see `jump`) keeps no arm: only the arms that something jumps to are written.
        let mut labelled_order: Vec<BlockId> = Vec::new();
        for &b in &self.cfg.order {
            if self.labelled[b] && !labelled_order.contains(&b) {
                labelled_order.push(b);
            }
        }
        // The types of a block's locals are fixed by the first jump to it, which must come before its arm: a block
        // whose every earlier jump became a copy is not copied (and the arms are written again).
        let arms = loop {
            let mut arms: Vec<(BlockId, TokenStream, Vec<BlockId>)> = Vec::new();
            for &b in &labelled_order {
                self.jumps.take();
                let arm = self.arm(b);
                arms.push((b, arm, self.jumps.take()));
            }
            let mut kept = vec![false; self.cfg.blocks.len()];
            let mut stack: Vec<BlockId> =
                labelled_order.iter().copied().filter(|&b| !matches!(self.cfg.blocks[b].kind, BlockKind::Inner(_))).collect();
            while let Some(b) = stack.pop() {
                if !std::mem::replace(&mut kept[b], true) {
                    if let Some((_, _, targets)) = arms.iter().find(|(x, _, _)| *x == b) {
                        stack.extend(targets.iter().copied());
                    }
                }
            }
            arms.retain(|(b, _, _)| kept[*b]);
            let late: Vec<BlockId> = arms
                .iter()
                .enumerate()
                .filter(|(i, (b, _, _))| {
                    matches!(self.cfg.blocks[*b].kind, BlockKind::Inner(_)) && !arms[..*i].iter().any(|(_, _, t)| t.contains(b))
                })
                .map(|(_, (b, _, _))| *b)
                .filter(|b| !self.not_copied.borrow().contains(b))
                .collect();
            if late.is_empty() {
                break arms;
            }
            self.not_copied.borrow_mut().extend(late);
        };

        // ----- the block enum: where the dispatch loop goes next ----------------------------------------------------
        let mut block_params: Vec<LocalId> = Vec::new();
        let mut block_variants = Vec::new();
        for (b, _, _) in &arms {
            let b = *b;
            if !matches!(self.cfg.blocks[b].kind, BlockKind::Inner(_)) {
                // The start and the resume points are reached only from the state: `Resume(state, arg)`.
                continue;
            }
            let fields: Vec<TokenStream> = self.an.stored[b]
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
            block_variants.push((b, quote!({ #(#fields),* })));
        }
        let mut block_generics: Vec<Ident> = (0..block_params.len()).map(|i| format_ident!("T{}", i)).collect();
        block_generics.push(format_ident!("S"));
        block_generics.push(format_ident!("A"));
        let block_variant_defs = block_variants.iter().map(|(b, fields)| {
            let v = &self.variant[*b];
            quote!(#v #fields)
        });


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
                /// Resuming: the state read, and the resume argument.
                Resume(S, A),
                #(#block_variant_defs,)*
            }
        };

        // ----- the pinned slots: sub-generators, and locals that something held across a suspension borrows ---------
        let slots = |want: &dyn Fn(LocalId) -> bool, slot: TokenStream, name: &Ident| -> (TokenStream, TokenStream) {
            let locals: Vec<LocalId> = (0..self.cfg.locals.len()).filter(|&l| want(l)).collect();
            if locals.is_empty() {
                return (TokenStream::new(), quote!(()));
            }
            // Reverse declaration order: the latest declared is dropped first.
            let generics: Vec<Ident> = (0..locals.len()).map(|i| format_ident!("T{}", i)).collect();
            let fields = locals.iter().rev().zip(&generics).map(|(&l, g)| {
                let f = &self.field[l];
                quote!(#f: ::gen_runtime::__private::#slot<#g>)
            });
            let inits = locals.iter().map(|&l| {
                let f = &self.field[l];
                quote!(#f: ::gen_runtime::__private::#slot::new())
            });
            let clears = locals.iter().rev().map(|&l| {
                let f = &self.field[l];
                quote!(self.#f.clear();)
            });
            // Slots are `!Unpin` (so that reaching one never asserts uniqueness over what is borrowed in it); the
            // struct is `Unpin` again when it may move between resumes: sub-generators that may move, pinned locals
            // that nothing borrows (drop flags, large arrays). A local that something borrows keeps it `!Unpin`.
            let unpin = if *name == *pinned_struct {
                // Each borrowed local keeps it `!Unpin` through a marker named after it and declared at its name, so
                // that the error for moving the generator says which local and why ("within
                // `text_is_borrowed_across_a_suspension<String>`, … `PhantomPinned` cannot be unpinned").
                let borrowed: Vec<(LocalId, &Ident)> =
                    locals.iter().rev().zip(&generics).filter(|&(&l, _)| self.an.self_borrowed[l]).map(|(&l, g)| (l, g)).collect();
                let markers = borrowed.iter().map(|&(l, g)| {
                    let local = &self.cfg.locals[l].ident;
                    let marker = format_ident!("{}_is_borrowed_across_a_suspension", local.to_string().trim_start_matches("r#"), span = local.span());
                    (marker, g)
                });
                // Locals that share a name (shadowing, a parameter shadowed by a `let`) share one marker.
                let mut defined: Vec<Ident> = Vec::new();
                let mut defs: Vec<TokenStream> = Vec::new();
                let mut bounds: Vec<TokenStream> = Vec::new();
                for (m, g) in markers {
                    bounds.push(quote!(#m<#g>: ::core::marker::Unpin));
                    if !defined.contains(&m) {
                        defs.push(quote! {
                            #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
                            struct #m<T>(::core::marker::PhantomPinned, ::core::marker::PhantomData<T>);
                        });
                        defined.push(m);
                    }
                }
                Some(quote! {
                    #(#defs)*
                    impl<#(#generics),*> ::core::marker::Unpin for #name<#(#generics),*> where #(#bounds),* {}
                })
            } else {
                Some(quote!(impl<#(#generics: ::core::marker::Unpin),*> ::core::marker::Unpin for #name<#(#generics),*> {}))
            };
            (
                quote! {
                    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
                    struct #name<#(#generics),*> { #(#fields,)* }
                    impl<#(#generics),*> ::gen_runtime::__private::Slots for #name<#(#generics),*> {
                        #[inline]
                        fn clear(&mut self) { #(#clears)* }
                    }
                    #unpin
                },
                quote!(#name { #(#inits,)* }),
            )
        };
        let (subs_def, subs_init) =
            slots(&|l| self.cfg.locals[l].storage == Storage::Sub && self.used(l), quote!(SubSlot), subs_struct);
        let (pinned_def, pinned_init) = slots(&|l| self.an.pinned[l] && self.used(l), quote!(PinnedSlot), pinned_struct);
        let drop_order = if pinned_def.is_empty() { TokenStream::new() } else { self.drop_in_order(params, &state_params) };
        let items = quote!(#items #subs_def #pinned_def #drop_order #graph);

        // ----- the dispatch loop ------------------------------------------------------------------------------------
        let arms = arms.iter().map(|(_, arm, _)| arm);

        let carried = if self.arg_is_cx { quote!(()) } else { quote!(#arg) };
        let ret_annotation = ret_ty.map(|r| quote!(-> ::gen_runtime::__private::GeneratorState<#yield_ty, #r>));
        let closure = quote! {
            move |#state, #subs, #pinned, #arg: #arg_ty| #ret_annotation {
                #[allow(unused_mut, unused_variables, unused_assignments, unreachable_code, unreachable_patterns, unused_braces, unused_doc_comments, dropping_copy_types, clippy::all, clippy::pedantic)]
                {
                    // The loop starts from `Resume`, a constant: the optimiser goes from the state straight to its arm.
                    let mut #block = #block_enum::Resume(::core::mem::replace(#state, #state_enum::Poisoned), #carried);
                    #dispatch: loop {
                        match #block {
                            #(#arms)*
                            #block_enum::Resume(#state_enum::Returned, _) => {
                                *#state = #state_enum::Returned;
                                ::gen_runtime::__private::resumed_after_completion()
                            }
                            #block_enum::Resume(#state_enum::Poisoned, _) => ::gen_runtime::__private::resumed_after_panicking(),
                        }
                    }
                };
            }
        };
        Output { items, start, subs: subs_init, pinned: pinned_init, closure }
    }

    /// One arm of the dispatch loop: bind what the block receives, then its code. The start and each resume point
    /// match the state they start from (inside `Resume`).
    fn arm(&self, b: BlockId) -> TokenStream {
        let Names { block_enum, state_enum, arg, .. } = self.names;
        let (pattern, body) = match self.cfg.blocks[b].kind {
            // A resume point's arm may copy the code of the block it goes on to (see `jump`).
            BlockKind::Resume(_) => {
                self.copies.set(1);
                let parts = self.arm_parts(b);
                self.copies.set(0);
                parts
            }
            _ => self.arm_parts(b),
        };
        let pattern = pattern.iter().map(|(_, p, _)| p);
        let v = &self.variant[b];
        if matches!(self.cfg.blocks[b].kind, BlockKind::Inner(_)) {
            quote!(#block_enum::#v { #(#pattern),* } => { #body })
        } else {
            let carried = if self.arg_is_cx { quote!(()) } else { quote!(#arg) };
            quote!(#block_enum::Resume(#state_enum::#v { #(#pattern),* }, #carried) => { #body })
        }
    }

    /// What [`Self::arm`] binds (each received local: the pattern of its field, and the binding alone) and its code.
    fn arm_parts(&self, b: BlockId) -> (Vec<(LocalId, TokenStream, TokenStream)>, TokenStream) {
        let block = &self.cfg.blocks[b];
        let stored = &self.an.stored[b];
        let entry = &self.an.entry_scopes[b];
        // Scopes that end inside this block are re-opened as nested Rust blocks; the others are bound by the pattern.
        let closing: Vec<ScopeId> = block.ops.iter().filter_map(|op| if let Op::Close { scope } = op { Some(*scope) } else { None }).collect();
        let split = entry.iter().position(|s| closing.contains(s)).unwrap_or(entry.len());
        let refs = self.region_refs(b);
        let mut env = Env::default();
        let mut pattern = Vec::new();
        let mut levels = vec![Level { scope: None, code: TokenStream::new() }];
        let entry_locals: Vec<LocalId> = entry.iter().flat_map(|&s| self.cfg.scopes[s].locals.iter().copied()).collect();
        // A local hidden by a later one of the same name is bound under a name of its own, so it can still be
        // handed on. Within a block, only a first `let` can hide one (the lowering starts a block there).
        let first_let: Vec<LocalId> = match block.ops.first() {
            Some(Op::Let { scope, .. }) if block.kind == BlockKind::Inner("shadow") => self.cfg.scopes[*scope].locals.clone(),
            _ => Vec::new(),
        };
        let first_let = &first_let;
        // With slotted locals, every local is bound by a `let` in declaration order, so that the guards and the
        // other locals are dropped in reverse declaration order.
        let ordered = entry_locals.iter().any(|&l| self.slotted(l));
        let shadowed = |l: LocalId| {
            let name = self.cfg.locals[l].ident.to_string();
            entry_locals.iter().chain(first_let.iter()).any(|&o| o > l && self.cfg.locals[o].ident == name)
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
                let pinned = self.an.pinned[l];
                if stored.contains(&l) && pinned {
                    // A parameter that something will borrow: into its slot before the body starts.
                    let tmp = format_ident!("__field{}", l, span = Span::mixed_site());
                    pattern.push((l, quote!(#f: #tmp), quote!(#tmp)));
                    let put = self.put(l, &tmp, &mut env);
                    levels.last_mut().expect("a level").code.extend(put);
                    env.insert(l, name);
                } else if stored.contains(&l) {
                    if nested || ordered {
                        let tmp = format_ident!("__field{}", l, span = Span::mixed_site());
                        pattern.push((l, quote!(#f: #tmp), quote!(#tmp)));
                        let code = &mut levels.last_mut().expect("a level").code;
                        code.extend(quote!(let #m #name = #tmp;));
                    } else if *f == name {
                        pattern.push((l, quote!(#m #f), quote!(#m #f)));
                    } else {
                        pattern.push((l, quote!(#f: #m #name), quote!(#m #name)));
                    }
                    env.insert(l, name);
                } else if self.slotted(l) {
                    let guard = self.guard(l, &mut env);
                    levels.last_mut().expect("a level").code.extend(guard);
                } else if refs.contains(&l) && !pinned && local.storage == Storage::Plain {
                    let code = &mut levels.last_mut().expect("a level").code;
                    code.extend(quote!(let #m #name;));
                    env.insert(l, name);
                }
                if !shadowed(l) {
                    env.declare(local.ident.to_string(), l, pinned);
                }
            }
        }
        // The initialiser of the shadowing `let` that starts this block still means the older local.
        let mut hidden_bound: Vec<(&LocalId, &Ident)> =
            env.iter().filter(|(l, name)| **name != self.cfg.locals[**l].ident && !self.an.pinned[**l]).collect();
        hidden_bound.sort();
        let mut renames: Vec<(String, TokenStream)> = Vec::new();
        for (l, name) in hidden_bound.into_iter().rev() {
            // The innermost local of each name is the one the initialiser sees.
            let from = self.cfg.locals[*l].ident.to_string();
            if !renames.iter().any(|(f, _)| *f == from) {
                renames.push((from, quote!(#name)));
            }
        }
        // Only the shadowing `let` that starts a "shadow" block reads the older local under its hidden name.
        if first_let.is_empty() {
            renames.clear();
        }
        self.renames.replace(renames);
        self.region(b, &refs, &mut env, &mut levels);
        (pattern, collapse(levels))
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
                    out.extend(
                        facts.reads.iter().chain(&facts.borrows).chain(&facts.moves).chain(&facts.maybe_moves).chain(&facts.assigns).chain(&facts.maybe_assigns).copied(),
                    );
                }
            }
            let f = &block.term_facts;
            out.extend(f.reads.iter().chain(&f.borrows).chain(&f.moves).chain(&f.maybe_moves).chain(&f.assigns).chain(&f.maybe_assigns).copied());
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
        // Written inline, a block that ends a scope it did not open re-binds the locals of that scope that hold a
        // value in a Rust block of its own, which ends where the scope does and drops them there (as the arm of a
        // labelled block would). The others have nothing to drop: each was moved on every path, is `Copy`, or lives
        // in a slot (which the end of the scope clears).
        for s in self.foreign_closes(b) {
            if levels.iter().any(|l| l.scope == Some(s)) {
                continue;
            }
            let mut code = TokenStream::new();
            for &l in &self.cfg.scopes[s].locals {
                if self.slotted(l) || !self.an.stored[b].contains(&l) {
                    continue;
                }
                if let Some(name) = env.get(&l) {
                    let m = self.cfg.locals[l].mutable.then(|| quote!(mut));
                    code.extend(quote!(let #m #name = #name;));
                }
            }
            levels.push(Level { scope: Some(s), code });
        }
        for op in &block.ops {
            let op_index = block.ops.iter().position(|o| std::ptr::eq(o, op)).unwrap_or(0);
            let i = op_index;
            match op {
                Op::Stmt { code, facts } => {
                    self.renames.take();
                    let code = self.through_slots(code, facts, env, b, i);
                    levels.last_mut().expect("a level").code.extend(code);
                }
                Op::Let { attrs, pat, init, diverge, scope, facts } => {
                    levels.push(Level { scope: Some(*scope), code: TokenStream::new() });
                    let locals = &self.cfg.scopes[*scope].locals;
                    if init.is_none() && !locals.iter().any(|l| refs.contains(l)) {
                        // Declared here but first assigned in a later state: declared there instead (rustc could
                        // not infer its type here).
                        for &l in locals {
                            env.declare(self.cfg.locals[l].ident.to_string(), l, false);
                        }
                        continue;
                    }
                    let renames = self.renames.take();
                    // Reference bindings for pinned locals go before the `let` (a `let … else` initialiser cannot
                    // end in a block).
                    let mut prefix = TokenStream::new();
                    let init = init.as_ref().map(|i| {
                        let mut i = i.clone();
                        for (from, to) in &renames {
                            i = crate::rename::rename(&i, from, to);
                        }
                        let (p, init_code) = self.through_slots_split(&i, facts, env, b, op_index);
                        prefix.extend(p);
                        quote!(= #init_code)
                    });
                    let diverge = diverge.as_ref().map(|d| {
                        let (p, d) = self.through_slots_split(d, facts, env, b, i);
                        prefix.extend(p);
                        quote!(else #d)
                    });
                    let mut code = quote!(#prefix #attrs let #pat #init #diverge;);
                    let initialised = init.is_some();
                    for &l in locals {
                        let ident = self.cfg.locals[l].ident.clone();
                        if self.an.pinned[l] {
                            if initialised {
                                code.extend(self.put(l, &ident, env));
                            } else {
                                // Declared without a value (`let x;`): the slot is filled by its first assignment.
                                code.extend(self.guard(l, env));
                            }
                        }
                        env.declare(ident.to_string(), l, self.an.pinned[l]);
                        env.insert(l, ident);
                    }
                    levels.last_mut().expect("a level").code.extend(code);
                }
                Op::Open { scope } => {
                    for &l in &self.cfg.scopes[*scope].locals {
                        if self.cfg.locals[l].storage == Storage::Sub && !env.guards.iter().any(|(g, _)| *g == l) {
                            // A sub-generator just started in its slot.
                            let guard = self.guard(l, env);
                            levels.last_mut().expect("a level").code.extend(guard);
                            continue;
                        }
                        if env.get(&l).is_none() {
                            // Bound by the pattern of the `match` arm this block is written in.
                            let ident = self.cfg.locals[l].ident.clone();
                            if self.an.pinned[l] {
                                let put = self.put(l, &ident, env);
                                levels.last_mut().expect("a level").code.extend(put);
                            }
                            env.declare(ident.to_string(), l, self.an.pinned[l]);
                            env.insert(l, ident);
                        }
                    }
                }
                Op::Close { scope } => {
                    let mut clear = TokenStream::new();
                    for &l in self.cfg.scopes[*scope].locals.iter().rev() {
                        let f = &self.field[l];
                        if let Some((_, g)) = env.guards.iter().find(|(x, _)| *x == l) {
                            clear.extend(quote!(::core::mem::drop(#g);));
                        } else if self.an.pinned[l] {
                            let pinned = &self.names.pinned;
                            clear.extend(quote!(#pinned.#f.clear();));
                        } else if self.cfg.locals[l].storage == Storage::Sub {
                            let subs = &self.names.subs;
                            clear.extend(quote!(#subs.#f.clear();));
                        }
                    }
                    levels.last_mut().expect("a level").code.extend(clear);
                    if levels.len() > 1 && levels.last().and_then(|l| l.scope) == Some(*scope) {
                        let top = levels.pop().expect("checked");
                        close_level(levels, top.code);
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
        let block = &self.cfg.blocks[b];
        let user = |code: &TokenStream| self.through_slots_expr(code, &block.term_facts, env, b, block.ops.len());
        // A scrutinee stays a place: its reference bindings go before the `match`.
        let user_place = |code: &TokenStream| self.through_slots_split(code, &block.term_facts, env, b, block.ops.len());
        match &block.term {
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
                let cond = user(cond);
                let t = self.branch(*then, refs, env);
                let e = self.branch(*els, refs, env);
                quote!(if #cond { #t } else { #e })
            }
            Term::Match { scrutinee, arms } => {
                let (prefix, scrutinee) = user_place(scrutinee);
                let arms = arms.iter().map(|a| {
                    let pat = &a.pat;
                    let guard = a.guard.as_ref().map(|g| {
                        let g = user(g);
                        quote!(if #g)
                    });
                    let body = self.branch(a.target, refs, env);
                    quote!(#pat #guard => { #body })
                });
                quote!(#prefix match #scrutinee { #(#arms)* })
            }
            Term::Yield { value, resume, index, span } => {
                let v = self.state_variant(*index);
                let fields = self.fields(*resume, env);
                let y = hidden("__yielded");
                // Checked against the declared yield type where it is written (a type error points at the value).
                let ty = match self.cfg.suspends[*index] {
                    crate::cfg::Suspend::Yield => self.yield_ty.as_ref().map(|t| quote!(: #t)),
                    crate::cfg::Suspend::Delegate | crate::cfg::Suspend::Await => None,
                };
                let mut value = user(value);
                // No `yield = T`: a value other than `()` is an error that names its type and the attribute to write.
                if !self.yield_declared && matches!(self.cfg.suspends[*index], crate::cfg::Suspend::Yield) {
                    value = quote_spanned!(*span=> ::gen_runtime::__private::no_yield_type(#value));
                }
                let forget = env.forget_guards();
                quote_spanned! {*span=>
                    let #y #ty = #value;
                    #forget
                    *#state = #state_enum::#v { #(#fields),* };
                    return ::gen_runtime::__private::GeneratorState::Yielded(#y);
                }
            }
            Term::Return(value) => self.returner.ret(user(value), Span::call_site()),
            Term::Unreachable => quote!(::core::unreachable!()),
        }
    }

    /// `DropInOrder` for the pinned slots: a suspended generator dropped drops the locals of its state and its pinned
    /// locals together, latest declared first.
    fn drop_in_order(&self, params: &[LocalId], state_params: &[LocalId]) -> TokenStream {
        let Names { state_enum, pinned_struct, .. } = self.names;
        let pinned: Vec<LocalId> = (0..self.cfg.locals.len()).filter(|&l| self.an.pinned[l] && self.used(l)).collect();
        let p_generics: Vec<Ident> = (0..pinned.len()).map(|i| format_ident!("P{}", i)).collect();
        let s_generics: Vec<Ident> = (0..state_params.len()).map(|i| format_ident!("S{}", i)).collect();
        let mut arms = Vec::new();
        let mut variants: Vec<(Ident, Vec<LocalId>, Vec<LocalId>)> = vec![(format_ident!("Start"), params.to_vec(), Vec::new())];
        for k in 0..self.cfg.yields {
            let rb = self.resume_block(k);
            if !self.an.reachable[rb] {
                continue;
            }
            let in_scope: Vec<LocalId> = self.an.entry_scopes[rb]
                .iter()
                .flat_map(|&s| self.cfg.scopes[s].locals.iter().copied())
                .filter(|&l| self.an.pinned[l])
                .collect();
            variants.push((self.state_variant(k), self.an.stored[rb].clone(), in_scope));
        }
        for (v, fields, slotted) in variants {
            // An `async` generator's start state drops its arguments first to last (as an `async fn`); any other
            // state, the latest declared first.
            let start = v == "Start" && (self.arg_is_cx || self.captures);
            let binds = fields.iter().map(|&l| {
                let (f, b) = (&self.field[l], format_ident!("__drop{}", l, span = Span::mixed_site()));
                quote!(#f: #b)
            });
            let mut all: Vec<LocalId> = fields.iter().chain(&slotted).copied().collect();
            all.sort_unstable();
            all.dedup();
            let all = self.drop_order(&all, if self.captures { params } else { &[] }, !start);
            let drops = all.iter().map(|&l| {
                if fields.contains(&l) {
                    let b = format_ident!("__drop{}", l, span = Span::mixed_site());
                    quote!(::core::mem::drop(#b);)
                } else {
                    let f = &self.field[l];
                    quote!(self.#f.clear();)
                }
            });
            arms.push(quote!(#state_enum::#v { #(#binds),* } => { #(#drops)* }));
        }
        quote! {
            impl<#(#p_generics,)* #(#s_generics),*> ::gen_runtime::__private::DropInOrder<#state_enum<#(#s_generics),*>>
                for #pinned_struct<#(#p_generics),*>
            {
                fn drop_in_order(&mut self, state: &mut #state_enum<#(#s_generics),*>) {
                    match ::core::mem::replace(state, #state_enum::Poisoned) {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
        }
    }

    /// Where a jump to `t` really goes: past blocks that only end empty scopes and jump on, handing on exactly
    /// what they received (a join before a loop head).
    fn thread(&self, t: BlockId) -> BlockId {
        let mut cur = t;
        for _ in 0..8 {
            let block = &self.cfg.blocks[cur];
            let Term::Goto(next) = block.term else { break };
            let forwards = matches!(block.kind, BlockKind::Inner(_))
                && self.labelled[next]
                && self.an.stored[next] == self.an.stored[cur]
                && block.ops.iter().all(|op| match op {
                    Op::Close { scope } => self.cfg.scopes[*scope]
                        .locals
                        .iter()
                        .all(|l| !self.an.stored[cur].contains(l) && !self.slotted(*l)),
                    _ => false,
                });
            if !forwards || next == cur {
                break;
            }
            cur = next;
        }
        cur
    }

    /// Is the local declared in code that is ever reached?
    fn used(&self, l: LocalId) -> bool {
        self.cfg.blocks.iter().enumerate().any(|(b, block)| {
            self.an.reachable[b]
                && block.ops.iter().any(|op| match op {
                    Op::Let { scope, .. } | Op::Open { scope } => self.cfg.scopes[*scope].locals.contains(&l),
                    _ => false,
                })
        })
    }

    /// A pinned local's declaration: its value goes into its slot (user code then reaches it there), and a guard
    /// stands in for it.
    fn put(&self, l: LocalId, binding: &Ident, env: &mut Env) -> TokenStream {
        let (pinned, f) = (&self.names.pinned, &self.field[l]);
        let guard = self.guard(l, env);
        quote!(#pinned.#f.put(#binding); #guard)
    }

    /// The guard of a slotted local (pinned, or a sub-generator), registered in `env`.
    fn guard(&self, l: LocalId, env: &mut Env) -> TokenStream {
        let f = &self.field[l];
        let slots = if self.an.pinned[l] { &self.names.pinned } else { &self.names.subs };
        let g = format_ident!("__guard_{}", f.to_string().trim_start_matches('_'), span = Span::mixed_site());
        env.guards.push((l, g.clone()));
        let safety = crate::names::safety_doc("the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension");
        quote!(#safety let #g = unsafe { #slots.#f.guard() };)
    }

    fn slotted(&self, l: LocalId) -> bool {
        self.an.pinned[l] || self.cfg.locals[l].storage == Storage::Sub
    }

    /// User code naming pinned locals: `text` → `(*__pinned.text.get())`, or, where the code moves the local out
    /// and nothing uses it after (`return buf`, `it.collect()`), `__pinned.text.take()`. Each use takes a fresh
    /// reference, so the borrows that matter are checked once, in the borrow-check copy, on the user's lines.
    fn through_slots(&self, code: &TokenStream, facts: &crate::cfg::Facts, env: &Env, b: BlockId, i: usize) -> TokenStream {
        let (prefix, code) = self.through_slots_split(code, facts, env, b, i);
        quote!(#prefix #code)
    }

    /// Like [`Self::through_slots`] for an expression: `{ let r = slot.get(); <expr using (*r)> }` when needed.
    fn through_slots_expr(&self, code: &TokenStream, facts: &crate::cfg::Facts, env: &Env, b: BlockId, i: usize) -> TokenStream {
        let (prefix, code) = self.through_slots_split(code, facts, env, b, i);
        if prefix.is_empty() { code } else { quote!({ #prefix #code }) }
    }

    /// The reference bindings a piece of code needs (one per pinned local it names, taken just before it, so that
    /// a closure in it captures the local's place, not the slots), and the code using them.
    fn through_slots_split(
        &self,
        code: &TokenStream,
        facts: &crate::cfg::Facts,
        env: &Env,
        b: BlockId,
        i: usize,
    ) -> (TokenStream, TokenStream) {
        let mut code = code.clone();
        let mut prefix = TokenStream::new();
        let mut live: Option<Vec<bool>> = None;
        for (name, l) in &env.pins {
            if !crate::rename::mentions(&code, name) {
                continue;
            }
            let uses = |v: &[LocalId]| v.iter().filter(|&&x| x == *l).count();
            let (pinned, f) = (&self.names.pinned, &self.field[*l]);
            let slot = quote!(#pinned.#f);
            let take = quote!(#pinned.#f.take());
            // A use that moves the local, when nothing uses it afterwards, empties the slot (its drop flag).
            let moves = uses(&facts.moves) + uses(&facts.maybe_moves) > 0;
            // Moved twice on one path: only a `Copy` value can be, so it is copied, never taken.
            let paths: Vec<&Vec<(u32, u32)>> = facts.move_paths.iter().filter(|(x, _)| x == l).map(|(_, p)| p).collect();
            let exclusive = |p: &[(u32, u32)], q: &[(u32, u32)]| p.iter().any(|&(c, a)| q.iter().any(|&(d, b)| c == d && a != b));
            let copied = paths.iter().enumerate().any(|(i, p)| paths[i + 1..].iter().any(|q| !exclusive(p, q)));
            let dead_after = moves && !copied && !live.get_or_insert_with(|| self.an.live_after(self.cfg, b, i))[*l];
            let reaches = uses(&facts.reads) + uses(&facts.borrows) > 0 || (moves && !dead_after);
            let to = if reaches {
                let r = format_ident!("__ref_{}", f.to_string().trim_start_matches('_'), span = Span::mixed_site());
                let safety = crate::names::safety_doc(PLACE_SAFETY);
                prefix.extend(quote!(#safety let #r = unsafe { #pinned.#f.place() };));
                quote!((#r.value))
            } else {
                // The slot may be empty when the code starts (it assigns the local): the place is taken at the use.
                let place = crate::names::unsafe_expr(&quote!(#pinned.#f.place()), PLACE_SAFETY);
                quote!((#place.value))
            };
            code = crate::rename::rename_slot(&code, name, &to, dead_after.then_some(&take), &slot);
        }
        (prefix, code)
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
        // Pinned locals bound by an arm go into their slots in the target's arm: threading past it is not allowed.
        let t = if matches!(self.cfg.blocks[t].ops.first(), Some(Op::Open { .. })) { t } else { self.thread(t) };
        let Names { block_enum, block, dispatch, .. } = self.names;
        let v = &self.variant[t];
        let fields = self.fields(t, env);
        // Pinned locals bound by the `match` arm that jumps go into their slots now.
        let mut puts = TokenStream::new();
        if let Some(Op::Open { scope }) = self.cfg.blocks[t].ops.first() {
            for &l in &self.cfg.scopes[*scope].locals {
                if self.an.pinned[l] {
                    let binding = env.get(&l).cloned().unwrap_or_else(|| self.cfg.locals[l].ident.clone());
                    let (pinned, f) = (&self.names.pinned, &self.field[l]);
                    puts.extend(quote!(#pinned.#f.put(#binding);));
                }
            }
        }
        let forget = env.forget_guards();
        if let Some(copy) = self.copy_of(t, env) {
            return quote!(#puts #forget #copy);
        }
        self.jumps.borrow_mut().push(t);
        quote! {
            #puts
            #forget
            #block = #block_enum::#v { #(#fields),* };
            continue #dispatch;
        }
    }

    /// The code of `t` written in place of a jump to it, where that is allowed and worth it: within a resume point's
    /// arm (the path every resume takes, which then reaches its next suspension without going round the dispatch
    /// loop), for a target whose code is small and has nothing whose identity a copy would change (a closure's or
    /// an `async` block's type, an item, a macro that could expand to one).
    fn copy_of(&self, t: BlockId, env: &Env) -> Option<TokenStream> {
        let left = self.copies.get();
        if left == 0 || !matches!(self.cfg.blocks[t].kind, BlockKind::Inner(_)) || self.not_copied.borrow().contains(&t) {
            return None;
        }
        self.copies.set(left - 1);
        let renames = self.renames.take();
        let jumps = self.jumps.borrow().len();
        let (pattern, body) = self.arm_parts(t);
        self.renames.replace(renames);
        self.copies.set(left);
        if !copyable(&body, &mut 0) {
            self.jumps.borrow_mut().truncate(jumps);
            return None;
        }
        let bindings: Vec<&TokenStream> = pattern.iter().map(|(_, _, b)| b).collect();
        let values: Vec<Ident> =
            pattern.iter().map(|(l, _, _)| env.get(l).cloned().unwrap_or_else(|| self.cfg.locals[*l].ident.clone())).collect();
        // One `let` per field, skipping the leading ones that bind a value to its own name; all at once if a name is
        // both bound and handed on. Past the first re-bound field every field is re-bound, so that the locals still
        // drop in reverse declaration order (a re-bound local drops before one left bound by the arm's pattern).
        let names: Vec<String> = bindings.iter().filter_map(|b| (*b).clone().into_iter().last().map(|t| t.to_string())).collect();
        let overlap = values.iter().enumerate().any(|(i, v)| (0..i).any(|j| *v == names[j] && values[j] != names[j]));
        if overlap {
            return Some(quote!({ let (#(#bindings,)*) = (#(#values,)*); #body }));
        }
        let first = bindings.iter().zip(&values).position(|(b, v)| *v != b.to_string()).unwrap_or(values.len());
        let lets = bindings[first..].iter().zip(&values[first..]).map(|(b, v)| quote!(let #b = #v;));
        Some(quote!({ #(#lets)* #body }))
    }
}

/// Tokens a block's code may have and still be written twice: at most [`COPY_LIMIT`] of them, and none of a
/// closure, an `async` block, an item, or a macro other than the standard ones that expand to neither.
fn copyable(code: &TokenStream, count: &mut usize) -> bool {
    const ITEMS: &[&str] = &["async", "fn", "static", "impl", "struct", "enum", "union", "trait", "mod", "const", "extern", "use", "type", "macro_rules"];
    const MACROS: &[&str] = &[
        "unreachable", "panic", "assert", "assert_eq", "assert_ne", "debug_assert", "debug_assert_eq", "debug_assert_ne",
        "format", "format_args", "print", "println", "eprint", "eprintln", "write", "writeln", "matches", "vec", "todo",
        "unimplemented",
    ];
    let mut last_ident: Option<String> = None;
    let mut bang = false;
    let mut lifetime = false;
    for tt in code.clone() {
        // `'static` is a lifetime, not an item.
        if std::mem::take(&mut lifetime) && matches!(tt, TokenTree::Ident(_)) {
            last_ident = None;
            continue;
        }
        *count += 1;
        if *count > COPY_LIMIT {
            return false;
        }
        match &tt {
            TokenTree::Group(g) => {
                if bang && !last_ident.as_deref().is_some_and(|m| MACROS.contains(&m)) {
                    return false;
                }
                if !copyable(&g.stream(), count) {
                    return false;
                }
            }
            TokenTree::Ident(i) => {
                let i = i.to_string();
                if ITEMS.contains(&i.as_str()) {
                    return false;
                }
                last_ident = Some(i);
                bang = false;
                continue;
            }
            TokenTree::Punct(p) if p.as_char() == '|' => return false,
            TokenTree::Punct(p) if p.as_char() == '\'' => lifetime = true,
            TokenTree::Punct(p) if p.as_char() == '!' && last_ident.is_some() => {
                bang = true;
                continue;
            }
            _ => {}
        }
        last_ident = None;
        bang = false;
    }
    true
}

/// See [`copyable`]: enough for a loop head and the code up to its next suspension.
const COPY_LIMIT: usize = 400;

/// Closes every open level: the code after a terminator is never reached, so the braces just end.
fn collapse(mut levels: Vec<Level>) -> TokenStream {
    while levels.len() > 1 {
        let top = levels.pop().expect("checked");
        close_level(&mut levels, top.code);
    }
    levels.pop().map(|l| l.code).unwrap_or_default()
}

/// Writes the code of a closed scope into the level around it, as a Rust block (which drops its locals where the
/// scope ends). A scope that ended up with no code declares and drops nothing: no block for it; one whose code is
/// a single block (an inner scope's) declares nothing of its own: that block alone.
fn close_level(levels: &mut [Level], code: TokenStream) {
    let mut tokens = code.clone().into_iter();
    let single_block = matches!((tokens.next(), tokens.next()), (Some(TokenTree::Group(g)), None) if g.delimiter() == proc_macro2::Delimiter::Brace);
    let level = &mut levels.last_mut().expect("a level").code;
    if single_block {
        level.extend(code);
    } else if !code.is_empty() {
        level.extend(quote!({ #code }));
    }
}


/// Why a slotted local's place may be taken (the expansion's SAFETY comment).
const PLACE_SAFETY: &str = "the local stays in its slot in the pinned generator until its scope ends, and rustc \
                            borrow-checks its uses in the copy of the body above";
