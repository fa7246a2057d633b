// Ported from async-stream's tests/ui/yield_in_async.rs: a `yield` inside an `async` block inside the stream.
use gen_runtime::prelude::*;

fn main() {
    stream_block! {
        let f = async {
            yield_!(123);
        };

        let v = f.await;
    };
}
