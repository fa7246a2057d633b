//! The items of the expansion: the state enum, the block enum, the slot structs and their `Unpin` impls, the state
//! graph, the start state, and the order in which a dropped generator drops its slots.
//!
//! Input:  what each resume point stores ([`crate::analysis::Analysis::stored`]), the pinned and sub-generator locals
//! Output: `enum CountdownState<T0, T1> { Start { n: T0 }, Yield0 { i: T1 }, Returned, Poisoned }`, `struct …Pinned<T0> { … }`

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::lowered::{BlockKind, LocalId};
use super::{Arm, Emitter, Names, Resumable};

impl Emitter<'_> {
    /// The state enum's variants (`Start` with the parameters, one per reachable resume point with what it stores),
    /// the locals behind its generic parameters `T0, T1, …`, in order, and each variant's name and fields.
    pub(super) fn make_state_variants(&self, params: &[LocalId]) -> (Vec<TokenStream>, Vec<LocalId>, Vec<Resumable>) {
        // One type parameter per local, and one more where it is held dead (`dead!(x)`, another type).
        let mut state_params: Vec<(LocalId, bool)> = Vec::new();
        let mut state_variants = Vec::new();
        let params_of_block: &[LocalId] = if self.captures { params } else { &[] };
        let add = |b: usize, locals: &[LocalId], params: &mut Vec<(LocalId, bool)>, reverse: bool| -> TokenStream {
            // Fields in reverse declaration order: dropping a suspended generator drops the latest local first. The
            // start state of an `async` generator holds the arguments in declaration order: dropped unresumed, it
            // drops them first to last, as an unresumed `async fn` does; an unresumed sync generator drops them last
            // to first, as an unresumed native coroutine drops its captures (and a plain function its arguments).
            let order = self.drop_order(locals, params_of_block, reverse);
            let fields = order.into_iter().map(|l| {
                let key = (l, self.dead_at(b, l));
                if !params.contains(&key) {
                    params.push(key);
                }
                let ty = format_ident!("T{}", params.iter().position(|&p| p == key).expect("just added"));
                let f = &self.field[l];
                quote!(#f: #ty)
            });
            quote!({ #(#fields),* })
        };
        let start = self.lowered.blocks.iter().position(|b| b.kind == BlockKind::Start).expect("every body has a start");
        let start_fields = add(start, params, &mut state_params, !self.arg_is_cx && !self.captures);
        state_variants.push(quote!(Start #start_fields));
        let mut resumable = vec![Resumable { name: format_ident!("Start"), fields: params.to_vec(), block: start, entry: start }];
        for k in 0..self.lowered.points.len() {
            let rb = self.resume_block(k);
            if !self.an.reachable[rb] {
                continue;
            }
            let v = self.state_variant(k);
            let fields = add(rb, &self.an.stored[rb], &mut state_params, true);
            state_variants.push(quote!(#v #fields));
            resumable.push(Resumable { name: v, fields: self.an.stored[rb].clone(), block: rb, entry: self.entry_block(rb) });
        }
        (state_variants, state_params.into_iter().map(|(l, _)| l).collect(), resumable)
    }

    /// The state graph (see [`crate::graph`]): the states in the state enum's order, and what each resume can do.
    pub(super) fn make_graph(&self, state_generics: &[Ident]) -> TokenStream {
        let mut graph_states = vec![crate::graph::State { name: format_ident!("Start"), block: Some(0), kind: "Start", point: None }];
        for k in 0..self.lowered.points.len() {
            let rb = self.resume_block(k);
            if self.an.reachable[rb] {
                graph_states.push(crate::graph::State {
                    name: self.state_variant(k),
                    block: Some(rb),
                    kind: crate::graph::kind_of(self.lowered, rb),
                    point: Some((self.lowered.points[k].span, self.lowered.points[k].source.clone())),
                });
            }
        }
        graph_states.push(crate::graph::State { name: format_ident!("Returned"), block: None, kind: "Returned", point: None });
        graph_states.push(crate::graph::State { name: format_ident!("Poisoned"), block: None, kind: "Poisoned", point: None });
        crate::graph::emit(self.lowered, self.an, &self.fn_name, &self.names.state_enum, state_generics, &graph_states)
    }

    /// The state enum and the block enum (one variant per state the generator resumes from, with what the state
    /// holds and the resume argument, and one per join of the control flow that something jumps to, with what it
    /// receives).
    pub(super) fn make_enums(
        &self,
        state_variants: &[TokenStream],
        state_generics: &[Ident],
        state_params: &[LocalId],
        resumable: &[Resumable],
        arms: &[Arm],
    ) -> TokenStream {
        let Names { state_enum, block_enum, arg, .. } = self.names;
        let mut block_params: Vec<(LocalId, bool)> = Vec::new();
        let mut field_defs = |b: usize, locals: &[LocalId]| -> Vec<TokenStream> {
            locals
                .iter()
                .map(|&l| {
                    let key = (l, self.dead_at(b, l));
                    if !block_params.contains(&key) {
                        block_params.push(key);
                    }
                    let ty = format_ident!("T{}", block_params.iter().position(|&p| p == key).expect("just added"));
                    let f = &self.field[l];
                    quote!(#f: #ty)
                })
                .collect()
        };
        // The start and each resume point: what the state holds there, and the resume argument (an `async`
        // generator's arms read the task context from the closure's parameter instead).
        let carried = (!self.arg_is_cx).then(|| quote!(#arg: A));
        let mut block_variant_defs = Vec::new();
        for r in resumable.iter().filter(|r| r.own_arm()) {
            let (v, fields) = (&r.name, field_defs(r.block, &r.fields));
            let fields = fields.into_iter().chain(carried.clone());
            block_variant_defs.push(quote!(#v { #(#fields),* }));
        }
        for (b, _, _) in arms {
            if matches!(self.lowered.blocks[*b].kind, BlockKind::Inner(_)) {
                let (v, fields) = (&self.variant[*b], field_defs(*b, &self.an.stored[*b]));
                block_variant_defs.push(quote!(#v { #(#fields),* }));
            }
        }
        let mut block_generics: Vec<Ident> = (0..block_params.len()).map(|i| format_ident!("T{}", i)).collect();
        if carried.is_some() {
            block_generics.push(format_ident!("A"));
        }

        // `#[derive(Clone)]` under the attribute: bounded on the stored types, which rustc infers.
        let derive = self.derive_clone.then(|| quote!(#[derive(::core::clone::Clone)]));
        // `#[derive(Serialize, Deserialize)]`: the user's derives (bounded the same way), pointed at the serde that
        // gen-runtime re-exports; the fingerprint a snapshot records.
        let snapshot = self.snapshot.as_ref().map(|d| {
            let (ser, de, fingerprint, name) = (&d.serialize, &d.deserialize, d.fingerprint, &self.fn_name);
            let derive = quote!(#[derive(#ser, #de)] #[serde(crate = "::gen_runtime::__private::serde")]);
            let safety = crate::names::safety_doc(
                "this enum is local to the function, whose only machine resumes through a closure that captures nothing \
                 (every value it uses is in the state or the slots)",
            );
            // The `HoldsNoMutBorrow` check of the values that may borrow a local (see `derive_checked`), on their
            // types: what `unborrowed` needs, whatever the checks on the user's lines.
            let checked = state_generics.iter().zip(state_params).map(|(g, &l)| {
                if self.an.may_borrow[l] { quote!(#g: ::gen_runtime::HoldsNoMutBorrow) } else { quote!(#g) }
            });
            let fingerprint = quote! {
                impl<#(#checked),*> ::gen_runtime::__private::Fingerprint for #state_enum<#(#state_generics),*> {
                    const FINGERPRINT: u64 = #fingerprint;
                    const NAME: &'static str = #name;
                }
                #safety
                unsafe impl<#(#state_generics),*> ::gen_runtime::__private::ResumeCapturesNothing for #state_enum<#(#state_generics),*> {}
            };
            (derive, fingerprint)
        });
        let (snapshot_derive, fingerprint) = snapshot.unzip();
        quote! {
            /// The generator's state: where it is suspended and what it holds there.
            #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
            #derive
            #snapshot_derive
            enum #state_enum<#(#state_generics),*> {
                #(#state_variants,)*
                Returned,
                Poisoned,
            }
            #fingerprint
            /// The dispatch loop's jump targets: the start, each resume point, and each join of the control flow.
            #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
            enum #block_enum<#(#block_generics),*> {
                #(#block_variant_defs,)*
            }
        }
    }

    /// The start state, built from the parameters (`CountdownState::Start { n }`).
    pub(super) fn make_start(&self, params: &[LocalId]) -> TokenStream {
        let Names { state_enum, .. } = self.names;
        let start_binds = params.iter().map(|&l| {
            let f = &self.field[l];
            let i = &self.lowered.locals[l].ident;
            if self.derive_clone || self.snapshot.is_some() {
                // A derive: a parameter that is not `Clone` (or serde) is reported on its declaration.
                let value = if i == "__self" { quote!(self) } else { quote!(#i) };
                let value = self.derive_checked(l, value);
                return quote!(#f: #value);
            }
            if i == "__self" {
                let this = Ident::new("self", i.span());
                quote!(#f: #this)
            } else if f == i {
                quote!(#f)
            } else {
                quote!(#f: #i)
            }
        });
        quote!(#state_enum::Start { #(#start_binds),* })
    }

    /// A slot struct (`…Subs` of `SubSlot`s, `…Pinned` of `PinnedSlot`s) for the locals `want` selects, and its
    /// empty value: the struct's definition, its `Slots` and `Unpin` impls (`()` and nothing when none is selected).
    pub(super) fn make_slots(&self, want: &dyn Fn(LocalId) -> bool, slot: TokenStream, name: &Ident, given: &[LocalId]) -> (TokenStream, TokenStream) {
        let Names { pinned_struct, .. } = self.names;
        let locals: Vec<LocalId> = (0..self.lowered.locals.len()).filter(|&l| want(l)).collect();
        if locals.is_empty() {
            return (TokenStream::new(), quote!(()));
        }
        // Reverse declaration order: the latest declared is dropped first.
        let generics: Vec<Ident> = (0..locals.len()).map(|i| format_ident!("T{}", i)).collect();
        let fields = locals.iter().rev().zip(&generics).map(|(&l, g)| {
            let f = &self.field[l];
            quote!(#f: ::gen_runtime::__private::#slot<#g>)
        });
        // The parameters that start in their slots (`slotted_at_start`) are put there now.
        let inits = locals.iter().map(|&l| {
            let f = &self.field[l];
            if given.contains(&l) {
                let i = &self.lowered.locals[l].ident;
                let value = if i == "__self" { quote!(self) } else { quote!(#i) };
                quote!(#f: ::gen_runtime::__private::#slot::declared(#value))
            } else {
                quote!(#f: ::gen_runtime::__private::#slot::new())
            }
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
                let local = &self.lowered.locals[l].ident;
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
        let clone = self.derive_clone.then(|| self.make_slots_clone(&locals, &generics, name));
        let serde = self.snapshot.is_some().then(|| self.make_slots_serde(&locals, &generics, name));
        (
            quote! {
                #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
                struct #name<#(#generics),*> { #(#fields,)* }
                #clone
                #serde
                impl<#(#generics),*> ::gen_runtime::__private::Slots for #name<#(#generics),*> {
                    #[inline]
                    fn clear(&mut self) { #(#clears)* }
                }
                #unpin
            },
            quote!(#name { #(#inits,)* }),
        )
    }

    /// `Clone` for a slot struct (`#[derive(Clone)]`): each sub-generator or future cloned, each pinned local copied
    /// through `clone_unborrowed` (what may borrow a local holds no borrow, see `derive_checked`; bounded here too).
    fn make_slots_clone(&self, locals: &[LocalId], generics: &[Ident], name: &Ident) -> TokenStream {
        let pinned = *name == self.names.pinned_struct;
        let bounds = locals.iter().rev().zip(generics).map(|(&l, g)| {
            let no_borrow = (pinned && self.an.may_borrow[l]).then(|| quote!(+ ::gen_runtime::HoldsNoBorrow));
            quote!(#g: ::core::clone::Clone #no_borrow)
        });
        let fields = locals.iter().map(|&l| {
            let f = &self.field[l];
            if pinned {
                let safety = "what the generator holds across a suspension point and may borrow this local holds no borrow \
                              (`HoldsNoBorrow`, checked where it is declared and bounded on this impl)";
                let copy = crate::names::unsafe_expr(&quote!(self.#f.clone_unborrowed()), safety);
                quote!(#f: #copy)
            } else {
                quote!(#f: ::core::clone::Clone::clone(&self.#f))
            }
        });
        quote! {
            impl<#(#bounds),*> ::core::clone::Clone for #name<#(#generics),*> {
                fn clone(&self) -> Self {
                    #name { #(#fields,)* }
                }
            }
        }
    }

    /// `Serialize`/`Deserialize` for a slot struct (`#[derive(Serialize, Deserialize)]`): a tuple of what each slot
    /// holds, if anything. A pinned local is read through `unborrowed` (what may borrow it holds no `&mut`, see
    /// `derive_checked`); a sub-generator is saved and restored through its own `Snapshot`.
    fn make_slots_serde(&self, locals: &[LocalId], generics: &[Ident], name: &Ident) -> TokenStream {
        let serde = quote!(::gen_runtime::__private::serde);
        let pinned = *name == self.names.pinned_struct;
        // Field order: the struct's (latest declared first).
        let fields: Vec<&Ident> = locals.iter().rev().map(|&l| &self.field[l]).collect();
        let parts: Vec<Ident> = (0..fields.len()).map(|i| format_ident!("__{}", i)).collect();
        let (bound, values, saved, slot): (TokenStream, Vec<TokenStream>, Vec<TokenStream>, TokenStream) = if pinned {
            let safety = "what the generator holds across a suspension point and may borrow this local holds no `&mut` \
                          (`HoldsNoMutBorrow`, bounded on this impl and on the state's `Fingerprint`)";
            let values = fields.iter().map(|f| crate::names::unsafe_expr(&quote!(self.#f.unborrowed()), safety)).collect();
            let saved = generics.iter().map(|g| quote!(::core::option::Option<#g>)).collect();
            (quote!(), values, saved, quote!(PinnedSlot))
        } else {
            let values = fields.iter().map(|f| quote!(self.#f.saved())).collect();
            let saved = generics.iter().map(|g| quote!(::core::option::Option<::gen_runtime::__private::Restored<#g>>)).collect();
            (quote!(::gen_runtime::Snapshot), values, saved, quote!(SubSlot))
        };
        // A value that may borrow a local holds no `&mut` (see `derive_checked`): `unborrowed`'s contract. (A
        // sub-generator's type is opaque: the borrow-check copy checks it instead, `borrowck::Original::static_subs`.)
        let no_mut: Vec<Option<TokenStream>> =
            locals.iter().rev().map(|&l| self.an.may_borrow[l].then(|| quote!(+ ::gen_runtime::HoldsNoMutBorrow))).collect();
        let (ser_bounds, de_bounds): (Vec<TokenStream>, Vec<TokenStream>) = if pinned {
            let ser = generics.iter().zip(&no_mut).map(|(g, no_mut)| quote!(#g: #serde::Serialize #no_mut));
            (ser.collect(), generics.iter().map(|g| quote!(#g: #serde::Deserialize<'de>)).collect())
        } else {
            (generics.iter().map(|g| quote!(#g: #bound)).collect(), generics.iter().map(|g| quote!(#g: #bound)).collect())
        };
        quote! {
            impl<#(#ser_bounds),*> #serde::Serialize for #name<#(#generics),*> {
                fn serialize<__S: #serde::Serializer>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                    #serde::Serialize::serialize(&(#(#values,)*), __serializer)
                }
            }
            impl<'de, #(#de_bounds),*> #serde::Deserialize<'de> for #name<#(#generics),*> {
                fn deserialize<__D: #serde::Deserializer<'de>>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                    let (#(#parts,)*) = <(#(#saved,)*) as #serde::Deserialize<'de>>::deserialize(__deserializer)?;
                    ::core::result::Result::Ok(#name { #(#fields: ::gen_runtime::__private::#slot::restored(#parts),)* })
                }
            }
        }
    }

    /// A value the generator holds across a suspension point, checked where its local `l` is declared to have what
    /// the derives need (`Clone`; serde's traits, and `HoldsNoMutBorrow` if it may borrow a local), so that a type
    /// that lacks one is reported on the user's line.
    pub(super) fn derive_checked(&self, l: LocalId, value: TokenStream) -> TokenStream {
        let local = &self.lowered.locals[l];
        // A `for` loop's iterator is reported on the loop's iterable (a hidden local has no span of the user's);
        // the braces carry the span, as rustc reports an unmet bound on the argument.
        let (span, mut value) = match local.loop_iterator {
            Some(span) => (span, quote_spanned!(span=> { #value })),
            None => (local.ident.span(), value),
        };
        let check = |function: &str, value: TokenStream| {
            let function = Ident::new(function, span);
            quote_spanned!(span=> ::gen_runtime::__private::#function(#value))
        };
        if self.snapshot.is_some() {
            if self.an.may_borrow[l] {
                value = check("snapshot_keeps_no_borrow_in_this_value", value);
            }
            let saves = if local.loop_iterator.is_some() { "snapshot_saves_this_loop_iterator" } else { "snapshot_saves_this_local" };
            value = check(saves, value);
        }
        if self.derive_clone {
            if self.an.may_borrow[l] {
                value = check("derive_clone_keeps_no_borrow_in_this_value", value);
            }
            value = check("derive_clone_copies_this_local", value);
        }
        value
    }

    /// `DropInOrder` for the pinned slots: a suspended generator dropped drops the locals of its state and its pinned
    /// locals together, latest declared first.
    pub(super) fn drop_in_order(&self, params: &[LocalId], in_slots: &[LocalId], state_params: &[LocalId]) -> TokenStream {
        let Names { state_enum, pinned_struct, .. } = self.names;
        let pinned: Vec<LocalId> = (0..self.lowered.locals.len()).filter(|&l| self.an.slotted[l] && self.used(l)).collect();
        let p_generics: Vec<Ident> = (0..pinned.len()).map(|i| format_ident!("P{}", i)).collect();
        let s_generics: Vec<Ident> = (0..state_params.len()).map(|i| format_ident!("S{}", i)).collect();
        let mut arms = Vec::new();
        let mut variants: Vec<(Ident, Vec<LocalId>, Vec<LocalId>)> = vec![(format_ident!("Start"), params.to_vec(), in_slots.to_vec())];
        for k in 0..self.lowered.points.len() {
            let rb = self.resume_block(k);
            if !self.an.reachable[rb] {
                continue;
            }
            let in_scope: Vec<LocalId> = self.an.entry_scopes[rb]
                .iter()
                .flat_map(|&s| self.lowered.scopes[s].locals.iter().copied())
                .filter(|&l| self.an.slotted[l])
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
}
