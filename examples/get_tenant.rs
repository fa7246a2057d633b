//! A Python asyncio coroutine (a database query between two prints), as a `#[generator] async fn` on tokio:
//!
//! ```python
//! async def get_tenant(tenant_id):
//!     print("1. query start")
//!     tenant = await db.get(tenant_id)   # suspends here; the event loop runs other coroutines
//!     print("2. query done")             # resumes here
//!     return tenant
//! # State 0: print 1, await → suspend (State = 1)
//! # State 1: DB response arrived, print 2 → return
//! ```
//!
//! `Polls` wraps the coroutine and prints every poll the executor makes and what it returned, so the output shows the
//! states the coroutine passes through. The "database" answers after 100 ms (a real sleep, kept short).

use gen_runtime::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

#[derive(Debug)]
struct Tenant {
    id: u32,
    name: String,
}

/// A stand-in database: `get` answers after 100 ms.
struct Db;

impl Db {
    async fn get(&self, tenant_id: u32) -> Tenant {
        tokio::time::sleep(Duration::from_millis(100)).await;
        Tenant { id: tenant_id, name: format!("tenant-{tenant_id}") }
    }
}

#[generator]
async fn get_tenant(db: &Db, tenant_id: u32) -> Tenant {
    println!("      1. query start");
    let tenant = db.get(tenant_id).await; // suspends here; the executor runs other tasks
    println!("      2. query done"); // resumes here
    tenant
}

/// A poll-logging adapter: counts the polls of the future it wraps and prints each result.
struct Polls<F> {
    inner: Pin<Box<F>>,
    polls: u32,
}

impl<F: Future + StateMachine> Future for Polls<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut(); // `Polls` is `Unpin`: the coroutine itself is pinned in its box
        this.polls += 1;
        // The coroutine's own state, as the macro named it (`StateMachine::current_state`).
        let before = this.inner.current_state();
        println!("poll #{} in state {} ({:?})", this.polls, before.name, before.kind);
        let result = this.inner.as_mut().poll(cx);
        let after = this.inner.current_state();
        match &result {
            Poll::Pending => println!(
                "poll #{} -> Pending: suspended in state {} at `{}` (line {})",
                this.polls,
                after.name,
                after.source,
                after.location.map_or(0, |l| l.line)
            ),
            Poll::Ready(_) => println!("poll #{} -> Ready: state {}", this.polls, after.name),
        }
        result
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    static DB: Db = Db;
    let traced = Polls { inner: Box::pin(get_tenant(&DB, 42)), polls: 0 };
    // While `get_tenant` is suspended, the same thread runs another task.
    let other = tokio::spawn(async { println!("      (meanwhile another task runs on the same thread)") });
    let tenant = traced.await;
    other.await.expect("the other task");
    println!("tenant {} = {:?}", tenant.id, tenant.name);
}
