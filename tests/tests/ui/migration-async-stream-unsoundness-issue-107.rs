// Ported from async-stream's tests/ui/unsoundness_issue_107.rs: items borrowed from a local kept after the local
// is dropped (a use-after-free in async-stream before the fix). Rejected: `v` does not live long enough.
use futures::StreamExt;
use gen_runtime::prelude::*;
use std::pin::pin;

#[tokio::main]
async fn main() {
    let mut outer = vec![];
    {
        let v = vec![0; 10];
        let v_ref = &v;
        let mut s = pin!(stream_block! {
            for x in v_ref {
                yield_!(x)
            }
        });
        while let Some(x) = s.next().await {
            outer.push(x);
        }
    };
    // use-after-free
    println!("{outer:?}");
}
