#!/usr/bin/env python3
"""Compile time: N generated generators, ours vs diapause vs handwritten.

For each variant and each N, writes a crate with N functions of the same shape (a loop, a condition, a yield, a
return value) and a `run_all` that drives every one of them (so the generic resume code is instantiated, as in a
real program), then times with `cargo build` (dev profile):
  * deps  -- the dependency tree from nothing (once per variant; gen-runtime + gen-macros + syn..., diapause + its
             macro crates + syn..., nothing for handwritten),
  * clean -- the crate alone from scratch, dependencies already built (`cargo clean -p`),
  * touch -- a rebuild after touching src/lib.rs (incremental cache warm).
Also counts the lines of the expanded crate (`rustc -Zunpretty=expanded`, as cargo expand does) per source line.
Prints one JSON object on stdout; progress on stderr.

usage: compile_time.py WORKDIR N [N...] [--repeat R]
       compile_time.py WORKDIR N --compare CHECKOUT [CHECKOUT...] [--repeat R]
The second form measures the macro alone: the crate of N generators ("ours") built against the gen-runtime of each
checkout (e.g. `git worktree`s of two commits), `-Ztime-passes`' macro_expand_crate of a non-incremental rebuild,
the checkouts alternating round by round (R rounds) so that a busy machine slows them alike; medians in ms, and per
generator.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

MAIN = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the workspace root
RUNTIME = os.path.join(MAIN, "gen-runtime")

OURS = """
#[generator(yield = u64)]
pub fn gen_{i}(n: u64) -> u64 {{
    let mut total = 0u64;
    for k in 0..n {{
        if k % {m} == 0 {{
            yield_!(k + {i});
        }}
        total += k;
    }}
    total
}}
"""

DIAPAUSE = """
#[diapause::coroutine(yield = u64)]
pub fn gen_{i}(n: u64) -> u64 {{
    let mut total: u64 = 0;
    for k in 0u64..n {{
        if k % {m} == 0 {{
            yield_!(k + {i});
        }}
        total += k;
    }}
    total
}}
"""

HANDWRITTEN = """
pub struct Gen{i} {{
    k: u64,
    n: u64,
    total: u64,
}}

pub fn gen_{i}(n: u64) -> Gen{i} {{
    Gen{i} {{ k: 0, n, total: 0 }}
}}

