use gen_runtime::prelude::*;

#[generator(yield = u32)]
async fn first_of(mut rx: tokio::sync::mpsc::Receiver<u32>) {
    loop {
        let v = tokio::select! {
            Some(v) = rx.recv() => v,
            else => break,
        };
        yield_!(v);
    }
}

fn main() {}
