//! `#[generator] async fn`: `.await` lowered into the same explicit states; `Future` and `Stream`.

use futures::StreamExt;
use gen_runtime::prelude::*;
use gen_tests::{D, log, take_log};
use std::time::Duration;

#[generator]
async fn add_later(a: u32, b: u32) -> u32 {
    log("start");
    tokio::time::sleep(Duration::from_millis(10)).await;
    log("slept");
    let c = async { a + b }.await;
    c
}

#[tokio::test(start_paused = true)]
async fn an_async_fn_runs_on_tokio() {
    let t0 = tokio::time::Instant::now();
    assert_eq!(add_later(2, 3).await, 5);
    assert_eq!(t0.elapsed(), Duration::from_millis(10));
    assert_eq!(take_log(), ["start", "slept"]);
}

#[test]
fn an_async_fn_runs_on_futures_executor() {
    #[generator]
    async fn twice(x: u32) -> u32 {
        let a = futures::future::ready(x).await;
        let b = futures::future::ready(x).await;
        a + b
    }
    assert_eq!(futures::executor::block_on(twice(21)), 42);
}

#[generator]
async fn held_across_await() -> usize {
    let v = vec![1, 2, 3];
    tokio::task::yield_now().await;
    v.len()
}

#[test]
fn an_async_fn_holding_send_values_is_send_and_runs_on_the_multi_thread_runtime() {
    fn assert_send<T: Send>(_: &T) {}
    let f = held_across_await();
    assert_send(&f);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).build().expect("runtime");
    assert_eq!(rt.block_on(async { tokio::spawn(held_across_await()).await.expect("task") }), 3);
}