impl Gen{i} {{
    pub fn resume(&mut self) -> ControlFlow<u64, u64> {{
        while self.k < self.n {{
            let k = self.k;
            self.k += 1;
            self.total += k;
            if k % {m} == 0 {{
                return ControlFlow::Continue(k + {i});
            }}
        }}
        ControlFlow::Break(self.total)
    }}
}}
"""

VARIANTS = {
    "ours": {
        "dep": 'gen-runtime = {{ path = "{runtime}" }}',
        "prelude": "use gen_runtime::prelude::*;\nuse core::pin::pin;\n",
        "item": OURS,
        "drive": "    {{\n        let mut g = pin!(gen_{i}(n));\n        loop {{\n            match g.as_mut().resume(()) {{\n"
        "                GeneratorState::Yielded(v) => sum += v,\n"
        "                GeneratorState::Complete(r) => {{ sum += r; break; }}\n            }}\n        }}\n    }}\n",
    },
    "diapause": {
        "dep": 'diapause = "0.2.0"',
        "prelude": "use diapause::{Coroutine, CoroutineState};\n",
        "item": DIAPAUSE,
        "drive": "    {{\n        let mut g = gen_{i}(n);\n        let mut s = g.start();\n        loop {{\n            match s {{\n"
        "                CoroutineState::Yielded(v) => sum += v,\n"
        "                CoroutineState::Complete(r) => {{ sum += r; break; }}\n            }}\n"
        "            s = g.resume(());\n        }}\n    }}\n",
    },
    "handwritten": {
        "dep": "",
        "prelude": "use core::ops::ControlFlow;\n",
        "item": HANDWRITTEN,
        "drive": "    {{\n        let mut g = gen_{i}(n);\n        loop {{\n            match g.resume() {{\n"
        "                ControlFlow::Continue(v) => sum += v,\n"
        "                ControlFlow::Break(r) => {{ sum += r; break; }}\n            }}\n        }}\n    }}\n",
    },
}


def write_crate(root, variant, n, drive=True, runtime=RUNTIME):
    v = VARIANTS[variant]
    os.makedirs(os.path.join(root, "src"), exist_ok=True)
    with open(os.path.join(root, "Cargo.toml"), "w") as f:
        f.write(
            f'[package]\nname = "ct-{variant}"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
            f"[workspace]\n\n[dependencies]\n{v['dep'].format(runtime=runtime)}\n"
        )
    parts = ["#![allow(clippy::all, dead_code)]\n", v["prelude"]]
    for i in range(n):
        parts.append(v["item"].format(i=i, m=2 + i % 5))
    if drive:
        parts.append("\npub fn run_all(n: u64) -> u64 {\n    let mut sum = 0u64;\n")
        for i in range(n):
            parts.append(v["drive"].format(i=i))
        parts.append("    sum\n}\n")
    src = "".join(parts)
    with open(os.path.join(root, "src", "lib.rs"), "w") as f:
        f.write(src)
    return src


def cargo(root, target, *args, env_extra=None):
    env = dict(os.environ, CARGO_TARGET_DIR=target)
    env.pop("RUSTFLAGS", None)
    if env_extra:
        env.update(env_extra)
    t0 = time.perf_counter()
    r = subprocess.run(["cargo", *args], cwd=root, env=env, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.stderr.write(r.stderr[-4000:])
        raise SystemExit(f"cargo {' '.join(args)} failed in {root}")
    return dt, r.stdout


def cargo_err(root, target, *args, env_extra=None):
    """As `cargo`, also returning what rustc printed on stderr."""
    env = dict(os.environ, CARGO_TARGET_DIR=target)
    env.pop("RUSTFLAGS", None)
    env.update(env_extra or {})
    r = subprocess.run(["cargo", *args], cwd=root, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr[-4000:])
        raise SystemExit(f"cargo {' '.join(args)} failed in {root}")
    return 0.0, r.stdout, r.stderr


# The phases of `-Ztime-passes` reported: macro expansion (the proc macros run here), type checking (wf checks and
# `typeck` of the bodies), borrow checking, code generation (MIR to LLVM IR on the main thread), LLVM's passes (on
# the codegen threads, overlapping it), and rustc's total.
PHASES = ["macro_expand_crate", "type_check_crate", "MIR_borrow_checking", "codegen_crate", "LLVM_passes", "total"]


def time_passes(stderr):
    """The seconds of each phase in PHASES, from `-Ztime-passes` output (`time:   0.123; rss: … phase`)."""
    found = {}
    for line in stderr.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "time:" and parts[-1] in PHASES and parts[-1] not in found:
            found[parts[-1]] = float(parts[1].rstrip(";"))
    return found


def nonblank(text):
    return sum(1 for line in text.splitlines() if line.strip())


def compare(work, n, checkouts, repeat):
    """Macro expansion time of N generators against each checkout's gen-runtime, alternating (see the usage)."""
    roots = []
    for i, checkout in enumerate(checkouts):
        root = os.path.join(work, f"compare-{i}")
        target = os.path.join(work, f"target-compare-{i}")
        write_crate(root, "ours", n, runtime=os.path.join(os.path.abspath(checkout), "gen-runtime"))
        cargo(root, target, "build", "--offline")
        roots.append((checkout, root, target))
    times = {c: [] for c in checkouts}
    for r in range(repeat):
        for checkout, root, target in roots:
            os.utime(os.path.join(root, "src", "lib.rs"))
            _, _, err = cargo_err(
                root, target, "rustc", "--offline", "--lib", "--", "-Ztime-passes",
                env_extra={"RUSTC_BOOTSTRAP": "1", "CARGO_INCREMENTAL": "0"},
            )
            t = time_passes(err).get("macro_expand_crate", 0.0)
            times[checkout].append(t)
            sys.stderr.write(f"compile-time: round {r + 1}: {checkout}: macro_expand_crate {t:.3f}s\n")
    rows = []
    for checkout in checkouts:
        med = statistics.median(times[checkout])
        rows.append({"checkout": checkout, "n": n, "macro_expand_ms": med * 1000, "per_generator_ms": med * 1000 / n,
                     "all_s": times[checkout]})
    json.dump({"repeat": repeat, "compare": rows}, sys.stdout, indent=1)
    print()


