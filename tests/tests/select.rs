//! `select!` (tokio's, futures' `select!` and `select_biased!`) in async generators: the `select!` picks a branch, and
//! the branch's handler runs in the generator's own body, where it may yield, await, `break`, `continue`, `return` or
//! use `?`. Each generator is compared with the same body written as a plain `async fn` (a yield there pushes the
//! value on a `Vec`, or logs it), run on the same inputs.

use futures::{FutureExt, StreamExt};
use gen_runtime::prelude::*;
use gen_tests::{D, log, take_log};
use tokio::sync::mpsc;

/// A receiver holding `values`, whose sender is gone: `recv()` gives them, then `None`.
fn chan(values: &[u32]) -> mpsc::Receiver<u32> {
    let (tx, rx) = mpsc::channel(values.len().max(1));
    for v in values {
        tx.try_send(*v).expect("room");
    }
    rx
}

/// The same for `futures`' channel (a `FusedStream`).
fn fchan(values: &[u32]) -> futures::channel::mpsc::UnboundedReceiver<u32> {
    let (tx, rx) = futures::channel::mpsc::unbounded();
    for v in values {
        tx.unbounded_send(*v).expect("open");
    }
    rx
}

// ---- arms that yield, `break` out of the loop; `biased;`, refutable patterns, `else` ----

#[generator(yield = u32)]
async fn merge_biased(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            biased;
            Some(v) = a.recv() => { yield_!(v); }
            Some(w) = b.recv() => {
                yield_!(w * 10);
                yield_!(w * 100);
            }
            else => break,
        }
    }
    yield_!(0);
}

async fn merge_biased_plain(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) -> Vec<u32> {
    let mut out = Vec::new();
    loop {
        tokio::select! {
            biased;
            Some(v) = a.recv() => { out.push(v); }
            Some(w) = b.recv() => {
                out.push(w * 10);
                out.push(w * 100);
            }
            else => break,
        }
    }
    out.push(0);
    out
}

#[tokio::test]
async fn arms_yield_and_break_with_biased_and_refutable_patterns() {
    let got: Vec<u32> = merge_biased(chan(&[1, 2, 3]), chan(&[4, 5])).collect().await;
    let want = merge_biased_plain(chan(&[1, 2, 3]), chan(&[4, 5])).await;
    assert_eq!(got, want);
    assert_eq!(got.len(), 8, "every value, then the 0 after the loop");
}

/// Without `biased;` tokio picks the branch to poll first at random: the same values, in some order.
#[generator(yield = u32)]
async fn merge_fair(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        let v = tokio::select! {
            Some(v) = a.recv() => v,
            Some(w) = b.recv() => w + 100,
            else => break,
        };
        yield_!(v);
    }
}

#[tokio::test]
async fn unbiased_select_as_a_value_with_break_in_else() {
    let mut got: Vec<u32> = merge_fair(chan(&[1, 2, 3]), chan(&[4, 5])).collect().await;
    let mut want = merge_biased_plain(chan(&[1, 2, 3]), chan(&[]))
        .await
        .into_iter()
        .filter(|&v| v != 0)
        .chain([104, 105])
        .collect::<Vec<_>>();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
}

// ---- `continue`, preconditions ----

#[generator(yield = String)]
async fn alternate(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    let mut turn = 0u32;
    while turn < 20 {
        turn += 1;
        tokio::select! {
            biased;
            Some(v) = a.recv(), if turn & 1 == 1 => {
                if v == 2 {
                    continue;
                }
                yield_!(format!("a{v}"));
            }
            Some(v) = b.recv(), if turn & 1 == 0 => yield_!(format!("b{v}")),
            _ = futures::future::ready(()), if turn > 10 => continue,
            else => {
                yield_!(format!("idle{turn}"));
                continue;
            }
        }
        yield_!(format!("end of turn {turn}"));
    }
}

async fn alternate_plain(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) -> Vec<String> {
    let mut out = Vec::new();
    let mut turn = 0u32;
    while turn < 20 {
        turn += 1;
        tokio::select! {
            biased;
            Some(v) = a.recv(), if turn & 1 == 1 => {
                if v == 2 {
                    continue;
                }
                out.push(format!("a{v}"));
            }
            Some(v) = b.recv(), if turn & 1 == 0 => out.push(format!("b{v}")),
            _ = futures::future::ready(()), if turn > 10 => continue,
            else => {
                out.push(format!("idle{turn}"));
                continue;
            }
        }
        out.push(format!("end of turn {turn}"));
    }
    out
}

#[tokio::test]
async fn continue_and_preconditions() {
    let got: Vec<String> = alternate(chan(&[1, 2, 3, 4]), chan(&[7, 8])).collect().await;
    let want = alternate_plain(chan(&[1, 2, 3, 4]), chan(&[7, 8])).await;
    assert_eq!(got, want);
    assert!(got.iter().any(|s| s.starts_with("idle")), "{got:?}");
    assert!(!got.contains(&"a2".to_string()), "{got:?}");
}

