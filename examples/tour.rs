//! `cargo run --example tour`: a walk through how a coroutine works, with this crate's generators.
//!
//! 1. A generator is a function that stops in the middle (`yield_!`) and is resumed later, where it stopped.
//! 2. Resuming can pass a value in: a coroutine. A suspended one can be copied (`#[derive(Clone)]`).
//! 3. `yield_from!` delegates to another generator (Python's `yield from`), even recursively.
//! 4. What the macro generated: an explicit `enum` of states, and the graph of its transitions.
//! 5. `async fn` is the same machine: `.await` is one more suspension point; the asyncio patterns on tokio.
//! 6. What it costs, measured here (meaningful with `--release`): a round trip into a coroutine and back next to the
//!    same round trip between two OS threads, and what a suspended generator keeps next to a thread's stack.

#[path = "common/mod.rs"]
mod common;

use common::{Tree, countdown, echo, get_tenant, running_total, walk, word_lengths};
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use gen_runtime::prelude::*;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn section(title: &str) {
    println!("\n== {title}");
}

fn main() {
    section("1. a generator stops at each yield_! and resumes where it stopped");
    let mut g = pin!(countdown(3));
    for step in 1.. {
        let before = g.current_state().name;
        match g.as_mut().resume(()) {
            GeneratorState::Yielded(v) => {
                let s = g.current_state();
                let at = s.location.map(|l| format!("line {}", l.line)).unwrap_or_default();
                println!("   resume #{step}: {before} -> {} (`{}`, {at}), yielded {v}", s.name, s.source);
            }
            GeneratorState::Complete(r) => {
                println!("   resume #{step}: {before} -> {}, returned {r:?}", g.current_state().name);
                break;
            }
        }
    }

    section("2. resume(x) passes a value in: `let x = yield_!(total);` receives it");
    let mut t = pin!(running_total());
    let _ = t.as_mut().resume(0); // the first resume starts the body; its argument is dropped
    for x in [5, 10, 20] {
        if let GeneratorState::Yielded(total) = t.as_mut().resume(x) {
            println!("   sent {x:>2} -> running total {total}");
        }
    }
    if let GeneratorState::Complete(total) = t.as_mut().resume(0) {
        println!("   sent  0 -> returned {total}");
    }
    // A suspended generator is an ordinary value (section 4): `#[derive(Clone)]` under the attribute copies it.
    let mut a = Box::pin(running_total());
    let _ = a.as_mut().resume(0);
    let _ = a.as_mut().resume(5);
    let mut b = Box::pin((*a).clone());
    if let (GeneratorState::Yielded(x), GeneratorState::Yielded(y)) = (a.as_mut().resume(1), b.as_mut().resume(100)) {
        println!("   copied after sending 5 (#[derive(Clone)]): the original, sent 1 -> {x}; the copy, sent 100 -> {y}");
    }

    section("3. yield_from! delegates to a sub-generator (here recursively, through Box::pin)");
    let tree = Tree::Node(
        Box::new(Tree::Node(Box::new(Tree::Leaf(1)), Box::new(Tree::Leaf(2)))),
        Box::new(Tree::Leaf(3)),
    );
    let mut w = pin!(walk(&tree));
    let mut leaves = Vec::new();
    let count = loop {
        match w.as_mut().resume(()) {
            GeneratorState::Yielded(v) => leaves.push(v),
            GeneratorState::Complete(n) => break n,
        }
    };
    println!("   leaves in order: {leaves:?}; the walk returned {count} (the number of leaves)");

    section("4. the machine #[generator] wrote for `countdown` (examples/countdown-expanded.rs has all of it)");
    println!("   enum CountdownState<T0, T1> {{ Start {{ n: T0 }}, Yield0 {{ i: T1 }}, Returned, Poisoned }}");
    println!("   its state graph (countdown(3).state_graph().to_mermaid()):");
    for line in countdown(3).state_graph().to_mermaid().lines() {
        println!("      {line}");
    }
    println!("   size_of countdown(3): {} bytes; it is Unpin (it borrows nothing of its own)", std::mem::size_of_val(&countdown(3)));
    println!(
        "   word_lengths(text) walks its own String by reference across yields: the String is pinned, the \
         generator is !Unpin, {} bytes",
        std::mem::size_of_val(&word_lengths(String::new()))
    );

    section("5. async fn: `.await` is a suspension point of the same machine");
    let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("tokio runtime");
    rt.block_on(async_section());

    section("6. measured on this machine");
    measure();
}

