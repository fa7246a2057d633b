#!/usr/bin/env bash
# Differential oracle, any number of programs: each random program runs through `#[generator]`, as a plain function
# (direct execution), as a native coroutine (RUSTC_BOOTSTRAP=1, this crate only), and as a `#[generator] async fn` and a
# plain `async fn` whose awaits stand for the yields; the traces are compared.
#
#   scripts/difftest.sh [--seed S] [--count N] [--start I] [--chunk C] [--features SPEC] [--shrink K] [--keep-going]
#
#   --seed S        base seed (default 1; `cargo test -p gen-difftest` uses base seed 1, 320 programs, no native)
#   --count N       number of programs (default 1000)
#   --start I       index of the first program (default 0): rerun one chunk of a long run
#   --chunk C       programs per build (default 250; a build of 250 takes ~15 s on 2 cores)
#   --features SPEC constructs on/off on top of the supported set, e.g. `+sibling_yields,-guards`
#                   (names: `Features` in gen-difftest/src/progen.rs)
#   --shrink K      minimise at most K failing programs (default 3; 0 = print them unminimised)
#   --keep-going    run every chunk even after a mismatch
#
# Any mismatch prints the minimised program and the two traces that disagree; exit status 1.
# Honours CARGO_TARGET_DIR (the native crate builds into $CARGO_TARGET_DIR/difftest-native).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seed=1 first=0 count=1000 chunk=250 features="" shrink=3 keep_going=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --seed) seed=$2; shift 2 ;;
        --count) count=$2; shift 2 ;;
        --start) first=$2; shift 2 ;;
        --chunk) chunk=$2; shift 2 ;;
        --features) features=$2; shift 2 ;;
        --shrink) shrink=$2; shift 2 ;;
        --keep-going) keep_going=1; shift ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

export RUSTC_BOOTSTRAP=1   # only this invocation, only for the native-coroutine crate
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/difftest-native"
export DIFFTEST_FEATURES="$features"
manifest="$root/gen-difftest/native/Cargo.toml"
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# run <outfile> [--quiet]: build and run with the DIFFTEST_* variables of the environment; 2 on a build failure.
run() {
    local out=$1; shift
    if ! cargo build -q --manifest-path "$manifest" 2>"$out.build"; then
        return 2
    fi
    "$CARGO_TARGET_DIR/debug/gen-difftest-native" "$@" >"$out" 2>&1 && return 0 || return 1
}

failing=()
total=0
start_time=$SECONDS
end=$((first + count))
for ((start = first; start < end; start += chunk)); do
    n=$((end - start < chunk ? end - start : chunk))
    set +e
    DIFFTEST_SEED=$seed DIFFTEST_START=$start DIFFTEST_COUNT=$n run "$log/chunk"
    status=$?
    set -e
    if [[ $status == 2 ]]; then
        echo "programs $start..$((start + n)) of seed $seed do not compile:" >&2
        grep -E -A12 '^error' "$log/chunk.build" | head -80 >&2
        echo "(regenerate one with DIFFTEST_SEED=$seed DIFFTEST_START=<i> DIFFTEST_COUNT=1 and read \$OUT_DIR/programs.rs)" >&2
        exit 1
    fi
    summary=$(tail -n 1 "$log/chunk")
    total=$((total + n))
    echo "programs $start..$((start + n)): $summary ($((SECONDS - start_time)) s)"
    while read -r _ _ s; do failing+=("$s"); done < <(grep '^FAIL ' "$log/chunk" || true)
    if [[ ${#failing[@]} -gt 0 && $keep_going == 0 ]]; then break; fi
done

if [[ ${#failing[@]} == 0 ]]; then
    echo "difftest: $total programs of seed $seed agree (direct, native coroutine, #[generator], #[generator] async fn, plain async fn, #[generator] stream) in $((SECONDS - start_time)) s"
    exit 0
fi

echo "difftest: ${#failing[@]} mismatching programs (program seeds: ${failing[*]})"
shrunk=0
for s in "${failing[@]}"; do
    state="$s"
    if [[ $shrunk -lt $shrink ]]; then
        shrunk=$((shrunk + 1))
        echo "minimising program seed $s ..."
        for round in $(seq 1 60); do
            set +e
            DIFFTEST_SHRINK="$state" run "$log/shrink" --quiet
            status=$?
            set -e
            [[ $status == 1 ]] || break   # 0: no smaller candidate fails; 2: a candidate did not compile
            idx=$(grep -m1 '^FAIL ' "$log/shrink" | cut -d' ' -f2)
            if [[ $state == *:* ]]; then state="$state,$idx"; else state="$state:$idx"; fi
        done
    fi
    set +e
    DIFFTEST_SHRINK="$state" DIFFTEST_SHRINK_SELF=1 run "$log/final"
    set -e
    echo "==== program seed $s, minimised (shrink state $state; rerun: DIFFTEST_SHRINK=$state DIFFTEST_SHRINK_SELF=1) ===="
    grep -v '^FAIL ' "$log/final" || cat "$log/final.build"
done
exit 1
