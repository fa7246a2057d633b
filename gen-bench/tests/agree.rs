//! Every implementation of a workload produces the same checksum as the handwritten one (the native coroutines
//! are checked the same way by `native/`, which `scripts/bench.sh` builds).

use gen_bench::workload::*;
use gen_bench::*;

fn check(workload: &str, expected: u64, got: &[(&str, u64)]) {
    for (name, value) in got {
        assert_eq!(*value, expected, "{workload}: {name} disagrees with handwritten");
    }
}

#[test]
fn counter_agrees() {
    let n = COUNTER_N;
    let expected = handwritten::counter(n);
    assert_eq!(expected, n * (n - 1) / 2);
    check(
        "counter",
        expected,
        &[
            ("ours", ours::counter(n)),
            ("diapause", diapause_impl::counter(n)),
            ("genawaiter", genawaiter_impl::counter(n)),
            ("next-gen", next_gen_impl::counter(n)),
            ("corosensei", corosensei_impl::counter(n)),
            ("generator", generator_impl::counter(n)),
        ],
    );
}

#[test]
fn nested_agrees() {
    let n = NESTED_N;
    let expected = handwritten::nested(n);
    let direct: u64 = (0..n).flat_map(|i| (0..n).map(move |j| i ^ j)).sum();
    assert_eq!(expected, direct);
    check(
        "nested",
        expected,
        &[
            ("ours", ours::nested(n)),
            ("diapause", diapause_impl::nested(n)),
            ("genawaiter", genawaiter_impl::nested(n)),
            ("next-gen", next_gen_impl::nested(n)),
            ("corosensei", corosensei_impl::nested(n)),
            ("generator", generator_impl::nested(n)),
        ],
    );
}

#[test]
fn running_total_agrees() {
    let n = RUNNING_N;
    let expected = handwritten::running_total(n);
    // The same fold written as a plain loop: resume k (k >= 1) carries running_arg(k) into step i = k - 1.
    let (mut total, mut yielded) = (0u64, 0u64);
    for i in 0..n {
        yielded += total;
        total += running_arg(i + 1) ^ i;
    }
    assert_eq!(expected, yielded + total);
    check(
        "running_total",
        expected,
        &[
            ("ours", ours::running_total(n)),
            ("diapause", diapause_impl::running_total(n)),
            ("genawaiter", genawaiter_impl::running_total(n)),
            ("next-gen", next_gen_impl::running_total(n)),
            ("corosensei", corosensei_impl::running_total(n)),
            ("generator", generator_impl::running_total(n)),
        ],
    );
}

#[test]
fn large_state_agrees() {
    let n = LARGE_N;
    let expected = handwritten::large_state(n);
    check(
        "large_state",
        expected,
        &[
            ("ours", ours::large_state(n)),
            ("diapause", diapause_impl::large_state(n)),
            ("genawaiter", genawaiter_impl::large_state(n)),
            ("next-gen", next_gen_impl::large_state(n)),
            ("corosensei", corosensei_impl::large_state(n)),
            ("generator", generator_impl::large_state(n)),
        ],
    );
}

#[test]
fn filter_map_agrees() {
    let expected = handwritten::filter_map(filter_input());
    let direct: u64 = filter_input().iter().filter(|x| *x % 3 == 0).map(|x| x * 2).sum();
    assert_eq!(expected, direct);
    check(
        "filter_map",
        expected,
        &[
            ("ours", ours::filter_map(filter_input())),
            ("diapause", diapause_impl::filter_map(filter_input())),
            ("genawaiter", genawaiter_impl::filter_map(filter_input())),
            ("next-gen", next_gen_impl::filter_map(filter_input())),
            ("corosensei", corosensei_impl::filter_map(filter_input())),
            ("generator", generator_impl::filter_map(filter_input())),
        ],
    );
}

#[test]
fn delegate_agrees() {
    let (subs, each) = (DELEGATE_SUBS, DELEGATE_EACH);
    let expected = handwritten::delegate(subs, each);
    let n = subs * each;
    assert_eq!(expected, n * (n - 1) / 2 + subs * (subs - 1) / 2);
    check(
        "delegate",
        expected,
        &[
            ("ours", ours::delegate(subs, each)),
            ("diapause", diapause_impl::delegate(subs, each)),
            ("genawaiter", genawaiter_impl::delegate(subs, each)),
            ("next-gen", next_gen_impl::delegate(subs, each)),
            ("corosensei", corosensei_impl::delegate(subs, each)),
            ("generator", generator_impl::delegate(subs, each)),
        ],
    );
}

#[test]
fn stream_agrees() {
    let n = STREAM_N;
    let expected = streams::handwritten(n);
    assert_eq!(expected, n * (n - 1) / 2);
    check("stream", expected, &[("ours", streams::ours(n)), ("async-stream", streams::async_stream(n))]);
}

#[test]
fn triangular_agrees() {
    let n = TRIANGULAR_N;
    let expected = handwritten::triangular(n);
    let direct: u64 = (0..n).flat_map(|i| (0..i).map(move |j| i ^ j)).sum();
    assert_eq!(expected, direct);
    check(
        "triangular",
        expected,
        &[
            ("ours", ours::triangular(n)),
            ("diapause", diapause_impl::triangular(n)),
            ("genawaiter", genawaiter_impl::triangular(n)),
            ("next-gen", next_gen_impl::triangular(n)),
            ("corosensei", corosensei_impl::triangular(n)),
            ("generator", generator_impl::triangular(n)),
        ],
    );
}

#[test]
fn filtered_vec_agrees() {
    let expected = streams::filtered_vec_handwritten(filtered_input());
    let direct: u64 = filtered_input().iter().filter(|x| *x % 3 != 0).sum();
    assert_eq!(expected, direct);
    check(
        "filtered_vec",
        expected,
        &[
            ("ours", streams::filtered_vec_ours(filtered_input())),
            ("async-stream", streams::filtered_vec_async_stream(filtered_input())),
        ],
    );
}

#[test]
fn await_loop_agrees() {
    let n = AWAIT_N;
    let expected = futures::await_loop_handwritten(n);
    assert_eq!(expected, n * (n - 1) / 2);
    check("await_loop", expected, &[("ours", futures::await_loop_ours(n)), ("native", futures::await_loop_native(n))]);
}

#[test]
fn nested_async_agrees() {
    let n = AWAIT_N;
    let expected = futures::nested_async_handwritten(n);
    // Each await gives i + 2 (leaf and mid add 1 each).
    assert_eq!(expected, n * (n - 1) / 2 + 2 * n);
    check(
        "nested_async",
        expected,
        &[("ours", futures::nested_async_ours(n)), ("native", futures::nested_async_native(n))],
    );
}

#[test]
fn yield_counts_match_the_workloads() {
    assert_eq!(yields("filter_map"), filter_input().iter().filter(|x| *x % 3 == 0).count() as u64);
    assert_eq!(yields("delegate"), DELEGATE_SUBS * DELEGATE_EACH + 1);
    assert_eq!(yields("triangular"), (0..TRIANGULAR_N).sum::<u64>());
    assert_eq!(yields("triangular"), 9_870);
    assert_eq!(yields("filtered_vec"), FILTERED_LEN - filtered_input().iter().filter(|x| *x % 3 == 0).count() as u64);
}
