//! The common Python asyncio patterns (sequential awaits, gather, wait_for, as_completed, a semaphore), with
//! `#[generator] async fn` coroutines on tokio, timed on tokio's paused clock (`start_paused = true`: time advances
//! only when every task waits on a timer, so the elapsed times are exact and the tests take no real time). Then the `Future` and `Stream` adapters on each executor.

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use futures::task::LocalSpawnExt;
use gen_runtime::prelude::*;
use gen_tests::{D, log, take_log};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::Instant;

const SECOND: Duration = Duration::from_secs(1);

#[generator]
async fn fetch(what: &'static str, seconds: u32) -> &'static str {
    log(format!("start {what}"));
    tokio::time::sleep(SECOND * seconds).await;
    log(format!("done {what}"));
    what
}

#[generator]
async fn sequential() -> (&'static str, &'static str) {
    let a = fetch("users", 1).await;
    let b = fetch("orders", 1).await;
    (a, b)
}

#[tokio::test(start_paused = true)]
async fn two_awaits_in_a_row_take_two_seconds() {
    let t0 = Instant::now();
    assert_eq!(sequential().await, ("users", "orders"));
    assert_eq!(t0.elapsed(), 2 * SECOND);
    assert_eq!(take_log(), ["start users", "done users", "start orders", "done orders"]);
}

#[generator]
async fn gather() -> (&'static str, &'static str) {
    futures::future::join(fetch("users", 1), fetch("orders", 1)).await
}

#[generator]
async fn gather_all(n: u32) -> Vec<&'static str> {
    futures::future::join_all((0..n).map(|_| fetch("x", 1))).await
}

#[tokio::test(start_paused = true)]
async fn gather_with_join_takes_one_second() {
    let t0 = Instant::now();
    assert_eq!(gather().await, ("users", "orders"));
    assert_eq!(t0.elapsed(), SECOND);
    assert_eq!(take_log(), ["start users", "start orders", "done users", "done orders"]);

    let t0 = Instant::now();
    assert_eq!(gather_all(100).await.len(), 100);
    assert_eq!(t0.elapsed(), SECOND);
}

#[generator]
async fn as_completed() -> Vec<(&'static str, Duration)> {
    let t0 = Instant::now();
    let mut pending: FuturesUnordered<_> =
        [fetch("slow", 3), fetch("fast", 1), fetch("medium", 2)].into_iter().collect();
    let mut order = Vec::new();
    while let Some(done) = pending.next().await {
        order.push((done, t0.elapsed()));
    }
    order
}

#[tokio::test(start_paused = true)]
async fn as_completed_hands_out_the_first_finished_first() {
    assert_eq!(as_completed().await, [("fast", SECOND), ("medium", 2 * SECOND), ("slow", 3 * SECOND)]);
}

#[generator]
async fn slow_query() -> &'static str {
    let _conn = D::new("connection");
    log("query sent");
    tokio::time::sleep(10 * SECOND).await;
    log("query done"); // never reached under a 5 s timeout
    "rows"
}

#[tokio::test(start_paused = true)]
async fn wait_for_times_out_at_five_seconds_and_drops_the_coroutine() {
    let t0 = Instant::now();
    let result = tokio::time::timeout(5 * SECOND, slow_query()).await;
    assert!(result.is_err());
    assert_eq!(t0.elapsed(), 5 * SECOND);
    assert_eq!(take_log(), ["query sent", "drop connection"]);

    // One that finishes in time is not cut short.
    let t0 = Instant::now();
    assert_eq!(tokio::time::timeout(5 * SECOND, fetch("quick", 4)).await, Ok("quick"));
    assert_eq!(t0.elapsed(), 4 * SECOND);
}

#[derive(Default)]
struct Gauge {
    now: AtomicUsize,
    max: AtomicUsize,
}

#[generator]
async fn limited(sem: &Semaphore, gauge: &Gauge, i: u32) -> u32 {
    let _permit = sem.acquire().await.expect("open");
    let now = gauge.now.fetch_add(1, Ordering::SeqCst) + 1;
    gauge.max.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(SECOND).await;
    gauge.now.fetch_sub(1, Ordering::SeqCst);
    i
}

#[tokio::test(start_paused = true)]
async fn a_semaphore_of_ten_lets_at_most_ten_run_at_once() {
    let (sem, gauge) = (Semaphore::new(10), Gauge::default());
    let t0 = Instant::now();
    let done = futures::future::join_all((0..35).map(|i| limited(&sem, &gauge, i))).await;
    assert_eq!(done, (0..35).collect::<Vec<_>>());
    assert_eq!(gauge.max.load(Ordering::SeqCst), 10);
    assert_eq!(t0.elapsed(), 4 * SECOND); // 10 + 10 + 10 + 5
}

