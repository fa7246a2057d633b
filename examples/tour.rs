//! `cargo run --example tour`: a walk through how a coroutine works, with this crate's generators.
//!
//! 1. A generator is a function that can stop in the middle (`yield_!`) and be resumed later.
//! 2. Resuming can pass a value in: a coroutine.
//! 3. `yield_from!` delegates to another generator (Python's `yield from`), even recursively.
//! 4. What the macro generated: an explicit `enum` of states and a dispatch loop.
//! 5. What it costs, measured here: a resume round trip and the memory of one suspended generator, next to an OS
//!    thread doing the same ping-pong.

use gen_runtime::prelude::*;
use std::pin::{Pin, pin};
use std::time::{Duration, Instant};

#[generator(yield = u32)]
fn countdown(n: u32) -> &'static str {
    let mut i = n;
    while i > 0 {
        yield_!(i);
        i -= 1;
    }
    "liftoff"
}

#[generator(yield = u64, resume = u64)]
fn running_total() -> u64 {
    let mut total = 0;
    loop {
        let x = yield_!(total);
        if x == 0 {
            return total;
        }
        total += x;
    }
}

enum Tree {
    Leaf(u32),
    Node(Box<Tree>, Box<Tree>),
}

#[generator(yield = u32)]
fn walk(tree: &Tree) -> u32 {
    match tree {
        Tree::Leaf(v) => {
            yield_!(*v);
            1
        }
        Tree::Node(left, right) => {
            let a = yield_from!(Box::pin(walk(left)));
            let b = yield_from!(Box::pin(walk(right)));
            a + b
        }
    }
}

#[generator(yield = u64, resume = u64)]
fn echo() {
    let mut x = 0;
    loop {
        x = yield_!(x + 1);
    }
}

fn section(title: &str) {
    println!("\n== {title}");
}

fn main() {
    section("1. a generator stops at each yield_! and resumes where it stopped");
    let mut g = pin!(countdown(3));
    let mut step = 0;
    loop {
        step += 1;
        match g.as_mut().resume(()) {
            GeneratorState::Yielded(v) => println!("   resume #{step}: suspended at `yield_!(i)` with i = {v}"),
            GeneratorState::Complete(r) => {
                println!("   resume #{step}: returned {r:?}");
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

    section("4. what #[generator] wrote for `countdown` (see examples/countdown-expanded.rs)");
    println!("   enum CountdownState {{ Start {{ n }}, Yield0 {{ i }}, Returned, Poisoned }}");
    println!("   each resume: match the state, run to the next yield_!, store what is live there, return");
    println!("   size_of the whole countdown generator: {} bytes", std::mem::size_of_val(&countdown(3)));

    section("5. measured on this machine");
    measure();
}

/// The cost of one switch into a coroutine and back, and of the same ping-pong between two OS threads.
fn measure() {
    const N: u64 = 2_000_000;
    let mut e = Box::pin(echo());
    let _ = e.as_mut().resume(0);
    let start = Instant::now();
    let mut x = 0;
    for _ in 0..N {
        if let GeneratorState::Yielded(v) = Pin::as_mut(&mut e).resume(x) {
            x = std::hint::black_box(v);
        }
    }
    let gen_ns = start.elapsed().as_secs_f64() * 1e9 / N as f64;

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

    let spawn_start = Instant::now();
    let handles: Vec<_> = (0..100).map(|_| std::thread::spawn(|| std::thread::sleep(Duration::from_millis(1)))).collect();
    for h in handles {
        h.join().expect("thread ends");
    }
    let spawn_us = spawn_start.elapsed().as_secs_f64() * 1e6 / 100.0;

    println!("   | what                          | generator          | OS thread                   |");
    println!("   |-------------------------------|--------------------|-----------------------------|");
    println!("   | switch in and back (resume)   | {gen_ns:>8.1} ns        | {thread_ns:>8.0} ns (channel ping-pong) |");
    println!(
        "   | memory of one suspended unit  | {:>8} bytes     | 2 MiB default stack (+ {spawn_us:.0} us to spawn) |",
        std::mem::size_of_val(&echo())
    );
}
