//! Native coroutines (and `async gen` blocks for the streams) and the handwritten machines, timed side by side (same
//! workloads as `gen-bench`).

use divan::black_box;
use gen_bench_native::workload::*;
use gen_bench_native::{handwritten, native, native_async};

fn main() {
    divan::main();
}

macro_rules! pair {
    ($workload:ident, $($arg:expr),*) => {
        mod $workload {
            use super::*;
            #[divan::bench]
            fn handwritten() -> u64 {
                handwritten::$workload($(black_box($arg)),*)
            }
            #[divan::bench]
            fn native() -> u64 {
                native::$workload($(black_box($arg)),*)
            }
        }
    };
}

pair!(counter, COUNTER_N);
pair!(nested, NESTED_N);
pair!(running_total, RUNNING_N);
pair!(large_state, LARGE_N);
pair!(delegate, DELEGATE_SUBS, DELEGATE_EACH);
pair!(triangular, TRIANGULAR_N);

mod stream {
    use super::*;
    #[divan::bench]
    fn handwritten() -> u64 {
        native_async::stream_handwritten(black_box(STREAM_N))
    }
    #[divan::bench]
    fn native() -> u64 {
        native_async::stream(black_box(STREAM_N))
    }
}

mod filtered_vec {
    use super::*;
    #[divan::bench]
    fn handwritten(b: divan::Bencher) {
        b.with_inputs(filtered_input).bench_values(native_async::filtered_vec_handwritten);
    }
    #[divan::bench]
    fn native(b: divan::Bencher) {
        b.with_inputs(filtered_input).bench_values(native_async::filtered_vec);
    }
}

mod filter_map {
    use super::*;
    #[divan::bench]
    fn handwritten(b: divan::Bencher) {
        b.with_inputs(filter_input).bench_values(handwritten::filter_map);
    }
    #[divan::bench]
    fn native(b: divan::Bencher) {
        b.with_inputs(filter_input).bench_values(native::filter_map);
    }
}
