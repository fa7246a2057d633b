// Ported from async-stream's tests/ui/unsoundness_issue_106.rs: a `yield` smuggled into an `async` block by a
// local macro, then awaited from another stream, would hand out a value of the wrong type. Rejected: the lowering
// cannot see into the macro's arguments.
use futures::StreamExt;
use gen_runtime::prelude::*;
use std::pin::pin;

macro_rules! asynk {
    ($e:expr) => {
        async { $e }
    };
}

#[tokio::main]
async fn main() {
    pin!(stream_block! {
        let yield_42 = asynk!(yield_!(42_usize));
        let s = stream_block! {
            yield_!(Box::new(12345));
            yield_42.await; // yield 42 -- wait that's not a Box!?
        };
        futures::pin_mut!(s);
        let mut e = s.enumerate();
        while let Some((n, i)) = e.next().await {
            println!("Item at index {n}:\n    {i}");
        }
    })
    .next()
    .await;
}
