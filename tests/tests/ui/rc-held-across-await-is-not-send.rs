use gen_runtime::prelude::*;
use std::rc::Rc;

#[generator]
async fn shares() -> usize {
    let shared = Rc::new(5);
    std::future::ready(()).await;
    *shared
}

fn spawn_like<F: std::future::Future + Send>(_: F) {}

fn main() {
    spawn_like(shares());
}
