use gen_runtime::prelude::*;

// A closure inside a `stream_block!` is a function of its own: it cannot suspend the stream.
fn main() {
    let v = vec![1u32, 2];
    let s = stream_block! {
        v.iter().for_each(|x| {
            yield_!(*x);
        });
    };
    let _ = s;
}
