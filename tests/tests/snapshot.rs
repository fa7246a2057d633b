//! `#[derive(Serialize, Deserialize)]` under `#[generator]`: save a suspended generator, restore it, resume it.

use gen_runtime::prelude::*;
use gen_runtime::Snapshot;
use serde::{Deserialize, Serialize};

#[generator(yield = u32)]
#[derive(Serialize, Deserialize)]
fn countdown(n: u32) {
    for i in 0..n {
        yield_!(n - i);
    }
}

fn save<G: Snapshot>(g: &G) -> Vec<u8> {
    let mut bytes = Vec::new();
    g.save(&mut serde_json::Serializer::new(&mut bytes)).unwrap();
    bytes
}

#[test]
fn countdown_round_trip() {
    let mut g = countdown(3);
    assert_eq!(g.resume_unpin(()), GeneratorState::Yielded(3));
    let bytes = save(&g);
    println!("{}", String::from_utf8_lossy(&bytes));
    let mut h = countdown(0).restored_from(&mut serde_json::Deserializer::from_slice(&bytes)).unwrap();
    assert_eq!(h.resume_unpin(()), GeneratorState::Yielded(2));
    assert_eq!(h.resume_unpin(()), GeneratorState::Yielded(1));
    assert_eq!(h.resume_unpin(()), GeneratorState::Complete(()));
}
