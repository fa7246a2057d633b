#!/usr/bin/env bash
# Runs the runtime test binaries (not the compile-fail suite) under valgrind: no invalid read or write, no
# use of uninitialised memory, no definite leak. The pinned slots and the detached borrows live in these tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v valgrind >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq valgrind >/dev/null
fi

mapfile -t bins < <(cargo test -p gen-tests --no-run --message-format=json 2>/dev/null \
    | grep -o '"executable":"[^"]*"' | cut -d'"' -f4 | grep -v '/compile_fail-')
[ "${#bins[@]}" -gt 0 ] || { echo "no test binaries found"; exit 1; }

for bin in "${bins[@]}"; do
    echo "valgrind: $(basename "$bin")"
    valgrind --quiet --error-exitcode=1 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
        "$bin" --test-threads=1 -q >/dev/null
done
echo "valgrind: ${#bins[@]} test binaries, 0 errors"
