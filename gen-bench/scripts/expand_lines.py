#!/usr/bin/env python3
"""Lines of expansion per source line of each `#[generator]` of the benchmark workloads (gen-bench/src/ours.rs,
streams.rs), with the macro's own printer (GEN_EXPAND, prettyplease). Prints JSON on stdout.

The expansion includes everything the macro emits for one function: the state and block enums, the pinned slots,
the drop order, the static state graph (for `StateMachine`), the borrow-checked shadow copy of the body, and the
dispatch loop. Lines are non-blank lines; the source is counted as written (rustfmt)."""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
MAIN = os.path.dirname(BENCH)


def generator_fns(path):
    """(name, source) of each top-level `#[generator...]` function: from the attribute to the first `}` in column 0."""
    lines = open(path).read().splitlines()
    out, i = [], 0
    while i < len(lines):
        if lines[i].startswith("#[generator"):
            j = i
            while lines[j] != "}":
                j += 1
            src = "\n".join(lines[i : j + 1]) + "\n"
            name = re.search(r"fn (\w+)", src).group(1)
            out.append((name, src))
            i = j + 1
        else:
            i += 1
    return out


def nonblank(text):
    return sum(1 for line in text.splitlines() if line.strip())


def block_lines(text, start_pred):
    """Non-blank lines of the items starting at a line matching `start_pred`, up to the line closing it (the first
    later line at the same indentation starting with `}` or `)`)."""
    lines = [l for l in text.splitlines() if l.strip()]
    total, i = 0, 0
    while i < len(lines):
        if start_pred(lines[i]):
            indent = len(lines[i]) - len(lines[i].lstrip())
            j = i + 1
            while j < len(lines) and not (
                len(lines[j]) - len(lines[j].lstrip()) == indent and lines[j].lstrip()[0] in "})"
            ):
                j += 1
            total += j - i + 1
            i = j + 1
        else:
            i += 1
    return total


def expand(src):
    with tempfile.NamedTemporaryFile("w", suffix=".rs", delete=False) as f:
        f.write(src)
    try:
        r = subprocess.run(
            ["cargo", "test", "-q", "-p", "gen-macros", "--lib", "print_expansion", "--", "--nocapture"],
            cwd=MAIN, env=dict(os.environ, GEN_EXPAND=f.name), capture_output=True, text=True,
        )
    finally:
        os.unlink(f.name)
    if r.returncode != 0:
        sys.stderr.write(r.stderr[-3000:])
        raise SystemExit("the GEN_EXPAND printer failed")
    # The printer's output sits between libtest's "running 1 test" and the final ".", "test result" lines.
    body = r.stdout.split("running 1 test", 1)[-1]
    body = body.rsplit("test result", 1)[0]
    return body


def main():
    rows = []
    for file in ("ours.rs", "streams.rs"):
        for name, src in generator_fns(os.path.join(BENCH, "src", file)):
            expanded = expand(src)
            graph = block_lines(expanded, lambda l: "STATE_GRAPH:" in l and "static" in l)
            graph += block_lines(expanded, lambda l: l.lstrip().startswith("impl") and "StateIndex" in l)
            shadow = block_lines(expanded, lambda l: l.strip().startswith("let _ = ::gen_runtime::__private::shadow"))
            rows.append({
                "name": name,
                "source_lines": nonblank(src),
                "expanded_lines": nonblank(expanded) - 1,  # less the printer's trailing "."
                "graph_lines": graph,
                "shadow_lines": shadow,
            })
            sys.stderr.write(f"expansion: {name}: {rows[-1]['source_lines']} -> {rows[-1]['expanded_lines']}\n")
    json.dump(rows, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
