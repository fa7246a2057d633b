//! What `#[generator]` accepts: free functions, methods taking `&self`, `&mut self` and `self`, generic and
//! lifetime-generic functions, `impl Trait` arguments; calling one runs no body code; locals of unnameable or
//! not-yet-inferred types are held across yields with no annotation; a generator is `Send` when what it holds is.

// `while let Some(x) = it.next()` is the point of some tests: the iterator is a local held across the yield.
#![allow(clippy::while_let_on_iterator)]

use gen_runtime::prelude::*;
use gen_tests::*;

#[generator(yield = u32)]
fn side_effects(arg: D) -> u32 {
    log(format!("body ran with {}", arg.name()));
    yield_!(1);
    2
}

#[test]
fn calling_the_function_runs_no_body_code() {
    let g = side_effects(D::new("arg"));
    assert_eq!(take_log(), Vec::<String>::new());
    assert_eq!(
        trace_unit(g),
        [
            "body ran with arg",
            "yield 1",
            "drop arg",
            "return 2",
            "drop generator"
        ]
    );
}

#[test]
fn each_call_makes_an_independent_generator() {
    let mut first = Box::pin(side_effects(D::new("first")));
    let mut second = Box::pin(side_effects(D::new("second")));
    assert_eq!(second.as_mut().resume(()), GeneratorState::Yielded(1));
    assert_eq!(first.as_mut().resume(()), GeneratorState::Yielded(1));
    assert_eq!(second.as_mut().resume(()), GeneratorState::Complete(2));
    assert_eq!(first.as_mut().resume(()), GeneratorState::Complete(2));
    assert_eq!(
        take_log(),
        [
            "body ran with second",
            "body ran with first",
            "drop second",
            "drop first"
        ]
    );
}

struct Counter {
    step: u32,
    name: &'static str,
}

impl Counter {
    fn double(x: u32) -> u32 {
        x * 2
    }

    #[generator(yield = u32)]
    fn by_ref(&self, n: u32) -> &'static str {
        let mut i = 0;
        while i < n {
            yield_!(Self::double(i * self.step));
            i += 1;
        }
        self.name
    }

    #[generator(yield = u32)]
    fn by_mut(&mut self) -> u32 {
        self.step += 1;
        yield_!(self.step);
        self.step *= 10;
        yield_!(self.step);
        self.step + 1
    }
}

#[test]
fn method_taking_shared_self_reads_fields_and_calls_associated_functions() {
    let counter = Counter {
        step: 3,
        name: "counter",
    };
    assert_eq!(run_unit(counter.by_ref(3)), (vec![0, 6, 12], "counter"));
    assert_eq!(run_unit(counter.by_ref(0)), (vec![], "counter"));
}

#[test]
fn method_taking_mut_self_changes_the_receiver_across_yields() {
    let mut counter = Counter { step: 1, name: "c" };
    assert_eq!(run_unit(counter.by_mut()), (vec![2, 20], 21));
    assert_eq!(counter.step, 20);
    assert_eq!(counter.name, "c");
}

struct Owner {
    guard: D,
    items: Vec<u32>,
}

impl Owner {
    // Moving a field out of `self` and using `self` again after a yield would store a partially moved value,
    // which Rust cannot express without knowing the fields: destructure first (see the guide's "Known limits").
    #[generator(yield = u32)]
    fn drain(self) -> usize {
        let Owner { guard, items } = self;
        let _local = D::new("local");
        let mut n = 0;
        for x in items {
            yield_!(x);
            n += 1;
        }
        log(format!("still own {}", guard.name()));
        n
    }
}

#[test]
fn method_taking_self_by_value_owns_it_and_drops_it_after_body_locals() {
    let owner = Owner {
        guard: D::new("owner"),
        items: vec![4, 5],
    };
    assert_eq!(
        trace_unit(owner.drain()),
        [
            "yield 4",
            "yield 5",
            "still own owner",
            "drop local",
            "drop owner",
            "return 2",
            "drop generator",
        ]
    );
}

#[test]
fn method_taking_self_by_value_never_started_drops_self() {
    let owner = Owner {
        guard: D::new("owner"),
        items: vec![4, 5],
    };
    let g = owner.drain();
    assert_eq!(take_log(), Vec::<String>::new());
    drop(g);
    assert_eq!(take_log(), ["drop owner"]);
}

#[generator(yield = T)]
fn repeat_clone<T: Clone>(x: T, n: usize) -> T {
    for _ in 0..n {
        yield_!(x.clone());
    }
    x
}

#[test]
fn generic_function_yields_and_returns_its_type_parameter() {
    assert_eq!(
        run_unit(repeat_clone("s".to_owned(), 2)),
        (vec!["s".to_owned(), "s".to_owned()], "s".to_owned())
    );
    assert_eq!(run_unit(repeat_clone(7u8, 3)), (vec![7, 7, 7], 7));
    assert_eq!(run_unit(repeat_clone(vec![1], 0)), (vec![], vec![1]));
}

#[generator(yield = (K, V))]
fn pairs<K, V>(keys: Vec<K>, value: V) -> usize
where
    K: std::fmt::Debug,
    V: Copy,
{
    let mut n = 0;
    for k in keys {
        yield_!((k, value));
        n += 1;
    }
    n
}

