// Ported from async-stream's tests/ui/yield_in_nested_fn.rs: a `yield` inside a function nested in the stream.
use gen_runtime::prelude::*;

fn main() {
    stream_block! {
        fn foo() {
            yield_!("hello");
        }
    };
}
