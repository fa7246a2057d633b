//! The dispatch loop: which blocks get an arm (and in what order), and each arm's code: the block's locals bound,
//! its ops in scopes written as Rust blocks, and its terminator.
//!
//! Input:  a block of the [`Lowered`](crate::lowered::Lowered) and what it receives
//! Output: `CountdownBlock::While0 { i } => { if i > 0 { … } else { … } }`

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::Type;

use crate::lowered::{BlockId, BlockKind, LocalId, Op, ScopeId, Storage, Term};
use crate::names::hidden;
use super::{Arm, ArmCx, Emitter, Env, Level, Names, Resumable};

impl Emitter<'_> {
    /// The dispatch loop's arms, in source order, so that each local's type is fixed (at its first assignment)
    /// before any use; the start and each resume point have a variant named after their state. A block whose every
    /// jump became a copy of its code (see `jump`) keeps no arm: only the arms that a state enters or something jumps
    /// to are written.
    pub(super) fn make_arms(&self, resumable: &[Resumable]) -> Vec<Arm> {
        // A resume point that only goes on to another block has no arm: the state enters that block.
        let entered_elsewhere = |b: BlockId| resumable.iter().any(|r| r.block == b && !r.own_arm());
        let mut labelled_order: Vec<BlockId> = Vec::new();
        for &b in &self.lowered.order {
            if self.labelled[b] && !labelled_order.contains(&b) && !entered_elsewhere(b) {
                labelled_order.push(b);
            }
        }
        let entries: Vec<BlockId> = resumable.iter().map(|r| r.entry).collect();
        // The types of a block's locals are fixed by the first jump to it, which must come before its arm: a block
        // whose every earlier jump became a copy is not copied (and the arms are written again). An await's poll that
        // a state enters may be: each copy of it (before its arm, as the future starts before it is polled) stores
        // that state, whose fields the arm receives, so their types are fixed by then.
        let mut not_copied: Vec<BlockId> = Vec::new();
        loop {
            let mut arms: Vec<(BlockId, TokenStream, Vec<BlockId>)> = Vec::new();
            for &b in &labelled_order {
                let mut cx = ArmCx::new(&not_copied);
                let arm = self.arm(b, &mut cx);
                arms.push((b, arm, cx.jumps));
            }
            let mut kept = vec![false; self.lowered.blocks.len()];
            let mut stack: Vec<BlockId> = entries.clone();
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
                    matches!(self.lowered.blocks[*b].kind, BlockKind::Inner(_))
                        && !(self.lowered.blocks[*b].kind == BlockKind::Inner("awaiting") && entries.contains(b))
                        && !arms[..*i].iter().any(|(_, _, t)| t.contains(b))
                })
                .map(|(_, (b, _, _))| *b)
                .filter(|b| !not_copied.contains(b))
                .collect();
            if late.is_empty() {
                break arms;
            }
            not_copied.extend(late);
        }
    }

    /// The resume closure: the state taken apart into the block it resumes at, then the dispatch loop, one arm per
    /// block in `arms`.
    pub(super) fn make_closure(&self, arms: &[Arm], resumable: &[Resumable], arg_ty: &Type, ret: Option<&Type>) -> TokenStream {
        let Names { state_enum, block_enum, subs, pinned, state, arg, block, dispatch, .. } = self.names;
        let arms = arms.iter().map(|(_, arm, _)| arm);
        let entries = resumable.iter().map(|r| {
            let (v, fields) = (&r.name, r.fields.iter().map(|&l| &self.field[l]));
            let target = &self.variant[r.entry];
            // A variant of its own carries the resume argument (not an `async` generator's context).
            let carried = (r.own_arm() && !self.arg_is_cx).then(|| quote!(#arg));
            let given = fields.clone().map(|f| quote!(#f)).chain(carried);
            quote!(#state_enum::#v { #(#fields),* } => #block_enum::#target { #(#given),* },)
        });

        let ret_annotation = ret.map(|r| quote!(-> #r));
        quote! {
            move |#state, #subs, #pinned, #arg: #arg_ty| #ret_annotation {
                #[allow(unused_mut, unused_variables, unused_assignments, unreachable_code, unreachable_patterns, unused_braces, unused_doc_comments, dropping_copy_types, clippy::all, clippy::pedantic)]
                {
                    // Each state becomes its own block variant, a constant the optimiser follows straight to the
                    // resume point's arm (a block variant that held the state would make the dispatch decode the
                    // state's discriminant inside the block's, which it does not see through).
                    let mut #block = match ::core::mem::replace(#state, #state_enum::Poisoned) {
                        #(#entries)*
                        #state_enum::Returned => {
                            *#state = #state_enum::Returned;
                            ::gen_runtime::__private::resumed_after_completion()
                        }
                        #state_enum::Poisoned => ::gen_runtime::__private::resumed_after_panicking(),
                    };
                    #dispatch: loop {
                        match #block {
                            #(#arms)*
                        }
                    }
                };
            }
        }
    }

    /// One arm of the dispatch loop: bind what the block receives, then its code. The start and each resume point
    /// also bind the resume argument (a sync generator's).
    fn arm(&self, b: BlockId, cx: &mut ArmCx<'_>) -> TokenStream {
        let Names { block_enum, arg, .. } = self.names;
        let (pattern, body) = match self.lowered.blocks[b].kind {
            // A resume point's arm may copy the code of the block it goes on to (see `jump`).
            BlockKind::Resume(_) => {
                cx.copies = 1;
                let parts = self.arm_parts(b, cx);
                cx.copies = 0;
                parts
            }
            _ => self.arm_parts(b, cx),
        };
        let pattern = pattern.iter().map(|(_, p, _)| p.clone());
        let v = &self.variant[b];
        // The start and the resume points also receive the resume argument (not an `async` generator's context).
        let carried = (!matches!(self.lowered.blocks[b].kind, BlockKind::Inner(_)) && !self.arg_is_cx).then(|| quote!(#arg));
        let pattern = pattern.chain(carried);
        quote!(#block_enum::#v { #(#pattern),* } => { #body })
    }

    /// What [`Self::arm`] binds (each received local: the pattern of its field, and the binding alone) and its code.
    pub(super) fn arm_parts(&self, b: BlockId, cx: &mut ArmCx<'_>) -> (Vec<(LocalId, TokenStream, TokenStream)>, TokenStream) {
        let block = &self.lowered.blocks[b];
        let stored = &self.an.stored[b];
        let entry = &self.an.entry_scopes[b];
        // Scopes that end inside this block are re-opened as nested Rust blocks; the others are bound by the pattern.
        let closing: Vec<ScopeId> = block.ops.iter().filter_map(|op| if let Op::Close { scope } = op { Some(*scope) } else { None }).collect();
        let split = entry.iter().position(|s| closing.contains(s)).unwrap_or(entry.len());
        let refs = self.region_refs(b);
        let mut env = Env::default();
        let mut pattern = Vec::new();
        let mut levels = vec![Level { scope: None, code: TokenStream::new() }];
        let entry_locals: Vec<LocalId> = entry.iter().flat_map(|&s| self.lowered.scopes[s].locals.iter().copied()).collect();
        // A local hidden by a later one of the same name is bound under a name of its own, so it can still be
        // handed on. Within a block, only a first `let` can hide one (the lowering starts a block there).
        let first_let: Vec<LocalId> = match block.ops.first() {
            Some(Op::Let { scope, .. }) if block.kind == BlockKind::Inner("shadow") => self.lowered.scopes[*scope].locals.clone(),
            _ => Vec::new(),
        };
        let first_let = &first_let;
        // With slotted locals, every local is bound by a `let` in declaration order, so that the guards and the
        // other locals are dropped in reverse declaration order.
        let ordered = entry_locals.iter().any(|&l| self.slotted(l));
        let shadowed = |l: LocalId| {
            let name = self.lowered.locals[l].ident.to_string();
            entry_locals.iter().chain(first_let.iter()).any(|&o| o > l && self.lowered.locals[o].ident == name)
        };
        for (i, &s) in entry.iter().enumerate() {
            let nested = i >= split;
            if nested {
                levels.push(Level { scope: Some(s), code: TokenStream::new() });
            }
            for &l in &self.lowered.scopes[s].locals {
                let local = &self.lowered.locals[l];
                let f = &self.field[l];
                let m = local.mutable.then(|| quote!(mut));
                let name = if shadowed(l) { format_ident!("__{}_shadowed{}", local.ident.to_string().trim_start_matches('_'), l, span = Span::mixed_site()) } else { local.ident.clone() };
                let pinned = self.an.slotted[l];
                // A parameter already in its slot (`slotted_at_start`) is not in the start state: only its guard.
                let in_slot = block.kind == BlockKind::Start && self.slotted_at_start(l);
                let in_state = stored.contains(&l) && !in_slot;
                if in_slot {
                    let guard = self.guard(l, &mut env);
                    levels.last_mut().expect("a level").code.extend(guard);
                    env.insert(l, name);
                } else if in_state && pinned {
                    // A parameter that something will borrow: into its slot before the body starts.
                    let tmp = format_ident!("__field{}", l, span = Span::mixed_site());
                    pattern.push((l, quote!(#f: #tmp), quote!(#tmp)));
                    let put = self.put(l, &tmp, &mut env);
                    levels.last_mut().expect("a level").code.extend(put);
                    env.insert(l, name);
                } else if in_state {
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
            env.iter().filter(|(l, name)| **name != self.lowered.locals[**l].ident && !self.an.slotted[**l]).collect();
        hidden_bound.sort();
        let mut renames: Vec<(String, syn::Expr)> = Vec::new();
        for (l, name) in hidden_bound.into_iter().rev() {
            // The innermost local of each name is the one the initialiser sees.
            let from = self.lowered.locals[*l].ident.to_string();
            if !renames.iter().any(|(f, _)| *f == from) {
                renames.push((from, crate::lowered::name((*name).clone())));
            }
        }
        // Only the shadowing `let` that starts a "shadow" block reads the older local under its hidden name.
        if first_let.is_empty() {
            renames.clear();
        }
        cx.renames = renames;
        self.region(b, &refs, &mut env, &mut levels, cx);
        (pattern, collapse(levels))
    }

    /// Every local the code written for `b` (with what is inlined into it) names.
    fn region_refs(&self, b: BlockId) -> Vec<LocalId> {
        let mut out = Vec::new();
        let mut stack = vec![b];
        let mut seen = vec![false; self.lowered.blocks.len()];
        while let Some(x) = stack.pop() {
            if seen[x] {
                continue;
            }
            seen[x] = true;
            let block = &self.lowered.blocks[x];
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
            for s in self.lowered.successors(x) {
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
    pub(super) fn region(&self, b: BlockId, refs: &[LocalId], env: &mut Env, levels: &mut Vec<Level>, cx: &mut ArmCx<'_>) {
        let block = &self.lowered.blocks[b];
        // Written inline, a block that ends a scope it did not open re-binds the locals of that scope that hold a
        // value in a Rust block of its own, which ends where the scope does and drops them there (as the arm of a
        // labelled block would). The others have nothing to drop: each was moved on every path, is `Copy`, or lives
        // in a slot (which the end of the scope clears). A slotted local's guard moves into the block too, so that
        // a panic unwinding it empties the slot in declaration order with the re-bound locals around it.
        for s in self.foreign_closes(b) {
            if levels.iter().any(|l| l.scope == Some(s)) {
                continue;
            }
            let mut code = TokenStream::new();
            for &l in &self.lowered.scopes[s].locals {
                if let Some((_, g)) = env.guards.iter().find(|(x, _)| *x == l) {
                    code.extend(quote!(let #g = #g;));
                    continue;
                }
                if self.slotted(l) || !self.an.stored[b].contains(&l) {
                    continue;
                }
                if let Some(name) = env.get(&l) {
                    let m = self.lowered.locals[l].mutable.then(|| quote!(mut));
                    code.extend(quote!(let #m #name = #name;));
                }
            }
            levels.push(Level { scope: Some(s), code });
        }
        for (i, op) in block.ops.iter().enumerate() {
            match op {
                Op::Stmt { stmt, facts } => {
                    cx.renames.clear();
                    let code = self.through_slots(stmt, facts, env, b, i);
                    levels.last_mut().expect("a level").code.extend(code);
                }
                Op::Let { .. } => self.let_op(b, refs, env, levels, i, op, cx),
                Op::Open { scope } => {
                    for &l in &self.lowered.scopes[*scope].locals {
                        if self.lowered.locals[l].storage == Storage::Sub && !env.guards.iter().any(|(g, _)| *g == l) {
                            // A sub-generator just started in its slot.
                            let guard = self.guard(l, env);
                            levels.last_mut().expect("a level").code.extend(guard);
                            continue;
                        }
                        if env.get(&l).is_none() {
                            // Bound by the pattern of the `match` arm this block is written in.
                            let ident = self.lowered.locals[l].ident.clone();
                            if self.an.slotted[l] {
                                let put = self.put(l, &ident, env);
                                levels.last_mut().expect("a level").code.extend(put);
                            }
                            env.declare(ident.to_string(), l, self.an.slotted[l]);
                            env.insert(l, ident);
                        }
                    }
                }
                Op::Close { scope } => {
                    let mut clear = TokenStream::new();
                    for &l in self.lowered.scopes[*scope].locals.iter().rev() {
                        let f = &self.field[l];
                        if let Some((_, g)) = env.guards.iter().find(|(x, _)| *x == l) {
                            clear.extend(quote!(::core::mem::drop(#g);));
                        } else if self.an.slotted[l] {
                            let pinned = &self.names.pinned;
                            clear.extend(quote!(#pinned.#f.clear();));
                        } else if self.lowered.locals[l].storage == Storage::Sub {
                            let subs = &self.names.subs;
                            clear.extend(quote!(#subs.#f.clear();));
                        }
                    }
                    levels.last_mut().expect("a level").code.extend(clear);
                    if levels.len() > 1 && levels.last().and_then(|l| l.scope) == Some(*scope) {
                        let top = levels.pop().expect("checked");
                        close_level(levels, top.code);
                    }
                    for &l in &self.lowered.scopes[*scope].locals {
                        env.remove(&l);
                    }
                }
            }
        }
        let term = self.term(b, refs, env, levels, cx);
        levels.last_mut().expect("a level").code.extend(term);
    }

    /// A `let`: a level of its own (the scope it opens ends with it), the initialiser reaching slotted locals through
    /// their slots, and each slotted local it binds put in its slot (or guarded, for `let x;`).
    #[allow(clippy::too_many_arguments)]
    fn let_op(&self, b: BlockId, refs: &[LocalId], env: &mut Env, levels: &mut Vec<Level>, i: usize, op: &Op, cx: &mut ArmCx<'_>) {
        let Op::Let { attrs, pat, init, diverge, scope, facts } = op else { return };
        let (init, diverge, scope) = (init.as_ref(), diverge.as_ref(), *scope);
        levels.push(Level { scope: Some(scope), code: TokenStream::new() });
        let locals = &self.lowered.scopes[scope].locals;
        if init.is_none() && !locals.iter().any(|l| refs.contains(l)) {
            // Declared here but first assigned in a later state: declared there instead (rustc could
            // not infer its type here).
            for &l in locals {
                env.declare(self.lowered.locals[l].ident.to_string(), l, false);
            }
            return;
        }
        let renames = std::mem::take(&mut cx.renames);
        // Reference bindings for pinned locals go before the `let` (a `let … else` initialiser cannot
        // end in a block).
        let mut prefix = TokenStream::new();
        let init = init.map(|init| {
            let mut init = init.clone();
            for (from, to) in &renames {
                crate::rename::rename(&mut init, from, to);
            }
            let (p, init_code) = self.through_slots_split(&init, facts, env, b, i);
            prefix.extend(p);
            quote!(= #init_code)
        });
        let diverge = diverge.map(|d| {
            let (p, d) = self.through_slots_split(d, facts, env, b, i);
            prefix.extend(p);
            quote!(else #d)
        });
        let mut code = quote!(#prefix #(#attrs)* let #pat #init #diverge;);
        let initialised = init.is_some();
        for &l in locals {
            let ident = self.lowered.locals[l].ident.clone();
            if self.an.slotted[l] {
                if initialised {
                    code.extend(self.put(l, &ident, env));
                } else {
                    // Declared without a value (`let x;`): the slot is filled by its first assignment.
                    code.extend(self.guard(l, env));
                }
            }
            env.declare(ident.to_string(), l, self.an.slotted[l]);
            env.insert(l, ident);
        }
        levels.last_mut().expect("a level").code.extend(code);
    }

    fn term(&self, b: BlockId, refs: &[LocalId], env: &Env, levels: &mut Vec<Level>, cx: &mut ArmCx<'_>) -> TokenStream {
        let Names { state_enum, state, .. } = self.names;
        let block = &self.lowered.blocks[b];
        let user = |code: &syn::Expr| self.through_slots_expr(code, &block.term_facts, env, b, block.ops.len());
        // A scrutinee stays a place: its reference bindings go before the `match`.
        let user_place = |code: &syn::Expr| self.through_slots_split(code, &block.term_facts, env, b, block.ops.len());
        match &block.term {
            Term::Goto(t) => {
                if self.labelled[*t] {
                    self.jump(*t, env, cx)
                } else {
                    // Straight-line continuation: keep writing into the same levels.
                    let mut env = env.clone();
                    self.region(*t, refs, &mut env, levels, cx);
                    TokenStream::new()
                }
            }
            Term::If { cond, then, els } => {
                let cond = user(cond);
                let t = self.branch(*then, refs, env, cx);
                let e = self.branch(*els, refs, env, cx);
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
                    let body = self.branch(a.target, refs, env, cx);
                    quote!(#pat #guard => { #body })
                });
                quote!(#prefix match #scrutinee { #(#arms)* })
            }
            Term::Yield { value, resume, index, span } => {
                let v = self.state_variant(*index);
                let fields = self.state_fields(*resume, env);
                let y = hidden("__yielded");
                // Checked against the declared yield type where it is written (a type error points at the value).
                let ty = match self.lowered.points[*index].kind {
                    crate::lowered::Suspend::Yield => self.yield_ty.as_ref().map(|t| quote!(: #t)),
                    crate::lowered::Suspend::Delegate | crate::lowered::Suspend::Await => None,
                };
                let mut value = user(value);
                // No `yield = T`: a value other than `()` is an error that names its type and the attribute to write.
                if !self.yield_declared && matches!(self.lowered.points[*index].kind, crate::lowered::Suspend::Yield) {
                    value = quote_spanned!(*span=> ::gen_runtime::__private::no_yield_type(#value));
                }
                let forget = env.forget_guards();
                // A stream's closure returns the `Poll` itself (an item or pending); a generator's, `Yielded`.
                let out = if self.returner.stream.is_some() {
                    quote_spanned!(*span=> #y)
                } else {
                    quote_spanned!(*span=> ::gen_runtime::__private::GeneratorState::Yielded(#y))
                };
                quote_spanned! {*span=>
                    let #y #ty = #value;
                    #forget
                    *#state = #state_enum::#v { #(#fields),* };
                    return #out;
                }
            }
            Term::Return(value) => self.returner.ret(user(value), Span::call_site()),
            Term::Unreachable => quote!(::core::unreachable!()),
        }
    }
}

/// Closes every open level: the code after a terminator is never reached, so the braces just end.
pub(super) fn collapse(mut levels: Vec<Level>) -> TokenStream {
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