#[test]
fn generic_function_with_two_parameters_and_a_where_clause() {
    assert_eq!(
        run_unit(pairs(vec!['a', 'b'], 1.5)),
        (vec![('a', 1.5), ('b', 1.5)], 2)
    );
}

#[generator(yield = &'a str)]
fn words<'a>(text: &'a str) -> usize {
    let mut n = 0;
    for w in text.split(' ') {
        yield_!(w);
        n += 1;
    }
    n
}

#[test]
fn lifetime_generic_function_yields_borrows_of_its_argument() {
    let text = String::from("alpha beta gamma");
    let (yields, count) = run_unit(words(&text));
    assert_eq!(yields, ["alpha", "beta", "gamma"]);
    assert_eq!(count, 3);
    // The yielded slices point into `text`, not into a copy.
    assert!(std::ptr::eq(yields[1].as_ptr(), text[6..].as_ptr()));
}

#[generator(yield = &'a T)]
fn every_other<'a, T>(items: &'a [T]) -> Option<&'a T> {
    let mut i = 0;
    while i < items.len() {
        yield_!(&items[i]);
        i += 2;
    }
    items.last()
}

#[test]
fn lifetime_and_type_generic_function_yields_references_into_a_slice() {
    let v = vec![10, 20, 30, 40, 50];
    assert_eq!(run_unit(every_other(&v)), (vec![&10, &30, &50], Some(&50)));
}

#[generator(yield = u32)]
fn sum_all(items: impl IntoIterator<Item = u32>, f: impl Fn(u32) -> u32) -> u32 {
    let mut total = 0;
    for x in items {
        total += f(x);
        yield_!(total);
    }
    total
}

#[test]
fn impl_trait_arguments() {
    assert_eq!(
        run_unit(sum_all(vec![1, 2, 3], |x| x * 10)),
        (vec![10, 30, 60], 60)
    );
    let offset = 1;
    assert_eq!(
        run_unit(sum_all(1..=2, move |x| x + offset)),
        (vec![2, 5], 5)
    );
}

#[generator(yield = u32)]
fn iterator_adapter(v: Vec<u32>) -> usize {
    let mut it = v.into_iter().map(|x| x * 2);
    let mut n = 0;
    while let Some(x) = it.next() {
        yield_!(x);
        n += 1;
    }
    n
}

#[test]
fn iterator_adapter_with_a_closure_is_held_across_yields_without_annotation() {
    assert_eq!(
        run_unit(iterator_adapter(vec![1, 2, 3])),
        (vec![2, 4, 6], 3)
    );
}

#[generator(yield = String)]
fn closures_held(factor: u32) -> u32 {
    let label = String::from("n=");
    let scale = move |x: u32| x * factor;
    let show = move |x| format!("{label}{x}");
    let double = |x| x * 2;
    let mut pipeline = (1..).filter(|x| x % 2 == 1).map(scale).peekable();
    yield_!(show(pipeline.next().unwrap_or(0)));
    let peeked = pipeline.peek().copied();
    yield_!(show(double(peeked.unwrap_or(0))));
    yield_!(show(scale(100)));
    pipeline.next().unwrap_or(0)
}

#[test]
fn closures_and_adapter_chains_are_held_across_yields_without_annotation() {
    assert_eq!(
        run_unit(closures_held(3)),
        (
            vec!["n=3".to_owned(), "n=18".to_owned(), "n=300".to_owned()],
            9
        )
    );
}

#[generator(yield = usize)]
fn inferred_later() -> Vec<u8> {
    let mut v = Vec::new();
    let mut last = None;
    yield_!(v.len() + usize::from(last.is_some()));
    v.push(1);
    last = Some(v.len());
    yield_!(v.len() + usize::from(last.is_some()));
    if let Some(n) = last {
        v.push(n as u8 + 1);
    }
    v
}

#[test]
fn locals_whose_types_are_inferred_only_after_the_yield() {
    assert_eq!(run_unit(inferred_later()), (vec![0, 2], vec![1, 2]));
}

#[generator(yield = u32)]
fn holds_send_values(n: u32) -> String {
    let v = vec![n; 3];
    let s = String::from("s");
    let mut it = v.into_iter().map(move |x| x + 1);
    while let Some(x) = it.next() {
        yield_!(x);
    }
    s
}

#[test]
fn generator_holding_only_send_values_is_send() {
    let g = holds_send_values(1);
    assert_send(&g);
    let handle = std::thread::spawn(move || run_unit(g));
    assert_eq!(handle.join().unwrap(), (vec![2, 2, 2], "s".to_owned()));
}

/// `-> !`: a generator that never returns. Its `Return` is `Infallible` (`!` cannot be named there on stable).
#[generator(yield = i32, resume = i32)]
fn running_sum() -> ! {
    let mut total = 0;
    loop {
        total += yield_!(total);
    }
}

#[test]
fn a_generator_declared_to_return_never_has_return_type_infallible() {
    let mut g = Box::pin(running_sum());
    assert_eq!(g.as_mut().resume(5), GeneratorState::Yielded(0));
    assert_eq!(g.as_mut().resume(5), GeneratorState::Yielded(5));
    assert_eq!(g.as_mut().resume(7), GeneratorState::Yielded(12));
    let _: &dyn Generator<i32, Yield = i32, Return = std::convert::Infallible> = &running_sum();
}
