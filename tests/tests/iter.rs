//! Generators as iterators (`GeneratorExt::into_iter`, fused) and the pointer types that are generators too:
//! `Pin<Box<G>>`, `&mut G` for an `Unpin` `G`, `Pin<&mut G>`, `Pin<Box<dyn Generator>>`.

use std::pin::{Pin, pin};

use gen_runtime::prelude::*;
use gen_tests::*;

#[generator(yield = u32)]
fn count_to(n: u32) {
    let _guard = D::new("guard");
    let mut i = 1;
    while i <= n {
        yield_!(i);
        i += 1;
    }
    log("finished");
}

#[test]
fn into_iter_yields_every_value_then_none() {
    let collected: Vec<u32> = count_to(3).into_iter().collect();
    assert_eq!(collected, [1, 2, 3]);
    assert_eq!(take_log(), ["finished", "drop guard"]);
}

#[test]
fn into_iter_is_fused_and_never_resumes_a_completed_generator() {
    let mut it = count_to(1).into_iter();
    assert_eq!(it.next(), Some(1));
    assert_eq!(it.next(), None);
    assert_eq!(take_log(), ["finished", "drop guard"]);
    // A resume after completion would panic; a fused iterator keeps answering `None` instead.
    assert_eq!(it.next(), None);
    assert_eq!(it.next(), None);
    assert_eq!(take_log(), Vec::<String>::new());
}

#[test]
fn into_iter_works_with_iterator_adapters() {
    let sum: u32 = count_to(10)
        .into_iter()
        .filter(|x| x % 2 == 0)
        .map(|x| x * x)
        .sum();
    assert_eq!(sum, 4 + 16 + 36 + 64 + 100);
    let firsts: Vec<u32> = count_to(100).into_iter().take(2).collect();
    assert_eq!(firsts, [1, 2]);
    assert_eq!(take_log(), ["finished", "drop guard", "drop guard"]);
}

/// A generator declared `-> !` never returns (`Return = Infallible`): an endless iterator.
#[generator(yield = u64)]
fn fibonacci() -> ! {
    let _guard = D::new("fib");
    let (mut a, mut b) = (0u64, 1u64);
    loop {
        yield_!(a);
        (a, b) = (b, a + b);
    }
}

#[test]
fn into_iter_of_a_generator_that_never_returns_is_an_endless_iterator() {
    let first: Vec<u64> = fibonacci().into_iter().take(8).collect();
    assert_eq!(first, [0, 1, 1, 2, 3, 5, 8, 13]);
    assert_eq!(take_log(), ["drop fib"]);
    let mut it = fibonacci().into_iter();
    assert_eq!(it.nth(50), Some(12_586_269_025));
}

#[test]
fn dropping_the_iterator_early_drops_the_suspended_generator() {
    let mut it = count_to(5).into_iter();
    assert_eq!(it.next(), Some(1));
    assert_eq!(it.next(), Some(2));
    assert_eq!(take_log(), Vec::<String>::new());
    drop(it);
    assert_eq!(take_log(), ["drop guard"]);
}

#[test]
fn for_loop_over_a_generator() {
    let mut seen = Vec::new();
    for x in count_to(3).into_iter() {
        seen.push(x);
        log(format!("got {x}"));
    }
    assert_eq!(seen, [1, 2, 3]);
    assert_eq!(
        take_log(),
        ["got 1", "got 2", "got 3", "finished", "drop guard"]
    );
}

#[test]
fn resume_unpin_resumes_without_pinning_by_hand() {
    let mut g = count_to(2);
    assert_eq!(g.resume_unpin(()), GeneratorState::Yielded(1));
    assert_eq!(g.resume_unpin(()), GeneratorState::Yielded(2));
    assert_eq!(g.resume_unpin(()), GeneratorState::Complete(()));
    assert_eq!(take_log(), ["finished", "drop guard"]);
}

#[test]
fn pinned_box_of_a_generator_is_a_generator() {
    let mut boxed: Pin<Box<_>> = Box::pin(count_to(2));
    assert_eq!(Pin::new(&mut boxed).resume(()), GeneratorState::Yielded(1));
    assert_eq!(boxed.resume_unpin(()), GeneratorState::Yielded(2));
    let rest: Vec<u32> = boxed.into_iter().collect();
    assert_eq!(rest, Vec::<u32>::new());
    assert_eq!(take_log(), ["finished", "drop guard"]);
    assert_eq!(run_unit(Box::pin(count_to(2))), (vec![1, 2], ()));
}

#[test]
fn pinned_box_of_a_dyn_generator_is_a_generator() {
    let erased: Pin<Box<dyn Generator<(), Yield = u32, Return = ()>>> = Box::pin(count_to(3));
    assert_eq!(erased.into_iter().collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(take_log(), ["finished", "drop guard"]);
}

#[test]
fn mut_ref_to_an_unpin_generator_is_a_generator_that_resumes_the_original() {
    let mut g = count_to(4);
    let firsts: Vec<u32> = (&mut g).into_iter().take(2).collect();
    assert_eq!(firsts, [1, 2]);
    assert_eq!(take_log(), Vec::<String>::new());
    assert_eq!(run_unit(&mut g), (vec![3, 4], ()));
    assert_eq!(take_log(), ["finished", "drop guard"]);
}

#[test]
fn pin_mut_ref_to_a_generator_is_a_generator() {
    let mut g = pin!(count_to(3));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(1));
    let by_pointer: Pin<&mut _> = g.as_mut();
    assert_eq!(run_unit(by_pointer), (vec![2, 3], ()));
    assert_eq!(take_log(), ["finished", "drop guard"]);
}

#[generator(yield = u32, resume = u32)]
fn doubler() -> u32 {
    let mut last = 0;
    let mut x = yield_!(0);
    while x != 0 {
        last = x * 2;
        x = yield_!(last);
    }
    last
}

#[test]
fn pointer_generators_pass_resume_arguments_through() {
    let mut g = doubler();
    {
        let mut by_ref = &mut g;
        assert_eq!(by_ref.resume_unpin(1), GeneratorState::Yielded(0));
        assert_eq!(Pin::new(&mut by_ref).resume(5), GeneratorState::Yielded(10));
    }
    let mut boxed = Box::pin(g);
    assert_eq!(boxed.resume_unpin(7), GeneratorState::Yielded(14));
    assert_eq!(Pin::new(&mut boxed).resume(0), GeneratorState::Complete(14));
}
