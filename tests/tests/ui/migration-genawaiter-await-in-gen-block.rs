// Ported from genawaiter's `{rc,sync,stack}::tests::forbidden_await_helpful_message`: awaiting a future inside a
// generator that is not async. genawaiter panics at run time ("non-async method"); gen rejects it at compile time.
use gen_runtime::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct DummyFuture;

impl Future for DummyFuture {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Self::Output> {
        Poll::Pending
    }
}

fn main() {
    let wrong = gen_block! {
        DummyFuture.await;
        yield_!(1);
    };
    let _ = wrong;
}
