//! Fuzz harness: `crate::expand::generator` must never panic, whatever tokens it is given.
//!
//! It is a unit test of gen-macros because a proc-macro crate exports only its macros: the expansion function is
//! callable from its own tests alone. Its random programs come from `gen-difftest/src/progen.rs` (included by path,
//! with every construct switched on, including the ones the macro rejects).
//!
//! # Run
//! - short run (CI, part of `cargo test -p gen-macros`): 3 000 inputs, a couple of seconds;
//! - long run: `FUZZ_ITERS=1000000 FUZZ_SEED=7 cargo test -p gen-macros --release fuzz_expand -- --nocapture`
//!   (one test thread: about 500 000 inputs per 23 minutes in release on this 2-core machine).
//!
//! Inputs, per iteration: one in ten an arbitrary token stream (pool tokens in random groups, bare or as a
//! function body); otherwise a random well-formed generator from `progen` (all features; one in four rendered as
//! a `#[generator] async fn` whose yields are `.await`s), then 0–6 token-level
//! mutations (delete / duplicate / swap tokens, insert tokens from a pool of keywords, markers, punctuation and
//! groups, change the signature), with random attribute arguments. Inputs whose mutated text no longer lexes are
//! skipped. A panic fails the test, printing the seed, the attribute and the item; an expansion that is not a valid
//! sequence of items (for an input that is a function) is counted and the first few are printed (not a failure: rustc reports those itself).

#![allow(clippy::all)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::str::FromStr;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

#[path = "../../gen-difftest/src/progen.rs"]
#[allow(dead_code, unused)]
mod progen;

use progen::{Features, Mode, Rng};

/// Leaf tokens as text, with the delimiters of groups as their own tokens, and whether a space follows.
fn flatten(ts: TokenStream, out: &mut Vec<(String, bool)>) {
    for tt in ts {
        match tt {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                out.push((open.to_string(), true));
                flatten(g.stream(), out);
                out.push((close.to_string(), true));
            }
            TokenTree::Punct(p) => out.push((p.as_char().to_string(), p.spacing() == Spacing::Alone)),
            other => out.push((other.to_string(), true)),
        }
    }
}

fn join(tokens: &[(String, bool)]) -> String {
    let mut s = String::new();
    for (t, space) in tokens {
        s.push_str(t);
        if *space {
            s.push(' ');
        }
    }
    s
}

const POOL: &[&str] = &[
    "yield_!(1)", "yield_!()", "yield_!", "yield_from!(g)", "yield_from!()", "?", "return", "return 1", "break",
    "break 'l1", "continue", "'l1:", "loop", "while", "for", "in", "if", "else", "match", "let", "mut", "ref", "=",
    ";", ",", ".", "..", "..=", "&", "&mut", "*", "move", "|x|", "|| {}", "async", "await", ".await", "unsafe",
    "{}", "()", "[]", "{ yield_!(2); }", "(yield_!(3), 4)", "x", "self", "Self", "_", "1", "\"s\"", "'c'", "=>",
    "::", "gen_runtime::yield_!(5)", "yield", "yield 1", "static", "const", "fn f() {}", "struct S;", "impl",
    "dyn", "#[cfg(any())]", "#[inline]", "macro_rules! m { () => {} }", "println!(\"{}\", yield_!(1))",
    "vec![yield_!(1)]", "<", ">", "->", "i64", "Box::pin(yield_from!(g))", "try", "!", "@", "$x", "#",
    "tokio::select! { biased; Some(v) = rx.recv(), if c => { yield_!(v); } _ = t() => continue, else => break }",
    "futures::select! { x = f => yield_!(x), default => return, complete => break, }", "select_biased!",
    "select! { ref r = f => r, (mut a, b) = g => a, }", "select! { x = yield_!(1) => 2 }", "biased;",
];

const ATTRS: &[&str] = &[
    "yield = i64, resume = i64",
    "yield = i64",
    "",
    "resume = i64",
    "yield = i64, resume = i64, start = first",
    "yield = i64, yield = i64",
    "yield = , resume = i64",
    "yield i64",
    "yield = impl Fn()",
    "yield = &'a str, resume = &mut u8",
    "start = x",
    "yield = i64,",
    "unknown = 1",
    "yield = i64, resume = i64, start = (a, b)",
    "1 + 1",
];

const SIGS: &[(&str, &str)] = &[
    ("pub fn gen_main(", "async fn gen_main("),
    ("pub fn gen_main(", "unsafe fn gen_main("),
    ("pub fn gen_main(", "const fn gen_main("),
    ("pub fn gen_main(", "fn gen_main<T: Clone>(t: T, "),
    ("pub fn gen_main(", "fn gen_main<'a>(s: &'a str, "),
    ("pub fn gen_main(", "fn gen_main(self, "),
    ("pub fn gen_main(", "fn gen_main(&mut self, "),
    ("pub fn gen_main(", "fn gen_main((p, q): (i64, i64), "),
    ("pub fn gen_main(", "fn gen_main(f: impl Fn() -> i64, "),
    ("pub fn gen_main(", "extern \"C\" fn gen_main("),
    ("pub fn gen_main(", "fn gen_main(args: ..., "),
    ("-> i64", "-> impl Iterator<Item = i64>"),
    ("-> i64", ""),
    ("-> i64", "-> !"),
    ("-> i64", "-> Self"),
    ("#[generator(yield = i64, resume = i64)]", "#[inline]"),
];

