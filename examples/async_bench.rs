//! What a suspension costs, in time and memory: `#[generator] async fn` against the same code as a native `async fn`,
//! and against OS threads. A benchmark, not a test: run it in release,
//!
//! ```sh
//! cargo run --release --example async_bench
//! ```
//!
//! (a) **`.await` round trip.** Two coroutines spawned on one tokio `current_thread` runtime ping-pong a number over two
//!     `tokio::sync::mpsc` channels of capacity 1: one round trip = ping sends, ping suspends in `recv().await`, pong
//!     is resumed, receives, sends back, suspends, ping is resumed. So it holds two suspensions, two resumptions and
//!     the channel operations. Also: one coroutine doing `tokio::task::yield_now().await` in a loop (one suspension
//!     and one resumption through the scheduler per iteration, no channel). Against two OS threads ping-ponging over
//!     `std::sync::mpsc` channels. Median of several runs, in ns per round trip.
//! (b) **Memory per suspended coroutine.** 1 000 000 coroutines, each `Box::pin`ned and polled once so that it is
//!     suspended at an await on a future that never completes (`parked`: one `u64` local; `nested`: awaiting
//!     `parked`, with a 10-byte `String` local whose heap buffer counts too); process RSS (`/proc/self/statm`) before and after,
//!     divided by the count (the allocator's overhead included, the `Vec` of pointers excluded). Against 10 000 OS
//!     threads parked in `std::thread::park` (std's default stack: 2 MiB reserved, touched on demand).

use gen_runtime::prelude::*;
use std::future::Future;
use std::hint::black_box;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task::{Context, Waker};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

const ROUND_TRIPS: u32 = 200_000;
const THREAD_ROUND_TRIPS: u32 = 20_000;
const RUNS: usize = 7;
const COROUTINES: usize = 1_000_000;
const THREADS: usize = 10_000;
const PAGE: usize = 4096; // /proc/self/statm counts pages (4 KiB on this x86-64 Linux; `getconf PAGESIZE`)

// ----- (a) ping-pong ------------------------------------------------------------------------------------------------

#[generator]
async fn ping_ours(n: u32, tx: mpsc::Sender<u32>, mut rx: mpsc::Receiver<u32>) -> u32 {
    let mut last = 0;
    for i in 0..n {
        tx.send(i).await.expect("pong alive");
        last = rx.recv().await.expect("pong alive");
    }
    last
}

#[generator]
async fn pong_ours(tx: mpsc::Sender<u32>, mut rx: mpsc::Receiver<u32>) {
    while let Some(v) = rx.recv().await {
        if tx.send(v).await.is_err() {
            break;
        }
    }
}

async fn ping_native(n: u32, tx: mpsc::Sender<u32>, mut rx: mpsc::Receiver<u32>) -> u32 {
    let mut last = 0;
    for i in 0..n {
        tx.send(i).await.expect("pong alive");
        last = rx.recv().await.expect("pong alive");
    }
    last
}

async fn pong_native(tx: mpsc::Sender<u32>, mut rx: mpsc::Receiver<u32>) {
    while let Some(v) = rx.recv().await {
        if tx.send(v).await.is_err() {
            break;
        }
    }
}

#[generator]
async fn yields_ours(n: u32) -> u32 {
    for _ in 0..n {
        tokio::task::yield_now().await;
    }
    n
}

async fn yields_native(n: u32) -> u32 {
    for _ in 0..n {
        tokio::task::yield_now().await;
    }
    n
}

type Channels = (mpsc::Sender<u32>, mpsc::Receiver<u32>, mpsc::Sender<u32>, mpsc::Receiver<u32>);

fn channels() -> Channels {
    let (to_pong, from_ping) = mpsc::channel(1);
    let (to_ping, from_pong) = mpsc::channel(1);
    (to_pong, from_pong, to_ping, from_ping)
}

