//! Expansion snapshots: each `tests/expand/NAME.rs` holds `#[generator]` functions; their expansion, printed with
//! `prettyplease`, must equal `tests/expand/NAME.expanded.rs`. `GEN_SNAPSHOTS=overwrite cargo test -p gen-macros`
//! rewrites the expected files (review the diff).

use std::fs;
use std::path::Path;

use quote::ToTokens;

/// Expands every `#[generator(…)]` function of a source file, leaving the other items as they are.
pub fn expand_source(source: &str) -> String {
    let file: syn::File = match syn::parse_file(source) {
        Ok(f) => f,
        Err(e) => return format!("// parse error: {e}\n"),
    };
    let out = syn::File { shebang: None, attrs: file.attrs.clone(), items: expand_items(file.items) };
    prettyplease::unparse(&out)
}

/// The items with every `#[generator(…)]` function expanded, inline modules included (gen-difftest's
/// `programs.rs` keeps each program in a module of its own).
fn expand_items(items: Vec<syn::Item>) -> Vec<syn::Item> {
    let mut out = Vec::new();
    for item in items {
        match item {
            syn::Item::Fn(mut f) => {
                let pos = f.attrs.iter().position(|a| a.path().is_ident("generator"));
                match pos {
                    Some(p) => {
                        let attr = f.attrs.remove(p);
                        let args = match attr.meta {
                            syn::Meta::List(l) => l.tokens,
                            _ => proc_macro2::TokenStream::new(),
                        };
                        let expanded = crate::expand::generator(args, f.into_token_stream());
                        match syn::parse2::<syn::File>(expanded.clone()) {
                            Ok(file) => out.extend(file.items),
                            Err(e) => out.push(syn::Item::Verbatim(
                                format!("/* unparsable expansion: {e} */ {expanded}").parse().unwrap_or_default(),
                            )),
                        }
                    }
                    None => out.push(syn::Item::Fn(f)),
                }
            }
            syn::Item::Mod(mut m) => {
                if let Some((brace, items)) = m.content.take() {
                    m.content = Some((brace, expand_items(items)));
                }
                out.push(syn::Item::Mod(m));
            }
            other => out.push(other),
        }
    }
    out
}

#[test]
fn expansions_match_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand");
    let overwrite = std::env::var("GEN_SNAPSHOTS").is_ok_and(|v| v == "overwrite");
    let mut failures = Vec::new();
    let mut count = 0;
    for entry in fs::read_dir(&dir).expect("tests/expand exists") {
        let path = entry.expect("readable dir").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if !name.ends_with(".rs") || name.ends_with(".expanded.rs") {
            continue;
        }
        count += 1;
        let source = fs::read_to_string(&path).expect("readable input");
        let actual = expand_source(&source);
        let expected_path = path.with_extension("expanded.rs");
        if overwrite {
            fs::write(&expected_path, &actual).expect("writable snapshot");
            continue;
        }
        match fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            Ok(_) => failures.push(format!("{name}: expansion changed (GEN_SNAPSHOTS=overwrite to accept)")),
            Err(_) => failures.push(format!("{name}: no snapshot (GEN_SNAPSHOTS=overwrite to create)")),
        }
    }
    assert!(count > 0, "no snapshot inputs in {}", dir.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `GEN_EXPAND=path/to/file.rs cargo test -p gen-macros print_expansion -- --nocapture` prints an expansion.
#[test]
fn print_expansion() {
    if let Ok(path) = std::env::var("GEN_EXPAND") {
        let source = fs::read_to_string(&path).expect("readable input");
        println!("{}", expand_source(&source));
    }
}

