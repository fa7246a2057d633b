//! A large array held across every yield stays in place (a slot) instead of being copied at each resume.

use gen_runtime::prelude::*;

#[generator(yield = u64)]
fn large_state(n: u64) -> u64 {
    let mut buf = [0u64; 32];
    for i in 0..n {
        buf[(i % 32) as usize] += i;
        yield_!(buf[((i * 7) % 32) as usize]);
    }
    buf.iter().sum()
}

#[test]
fn a_large_array_held_across_yields_behaves_like_a_local() {
    let mut g = Box::pin(large_state(100));
    let mut yielded = Vec::new();
    let total = loop {
        match g.as_mut().resume(()) {
            GeneratorState::Yielded(v) => yielded.push(v),
            GeneratorState::Complete(t) => break t,
        }
    };
    let mut buf = [0u64; 32];
    let mut expect = Vec::new();
    for i in 0..100 {
        buf[(i % 32) as usize] += i;
        expect.push(buf[((i * 7) % 32) as usize]);
    }
    assert_eq!(yielded, expect);
    assert_eq!(total, buf.iter().sum::<u64>());
}

#[test]
fn a_generator_holding_a_large_array_stays_unpin_and_small_in_its_state() {
    fn assert_unpin<T: Unpin>(_: &T) {}
    let g = large_state(3);
    assert_unpin(&g);
}
