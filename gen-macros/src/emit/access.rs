//! How the emitted code reaches a local: by its binding, or, for a pinned local, through its slot (a guard that
//! empties the slot where the local's scope ends, forgotten at a suspension point).
//!
//! Input:  user code naming a slotted local `text`
//! Output: the code with `text` read through the slot's place (`SAFETY` comment on each access)

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Expr, parse_quote};

use crate::rename::Code;

use crate::lowered::{BlockId, LocalId, Op, Storage};
use super::{Emitter, Env};

impl Emitter<'_> {
    /// Is the local declared in code that is ever reached?
    pub(super) fn used(&self, l: LocalId) -> bool {
        self.lowered.blocks.iter().enumerate().any(|(b, block)| {
            self.an.reachable[b]
                && block.ops.iter().any(|op| match op {
                    Op::Let { scope, .. } | Op::Open { scope } => self.lowered.scopes[*scope].locals.contains(&l),
                    _ => false,
                })
        })
    }

    /// A pinned local's declaration: its value goes into its slot (user code then reaches it there), and a guard
    /// stands in for it.
    pub(super) fn put(&self, l: LocalId, binding: &Ident, env: &mut Env) -> TokenStream {
        let (pinned, f) = (&self.names.pinned, &self.field[l]);
        let guard = self.guard(l, env);
        quote!(#pinned.#f.declare(#binding); #guard)
    }

    /// The guard of a slotted local (pinned, or a sub-generator), registered in `env`.
    pub(super) fn guard(&self, l: LocalId, env: &mut Env) -> TokenStream {
        let f = &self.field[l];
        let slots = if self.an.slotted[l] { &self.names.pinned } else { &self.names.subs };
        let g = format_ident!("__guard_{}", f.to_string().trim_start_matches('_'), span = Span::mixed_site());
        env.guards.push((l, g.clone()));
        let safety = crate::names::safety_doc("the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension");
        quote!(#safety let #g = unsafe { #slots.#f.guard() };)
    }

    pub(super) fn slotted(&self, l: LocalId) -> bool {
        self.an.slotted[l] || self.lowered.locals[l].storage == Storage::Sub
    }

    /// User code naming slotted locals: `text` → `(__ref_text.value)` after `let __ref_text = unsafe {
    /// __pinned.text.place() };`, or, where the code moves the local out and nothing uses it after (`return buf`,
    /// `it.collect()`), `__pinned.text.take()`. Each piece of code takes a fresh place, so the borrows that matter
    /// are checked once, in the borrow-check copy, on the user's lines.
    pub(super) fn through_slots<C: Code>(&self, code: &C, facts: &crate::lowered::Facts, env: &Env, b: BlockId, i: usize) -> TokenStream {
        let (prefix, code) = self.through_slots_split(code, facts, env, b, i);
        quote!(#prefix #code)
    }

    /// Like [`Self::through_slots`] for an expression: `{ let __ref_x = …place(); <expr using (__ref_x.value)> }`
    /// when needed.
    pub(super) fn through_slots_expr<C: Code>(&self, code: &C, facts: &crate::lowered::Facts, env: &Env, b: BlockId, i: usize) -> TokenStream {
        let (prefix, code) = self.through_slots_split(code, facts, env, b, i);
        if prefix.is_empty() { code.to_token_stream() } else { quote!({ #prefix #code }) }
    }

    /// The reference bindings a piece of code needs (one per pinned local it names, taken just before it, so that
    /// a closure in it captures the local's place, not the slots), and the code using them.
    pub(super) fn through_slots_split<C: Code>(
        &self,
        code: &C,
        facts: &crate::lowered::Facts,
        env: &Env,
        b: BlockId,
        i: usize,
    ) -> (TokenStream, C) {
        let mut code = code.clone();
        let mut prefix = TokenStream::new();
        let mut live: Option<Vec<bool>> = None;
        // Printed only when some pinned local is in scope (most code has none).
        let tokens = if env.pins.is_empty() { TokenStream::new() } else { code.to_token_stream() };
        for (name, l) in &env.pins {
            if !crate::rename::mentions(&tokens, name) {
                continue;
            }
            let uses = |v: &[LocalId]| v.iter().filter(|&&x| x == *l).count();
            let (pinned, f) = (&self.names.pinned, &self.field[*l]);
            let slot: Expr = parse_quote!(#pinned.#f);
            let take: Expr = parse_quote!(#pinned.#f.take());
            // A use that moves the local, when nothing uses it afterwards, empties the slot (its drop flag).
            let moves = uses(&facts.moves) + uses(&facts.maybe_moves) > 0;
            // Moved twice on one path: only a `Copy` value can be, so it is copied, never taken.
            let paths: Vec<&Vec<(u32, u32)>> = facts.move_paths.iter().filter(|(x, _)| x == l).map(|(_, p)| p).collect();
            let exclusive = |p: &[(u32, u32)], q: &[(u32, u32)]| p.iter().any(|&(c, a)| q.iter().any(|&(d, b)| c == d && a != b));
            let copied = paths.iter().enumerate().any(|(i, p)| paths[i + 1..].iter().any(|q| !exclusive(p, q)));
            let dead_after = moves && !copied && !live.get_or_insert_with(|| self.an.live_after(self.lowered, b, i))[*l];
            let reaches = uses(&facts.reads) + uses(&facts.borrows) > 0 || (moves && !dead_after);
            let to = if reaches {
                let r = format_ident!("__ref_{}", f.to_string().trim_start_matches('_'), span = Span::mixed_site());
                let safety = crate::names::safety_doc(PLACE_SAFETY);
                prefix.extend(quote!(#safety let #r = unsafe { #pinned.#f.place() };));
                parse_quote!((#r.value))
            } else {
                // The slot may be empty when the code starts (it assigns the local): the place is taken at the use.
                let place = crate::names::unsafe_expr(&quote!(#pinned.#f.place()), PLACE_SAFETY);
                parse_quote!((#place.value))
            };
            crate::rename::rename_slot(&mut code, name, &to, dead_after.then_some(&take), &slot);
        }
        (prefix, code)
    }
}

/// Why a slotted local's place may be taken (the expansion's SAFETY comment).
const PLACE_SAFETY: &str = "the local stays in its slot in the pinned generator until its scope ends, and rustc \
                            borrow-checks its uses in the copy of the body above";