// ---- `return` with a value, `?`, `.await` in an arm ----

#[generator]
async fn first_big(mut rx: mpsc::Receiver<u32>, limit: u32) -> u32 {
    let mut seen = 0;
    loop {
        tokio::select! {
            Some(v) = rx.recv() => {
                seen += 1;
                if v > limit {
                    return v * 1000 + seen;
                }
            }
            else => return seen,
        }
        log(format!("after select {seen}"));
    }
}

async fn first_big_plain(mut rx: mpsc::Receiver<u32>, limit: u32) -> u32 {
    let mut seen = 0;
    loop {
        tokio::select! {
            Some(v) = rx.recv() => {
                seen += 1;
                if v > limit {
                    return v * 1000 + seen;
                }
            }
            else => return seen,
        }
        log(format!("after select {seen}"));
    }
}

#[tokio::test]
async fn return_from_an_async_fn() {
    for limit in [2, 10] {
        let got = first_big(chan(&[1, 2, 5, 3]), limit).await;
        let got_log = take_log();
        let want = first_big_plain(chan(&[1, 2, 5, 3]), limit).await;
        assert_eq!((got, got_log), (want, take_log()));
    }
}

#[generator]
async fn parse_all(words: Vec<&'static str>) -> Result<u32, std::num::ParseIntError> {
    let mut total = 0;
    for w in words {
        tokio::select! {
            n = futures::future::ready(w) => {
                total += n.parse::<u32>()?;
                log(format!("parsed {n}"));
            }
        }
    }
    Ok(total)
}

async fn parse_all_plain(words: Vec<&'static str>) -> Result<u32, std::num::ParseIntError> {
    let mut total = 0;
    for w in words {
        tokio::select! {
            n = futures::future::ready(w) => {
                total += n.parse::<u32>()?;
                log(format!("parsed {n}"));
            }
        }
    }
    Ok(total)
}

#[tokio::test]
async fn question_mark_in_an_arm() {
    for words in [vec!["1", "22", "3"], vec!["4", "x", "5"]] {
        let got = parse_all(words.clone()).await;
        let got_log = take_log();
        let want = parse_all_plain(words).await;
        assert_eq!((got, got_log), (want, take_log()));
    }
}

#[generator(yield = u32)]
async fn awaits_in_arms(mut rx: mpsc::Receiver<u32>) {
    while let Some(v) = tokio::select! {
        v = rx.recv() => v,
    } {
        tokio::select! {
            // `.await` in a branch's future is evaluated before the `select!` polls, as in a plain `async fn`.
            d = futures::future::ready(v).await.checked_mul(2).map(futures::future::ready).unwrap_or(futures::future::ready(0)) => {
                tokio::task::yield_now().await;
                let e = futures::future::ready(d + 1).await;
                yield_!(e);
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                yield_!(e * 10);
            }
        }
    }
}

async fn awaits_in_arms_plain(mut rx: mpsc::Receiver<u32>) -> Vec<u32> {
    let mut out = Vec::new();
    while let Some(v) = tokio::select! {
        v = rx.recv() => v,
    } {
        tokio::select! {
            d = futures::future::ready(v).await.checked_mul(2).map(futures::future::ready).unwrap_or(futures::future::ready(0)) => {
                tokio::task::yield_now().await;
                let e = futures::future::ready(d + 1).await;
                out.push(e);
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                out.push(e * 10);
            }
        }
    }
    out
}

#[tokio::test(start_paused = true)]
async fn await_in_an_arm_and_in_a_branch_future() {
    let got: Vec<u32> = awaits_in_arms(chan(&[1, 2, 3])).collect().await;
    assert_eq!(got, awaits_in_arms_plain(chan(&[1, 2, 3])).await);
}

// ---- bindings: `mut`, several, struct and tuple patterns, `@` ----

struct Pair {
    left: u32,
    right: Vec<u32>,
}

#[generator(yield = u32)]
async fn bindings(n: u32) {
    for i in 0..n {
        tokio::select! {
            biased;
            (mut a, b @ 1..=2) = futures::future::ready((i, i % 3)), if i & 1 == 0 => {
                a += b;
                yield_!(a);
            }
            Pair { left, right: mut r } = futures::future::ready(Pair { left: i, right: vec![i] }) => {
                r.push(left * 2);
                for x in r {
                    yield_!(x);
                }
            }
        }
    }
}