def main():
    args = sys.argv[1:]
    repeat = 3
    if "--repeat" in args:
        k = args.index("--repeat")
        repeat = int(args[k + 1])
        del args[k : k + 2]
    if "--compare" in args:
        k = args.index("--compare")
        checkouts = args[k + 1 :]
        compare(args[0], int(args[1]), checkouts, repeat)
        return
    work, ns = args[0], [int(a) for a in args[1:]]
    results = {"repeat": repeat, "profile": "dev", "rows": [], "expansion": []}
    for variant in VARIANTS:
        root = os.path.join(work, variant)
        target = os.path.join(work, "target-" + variant)
        shutil.rmtree(target, ignore_errors=True)
        # The dependency tree from nothing, with the smallest N.
        write_crate(root, variant, ns[0])
        cargo(root, target, "fetch")
        deps, _ = cargo(root, target, "build", "--offline")
        cargo(root, target, "clean", "-p", f"ct-{variant}", "--offline")
        sys.stderr.write(f"compile-time: {variant}: deps + crate {deps:.1f}s\n")
        for n in ns:
            src = write_crate(root, variant, n)
            cleans, touches = [], []
            for _ in range(repeat):
                cargo(root, target, "clean", "-p", f"ct-{variant}", "--offline")
                dt, _ = cargo(root, target, "build", "--offline")
                cleans.append(dt)
                os.utime(os.path.join(root, "src", "lib.rs"))
                dt, _ = cargo(root, target, "build", "--offline")
                touches.append(dt)
            row = {
                "variant": variant,
                "n": n,
                "deps_first_build_s": deps,
                "clean_s": statistics.median(cleans),
                "touch_s": statistics.median(touches),
                "clean_all": cleans,
                "touch_all": touches,
                "source_lines": nonblank(src),
            }
            results["rows"].append(row)
            sys.stderr.write(f"compile-time: {variant} N={n}: clean {row['clean_s']:.2f}s touch {row['touch_s']:.2f}s\n")
        # Where rustc spends the time, on the smallest N (with `run_all`): `-Ztime-passes` of a non-incremental
        # rebuild of the crate alone, median of `repeat` runs per phase.
        write_crate(root, variant, ns[0])
        runs = []
        for _ in range(repeat):
            os.utime(os.path.join(root, "src", "lib.rs"))
            _, _, err = cargo_err(
                root, target, "rustc", "--offline", "--lib", "--", "-Ztime-passes",
                env_extra={"RUSTC_BOOTSTRAP": "1", "CARGO_INCREMENTAL": "0"},
            )
            runs.append(time_passes(err))
        results.setdefault("phases", []).append(
            {"variant": variant, "n": ns[0], **{k: statistics.median(r.get(k, 0.0) for r in runs) for k in PHASES}}
        )
        # Lines of expansion per source line, on the smallest N, generators only (no `run_all`): what cargo expand
        # prints, rustc's pretty printer (handwritten shows what the printer alone does to line counts).
        src = write_crate(root, variant, ns[0], drive=False)
        _, expanded = cargo(
            root, target + "-expand", "rustc", "--offline", "--lib", "--", "-Zunpretty=expanded",
            env_extra={"RUSTC_BOOTSTRAP": "1"},
        )
        results["expansion"].append(
            {"variant": variant, "n": ns[0], "source_lines": nonblank(src), "expanded_lines": nonblank(expanded)}
        )
        shutil.rmtree(target + "-expand", ignore_errors=True)
    json.dump(results, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
