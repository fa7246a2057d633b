//! std's macros whose arguments are expressions (`println!`, `format!`, `write!`, `vec!`, `assert_eq!`, …): parsed
//! into their arguments so that a yield inside them is lowered like a call argument, in evaluation order, with the
//! format string kept intact.
//!
//! Input:  `println!("{} {}", a(), yield_!(b))`
//! Output: `let t = a(); <suspend with b>; println!("{} {}", t, <resume argument>)`

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Expr, Macro, Token};

use crate::std_macros::Takes as Kind;

/// One argument of a supported macro.
pub enum Arg {
    /// Evaluated in order, always: may hold a yield.
    Operand(Expr),
    /// `name = value` in a format macro: the value is an operand.
    Named(syn::Ident, Expr),
    /// Kept as written: the format string, a `matches!` pattern, an `assert!` message (evaluated only on failure).
    Kept(TokenStream),
}

pub struct Args {
    pub args: Vec<Arg>,
    /// `vec![x; n]`
    pub repeat: bool,
}

/// The arguments of `mac`, if it is one of std's expression-taking macros.
pub fn parse(mac: &Macro) -> Option<Args> {
    let kind = crate::std_macros::of(&mac.path)?.takes;
    let exprs = || Punctuated::<Expr, Token![,]>::parse_terminated.parse2(mac.tokens.clone()).ok();
    let named = |e: Expr| match e {
        Expr::Assign(a) => match *a.left {
            Expr::Path(p) if p.path.get_ident().is_some() => {
                Arg::Named(p.path.get_ident().expect("checked").clone(), *a.right)
            }
            left => Arg::Operand(Expr::Assign(syn::ExprAssign { left: Box::new(left), ..a })),
        },
        other => Arg::Operand(other),
    };
    let args = match kind {
        Kind::Format => {
            let mut it = exprs()?.into_iter();
            let mut args: Vec<Arg> = it.next().map(|f| Arg::Kept(f.into_token_stream())).into_iter().collect();
            args.extend(it.map(named));
            args
        }
        Kind::Write => {
            let mut it = exprs()?.into_iter();
            let mut args = vec![Arg::Operand(it.next()?)];
            args.extend(it.next().map(|f| Arg::Kept(f.into_token_stream())));
            args.extend(it.map(named));
            args
        }
        Kind::Assert(operands) => exprs()?
            .into_iter()
            .enumerate()
            .map(|(i, e)| if i < operands { Arg::Operand(e) } else { Arg::Kept(e.into_token_stream()) })
            .collect(),
        Kind::Vec => {
            match syn::parse2::<syn::ExprArray>(bracketed(&mac.tokens)) {
                Ok(a) => a.elems.into_iter().map(Arg::Operand).collect(),
                Err(_) => {
                    let r = syn::parse2::<syn::ExprRepeat>(bracketed(&mac.tokens)).ok()?;
                    return Some(Args { args: vec![Arg::Operand(*r.expr), Arg::Operand(*r.len)], repeat: true });
                }
        }
        }
        Kind::Matches => {
            let (scrutinee, rest) = split_first_comma(&mac.tokens)?;
            vec![Arg::Operand(syn::parse2(scrutinee).ok()?), Arg::Kept(rest)]
        }
        Kind::Dbg => exprs()?.into_iter().map(Arg::Operand).collect(),
        Kind::FormatArgs => return None,
    };
    Some(Args { args, repeat: false })
}

fn bracketed(tokens: &TokenStream) -> TokenStream {
    quote!([#tokens])
}

/// `e, rest…` at the top level of the tokens.
fn split_first_comma(tokens: &TokenStream) -> Option<(TokenStream, TokenStream)> {
    let all: Vec<proc_macro2::TokenTree> = tokens.clone().into_iter().collect();
    let pos = all.iter().position(|t| matches!(t, proc_macro2::TokenTree::Punct(p) if p.as_char() == ','))?;
    Some((all[..pos].iter().cloned().collect(), all[pos + 1..].iter().cloned().collect()))
}

/// The macro again, with its operands replaced (in order) by `operands`.
pub fn rebuild(mac: &Macro, args: &Args, operands: Vec<Expr>) -> Macro {
    let mut it = operands.into_iter();
    let mut parts: Vec<TokenStream> = Vec::new();
    for a in &args.args {
        parts.push(match a {
            Arg::Operand(_) => it.next().map(ToTokens::into_token_stream).unwrap_or_default(),
            Arg::Named(name, _) => {
                let v = it.next().map(ToTokens::into_token_stream).unwrap_or_default();
                quote!(#name = #v)
            }
            Arg::Kept(t) => t.clone(),
        });
    }
    let name = mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
    let tokens = if args.repeat {
        let (x, n) = (&parts[0], &parts[1]);
        quote!(#x; #n)
    } else if name == "matches" {
        let (e, rest) = (&parts[0], &parts[1]);
        quote!(#e, #rest)
    } else {
        quote!(#(#parts),*)
    };
    Macro { path: mac.path.clone(), bang_token: mac.bang_token, delimiter: mac.delimiter.clone(), tokens }
}

impl Args {
    /// The expressions evaluated in order (operands and named values).
    pub fn operands(&self) -> Vec<&Expr> {
        self.args
            .iter()
            .filter_map(|a| match a {
                Arg::Operand(e) | Arg::Named(_, e) => Some(e),
                Arg::Kept(_) => None,
            })
            .collect()
    }

    /// What is kept as written (checked for misplaced yields).
    pub fn kept(&self) -> Vec<&TokenStream> {
        self.args.iter().filter_map(|a| if let Arg::Kept(t) = a { Some(t) } else { None }).collect()
    }
}