struct LogOnDrop(&'static str);
impl Drop for LogOnDrop {
    fn drop(&mut self) {
        log(format!("drop {}", self.0));
    }
}

async fn pending_with_guard() {
    let _g = LogOnDrop("awaited future");
    std::future::pending::<()>().await;
}

#[generator]
async fn cancellable() {
    let _local = D::new("local");
    pending_with_guard().await;
}

#[tokio::test(start_paused = true)]
async fn dropping_a_suspended_async_fn_drops_the_awaited_future_then_the_locals() {
    let r = tokio::time::timeout(Duration::from_secs(5), cancellable()).await;
    assert!(r.is_err());
    assert_eq!(take_log(), ["drop awaited future", "drop local"]);
}

#[generator(yield = u32)]
async fn ticks(n: u32) {
    for i in 0..n {
        tokio::time::sleep(Duration::from_millis(1)).await;
        yield_!(i);
    }
}

#[generator(yield = u32)]
async fn ticks_twice() {
    yield_from!(ticks(2));
    yield_!(100);
    yield_from!(ticks(1));
}

#[tokio::test(start_paused = true)]
async fn an_async_generator_is_a_stream() {
    let all: Vec<u32> = ticks(3).collect().await;
    assert_eq!(all, [0, 1, 2]);
    let all: Vec<u32> = ticks_twice().collect().await;
    assert_eq!(all, [0, 1, 100, 0]);
}

#[test]
fn an_async_stream_runs_on_futures_executor() {
    #[generator(yield = String)]
    async fn words(text: String) {
        for w in text.split_whitespace() {
            futures::future::ready(()).await;
            yield_!(w.to_uppercase());
        }
    }
    let got: Vec<String> = futures::executor::block_on(Box::pin(words("a bc".into())).collect());
    assert_eq!(got, ["A", "BC"]);
}

#[generator]
async fn awaits_anywhere() -> u32 {
    let a = futures::future::ready(1).await + futures::future::ready(2).await;
    if futures::future::ready(true).await {
        a * 10
    } else {
        0
    }
}

#[test]
fn awaits_stand_anywhere_a_yield_may() {
    assert_eq!(futures::executor::block_on(awaits_anywhere()), 30);
}

/// `-> !` on a stream: one that never ends.
#[generator(yield = u32)]
async fn naturals() -> ! {
    let mut n = 0;
    loop {
        tokio::task::yield_now().await;
        yield_!(n);
        n += 1;
    }
}

#[tokio::test(start_paused = true)]
async fn a_stream_declared_to_return_never_yields_forever() {
    let first: Vec<u32> = naturals().take(4).collect().await;
    assert_eq!(first, [0, 1, 2, 3]);
}

/// The sender is moved into the spawned task (which uses it in a loop); when the task ends it drops the sender,
/// which closes the channel and ends the `while let`.
#[generator]
async fn relay(n: u32) -> u32 {
    let (tx, mut rx) = tokio::sync::mpsc::channel(4);
    let sender = tokio::spawn(async move {
        for i in 0..n {
            tx.send(i).await.expect("receiver alive");
        }
    });
    let mut sum = 0;
    while let Some(v) = rx.recv().await {
        sum += v;
    }
    sender.await.expect("sender task");
    sum
}

#[tokio::test(start_paused = true)]
async fn a_value_moved_into_a_spawned_async_move_block_is_owned_by_the_task() {
    let sum = tokio::time::timeout(Duration::from_secs(5), relay(4)).await;
    assert_eq!(sum, Ok(6), "the channel closes when the task ends");
}

/// `join!` / `try_join!` expand to an `.await` the macro cannot see: it awaits them in an `async` block of their own.
#[generator]
async fn joined(names: Vec<String>) -> Result<usize, String> {
    let mut total = 0;
    let first = names[0].clone();
    let (a, b) = tokio::join!(async { first.len() }, async {
        tokio::time::sleep(Duration::from_millis(5)).await;
        names.len()
    });
    total += a + b;
    tokio::join!(tokio::time::sleep(Duration::from_millis(1)), async { log(format!("joined {first}")) });
    let (c, d) = futures::try_join!(async { Ok::<_, String>(names[1].len()) }, async { Ok(2) })?;
    total += c + d;
    Ok(total + names.len())
}

#[tokio::test(start_paused = true)]
async fn join_and_try_join_are_awaited_like_any_future() {
    let t0 = tokio::time::Instant::now();
    assert_eq!(joined(vec!["ab".into(), "xyz".into()]).await, Ok(2 + 2 + 3 + 2 + 2));
    assert_eq!(t0.elapsed(), Duration::from_millis(5 + 1), "the futures of each join run concurrently");
    assert_eq!(take_log(), ["joined ab"]);
}

/// `Box::pin(fib(n - 1)).await` inside `fib` itself: the recursion is erased behind a `dyn Future`, as plain
/// `async fn` recursion needs a box too.
#[generator]
async fn fib(n: u64) -> u64 {
    if n < 2 {
        return n;
    }
    Box::pin(fib(n - 1)).await + Box::pin(fib(n - 2)).await
}

#[test]
fn an_async_fn_awaits_itself_recursively_through_box_pin() {
    assert_eq!(futures::executor::block_on(fib(15)), 610);
}

/// A stream delegating to itself: a pre-order walk of a binary tree of the given depth.
#[generator(yield = String)]
async fn paths(prefix: String, depth: u32) {
    let _guard = D::new(&prefix);
    yield_!(prefix.clone());
    if depth > 0 {
        yield_from!(Box::pin(paths(format!("{prefix}L"), depth - 1)));
        tokio::task::yield_now().await;
        yield_from!(Box::pin(paths(format!("{prefix}R"), depth - 1)));
    }
}

#[tokio::test]
async fn an_async_stream_delegates_to_itself_recursively_through_box_pin() {
    let got: Vec<String> = paths("/".into(), 2).collect().await;
    assert_eq!(got, ["/", "/L", "/LL", "/LR", "/R", "/RL", "/RR"]);
    assert_eq!(take_log(), ["drop /LL", "drop /LR", "drop /L", "drop /RL", "drop /RR", "drop /R", "drop /"]);
    // Dropped inside the recursion: the innermost stream first.
    let mut s = Box::pin(paths("/".into(), 2));
    assert_eq!(s.next().await.as_deref(), Some("/"));
    assert_eq!(s.next().await.as_deref(), Some("/L"));
    assert_eq!(s.next().await.as_deref(), Some("/LL"));
    drop(s);
    assert_eq!(take_log(), ["drop /LL", "drop /L", "drop /"]);
}

/// The erased recursion is not `Send`; a helper with the boxed type written out keeps the future `Send`.
#[generator]
async fn sum_to(n: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    tokio::task::yield_now().await;
    n + sum_to_boxed(n - 1).await
}

fn sum_to_boxed(n: u64) -> std::pin::Pin<Box<dyn Future<Output = u64> + Send>> {
    Box::pin(sum_to(n))
}

/// A `Box::pin` of another future is not erased: the future stays `Send`.
#[generator]
async fn boxes_another(n: u64) -> u64 {
    u64::from(Box::pin(add_later(1, 2)).await) + Box::pin(sum_to(n)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recursive_async_fn_through_a_send_helper_spawns_on_tokio() {
    assert_eq!(tokio::spawn(sum_to(100)).await.expect("task"), 5050);
    assert_eq!(tokio::spawn(boxes_another(3)).await.expect("task"), 9);
    take_log();
}

/// A generic argument borrowed across an `.await`, as in `borrows.rs`: no `T: 'static` needed, still `Send`.
#[generator]
async fn debug_len<T: std::fmt::Debug>(items: Vec<T>) -> usize {
    let mut n = 0;
    for x in items.iter() {
        tokio::task::yield_now().await;
        n += format!("{x:?}").len();
    }
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generic_argument_borrowed_across_an_await_needs_no_static_bound() {
    assert_eq!(tokio::spawn(debug_len(vec![1, 22, 333])).await.expect("task"), 6);
    let s = String::from("ab");
    assert_eq!(debug_len(vec![&s]).await, 4);
}

#[generator(yield = u8)]
async fn two_items() {
    yield_!(1);
    futures::future::ready(()).await;
    yield_!(2);
}

/// Streams are fused: polled again after they ended, they return `None` again (async-stream's streams do too).
#[test]
fn a_stream_polled_after_its_end_returns_none_again() {
    use futures::stream::{FusedStream, StreamExt};
    futures::executor::block_on(async {
        let mut s = std::pin::pin!(two_items());
        assert!(!s.is_terminated());
        assert_eq!(s.next().await, Some(1));
        assert_eq!(s.next().await, Some(2));
        assert_eq!(s.next().await, None);
        assert!(s.is_terminated());
        assert_eq!(s.next().await, None);
        assert_eq!(s.next().await, None);
    });
}

#[derive(Debug, PartialEq)]
struct ParseError(String);

impl From<std::num::ParseIntError> for ParseError {
    fn from(e: std::num::ParseIntError) -> Self {
        ParseError(e.to_string())
    }
}

/// A fallible stream (async-stream's `try_stream!` convention): `?` on an error hands out `Err(e.into())` as the
/// last item, then the stream ends.
#[generator(yield = Result<u32, ParseError>)]
async fn numbers(text: String) {
    for word in text.split(',') {
        futures::future::ready(()).await;
        let n: u32 = word.trim().parse()?;
        yield_!(Ok(n));
    }
}

#[test]
fn a_question_mark_in_a_stream_hands_out_the_error_and_ends_it() {
    use futures::StreamExt;
    let ok: Vec<_> = futures::executor::block_on(numbers("1, 2".into()).collect());
    assert_eq!(ok, [Ok(1), Ok(2)]);
    let bad: Vec<_> = futures::executor::block_on(numbers("1, x, 3".into()).collect());
    assert_eq!(bad, [Ok(1), Err(ParseError("invalid digit found in string".into()))]);
    futures::executor::block_on(async {
        let mut s = std::pin::pin!(numbers("x".into()));
        assert!(matches!(s.next().await, Some(Err(_))));
        assert_eq!(s.next().await, None);
        assert_eq!(s.next().await, None);
    });
}
