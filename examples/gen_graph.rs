//! Prints the state graph of a generator from the examples, as Mermaid (default) or Graphviz DOT, and writes an SVG
//! when Graphviz's `dot` is installed.
//!
//! `cargo run --example gen_graph -- countdown`          Mermaid
//! `cargo run --example gen_graph -- walk --dot`         DOT, and `target/graphs/walk.svg` if `dot` is found
//! `cargo run --example gen_graph -- --list`

#[path = "common/mod.rs"]
mod common;

use gen_runtime::{StateGraph, StateMachine};
use std::io::Write;
use std::process::{Command, Stdio};

fn graph(name: &str) -> Option<&'static StateGraph> {
    let tree = common::Tree::Leaf(1);
    Some(match name {
        "countdown" => common::countdown(1).state_graph(),
        "running_total" => common::running_total().state_graph(),
        "walk" => common::walk(&tree).state_graph(),
        "word_lengths" => common::word_lengths(String::new()).state_graph(),
        "echo" => common::echo().state_graph(),
        "get_tenant" => common::get_tenant(1).state_graph(),
        _ => return None,
    })
}

const NAMES: &[&str] = &["countdown", "running_total", "walk", "word_lengths", "echo", "get_tenant"];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") || args.is_empty() {
        println!("generators: {}", NAMES.join(", "));
        println!("usage: gen_graph NAME [--dot]");
        return;
    }
    let name = &args[0];
    let Some(g) = graph(name) else {
        eprintln!("no generator named {name:?}; one of: {}", NAMES.join(", "));
        std::process::exit(2);
    };
    if !args.iter().any(|a| a == "--dot") {
        print!("{}", g.to_mermaid());
        return;
    }
    let dot = g.to_dot();
    print!("{dot}");
    match Command::new("dot").arg("-Tsvg").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn() {
        Ok(mut child) => {
            if let Some(mut stdin) = child.stdin.take() {
                let _ = stdin.write_all(dot.as_bytes());
            }
            match child.wait_with_output() {
                Ok(out) if out.status.success() => {
                    let dir = std::path::Path::new("target/graphs");
                    let _ = std::fs::create_dir_all(dir);
                    let path = dir.join(format!("{name}.svg"));
                    match std::fs::write(&path, out.stdout) {
                        Ok(()) => eprintln!("wrote {}", path.display()),
                        Err(e) => eprintln!("could not write {}: {e}", path.display()),
                    }
                }
                _ => eprintln!("`dot` failed; the DOT text is above"),
            }
        }
        Err(_) => eprintln!("(Graphviz `dot` not found: no SVG written; install graphviz to get one)"),
    }
}
