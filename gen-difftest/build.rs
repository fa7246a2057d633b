//! Generates the fixed seed set of `cargo test -p gen-difftest` into `$OUT_DIR/programs.rs`.
//!
//! `DIFFTEST_SEED` (default 1) and `DIFFTEST_COUNT` (default 320) pick the set; `DIFFTEST_FEATURES` (`+name,-name`)
//! switches constructs on and off (see `Features` in `src/progen.rs`).
//!
//! `$OUT_DIR/snapshot_programs.rs`: the snapshot oracle's set, `DIFFTEST_SNAPSHOT_COUNT` (default 160) programs of
//! base seed `DIFFTEST_SEED + 1` with `Features::snapshot` on (each also saved and restored at every suspension
//! point).

#[path = "src/progen.rs"]
mod progen;

fn main() {
    println!("cargo::rerun-if-changed=src/progen.rs");
    println!("cargo::rerun-if-env-changed=DIFFTEST_SEED");
    println!("cargo::rerun-if-env-changed=DIFFTEST_COUNT");
    println!("cargo::rerun-if-env-changed=DIFFTEST_FEATURES");
    println!("cargo::rerun-if-env-changed=DIFFTEST_SNAPSHOT_COUNT");
    let env = |k: &str, d: u64| std::env::var(k).ok().map(|v| v.parse().expect(k)).unwrap_or(d);
    let base = env("DIFFTEST_SEED", 1);
    let count = env("DIFFTEST_COUNT", 320);
    let features = progen::Features::from_spec(&std::env::var("DIFFTEST_FEATURES").unwrap_or_default()).unwrap();
    let programs: Vec<_> = (0..count).map(|i| progen::generate(progen::program_seed(base, i), features)).collect();
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("programs.rs");
    std::fs::write(out, progen::render_file(&programs, false)).unwrap();

    let snapshot_count = env("DIFFTEST_SNAPSHOT_COUNT", 160);
    let features = progen::Features { snapshot: true, ..features }.snapshot_able();
    let programs: Vec<_> =
        (0..snapshot_count).map(|i| progen::generate(progen::program_seed(base + 1, i), features)).collect();
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("snapshot_programs.rs");
    std::fs::write(out, progen::render_file(&programs, false)).unwrap();
}