/// ns per round trip of one run: `ping` and `pong` spawned on a fresh current-thread runtime.
fn ping_pong_run<P, Q>(
    ping: impl FnOnce(mpsc::Sender<u32>, mpsc::Receiver<u32>) -> P,
    pong: impl FnOnce(mpsc::Sender<u32>, mpsc::Receiver<u32>) -> Q,
) -> f64
where
    P: Future<Output = u32> + Send + 'static,
    Q: Future<Output = ()> + Send + 'static,
{
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let (to_pong, from_pong, to_ping, from_ping) = channels();
    rt.block_on(async {
        let t0 = Instant::now();
        let pong = tokio::spawn(pong(to_ping, from_ping));
        let last = tokio::spawn(ping(to_pong, from_pong)).await.expect("ping");
        let elapsed = t0.elapsed();
        pong.await.expect("pong");
        assert_eq!(last, ROUND_TRIPS - 1);
        elapsed.as_nanos() as f64 / f64::from(ROUND_TRIPS)
    })
}

/// ns per iteration of one task awaiting `yield_now` in a loop.
fn yield_run<F: Future<Output = u32> + Send + 'static>(task: impl FnOnce(u32) -> F) -> f64 {
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    rt.block_on(async {
        let t0 = Instant::now();
        let n = tokio::spawn(task(ROUND_TRIPS)).await.expect("task");
        black_box(n);
        t0.elapsed().as_nanos() as f64 / f64::from(ROUND_TRIPS)
    })
}

/// ns per round trip of two OS threads over `std::sync::mpsc`.
fn threads_run() -> f64 {
    let (to_pong, from_ping) = std::sync::mpsc::channel::<u32>();
    let (to_ping, from_pong) = std::sync::mpsc::channel::<u32>();
    let pong = std::thread::spawn(move || {
        while let Ok(v) = from_ping.recv() {
            if to_ping.send(v).is_err() {
                break;
            }
        }
    });
    let t0 = Instant::now();
    for i in 0..THREAD_ROUND_TRIPS {
        to_pong.send(i).expect("pong alive");
        assert_eq!(from_pong.recv().expect("pong alive"), i);
    }
    let elapsed = t0.elapsed();
    drop(to_pong);
    pong.join().expect("pong");
    elapsed.as_nanos() as f64 / f64::from(THREAD_ROUND_TRIPS)
}

/// (median, min, max) of `RUNS` runs, after one warm-up run.
fn median(mut f: impl FnMut() -> f64) -> (f64, f64, f64) {
    f();
    let mut runs: Vec<f64> = (0..RUNS).map(|_| f()).collect();
    runs.sort_by(f64::total_cmp);
    (runs[RUNS / 2], runs[0], runs[RUNS - 1])
}

fn row(what: &str, (median, min, max): (f64, f64, f64)) {
    println!("{what:<64} {median:>10.1} {min:>10.1} {max:>10.1}");
}

// ----- (b) memory ---------------------------------------------------------------------------------------------------

#[generator]
async fn parked_ours(id: u64) -> u64 {
    let local = id; // a local held across the await
    std::future::pending::<()>().await;
    local
}

async fn parked_native(id: u64) -> u64 {
    let local = id;
    std::future::pending::<()>().await;
    local
}

#[generator]
async fn nested_ours(id: u64) -> u64 {
    let name = format!("tenant-{id}"); // a heap-owning local held across the await
    let got = parked_ours(id).await; // suspended inside a sub-coroutine
    got + name.len() as u64
}

async fn nested_native(id: u64) -> u64 {
    let name = format!("tenant-{id}");
    let got = parked_native(id).await;
    got + name.len() as u64
}

/// (resident, virtual) bytes of this process, from `/proc/self/statm`.
fn memory() -> (usize, usize) {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm");
    let mut fields = statm.split_whitespace().map(|f| f.parse::<usize>().expect("a number of pages"));
    let size = fields.next().expect("size");
    let resident = fields.next().expect("resident");
    (resident * PAGE, size * PAGE)
}

/// (size of the coroutine, RSS bytes per suspended coroutine).
fn per_coroutine<F: Future>(make: impl Fn(u64) -> F) -> (usize, f64) {
    let mut cx = Context::from_waker(Waker::noop());
    let mut alive: Vec<Option<Pin<Box<F>>>> = Vec::new();
    alive.resize_with(COROUTINES, || None); // the pointers' memory is touched before the first measurement
    let (before, _) = memory();
    for (id, slot) in alive.iter_mut().enumerate() {
        let mut f = Box::pin(make(id as u64));
        assert!(f.as_mut().poll(&mut cx).is_pending()); // now suspended at its await
        *slot = Some(f);
    }
    let (after, _) = memory();
    black_box(&alive);
    (size_of::<F>(), (after - before) as f64 / COROUTINES as f64)
}

