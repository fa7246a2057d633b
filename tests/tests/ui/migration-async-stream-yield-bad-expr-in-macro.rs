// Ported from async-stream's tests/ui/yield_bad_expr_in_macro.rs: a `yield` of something that is not an
// expression, in a `select!` arm.
use gen_runtime::prelude::*;

fn main() {
    async fn work() {}

    stream_block! {
        tokio::select! {
            _ = work() => yield_!(fn f() {}),
        }
    };
}
