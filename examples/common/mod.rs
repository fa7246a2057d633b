//! Generators shared by the examples (`tour`, `gen_graph`).
#![allow(dead_code)]

use gen_runtime::prelude::*;

/// The README's first example.
#[generator(yield = u32)]
pub fn countdown(n: u32) -> &'static str {
    let mut i = n;
    while i > 0 {
        yield_!(i);
        i -= 1;
    }
    "liftoff"
}

/// A coroutine: each resume passes a number in; it yields the running total; 0 ends it. `Clone`: a suspended copy
/// continues on its own.
#[generator(yield = u64, resume = u64)]
#[derive(Clone)]
pub fn running_total() -> u64 {
    let mut total = 0;
    loop {
        let x = yield_!(total);
        if x == 0 {
            return total;
        }
        total += x;
    }
}

pub enum Tree {
    Leaf(u32),
    Node(Box<Tree>, Box<Tree>),
}

/// A recursive walk: delegation through `Box::pin`.
#[generator(yield = u32)]
pub fn walk(tree: &Tree) -> u32 {
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

/// Owned text walked by reference across yields: the text is pinned.
#[generator(yield = usize)]
pub fn word_lengths(text: String) -> usize {
    let mut n = 0;
    for w in text.split_whitespace() {
        yield_!(w.len());
        n += 1;
    }
    n
}

/// Echoes each resume argument plus one (for measuring a resume round trip).
#[generator(yield = u64, resume = u64)]
pub fn echo() {
    let mut x = 0;
    loop {
        x = yield_!(x + 1);
    }
}

/// `examples/get_tenant.rs`'s coroutine (from Python asyncio): one await between two prints.
#[generator]
pub async fn get_tenant(tenant_id: u32) -> String {
    println!("   1. query start");
    let tenant = db_get(tenant_id).await;
    println!("   2. query done");
    tenant
}

async fn db_get(id: u32) -> String {
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    format!("tenant-{id}")
}
