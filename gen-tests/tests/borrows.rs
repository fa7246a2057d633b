//! Borrows of a local held across a suspension point: the local lives in a pinned slot.

use gen_runtime::prelude::*;
use gen_tests::{D, log, take_log, trace_unit};
use std::pin::pin;

fn drain<G: Generator<Yield = Y, Return = R>, Y, R>(g: G) -> (Vec<Y>, R) {
    let mut g = pin!(g);
    let mut ys = Vec::new();
    loop {
        match g.as_mut().resume(()) {
            GeneratorState::Yielded(y) => ys.push(y),
            GeneratorState::Complete(r) => return (ys, r),
        }
    }
}

#[generator(yield = usize)]
fn word_lengths(text: String) -> usize {
    let mut n = 0;
    for w in text.split_whitespace() {
        yield_!(w.len());
        n += 1;
    }
    n
}

#[test]
fn iterating_an_owned_string_by_reference_across_yields() {
    assert_eq!(drain(word_lengths("a bb ccc".to_string())), (vec![1, 2, 3], 3));
}

#[generator(yield = String)]
fn words(text: String) {
    let mut it = text.split_whitespace();
    while let Some(w) = it.next() {
        yield_!(w.to_uppercase());
    }
    log(format!("still own {text}"));
}

#[test]
fn an_iterator_over_a_local_kept_in_a_local_across_yields() {
    let (ys, ()) = drain(words("x yz".to_string()));
    assert_eq!(ys, ["X", "YZ"]);
    assert_eq!(take_log(), ["still own x yz"]);
}

#[generator(yield = u32)]
fn walk_vec() -> u32 {
    let v = vec![10, 20, 30];
    let mut sum = 0;
    for x in v.iter() {
        yield_!(*x);
        sum += x;
    }
    sum
}

#[test]
fn a_vec_iter_walk_with_yields() {
    assert_eq!(drain(walk_vec()), (vec![10, 20, 30], 60));
}

#[generator(yield = usize)]
fn mut_borrow() -> Vec<u32> {
    let mut buf = Vec::new();
    let r = &mut buf;
    r.push(1);
    yield_!(r.len());
    r.push(2);
    yield_!(r.len());
    buf
}

#[test]
fn a_mut_borrow_held_across_a_yield_then_the_local_moved_out() {
    assert_eq!(drain(mut_borrow()), (vec![1, 2], vec![1, 2]));
}

#[generator(yield = u32)]
fn borrowed_guard() {
    let g = D::new("pinned");
    let r = &g;
    yield_!(1);
    log(format!("through ref {}", r.name()));
    let _after = D::new("after");
    yield_!(2);
}

#[test]
fn a_pinned_local_is_dropped_at_its_scope_end() {
    assert_eq!(
        trace_unit(borrowed_guard()),
        ["yield 1", "through ref pinned", "yield 2", "drop after", "drop pinned", "return ()", "drop generator"]
    );
}

#[test]
fn a_suspended_generator_drops_its_pinned_locals_after_their_borrowers() {
    let mut g = Box::pin(borrowed_guard());
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(1));
    drop(g);
    assert_eq!(take_log(), ["drop pinned"]);
}

struct Bag {
    items: Vec<u32>,
}

impl Bag {
    #[generator(yield = u32)]
    fn doubled(&self) {
        for x in self.items.iter() {
            yield_!(x * 2);
        }
    }
}

#[test]
fn borrowing_self_in_a_method() {
    let bag = Bag { items: vec![1, 2] };
    assert_eq!(drain(bag.doubled()).0, [2, 4]);
}

#[generator(yield = &'a u32)]
fn borrowed_arg<'a>(s: &'a [u32]) {
    for x in s {
        yield_!(x);
    }
}

#[test]
fn borrowing_an_argument_needs_no_pinning() {
    let data = [1, 2];
    let g = borrowed_arg(&data);
    fn assert_unpin<T: Unpin>(_: &T) {}
    assert_unpin(&g);
    assert_eq!(drain(g).0, [&1, &2]);
}

#[test]
fn a_generator_without_pinned_locals_is_unpin_and_one_with_them_is_not() {
    fn is_unpin<T>() -> bool {
        trait Probe {
            fn unpin(&self) -> bool;
        }
        struct P<T>(std::marker::PhantomData<T>);
        impl<T> Probe for P<T> {
            fn unpin(&self) -> bool {
                false
            }
        }
        let _ = P::<T>(std::marker::PhantomData).unpin();
        false
    }
    let _ = is_unpin::<u8>;
    fn assert_unpin<T: Unpin>(_: &T) {}
    assert_unpin(&borrowed_arg(&[]));
    // `word_lengths` holds a borrow of its own `text`: not `Unpin` (checked in tests/ui, where it must not compile).
    let g = word_lengths(String::new());
    let boxed = Box::pin(g);
    assert_eq!(drain(boxed).1, 0);
}
