use gen_runtime::prelude::*;

#[generator(yield = usize)]
async fn lengths(mut rx: tokio::sync::mpsc::Receiver<String>) {
    loop {
        tokio::select! {
            Some(ref s) = rx.recv() => yield_!(s.len()),
            else => break,
        }
    }
}

fn main() {}