/// (RSS bytes, virtual bytes) per parked OS thread.
fn per_thread() -> (f64, f64) {
    static STARTED: AtomicUsize = AtomicUsize::new(0);
    static STOP: AtomicBool = AtomicBool::new(false);
    let (rss0, vsz0) = memory();
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            std::thread::spawn(|| {
                STARTED.fetch_add(1, Ordering::SeqCst);
                while !STOP.load(Ordering::SeqCst) {
                    std::thread::park();
                }
            })
        })
        .collect();
    while STARTED.load(Ordering::SeqCst) < THREADS {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200)); // let every thread reach `park`
    let (rss1, vsz1) = memory();
    STOP.store(true, Ordering::SeqCst);
    for h in handles {
        h.thread().unpark();
        h.join().expect("thread");
    }
    ((rss1 - rss0) as f64 / THREADS as f64, (vsz1 - vsz0) as f64 / THREADS as f64)
}

/// Runs one memory measurement in a fresh copy of this process (so that no earlier allocation is reused) and returns
/// the numbers it prints.
fn in_child(what: &str) -> Vec<f64> {
    let out = std::process::Command::new(std::env::current_exe().expect("current exe"))
        .arg(what)
        .output()
        .expect("run the measurement");
    assert!(out.status.success(), "{what}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8").split_whitespace().map(|f| f.parse().expect("a number")).collect()
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("ours") => {
            let (size, rss) = per_coroutine(parked_ours);
            return println!("{size} {rss}");
        }
        Some("native") => {
            let (size, rss) = per_coroutine(parked_native);
            return println!("{size} {rss}");
        }
        Some("nested-ours") => {
            let (size, rss) = per_coroutine(nested_ours);
            return println!("{size} {rss}");
        }
        Some("nested-native") => {
            let (size, rss) = per_coroutine(nested_native);
            return println!("{size} {rss}");
        }
        Some("threads") => {
            let (rss, vsz) = per_thread();
            return println!("{rss} {vsz}");
        }
        _ => {}
    }

    println!("(a) round trip: median, min and max of {RUNS} runs (after one warm-up), ns per round trip");
    println!("{:<64} {:>10} {:>10} {:>10}", "what", "median", "min", "max");
    let rows: [(&str, &dyn Fn() -> f64); 5] = [
        ("ping-pong, 2 tasks, tokio current_thread + mpsc: #[generator]", &|| {
            ping_pong_run(|tx, rx| ping_ours(ROUND_TRIPS, tx, rx), pong_ours)
        }),
        ("ping-pong, 2 tasks, tokio current_thread + mpsc: native async fn", &|| {
            ping_pong_run(|tx, rx| ping_native(ROUND_TRIPS, tx, rx), pong_native)
        }),
        ("yield_now loop, 1 task, tokio current_thread: #[generator]", &|| yield_run(yields_ours)),
        ("yield_now loop, 1 task, tokio current_thread: native async fn", &|| yield_run(yields_native)),
        ("ping-pong, 2 OS threads + std::sync::mpsc", &threads_run),
    ];
    for (what, run) in rows {
        row(what, median(run));
    }

    println!();
    println!(
        "(b) memory, each measured in a fresh process: {COROUTINES} suspended coroutines (Box::pin, polled once),"
    );
    println!("    {THREADS} parked threads");
    println!("{:<40} {:>14} {:>14}", "what", "size_of (B)", "RSS each (B)");
    for (name, arg) in [
        ("#[generator] async fn", "ours"),
        ("native async fn", "native"),
        ("#[generator], nested + String local", "nested-ours"),
        ("native, nested + String local", "nested-native"),
    ] {
        let m = in_child(arg);
        println!("{name:<40} {:>14} {:>14.1}", m[0], m[1]);
    }
    let m = in_child("threads");
    println!("{:<40} {:>14} {:>14.1}", "OS thread (std::thread::spawn)", "-", m[0]);
    println!("  virtual memory per thread: {:.0} KiB (std's default stack reservation: 2048 KiB)", m[1] / 1024.0);
}
