//! The storage patterns that Miri checks (`scripts/miri.sh` runs this file under Stacked and Tree Borrows), written
//! in a crate that forbids `unsafe` code: the expansion's own `unsafe` blocks do not count against the user's lint.
//!
//! Values are stored inline (arrays, integers), not behind a heap pointer: a retag reaches inline memory, so these
//! are the cases where an over-eager `&mut` to a slot would be reported.
#![forbid(unsafe_code)]

use gen_runtime::prelude::*;
use gen_tests::run_unit;
use std::pin::pin;

/// An iterator over an inline array held across yields, while the body reads the array between them: each read
/// takes a shared borrow, which leaves the iterator's borrow valid.
#[generator(yield = u64)]
fn read_while_iterating() -> u64 {
    let arr = [1u64, 2, 3, 4];
    let mut sum = 0;
    for x in arr.iter() {
        sum += arr.len() as u64 + arr[0];
        yield_!(*x);
    }
    sum
}

#[test]
fn reading_an_array_that_an_iterator_held_across_yields_borrows() {
    assert_eq!(run_unit(read_while_iterating()), (vec![1, 2, 3, 4], 20));
}

/// A unique borrow held across a yield, then the local used again after the borrow ends.
#[generator(yield = i32)]
fn unique_borrow_then_use() -> [i32; 3] {
    let mut arr = [0i32; 3];
    let r = &mut arr;
    r[0] = 1;
    yield_!(r[0]);
    r[1] = 2;
    yield_!(r[1]);
    arr[2] = arr[0] + arr[1];
    arr
}

#[test]
fn a_unique_borrow_held_across_yields_then_the_local_used() {
    assert_eq!(run_unit(unique_borrow_then_use()), (vec![1, 2], [1, 2, 3]));
}

/// A closure capturing a slotted local by reference, held across yields, with other shared borrows of the same local
/// alive beside it.
#[generator(yield = usize)]
fn closure_over_a_slot() {
    let limits = [3usize, 5, 7];
    let first = &limits[0];
    let within = |n: usize| limits.iter().any(|&l| n <= l);
    for n in [2usize, 6, 9] {
        if within(n) {
            yield_!(n + *first);
        }
    }
    yield_!(limits.len());
}

#[test]
fn a_closure_capturing_a_slotted_local_held_across_yields() {
    assert_eq!(run_unit(closure_over_a_slot()).0, vec![5, 9, 3]);
}

/// `v.push(v.len())` on a slotted local: a two-phase borrow, as in plain Rust.
#[generator(yield = usize)]
fn two_phase() -> Vec<usize> {
    let mut v = vec![10usize];
    let it = v.iter().copied();
    for x in it {
        yield_!(x);
    }
    v.push(v.len());
    let last = &v[1];
    yield_!(*last);
    v
}

#[test]
fn a_two_phase_borrow_of_a_slotted_local() {
    assert_eq!(run_unit(two_phase()), (vec![10, 1], vec![10, 1]));
}

/// A sub-generator resumed in its slot while the delegating generator's guard of that slot is alive.
#[generator(yield = u8, resume = u8)]
fn echo(n: u8) -> u8 {
    let mut last = 0;
    for _ in 0..n {
        last = yield_!(last);
    }
    last
}

#[generator(yield = u8, resume = u8)]
fn delegating() -> u8 {
    let a = yield_from!(echo(2));
    let b = yield_from!(echo(1));
    a + b
}

#[test]
fn delegating_to_a_sub_generator_in_its_slot() {
    let mut g = pin!(delegating());
    let mut seen = Vec::new();
    let mut arg = 0;
    let r = loop {
        match g.as_mut().resume(arg) {
            GeneratorState::Yielded(y) => seen.push(y),
            GeneratorState::Complete(r) => break r,
        }
        arg += 1;
    };
    assert_eq!((seen, r), (vec![0, 1, 0], 5));
}

/// The simplest `async fn`: two awaits of ready futures, each in the slot its guard empties.
#[generator]
async fn two_ready() -> u32 {
    let a = futures::future::ready(1u32).await;
    let b = futures::future::ready(2u32).await;
    a + b
}

/// An awaited future borrowing an inline local.
#[generator]
async fn await_borrowing() -> u64 {
    let arr = [5u64, 6];
    let total = async { arr.iter().sum::<u64>() }.await;
    total + arr[1]
}

/// An async stream holding a borrow of an inline local across yields and awaits.
#[generator(yield = u64)]
async fn stream_over_array() {
    let arr = [7u64, 8, 9];
    for x in arr.iter() {
        futures::future::ready(()).await;
        yield_!(*x + arr[0]);
    }
}

#[test]
fn async_generators_with_slots_run_on_futures_executor() {
    use futures::StreamExt;
    assert_eq!(futures::executor::block_on(two_ready()), 3);
    assert_eq!(futures::executor::block_on(await_borrowing()), 17);
    let items: Vec<u64> = futures::executor::block_on(stream_over_array().collect());
    assert_eq!(items, [14, 15, 16]);
}

/// A generator dropped while suspended drops its borrowers first, then the borrowed local.
#[generator(yield = u8)]
fn dropped_while_borrowing() {
    let arr = [1u8, 2, 3];
    let mut it = arr.iter().peekable();
    while let Some(x) = it.next() {
        yield_!(*x + **it.peek().unwrap_or(&&0));
    }
}

#[test]
fn a_generator_dropped_while_a_borrow_is_stored() {
    let mut g = Box::pin(dropped_while_borrowing());
    assert!(matches!(g.as_mut().resume(()), GeneratorState::Yielded(3)));
    drop(g);
}

/// `current_state()` (a shared reference to the whole generator) between resumes, while the state holds a unique
/// borrow of a slotted local: looking at the state must not invalidate that borrow.
#[test]
fn reading_the_state_between_resumes_while_a_unique_borrow_is_held() {
    let mut g = pin!(unique_borrow_then_use());
    let mut seen = Vec::new();
    loop {
        seen.push(g.current_state().name);
        match g.as_mut().resume(()) {
            GeneratorState::Yielded(_) => {}
            GeneratorState::Complete(arr) => {
                assert_eq!(arr, [1, 2, 3]);
                break;
            }
        }
    }
    assert_eq!(seen, ["Start", "Yield0", "Yield1"]);
    // The slots' `UnsafeCell`s do not cost the generator its `Send` and `Sync`.
    fn send_sync<T: Send + Sync>(_: &T) {}
    send_sync(&unique_borrow_then_use());
}
