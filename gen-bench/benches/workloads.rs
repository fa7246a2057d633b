//! Every workload, every implementation that builds on stable, timed side by side with divan. The native
//! coroutines are timed by `native/benches/native.rs` (they need `RUSTC_BOOTSTRAP=1`); `scripts/bench.sh` runs
//! both and writes BENCHMARKS.md. Quick look: `cargo bench -p gen-bench -- counter`.

use divan::black_box;
use gen_bench::workload::*;
use gen_bench::*;

fn main() {
    divan::main();
}

/// One module per workload, one bench per implementation (`module::function(args)`).
macro_rules! workload {
    ($workload:ident ($($arg:expr),*)) => {
        mod $workload {
            use super::*;
            #[divan::bench]
            fn handwritten() -> u64 {
                handwritten::$workload($(black_box($arg)),*)
            }
            #[divan::bench]
            fn ours() -> u64 {
                ours::$workload($(black_box($arg)),*)
            }
            #[divan::bench]
            fn diapause() -> u64 {
                diapause_impl::$workload($(black_box($arg)),*)
            }
            #[divan::bench]
            fn genawaiter() -> u64 {
                genawaiter_impl::$workload($(black_box($arg)),*)
            }
            #[divan::bench]
            fn next_gen() -> u64 {
                next_gen_impl::$workload($(black_box($arg)),*)
            }
            #[divan::bench]
            fn corosensei() -> u64 {
                corosensei_impl::$workload($(black_box($arg)),*)
            }
            #[divan::bench]
            fn generator() -> u64 {
                generator_impl::$workload($(black_box($arg)),*)
            }
        }
    };
}

workload!(counter(COUNTER_N));
workload!(nested(NESTED_N));
workload!(running_total(RUNNING_N));
workload!(large_state(LARGE_N));
workload!(delegate(DELEGATE_SUBS, DELEGATE_EACH));

/// The input `Vec` is built outside the timed region (each run consumes one).
mod filter_map {
    use super::*;
    macro_rules! with_input {
        ($($name:ident => $f:path),*) => {$(
            #[divan::bench]
            fn $name(b: divan::Bencher) {
                b.with_inputs(filter_input).bench_values($f);
            }
        )*};
    }
    with_input!(
        handwritten => handwritten::filter_map,
        ours => ours::filter_map,
        diapause => diapause_impl::filter_map,
        genawaiter => genawaiter_impl::filter_map,
        next_gen => next_gen_impl::filter_map,
        corosensei => corosensei_impl::filter_map,
        generator => generator_impl::filter_map
    );
}

mod stream {
    use super::*;
    #[divan::bench]
    fn handwritten() -> u64 {
        streams::handwritten(black_box(STREAM_N))
    }
    #[divan::bench]
    fn ours() -> u64 {
        streams::ours(black_box(STREAM_N))
    }
    #[divan::bench]
    fn async_stream() -> u64 {
        streams::async_stream(black_box(STREAM_N))
    }
}
