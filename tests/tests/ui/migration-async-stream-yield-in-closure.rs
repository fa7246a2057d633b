// Ported from async-stream's tests/ui/yield_in_closure.rs: a `yield` inside a closure inside the stream.
use gen_runtime::prelude::*;

fn main() {
    stream_block! {
        Ok("value")
            .and_then(|v| {
                yield_!(v);
                Ok(())
            });
    };
}