#[generator]
async fn limited_owned(sem: Arc<Semaphore>, gauge: Arc<Gauge>) {
    // `Semaphore::acquire_owned(sem)`, not `sem.acquire_owned()`: the macro takes the receiver of a by-value method
    // it does not know for a borrow, and then cannot move it (reported; the path call is the workaround).
    let _permit = Semaphore::acquire_owned(sem).await.expect("open");
    let now = gauge.now.fetch_add(1, Ordering::SeqCst) + 1;
    gauge.max.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(SECOND).await;
    gauge.now.fetch_sub(1, Ordering::SeqCst);
}

#[tokio::test(start_paused = true)]
async fn the_semaphore_also_limits_spawned_tasks() {
    let (sem, gauge) = (Arc::new(Semaphore::new(10)), Arc::new(Gauge::default()));
    let t0 = Instant::now();
    let tasks: Vec<_> = (0..30).map(|_| tokio::spawn(limited_owned(sem.clone(), gauge.clone()))).collect();
    for t in tasks {
        t.await.expect("task");
    }
    assert_eq!(gauge.max.load(Ordering::SeqCst), 10);
    assert_eq!(t0.elapsed(), 3 * SECOND);
}

// The adapters on each executor.

#[generator(yield = u32)]
async fn ticks(n: u32) {
    for i in 0..n {
        tokio::task::yield_now().await;
        yield_!(i);
    }
}

#[generator(yield = u32)]
async fn ready_ticks(n: u32) {
    for i in 0..n {
        futures::future::ready(()).await;
        yield_!(i);
    }
}

#[generator]
async fn sum_of(n: u32) -> u32 {
    let mut sum = 0;
    let mut s = Box::pin(ready_ticks(n));
    while let Some(i) = s.next().await {
        sum += i;
    }
    sum
}

#[test]
fn a_stream_runs_on_a_tokio_current_thread_runtime() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let got: Vec<u32> = rt.block_on(ticks(4).collect());
    assert_eq!(got, [0, 1, 2, 3]);
    let spawned = rt.block_on(async { tokio::spawn(ticks(3).collect::<Vec<_>>()).await.expect("task") });
    assert_eq!(spawned, [0, 1, 2]);
}

#[test]
fn a_stream_is_send_and_runs_spawned_on_the_multi_thread_runtime() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let got = rt.block_on(async { tokio::spawn(ticks(5).collect::<Vec<_>>()).await.expect("task") });
    assert_eq!(got, [0, 1, 2, 3, 4]);
}

#[generator]
async fn holds_an_rc() -> usize {
    let rc = Rc::new(7);
    tokio::task::yield_now().await;
    *rc
}

#[test]
fn a_coroutine_that_is_not_send_runs_on_a_tokio_local_set() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let local = tokio::task::LocalSet::new();
    let got = local.block_on(&rt, async { tokio::task::spawn_local(holds_an_rc()).await.expect("task") });
    assert_eq!(got, 7);
}

#[test]
fn a_future_and_a_stream_run_on_futures_local_pool() {
    let mut pool = futures::executor::LocalPool::new();
    let spawner = pool.spawner();
    let sum = spawner.spawn_local_with_handle(sum_of(5)).expect("spawn");
    let items = spawner.spawn_local_with_handle(ready_ticks(3).collect::<Vec<_>>()).expect("spawn");
    let not_send = spawner.spawn_local_with_handle(holds_an_rc()).expect("spawn");
    pool.run();
    assert_eq!(pool.run_until(sum), 10);
    assert_eq!(pool.run_until(items), [0, 1, 2]);
    assert_eq!(pool.run_until(not_send), 7);
}

#[test]
fn a_stream_runs_under_block_on_stream() {
    let items: Vec<u32> = futures::executor::block_on_stream(Box::pin(ready_ticks(3))).collect();
    assert_eq!(items, [0, 1, 2]);
}

#[test]
fn futures_select_drops_the_loser() {
    #[generator]
    async fn never(name: &'static str) -> &'static str {
        let _d = D::new(name);
        futures::future::pending::<()>().await;
        name
    }
    let winner = futures::executor::block_on(async {
        match futures::future::select(Box::pin(never("loser")), Box::pin(sum_of(3))).await {
            futures::future::Either::Left(_) => unreachable!(),
            futures::future::Either::Right((sum, loser)) => {
                drop(loser);
                sum
            }
        }
    });
    assert_eq!(winner, 3);
    assert_eq!(take_log(), ["drop loser"]);
}
