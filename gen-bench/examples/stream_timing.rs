//! The `stream` workload timed in a binary of its own, outside divan: how much of the `stream` row of BENCHMARKS.md
//! is the code and how much is how each implementation was inlined into the benchmark binary.
//!
//! `cargo run --release -p gen-bench --example stream_timing` prints the best of 200 runs of each, in ns per item.

use std::hint::black_box;
use std::time::Instant;

fn best(name: &str, f: fn(u64) -> u64) {
    let n = 10_000u64;
    let mut best = f64::MAX;
    let mut sum = 0;
    for _ in 0..200 {
        let t = Instant::now();
        sum = f(black_box(n));
        best = best.min(t.elapsed().as_nanos() as f64 / n as f64);
    }
    println!("{name:>13}: {best:.2} ns/item (sum {sum})");
}

fn main() {
    for _ in 0..2 {
        best("handwritten", gen_bench::streams::handwritten);
        best("ours", gen_bench::streams::ours);
        best("async-stream", gen_bench::streams::async_stream);
    }
}