async fn async_section() {
    let f = get_tenant(7);
    let graph: Vec<String> = f
        .state_graph()
        .transitions
        .iter()
        .map(|t| format!("{} -> {}", f.state_graph().states[t.from].name, f.state_graph().states[t.to].name))
        .collect();
    println!("   get_tenant's states: {}", graph.join(", "));
    let mut f = Box::pin(f);
    let tenant = std::future::poll_fn(|cx| {
        let before = f.current_state().name;
        let r = f.as_mut().poll(cx);
        println!("   poll: {before} -> {} ({})", f.current_state().name, if r.is_ready() { "ready" } else { "pending" });
        r
    })
    .await;
    println!("   -> {tenant}");

    // The common asyncio patterns (sequential awaits, gather, wait_for, as_completed, a semaphore), 1 s scaled to
    // 50 ms (tests/async_patterns.rs checks the real timings with tokio's paused clock).
    let unit = Duration::from_millis(50);
    #[generator]
    async fn fetch(id: u32, unit: Duration) -> u32 {
        tokio::time::sleep(unit * (1 + id % 2)).await;
        id
    }
    let t0 = Instant::now();
    let a = fetch(2, unit).await;
    let b = fetch(4, unit).await;
    println!("   sequential: {a}, {b} in {:>4.0} ms (2 units)", t0.elapsed().as_secs_f64() * 1e3);
    let t0 = Instant::now();
    let (a, b) = futures::join!(fetch(2, unit), fetch(4, unit));
    println!("   gather:     {a}, {b} in {:>4.0} ms (1 unit)", t0.elapsed().as_secs_f64() * 1e3);
    let mut pending: FuturesUnordered<_> = [1, 2, 3].into_iter().map(|id| fetch(id, unit)).collect();
    let mut order = Vec::new();
    while let Some(id) = pending.next().await {
        order.push(id);
    }
    println!("   as_completed: {order:?} (the 1-unit fetches first)");
    let r = tokio::time::timeout(unit / 2, fetch(1, unit * 10)).await;
    println!("   wait_for (timeout half a unit): {}", if r.is_err() { "timed out, the coroutine dropped" } else { "done" });
    let sem = Arc::new(tokio::sync::Semaphore::new(10));
    let (now, max) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let tasks: Vec<_> = (0..30)
        .map(|_| {
            let (sem, now, max) = (sem.clone(), now.clone(), max.clone());
            tokio::spawn(async move {
                let _permit = sem.acquire().await.expect("semaphore open");
                let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                max.fetch_max(n, Ordering::SeqCst);
                fetch(0, unit / 5).await;
                now.fetch_sub(1, Ordering::SeqCst);
            })
        })
        .collect();
    futures::future::join_all(tasks).await;
    println!("   semaphore(10): 30 coroutines, at most {} at once", max.load(Ordering::SeqCst));
}

/// The cost of one round trip into a coroutine and back, next to the same round trip between two OS threads, and the
/// memory each keeps while suspended. Like for like: both pass a number in and get it back plus one, the same number of
/// round trips, the median of the same number of runs. Only meaningful in a release build.
fn measure() {
    const ROUND_TRIPS: u64 = 10_000;
    const RUNS: usize = 3;
    let release = !cfg!(debug_assertions);
    if release {
        println!("   profile: release");
    } else {
        println!("   profile: debug (unoptimised): these times mean nothing; run `cargo run --release --example tour`");
    }
    println!("   work per round trip: pass a u64 in, get it back plus one; {ROUND_TRIPS} round trips, median of {RUNS} runs");

    // The coroutine: `echo` yields its resume argument plus one.
    let mut e = Box::pin(echo());
    let _ = e.as_mut().resume(0); // start the body: it is now suspended at its yield_!
    let coroutine_ns = median(RUNS, || {
        let start = Instant::now();
        let mut v = 0;
        for _ in 0..ROUND_TRIPS {
            if let GeneratorState::Yielded(next) = e.as_mut().resume(std::hint::black_box(v)) {
                v = next;
            }
        }
        assert_eq!(v, ROUND_TRIPS);
        start.elapsed().as_secs_f64() * 1e9 / ROUND_TRIPS as f64
    });

    // Two OS threads: the worker receives a number and sends it back plus one, over rendezvous channels.
    let thread_ns = median(RUNS, || {
        let (to_worker, from_main) = std::sync::mpsc::sync_channel::<u64>(0);
        let (to_main, from_worker) = std::sync::mpsc::sync_channel::<u64>(0);
        let worker = std::thread::spawn(move || {
            while let Ok(v) = from_main.recv() {
                if to_main.send(v + 1).is_err() {
                    break;
                }
            }
        });
        let start = Instant::now();
        let mut v = 0;
        for _ in 0..ROUND_TRIPS {
            to_worker.send(std::hint::black_box(v)).expect("worker alive");
            v = from_worker.recv().expect("worker alive");
        }
        let ns = start.elapsed().as_secs_f64() * 1e9 / ROUND_TRIPS as f64;
        assert_eq!(v, ROUND_TRIPS);
        drop(to_worker);
        worker.join().expect("worker ends");
        ns
    });

    println!("   | one round trip                           | time       |");
    println!("   |------------------------------------------|------------|");
    println!("   | resume a coroutine, get its yield back   | {coroutine_ns:>7.1} ns |");
    println!("   | send to a thread, receive its reply      | {thread_ns:>7.0} ns |");
    if release {
        println!("   the thread round trip costs {:.0}x the coroutine's here", thread_ns / coroutine_ns);
    }

    // What a suspended coroutine keeps: its state, inline (size_of), against a thread's stack.
    let tree = Tree::Node(Box::new(Tree::Leaf(1)), Box::new(Tree::Leaf(2)));
    let rows = [
        ("running_total()", "a u64 total", std::mem::size_of_val(&running_total())),
        ("word_lengths(text)", "a String, an iterator over it, a count", std::mem::size_of_val(&word_lengths("a b".into()))),
        ("walk(&tree)", "a reference, a boxed sub-walk, a count", std::mem::size_of_val(&walk(&tree))),
        ("get_tenant(7)", "an async fn: its argument, the awaited future", std::mem::size_of_val(&get_tenant(7))),
    ];
    println!("   memory of a suspended generator: size_of, its largest state inline (heap buffers and boxes not counted)");
    for (call, holds, size) in rows {
        println!("     {call:<20} {holds:<47} {size:>5} bytes");
    }
    println!("     {:<20} {:<47} {:>5} KiB reserved (std's default; only touched pages are resident)", "an OS thread", "its stack", 2048);
}

/// The median of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut() -> f64) -> f64 {
    let mut xs: Vec<f64> = (0..runs).map(|_| f()).collect();
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}
