//! Jumps between blocks: the next block's variant with what it receives, a jump straight through a block that only
//! jumps on, and a copy of the target's code written in place of a jump when it is small and has one entry.
//!
//! Input:  a jump from a block to `t` (the locals bound here)
//! Output: `{ block = CountdownBlock::While0 { i }; continue 'dispatch; }`, or `t`'s code itself

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::quote;

use crate::lowered::{BlockId, BlockKind, LocalId, Op, Term};
use super::{ArmCx, Emitter, Env, Level, Names};
use super::arms::collapse;

impl Emitter<'_> {
    /// Where a jump to `t` really goes: past blocks that only end empty scopes and jump on, handing on exactly
    /// what they received (a join before a loop head).
    fn thread(&self, t: BlockId) -> BlockId {
        let mut cur = t;
        for _ in 0..8 {
            let block = &self.lowered.blocks[cur];
            let Term::Goto(next) = block.term else { break };
            let forwards = matches!(block.kind, BlockKind::Inner(_))
                && self.labelled[next]
                && self.an.stored[next] == self.an.stored[cur]
                && block.ops.iter().all(|op| match op {
                    Op::Close { scope } => self.lowered.scopes[*scope]
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

    /// The code of a branch target: inline if it has no variant of its own, else a jump.
    pub(super) fn branch(&self, t: BlockId, refs: &[LocalId], env: &Env, cx: &mut ArmCx<'_>) -> TokenStream {
        if self.labelled[t] {
            return self.jump(t, env, cx);
        }
        let mut env = env.clone();
        let mut levels = vec![Level { scope: None, code: TokenStream::new() }];
        self.region(t, refs, &mut env, &mut levels, cx);
        collapse(levels)
    }

    pub(super) fn fields(&self, t: BlockId, env: &Env) -> Vec<TokenStream> {
        self.an.stored[t]
            .iter()
            .map(|&l| {
                let f = &self.field[l];
                let v = env.get(&l).cloned().unwrap_or_else(|| self.lowered.locals[l].ident.clone());
                if *f == v { quote!(#f) } else { quote!(#f: #v) }
            })
            .collect()
    }

    /// `fields` for a state the generator suspends in: with `#[derive(Clone)]`, each value checked to be `Clone`
    /// where its local is declared (the error for one that is not then names the local's line).
    pub(super) fn state_fields(&self, t: BlockId, env: &Env) -> Vec<TokenStream> {
        if !self.derive_clone && self.snapshot.is_none() {
            return self.fields(t, env);
        }
        self.an.stored[t]
            .iter()
            .map(|&l| {
                let f = &self.field[l];
                let ident = &self.lowered.locals[l].ident;
                let v = env.get(&l).cloned().unwrap_or_else(|| ident.clone());
                let v = self.derive_checked(l, quote!(#v));
                quote!(#f: #v)
            })
            .collect()
    }

    pub(super) fn jump(&self, t: BlockId, env: &Env, cx: &mut ArmCx<'_>) -> TokenStream {
        // Pinned locals bound by an arm go into their slots in the target's arm: threading past it is not allowed.
        let t = if matches!(self.lowered.blocks[t].ops.first(), Some(Op::Open { .. })) { t } else { self.thread(t) };
        let Names { block_enum, block, dispatch, .. } = self.names;
        let v = &self.variant[t];
        let fields = self.fields(t, env);
        // Pinned locals bound by the `match` arm that jumps go into their slots now.
        let mut puts = TokenStream::new();
        if let Some(Op::Open { scope }) = self.lowered.blocks[t].ops.first() {
            for &l in &self.lowered.scopes[*scope].locals {
                if self.an.slotted[l] {
                    let binding = env.get(&l).cloned().unwrap_or_else(|| self.lowered.locals[l].ident.clone());
                    let (pinned, f) = (&self.names.pinned, &self.field[l]);
                    puts.extend(quote!(#pinned.#f.put(#binding);));
                }
            }
        }
        let forget = env.forget_guards();
        if let Some(copy) = self.copy_of(t, env, cx) {
            return quote!(#puts #forget #copy);
        }
        cx.jumps.push(t);
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
    fn copy_of(&self, t: BlockId, env: &Env, cx: &mut ArmCx<'_>) -> Option<TokenStream> {
        let left = cx.copies;
        if left == 0 || !matches!(self.lowered.blocks[t].kind, BlockKind::Inner(_)) || cx.not_copied.contains(&t) {
            return None;
        }
        cx.copies = left - 1;
        let renames = std::mem::take(&mut cx.renames);
        let jumps = cx.jumps.len();
        let (pattern, body) = self.arm_parts(t, cx);
        cx.renames = renames;
        cx.copies = left;
        if !copyable(&body, &mut 0) {
            cx.jumps.truncate(jumps);
            return None;
        }
        let bindings: Vec<&TokenStream> = pattern.iter().map(|(_, _, b)| b).collect();
        let values: Vec<Ident> =
            pattern.iter().map(|(l, _, _)| env.get(l).cloned().unwrap_or_else(|| self.lowered.locals[*l].ident.clone())).collect();
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
                if bang && last_ident.as_deref().and_then(crate::std_macros::by_name).is_none() {
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
