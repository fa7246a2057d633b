//! Generates the programs of one run of `scripts/difftest.sh` into `$OUT_DIR/programs.rs`, each in every form.
//!
//! - `DIFFTEST_SEED`, `DIFFTEST_START`, `DIFFTEST_COUNT`: programs `START..START+COUNT` of base seed `SEED`;
//! - `DIFFTEST_FEATURES`: `+name,-name,...` on top of the supported set (see `Features` in `../src/progen.rs`);
//! - `DIFFTEST_SHRINK=seed:i,j,...`: instead, the shrink candidates of that shrink state (the minimiser's next step),
//!   or with `DIFFTEST_SHRINK_SELF=1` that state's program alone.

#[path = "../src/progen.rs"]
mod progen;

fn main() {
    println!("cargo::rerun-if-changed=../src/progen.rs");
    for k in ["DIFFTEST_SEED", "DIFFTEST_START", "DIFFTEST_COUNT", "DIFFTEST_FEATURES", "DIFFTEST_SHRINK", "DIFFTEST_SHRINK_SELF"] {
        println!("cargo::rerun-if-env-changed={k}");
    }
    let env = |k: &str, d: u64| std::env::var(k).ok().filter(|v| !v.is_empty()).map(|v| v.parse().expect(k)).unwrap_or(d);
    let features = progen::Features::from_spec(&std::env::var("DIFFTEST_FEATURES").unwrap_or_default()).unwrap();
    let programs: Vec<progen::Program> = match std::env::var("DIFFTEST_SHRINK").ok().filter(|s| !s.is_empty()) {
        Some(state) => {
            let (seed, steps) = progen::parse_state(&state);
            let p = progen::replay(seed, features, &steps);
            if env("DIFFTEST_SHRINK_SELF", 0) == 1 { vec![p] } else { progen::shrink_candidates(&p) }
        }
        None => {
            let (base, start, count) = (env("DIFFTEST_SEED", 1), env("DIFFTEST_START", 0), env("DIFFTEST_COUNT", 200));
            (start..start + count).map(|i| progen::generate(progen::program_seed(base, i), features)).collect()
        }
    };
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("programs.rs");
    std::fs::write(out, progen::render_file(&programs, true)).unwrap();
}