fn mutate(rng: &mut Rng, text: &str) -> Option<String> {
    let mut text = text.to_string();
    if rng.chance(20) {
        let (from, to) = SIGS[rng.below(SIGS.len() as u64) as usize];
        text = text.replacen(from, to, 1);
    }
    let mut tokens = Vec::new();
    flatten(TokenStream::from_str(&text).ok()?, &mut tokens);
    // Mutate leaves only, so that delimiters stay balanced and most mutants still lex.
    let is_leaf = |t: &(String, bool)| !matches!(t.0.as_str(), "(" | ")" | "{" | "}" | "[" | "]" | "");
    for _ in 0..rng.below(7) {
        let leaves: Vec<usize> = (0..tokens.len()).filter(|&i| is_leaf(&tokens[i])).collect();
        if leaves.is_empty() {
            break;
        }
        let i = leaves[rng.below(leaves.len() as u64) as usize];
        match rng.below(5) {
            0 => {
                tokens.remove(i);
            }
            1 => {
                let t = tokens[i].clone();
                tokens.insert(i, t);
            }
            2 => {
                let j = leaves[rng.below(leaves.len() as u64) as usize];
                tokens.swap(i, j);
            }
            _ => {
                let t = POOL[rng.below(POOL.len() as u64) as usize];
                tokens.insert(i, (t.to_string(), true));
            }
        }
    }
    Some(join(&tokens))
}

/// An arbitrary token stream: up to 60 tokens of the pool, in randomly nested groups; half the time as the body of
/// a function (so that it reaches the lowering, not just the signature check).
fn random_tokens(rng: &mut Rng) -> String {
    let mut out = String::new();
    let mut open: Vec<char> = Vec::new();
    for _ in 0..rng.below(60) {
        match rng.below(10) {
            0 => {
                let (o, c) = [('(', ')'), ('{', '}'), ('[', ']')][rng.below(3) as usize];
                out.push(o);
                open.push(c);
            }
            1 if !open.is_empty() => out.push(open.pop().unwrap()),
            _ => out.push_str(POOL[rng.below(POOL.len() as u64) as usize]),
        }
        out.push(' ');
    }
    while let Some(c) = open.pop() {
        out.push(c);
    }
    if rng.chance(50) { format!("fn gen_main() -> i64 {{ {out} }}") } else { out }
}

/// The item without its `#[generator(..)]` line (the macro receives the item without its own attribute).
fn split_attr(src: &str) -> &str {
    match src.find(")]\n") {
        Some(i) if src.starts_with("#[generator(") => &src[i + 3..],
        _ => src.strip_prefix("#[generator]\n").unwrap_or(src),
    }
}

#[test]
fn expansion_never_panics_on_random_and_mutated_generators() {
    let iters: u64 = std::env::var("FUZZ_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(3_000);
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng::new(seed ^ 0xF022);
    let (mut ran, mut unlexable, mut not_items) = (0u64, 0u64, 0u64);
    let mut panics: Vec<String> = Vec::new();
    for i in 0..iters {
        let program = progen::generate(seed.wrapping_mul(1_000_003).wrapping_add(i), Features::ALL);
        // One in four as a `#[generator] async fn` (every yield an `.await`), with no attribute arguments.
        let is_async = rng.chance(25);
        let src = program.render(if is_async { Mode::AsyncMacro } else { Mode::Macro }, "gen_main");
        let mutated = rng.chance(75);
        // One in ten: arbitrary tokens instead of a (mutated) program.
        let arbitrary = rng.chance(10);
        let mutated = mutated || arbitrary;
        let src = if arbitrary {
            Some(random_tokens(&mut rng))
        } else if mutated {
            mutate(&mut rng, &src)
        } else {
            Some(src)
        };
        let Some(src) = src else {
            unlexable += 1;
            continue;
        };
        let Ok(item) = TokenStream::from_str(split_attr(&src)) else {
            unlexable += 1;
            continue;
        };
        let usual = if is_async { "" } else { ATTRS[0] };
        let attr_text = if rng.chance(80) { usual } else { ATTRS[rng.below(ATTRS.len() as u64) as usize] };
        let args = TokenStream::from_str(attr_text).unwrap();
        ran += 1;
        match catch_unwind(AssertUnwindSafe(|| crate::expand::generator(args, item.clone()))) {
            Ok(out) => {
                // Only meaningful for a valid program (a mutant may not be Rust, e.g. `a1..=5` as a pattern, and
                // its expansion need not be either).
                if !mutated
                    && syn::parse2::<syn::ItemFn>(item.clone()).is_ok()
                    && let Err(e) = syn::parse2::<syn::File>(out.clone())
                {
                    if not_items < 3 {
                        eprintln!(
                            "not items ({e} at {:?}): FUZZ_SEED={seed} iteration {i}\n#[generator({attr_text})]\n{item}\n=> {out}\n",
                            e.span()
                        );
                    }
                    not_items += 1;
                }
            }
            Err(p) => {
                let msg = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                if panics.len() < 5 {
                    panics.push(format!(
                        "panic {msg:?} at FUZZ_SEED={seed} iteration {i}\n#[generator({attr_text})]\n{item}\n"
                    ));
                } else {
                    panics.push(String::new());
                }
            }
        }
    }
    std::panic::set_hook(default_hook);
    eprintln!(
        "fuzz_expand: {ran} inputs expanded ({unlexable} mutants skipped: do not lex), {} panics, \
         {not_items} expansions of unmutated programs that are not a list of items",
        panics.len()
    );
    for p in panics.iter().filter(|p| !p.is_empty()) {
        eprintln!("{p}");
    }
    assert!(panics.is_empty(), "the expansion panicked on {} of {ran} inputs (first ones above)", panics.len());
    assert_eq!(not_items, 0, "expansions that syn cannot parse as items (first ones above)");
}

