use gen_runtime::prelude::*;
use serde::{Deserialize, Serialize};

// A snapshot saves what the function is awaiting: `Ready<u32>` is not a snapshot-able generator.
#[generator]
#[derive(Serialize, Deserialize)]
async fn answer() -> u32 {
    core::future::ready(42).await
}

fn main() {
    let _ = answer();
}