async fn bindings_plain(n: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for i in 0..n {
        tokio::select! {
            biased;
            (mut a, b @ 1..=2) = futures::future::ready((i, i % 3)), if i & 1 == 0 => {
                a += b;
                out.push(a);
            }
            Pair { left, right: mut r } = futures::future::ready(Pair { left: i, right: vec![i] }) => {
                r.push(left * 2);
                for x in r {
                    out.push(x);
                }
            }
        }
    }
    out
}

#[tokio::test]
async fn mut_and_several_bindings() {
    let got: Vec<u32> = bindings(7).collect().await;
    assert_eq!(got, bindings_plain(7).await);
}

// ---- futures: `select!` with `complete` and `default`, `select_biased!`, `.fuse()` ----

#[generator(yield = u32)]
async fn fmerge(mut a: futures::channel::mpsc::UnboundedReceiver<u32>, mut b: futures::channel::mpsc::UnboundedReceiver<u32>) {
    let mut once = futures::future::ready(1000u32).fuse();
    loop {
        futures::select! {
            v = a.next() => if let Some(v) = v { yield_!(v) },
            w = b.next() => match w {
                Some(w) => yield_!(w + 100),
                None => continue,
            },
            x = once => yield_!(x),
            complete => break,
        }
    }
    yield_!(0);
}

async fn fmerge_plain(mut a: futures::channel::mpsc::UnboundedReceiver<u32>, mut b: futures::channel::mpsc::UnboundedReceiver<u32>) -> Vec<u32> {
    let mut out = Vec::new();
    let mut once = futures::future::ready(1000u32).fuse();
    loop {
        futures::select! {
            v = a.next() => if let Some(v) = v { out.push(v) },
            w = b.next() => match w {
                Some(w) => out.push(w + 100),
                None => continue,
            },
            x = once => out.push(x),
            complete => break,
        }
    }
    out.push(0);
    out
}

#[test]
fn futures_select_with_complete() {
    let mut got: Vec<u32> = futures::executor::block_on(fmerge(fchan(&[1, 2]), fchan(&[3])).collect());
    let mut want = futures::executor::block_on(fmerge_plain(fchan(&[1, 2]), fchan(&[3])));
    assert_eq!(got.pop(), Some(0));
    assert_eq!(want.pop(), Some(0));
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
    assert_eq!(got, [1, 2, 103, 1000]);
}

#[generator(yield = String)]
async fn drain_ready(mut rx: futures::channel::mpsc::UnboundedReceiver<u32>) {
    use futures::select_biased;
    let mut ticks = 0;
    loop {
        select_biased! {
            v = rx.next() => match v {
                Some(v) => yield_!(format!("got {v}")),
                None => break,
            },
            t = futures::future::ready(ticks).fuse() => {
                ticks += 1;
                yield_!(format!("tick {t}"));
                if ticks == 2 {
                    break;
                }
            }
            default => {
                yield_!("nothing ready".to_string());
                break;
            }
        }
    }
}

async fn drain_ready_plain(mut rx: futures::channel::mpsc::UnboundedReceiver<u32>) -> Vec<String> {
    use futures::select_biased;
    let mut out = Vec::new();
    let mut ticks = 0;
    loop {
        select_biased! {
            v = rx.next() => match v {
                Some(v) => out.push(format!("got {v}")),
                None => break,
            },
            t = futures::future::ready(ticks).fuse() => {
                ticks += 1;
                out.push(format!("tick {t}"));
                if ticks == 2 {
                    break;
                }
            }
            default => {
                out.push("nothing ready".to_string());
                break;
            }
        }
    }
    out
}

#[test]
fn select_biased_and_default() {
    let (tx, rx) = futures::channel::mpsc::unbounded();
    tx.unbounded_send(5).expect("open");
    let got: Vec<String> = futures::executor::block_on(drain_ready(rx).collect());
    let (tx2, rx2) = futures::channel::mpsc::unbounded();
    tx2.unbounded_send(5).expect("open");
    let want = futures::executor::block_on(drain_ready_plain(rx2));
    assert_eq!(got, want);
    assert_eq!(got, ["got 5", "tick 0", "tick 1"]);
    drop((tx, tx2));
}

/// The macro imported by name: `use tokio::select; select! { … }`.
#[generator(yield = u32)]
async fn imported(mut rx: mpsc::Receiver<u32>) {
    use tokio::select;
    while let Some(v) = select! { v = rx.recv() => v } {
        select! {
            _ = futures::future::ready(()) => yield_!(v),
        }
    }
}

#[tokio::test]
async fn imported_select() {
    let got: Vec<u32> = imported(chan(&[3, 1])).collect().await;
    assert_eq!(got, [3, 1]);
}

// ---- drops: the branches' futures and the bound values ----

/// A branch future that never completes; the guard it holds shows when it is dropped.
async fn lost(guard: D) {
    let _guard = guard;
    std::future::pending::<()>().await
}

