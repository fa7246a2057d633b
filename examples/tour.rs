//! `cargo run --example tour`: a walk through how a coroutine works, with this crate's generators.
//!
//! 1. A generator is a function that stops in the middle (`yield_!`) and is resumed later, where it stopped.
//! 2. Resuming can pass a value in: a coroutine.
//! 3. `yield_from!` delegates to another generator (Python's `yield from`), even recursively.
//! 4. What the macro generated: an explicit `enum` of states, and the graph of its transitions.
//! 5. `async fn` is the same machine: `.await` is one more suspension point; the asyncio patterns on tokio.
//! 6. What it costs, measured here: a switch into a coroutine and back, and memory per suspended coroutine, next to
//!    OS threads doing the same.

#[path = "common/mod.rs"]
mod common;

use common::{Tree, countdown, echo, get_tenant, running_total, walk, word_lengths};
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use gen_runtime::prelude::*;
use std::pin::{Pin, pin};
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

    // The asyncio patterns of the reference note, 1 s scaled to 50 ms (tests/async_patterns.rs checks the real
    // timings with tokio's paused clock).
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

/// The cost of one switch into a coroutine and back, and of the same ping-pong between two OS threads.
fn measure() {
    const N: u64 = 2_000_000;
    let mut e = Box::pin(echo());
    let _ = e.as_mut().resume(0);
    let mut runs = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let mut x = 0;
        for _ in 0..N {
            if let GeneratorState::Yielded(v) = Pin::as_mut(&mut e).resume(x) {
                x = std::hint::black_box(v);
            }
        }
        runs.push(start.elapsed().as_secs_f64() * 1e9 / N as f64);
    }
    runs.sort_by(f64::total_cmp);
    let gen_ns = runs[runs.len() / 2];

    const M: u64 = 20_000;
    print!("   measuring a thread ping-pong ({M} round trips)... ");
    let (to_thread, from_main) = std::sync::mpsc::sync_channel::<u64>(0);
    let (to_main, from_thread) = std::sync::mpsc::sync_channel::<u64>(0);
    let worker = std::thread::spawn(move || {
        while let Ok(v) = from_main.recv() {
            if to_main.send(v + 1).is_err() {
                break;
            }
        }
    });
    let start = Instant::now();
    let mut v = 0;
    for _ in 0..M {
        to_thread.send(v).expect("worker alive");
        v = from_thread.recv().expect("worker alive");
    }
    let thread_ns = start.elapsed().as_secs_f64() * 1e9 / M as f64;
    drop(to_thread);
    worker.join().expect("worker ends");
    println!("done");

    let profile = if cfg!(debug_assertions) { "debug build: run with --release for real figures" } else { "release build" };
    println!("   ({profile}; median of 5 runs for the generator)");
    println!("   | what                         | generator              | OS thread                         |");
    println!("   |------------------------------|------------------------|-----------------------------------|");
    println!("   | switch in and back (resume)  | {gen_ns:>10.1} ns          | {thread_ns:>10.0} ns (channel ping-pong) |");
    println!(
        "   | memory of one suspended unit | {:>10} bytes       | 2 MiB stack reserved by default   |",
        std::mem::size_of_val(&echo())
    );
}
