use gen_runtime::prelude::*;

#[generator(yield = u32)]
async fn ticks(mut rx: tokio::sync::mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => yield_!(v),
            _ = futures::future::ready(yield_!(0)) => continue,
            else => break,
        }
    }
}

fn main() {}
