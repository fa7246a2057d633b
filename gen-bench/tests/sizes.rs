//! `size_of` of each workload's generator: ours against rustc's native coroutine of the same body (and diapause's);
//! for the streams, against rustc's `async gen` block; for the futures, against a plain `async fn`.
//!
//! The native sizes come from `native/` (which needs `RUSTC_BOOTSTRAP=1`): this test compiles `native/src/lib.rs`
//! and `native/src/main.rs` with `rustc -O` directly (a second or two, no dependencies) and reads what the binary
//! prints. When that cannot run (no `rustc` on `PATH`), it falls back to `native-sizes.txt`, the figures
//! `scripts/bench.sh` recorded on its last run, and says so.
//!
//! The bound: ours may exceed native by at most `MAX_EXCESS_BYTES` on any workload. Measured when the bound was set
//! (rustc 1.95): see BENCHMARKS.md, "size_of". Tighten it as the lowering improves; never loosen it silently.

use std::path::{Path, PathBuf};
use std::process::Command;

use gen_bench::{diapause_impl, futures, ours};

/// How many bytes larger than rustc's native coroutine ours may be, on any workload.
const MAX_EXCESS_BYTES: usize = 16;

fn parse(text: &str) -> Vec<(String, usize)> {
    text.lines()
        .filter_map(|l| {
            let mut it = l.strip_prefix("size ")?.split_whitespace();
            Some((it.next()?.to_string(), it.next()?.parse().ok()?))
        })
        .collect()
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cmd:?}: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn build_and_run_native(src: &Path) -> Result<String, String> {
    let out_dir: PathBuf = std::env::temp_dir().join(format!("gen-bench-native-sizes-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let printed = compile_and_run(src, &out_dir);
    let _ = std::fs::remove_dir_all(&out_dir);
    printed
}

fn compile_and_run(src: &Path, out_dir: &Path) -> Result<String, String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let rlib = out_dir.join("libgen_bench_native.rlib");
    run(Command::new(&rustc)
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["--edition", "2024", "-O", "--crate-type", "rlib", "--crate-name", "gen_bench_native", "-o"])
        .arg(&rlib)
        .arg(src.join("lib.rs")))?;
    let bin = out_dir.join("sizes");
    run(Command::new(&rustc)
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["--edition", "2024", "-O", "--crate-name", "sizes", "--extern"])
        .arg(format!("gen_bench_native={}", rlib.display()))
        .arg("-o")
        .arg(&bin)
        .arg(src.join("main.rs")))?;
    run(&mut Command::new(&bin))
}

fn native_sizes() -> (Vec<(String, usize)>, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    match build_and_run_native(&root.join("native/src")) {
        Ok(text) => (parse(&text), "compiled now from native/src with RUSTC_BOOTSTRAP=1".into()),
        Err(why) => {
            let recorded = include_str!("../native-sizes.txt");
            eprintln!("could not build the native coroutines ({why}); using native-sizes.txt");
            (parse(recorded), "recorded in native-sizes.txt by scripts/bench.sh".into())
        }
    }
}

#[test]
fn size_of_ours_is_within_the_bound_of_native() {
    let (native, source) = native_sizes();
    let diapause = diapause_impl::sizes();
    println!("native sizes: {source}");
    println!("{:<14} {:>6} {:>7} {:>9}", "workload", "ours", "native", "diapause");
    let mut failures = Vec::new();
    for (name, size) in ours::sizes() {
        let native = native.iter().find(|(n, _)| n == name).map(|(_, s)| *s);
        let dia = diapause.iter().find(|(n, _)| *n == name).map(|(_, s)| *s);
        let show = |v: Option<usize>| v.map_or("-".to_string(), |v| v.to_string());
        println!("{name:<14} {size:>6} {:>7} {:>9}", show(native), show(dia));
        if let Some(native) = native
            && size > native.saturating_add(MAX_EXCESS_BYTES)
        {
            failures.push(format!("{name}: ours {size} B > native {native} B + {MAX_EXCESS_BYTES} B"));
        }
    }
    // The futures: the native `async fn` is stable, so its size is taken here, in the same build as ours.
    for (name, size, native) in futures::sizes() {
        println!("{name:<14} {size:>6} {native:>7} {:>9}", "-");
        if size > native.saturating_add(MAX_EXCESS_BYTES) {
            failures.push(format!("{name}: ours {size} B > native {native} B + {MAX_EXCESS_BYTES} B"));
        }
    }
    assert!(native.len() >= 6, "expected the native sizes of the six sync workloads, got {native:?}");
    assert!(failures.is_empty(), "size_of over the bound:\n{}", failures.join("\n"));
}
