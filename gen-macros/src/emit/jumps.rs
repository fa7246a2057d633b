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
                match self.handed_dead(t, l, &v) {
                    Some(dead) => quote!(#f: #dead),
                    None if *f == v => quote!(#f),
                    None => quote!(#f: #v),
                }
            })
            .collect()
    }

    /// `dead!(v)` for the value `v` of a local that `t` receives only to drop it where its scope ends: one whose type
    /// has no drop (a reference, an integer…) is not kept (see `gen_runtime::__private::dead`), so a state does not
    /// grow by a dead reference or index, as rustc's coroutines do not. Not with `#[derive(Clone)]` or a snapshot,
    /// whose checks name the local's own type.
    pub(super) fn handed_dead(&self, t: BlockId, l: LocalId, v: &Ident) -> Option<TokenStream> {
        self.dead_at(t, l).then(|| quote!(::gen_runtime::__private::dead!(#v)))
    }

    /// Whether `t` receives `l` as `dead!(l)` (see [`Self::handed_dead`]); its variants then give that field a type
    /// parameter of its own, apart from the local's type where it is alive.
    pub(super) fn dead_at(&self, t: BlockId, l: LocalId) -> bool {
        let plain = !self.derive_clone && self.snapshot.is_none() && !self.slotted(l);
        // A local that `t`'s pattern binds (a match arm's) arrives with the edge: a new value, not a dead one.
        let bound_here = self.lowered.blocks[t]
            .ops
            .iter()
            .map_while(|op| if let Op::Open { scope } = op { Some(scope) } else { None })
            .any(|&s| self.lowered.scopes[s].locals.contains(&l));
        // The start state holds the arguments as given (`make_start`).
        let start = self.lowered.blocks[t].kind == BlockKind::Start;
        plain && !bound_here && !start && self.an.only_dropped(t, l)
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
                    puts.extend(quote!(#pinned.#f.declare(#binding);));
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
    ///
    /// Also, from any arm, the poll of an awaited future whose every way out leaves the resume (a `return`, a
    /// yield, `Pending`): the code that starts the future polls it in place, as a native `async fn` does, instead of
    /// going round the dispatch loop to it. The optimiser does not thread a jump back through the loop's `match`
    /// (that would give the loop a second entry), so each such trip cost a switch per item (issue 17:
    /// `filtered_vec` 16.4 → 8.3 µs). A poll that goes on to another block is not copied: the future stays polled
    /// from one place in the loop it belongs to.
    fn copy_of(&self, t: BlockId, env: &Env, cx: &mut ArmCx<'_>) -> Option<TokenStream> {
        let left = cx.copies;
        let awaiting = self.lowered.blocks[t].kind == BlockKind::Inner("awaiting");
        if (left == 0 && !awaiting) || !matches!(self.lowered.blocks[t].kind, BlockKind::Inner(_)) || cx.not_copied.contains(&t) {
            return None;
        }
        cx.copies = if awaiting { 0 } else { left - 1 };
        let renames = std::mem::take(&mut cx.renames);
        let jumps = cx.jumps.len();
        let (pattern, body) = self.arm_parts(t, cx);
        cx.renames = renames;
        cx.copies = left;
        if (awaiting && cx.jumps.len() != jumps) || !copyable(&body, &mut 0, self.copy_limit()) {
            cx.jumps.truncate(jumps);
            return None;
        }
        let bindings: Vec<&TokenStream> = pattern.iter().map(|(_, _, b)| b).collect();
        let values: Vec<Ident> =
            pattern.iter().map(|(l, _, _)| env.get(l).cloned().unwrap_or_else(|| self.lowered.locals[*l].ident.clone())).collect();
        let given: Vec<TokenStream> =
            pattern.iter().zip(&values).map(|((l, _, _), v)| self.handed_dead(t, *l, v).unwrap_or_else(|| quote!(#v))).collect();
        // One `let` per field, skipping the leading ones that bind a value to its own name; all at once if a name is
        // both bound and handed on. Past the first re-bound field every field is re-bound, so that the locals still
        // drop in reverse declaration order (a re-bound local drops before one left bound by the arm's pattern).
        let names: Vec<String> = bindings.iter().filter_map(|b| (*b).clone().into_iter().last().map(|t| t.to_string())).collect();
        let overlap = values.iter().enumerate().any(|(i, v)| (0..i).any(|j| *v == names[j] && values[j] != names[j]));
        if overlap {
            return Some(quote!({ let (#(#bindings,)*) = (#(#given,)*); #body }));
        }
        let first = bindings.iter().zip(&given).position(|(b, v)| v.to_string() != b.to_string()).unwrap_or(values.len());
        let lets = bindings[first..].iter().zip(&given[first..]).map(|(b, v)| quote!(let #b = #v;));
        Some(quote!({ #(#lets)* #body }))
    }
}

/// Tokens a block's code may have and still be written twice: at most `limit` of them, and none of a
/// closure, an `async` block, an item, or a macro other than the standard ones that expand to neither (and the
/// expansion's own `::gen_runtime::__private::dead!`).
fn copyable(code: &TokenStream, count: &mut usize, limit: usize) -> bool {
    const ITEMS: &[&str] = &["async", "fn", "static", "impl", "struct", "enum", "union", "trait", "mod", "const", "extern", "use", "type", "macro_rules"];
    let mut last_ident: Option<String> = None;
    let mut bang = false;
    let mut lifetime = false;
    // The path read so far (`gen_runtime::__private::dead`): the expansion's own macro is recognised by it.
    let mut path = String::new();
    for tt in code.clone() {
        // `'static` is a lifetime, not an item.
        if std::mem::take(&mut lifetime) && matches!(tt, TokenTree::Ident(_)) {
            last_ident = None;
            continue;
        }
        *count += 1;
        if *count > limit {
            return false;
        }
        match &tt {
            TokenTree::Group(g) => {
                let own = path == "::gen_runtime::__private::dead";
                if bang && !own && last_ident.as_deref().and_then(crate::std_macros::by_name).is_none() {
                    return false;
                }
                if !copyable(&g.stream(), count, limit) {
                    return false;
                }
            }
            TokenTree::Ident(i) => {
                let i = i.to_string();
                if ITEMS.contains(&i.as_str()) {
                    return false;
                }
                if !path.ends_with("::") {
                    path.clear();
                }
                path.push_str(&i);
                last_ident = Some(i);
                bang = false;
                continue;
            }
            TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == proc_macro2::Spacing::Joint => {
                path.push_str("::");
                continue;
            }
            TokenTree::Punct(p) if p.as_char() == ':' && path.ends_with("::") => continue,
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
        path.clear();
    }
    true
}

impl Emitter<'_> {
    /// See [`copyable`]: enough for a loop head and the code up to its next suspension, which in an `async`
    /// generator includes the copy of an await's poll (about as long again).
    fn copy_limit(&self) -> usize {
        if self.arg_is_cx { 2 * COPY_LIMIT } else { COPY_LIMIT }
    }
}

/// See [`Emitter::copy_limit`].
const COPY_LIMIT: usize = 400;
