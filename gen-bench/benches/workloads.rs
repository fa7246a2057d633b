//! Every workload, every implementation that builds on stable, timed side by side with divan. The native
//! coroutines and async generators are timed by `native/benches/native.rs` (they need `RUSTC_BOOTSTRAP=1`); the
//! native `async fn`s of the futures workloads are stable and timed here. `scripts/bench.sh` runs both and writes
//! BENCHMARKS.md. Quick look: `cargo bench -p gen-bench -- counter`.

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
workload!(triangular(TRIANGULAR_N));

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

/// As `filter_map`: the input `Vec` is built outside the timed region.
mod filtered_vec {
    use super::*;
    #[divan::bench]
    fn handwritten(b: divan::Bencher) {
        b.with_inputs(filtered_input).bench_values(streams::filtered_vec_handwritten);
    }
    #[divan::bench]
    fn ours(b: divan::Bencher) {
        b.with_inputs(filtered_input).bench_values(streams::filtered_vec_ours);
    }
    #[divan::bench]
    fn async_stream(b: divan::Bencher) {
        b.with_inputs(filtered_input).bench_values(streams::filtered_vec_async_stream);
    }
}

/// The futures workloads: handwritten, ours (`#[generator] async fn`) and native (`async fn`, stable, so here).
macro_rules! future_workload {
    ($workload:ident, $handwritten:path, $ours:path, $native:path) => {
        mod $workload {
            use super::*;
            #[divan::bench]
            fn handwritten() -> u64 {
                $handwritten(black_box(AWAIT_N))
            }
            #[divan::bench]
            fn ours() -> u64 {
                $ours(black_box(AWAIT_N))
            }
            #[divan::bench]
            fn native() -> u64 {
                $native(black_box(AWAIT_N))
            }
        }
    };
}

future_workload!(await_loop, futures::await_loop_handwritten, futures::await_loop_ours, futures::await_loop_native);
future_workload!(
    nested_async,
    futures::nested_async_handwritten,
    futures::nested_async_ours,
    futures::nested_async_native
);
