//! Benchmarks of `gen` against handwritten state machines, rustc's native coroutines and the peer crates.
//!
//! Every implementation of a workload is a function `workload(params) -> u64` returning a checksum: the wrapping
//! sum of everything it yields (each value through `black_box`, so no closed form replaces the loop) plus what it
//! returns. `tests/agree.rs` checks that they all agree; `benches/workloads.rs` times them; `tests/sizes.rs`
//! compares `size_of` with rustc's native coroutines (built from `native/`). `scripts/bench.sh` runs everything and
//! writes `BENCHMARKS.md`.
#![allow(missing_docs, clippy::missing_panics_doc)]

pub mod workload;
pub mod handwritten;
pub mod ours;
pub mod diapause_impl;
pub mod genawaiter_impl;
pub mod next_gen_impl;
pub mod corosensei_impl;
pub mod generator_impl;
pub mod streams;
pub mod futures;
