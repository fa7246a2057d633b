use gen_runtime::prelude::*;

#[generator(yield = u32)]
async fn until_timeout(mut rx: tokio::sync::mpsc::Receiver<u32>) {
    let timeout = tokio::time::sleep(std::time::Duration::from_millis(5));
    loop {
        tokio::select! {
            Some(v) = rx.recv() => yield_!(v),
            _ = timeout => break,
        }
    }
}

fn main() {}