#[generator(yield = u32)]
async fn drops_in_order(n: u32) {
    for i in 0..n {
        let guard = D::new(format!("guard {i}"));
        tokio::select! {
            biased;
            d = async { D::new(format!("won {i}")) } => {
                log(format!("handler {}", d.name()));
                yield_!(i);
                log("after yield");
                drop(guard);
            }
            _ = lost(D::new(format!("lost future {i}"))) => unreachable!(),
        }
        log("after select");
    }
}

async fn drops_in_order_plain(n: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for i in 0..n {
        let guard = D::new(format!("guard {i}"));
        tokio::select! {
            biased;
            d = async { D::new(format!("won {i}")) } => {
                log(format!("handler {}", d.name()));
                out.push(i);
                log(format!("yield {i}"));
                log("after yield");
                drop(guard);
            }
            _ = lost(D::new(format!("lost future {i}"))) => unreachable!(),
        }
        log("after select");
    }
    out
}

#[tokio::test]
async fn drop_order_of_branch_futures_and_bindings() {
    let mut s = std::pin::pin!(drops_in_order(2));
    let mut got = Vec::new();
    while let Some(v) = s.next().await {
        log(format!("yield {v}"));
        got.push(v);
    }
    let got_log = take_log();
    let want = drops_in_order_plain(2).await;
    // The branches' futures are dropped when the `select!` has picked one, before the handler runs.
    let at = |e: &str| got_log.iter().position(|l| l == e).unwrap_or_else(|| panic!("no {e:?} in {got_log:?}"));
    assert!(at("drop lost future 0") < at("handler won 0"), "{got_log:?}");
    assert!(at("drop won 0") < at("after select"), "{got_log:?}");
    assert_eq!((got, got_log), (want, take_log()));
}

async fn forever(name: &'static str) -> u32 {
    let _g = D::new(name);
    std::future::pending::<u32>().await
}

#[generator]
async fn waits_forever() -> u32 {
    let _outer = D::new("local");
    tokio::select! {
        v = forever("branch future") => v,
        _ = forever("other branch future") => 0,
    }
}

async fn waits_forever_plain() -> u32 {
    let _outer = D::new("local");
    tokio::select! {
        v = forever("branch future") => v,
        _ = forever("other branch future") => 0,
    }
}

#[test]
fn dropping_a_generator_suspended_in_a_select() {
    use std::task::{Context, Poll};
    let poll_once_and_drop = |f: std::pin::Pin<&mut dyn std::future::Future<Output = u32>>| {
        let mut cx = Context::from_waker(std::task::Waker::noop());
        assert_eq!(f.poll(&mut cx), Poll::Pending);
        log("dropping");
    };
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let _enter = rt.enter();
    {
        let f = std::pin::pin!(waits_forever());
        poll_once_and_drop(f);
    }
    let got = take_log();
    {
        let f = std::pin::pin!(waits_forever_plain());
        poll_once_and_drop(f);
    }
    let want = take_log();
    // tokio polls the branches from a random start: the branch futures' drop order is the same, their creation is.
    assert_eq!(got, want);
    assert_eq!(got.first().map(String::as_str), Some("dropping"));
    assert_eq!(got.len(), 4, "{got:?}");
}

// ---- nested, in a stream_block!, Send ----

#[tokio::test]
async fn nested_select_in_an_arm_and_in_a_stream_block() {
    // Captured by the block (moved into it), as by an `async move` block.
    let (mut a, mut b) = (chan(&[1, 2]), chan(&[10]));
    let s = stream_block! {
        loop {
            tokio::select! {
                biased;
                Some(v) = a.recv() => {
                    tokio::select! {
                        biased;
                        Some(w) = b.recv() => yield_!(v + w),
                        else => yield_!(v),
                    }
                }
                else => break,
            }
        }
    };
    let got: Vec<u32> = s.collect().await;
    assert_eq!(got, [11, 2]);
}

#[test]
fn a_generator_with_a_select_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let s = merge_biased(chan(&[1]), chan(&[2]));
    assert_send(&s);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).build().expect("runtime");
    let got = rt.block_on(async { tokio::spawn(s.collect::<Vec<u32>>()).await.expect("task") });
    assert_eq!(got, [1, 2 * 10, 2 * 100, 0]);
}

#[test]
fn the_state_graph_shows_the_select_as_written() {
    use gen_runtime::StateMachine;
    let s = merge_biased(chan(&[]), chan(&[]));
    let graph = s.state_graph();
    let sources: Vec<&str> = graph.states.iter().map(|s| s.source).filter(|s| !s.is_empty()).collect();
    assert_eq!(sources, ["tokio::select! { … }", "yield_!(v)", "yield_!(w * 10)", "yield_!(w * 100)", "yield_!(0)"]);
}
