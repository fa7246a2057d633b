#!/usr/bin/env bash
# Runs every benchmark of gen-bench and writes BENCHMARKS.md: run time per yield (ours, handwritten, rustc's native
# coroutines, diapause, genawaiter, next-gen, corosensei, generator, async-stream), size_of (ours vs native vs
# diapause), compile time for N = 100 and 500 generated generators, and lines of expansion per source line.
# Release builds for run time. About 3 minutes with warm builds, about 8 from nothing, on 2 cores.
#
#   scripts/bench.sh                    # everything
#   BENCH_MIN_TIME=1 scripts/bench.sh   # longer measurements (seconds per benchmark and run; default 0.3)
#   BENCH_RUNS=5 scripts/bench.sh       # more runs of each benchmark binary (default 3; the median is reported)
#   BENCH_SKIP_COMPILE=1 ...            # skip the compile-time part (BENCHMARKS.md then has no compile-time section)
#
# Builds go to $CARGO_TARGET_DIR (default target/bench, apart from the usual target/ so they take no lock from it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/bench}"
# Every loop of the run-time builds starts on a 64-byte boundary. These workloads run a loop of a few instructions
# per item, whose speed otherwise depends on where the linker happens to put it: the same machine code of
# `await_loop` ran at 0.56 or 1.12 us, `triangular` at 8.4 or 11.0 us, in two builds that differed elsewhere
# (issue 17). Aligned, identical code measures the same in both. The compile-time step is built without it.
align="-Cllvm-args=-align-loops=64"
export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }$align"
min_time="${BENCH_MIN_TIME:-0.3}"
runs="${BENCH_RUNS:-3}"
out="$CARGO_TARGET_DIR/bench-out"
rm -rf "$out" && mkdir -p "$out"
start=$(date +%s)
step() { echo "== [$(( $(date +%s) - start ))s] $*" >&2; }

step "machine"
nproc > "$out/nproc.txt"
lscpu | head -n 15 > "$out/lscpu.txt"
rustc -vV > "$out/rustc.txt"
date -u '+%Y-%m-%d %H:%M UTC' > "$out/date.txt"
# BENCH_COMMIT names the source when it is not a git checkout (a snapshot of one).
echo "${BENCH_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- gen-macros gen-runtime 2>/dev/null || echo ' + uncommitted changes to gen-macros/gen-runtime')}" > "$out/commit.txt"
echo "$RUSTFLAGS" > "$out/rustflags.txt"
echo "Load average when the run started: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shows here)." > "$out/load.txt"

step "native coroutines: agreement with handwritten, sizes (RUSTC_BOOTSTRAP=1, gen-bench/native, out of the workspace)"
(cd gen-bench/native && RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$CARGO_TARGET_DIR/native" cargo run -q --release) | tee "$out/native-run.txt" >&2
{
    echo "# size_of of the native coroutines, recorded by scripts/bench.sh ($(cat "$out/date.txt"), $(rustc --version))."
    echo "# Read by tests/sizes.rs only when it cannot compile native/ itself."
    grep '^size ' "$out/native-run.txt"
} > gen-bench/native-sizes.txt

step "cargo test -p gen-bench (every implementation agrees; size_of bound)"
cargo test -q -p gen-bench --test agree 2>&1 | tail -n 3 >&2
cargo test -q -p gen-bench --test sizes -- --nocapture > "$out/sizes.txt" 2>&1 || { cat "$out/sizes.txt" >&2; exit 1; }
cp gen-bench/tests/sizes.rs "$out/sizes_rs.txt"

# Each binary runs $runs times, alternating, so a burst of other work on the machine hits one run of each at most;
# the report takes the median of the runs' medians.
for r in $(seq 1 "$runs"); do
    step "run time $r/$runs: gen-bench (release, divan, --min-time $min_time)"
    cargo bench -q -p gen-bench --bench workloads -- --min-time "$min_time" > "$out/workloads.$r.txt"
    step "run time $r/$runs: native (release, divan, --min-time $min_time)"
    (cd gen-bench/native && RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$CARGO_TARGET_DIR/native" \
        cargo bench -q --bench native -- --min-time "$min_time") > "$out/native.$r.txt"
done

step "lines of expansion per source line (GEN_EXPAND printer)"
python3 gen-bench/scripts/expand_lines.py > "$out/expand_lines.json"

if [ -z "${BENCH_SKIP_COMPILE:-}" ]; then
    step "compile time: N = 100, 500 (dev profile)"
    plain="${RUSTFLAGS%"$align"}"
    RUSTFLAGS="${plain% }" python3 gen-bench/scripts/compile_time.py "$CARGO_TARGET_DIR/compile-time" 100 500 --repeat 3 > "$out/compile_time.json"
fi

step "BENCHMARKS.md"
python3 gen-bench/scripts/report.py "$out" BENCHMARKS.md
step "done: BENCHMARKS.md (raw outputs in $out)"
