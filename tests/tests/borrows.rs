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


// ----- moving a pinned local out once its borrows have ended -----------------------------------------------------

#[generator(yield = usize)]
fn return_buf() -> Vec<String> {
    let buf = vec!["a".to_string(), "bb".to_string()];
    for s in buf.iter() {
        yield_!(s.len());
    }
    buf
}

#[generator(yield = usize)]
fn into_iter_after() -> usize {
    let buf = vec!["a".to_string(), "bb".to_string()];
    for s in buf.iter() {
        yield_!(s.len());
    }
    buf.into_iter().map(|s| s.len() * 10).sum()
}

#[generator(yield = usize)]
fn unwrap_after() -> String {
    let opt = Some(String::from("xyz"));
    let r = opt.as_ref();
    yield_!(r.map_or(0, String::len));
    let s = opt.unwrap();
    s
}

#[generator(yield = u32)]
fn collect_after() -> Vec<u32> {
    let v = vec![1, 2, 3];
    let mut it = v.iter().copied();
    yield_!(it.next().unwrap_or(0));
    let rest: Vec<u32> = it.collect();
    rest
}

#[test]
fn moving_a_borrowed_local_out_after_its_borrows_end_keeps_working() {
    assert_eq!(drain(return_buf()), (vec![1, 2], vec!["a".to_string(), "bb".to_string()]));
    assert_eq!(drain(into_iter_after()), (vec![1, 2], 30));
    assert_eq!(drain(unwrap_after()), (vec![3], "xyz".to_string()));
    assert_eq!(drain(collect_after()), (vec![1], vec![2, 3]));
}

// ----- Unpin: only generators that pin something ------------------------------------------------------------------

struct Probe<T>(std::marker::PhantomData<T>);
trait IsUnpin {
    fn is_unpin(&self) -> bool {
        true
    }
}
impl<T: Unpin> IsUnpin for &Probe<T> {}
trait NotUnpin {
    fn is_unpin(&self) -> bool {
        false
    }
}
impl<T> NotUnpin for Probe<T> {}
fn probe<T>(_: &T) -> Probe<T> {
    Probe(std::marker::PhantomData)
}
macro_rules! is_unpin {
    ($e:expr) => {{
        let value = $e;
        (&&probe(&value)).is_unpin()
    }};
}

#[generator(yield = usize)]
fn delegates_to_pinned(text: String) {
    yield_from!(word_lengths(text));
}

#[generator(yield = usize)]
fn delegates_to_unpinned() {
    yield_from!(vec![1, 2]);
}

#[test]
fn a_generator_is_unpin_exactly_when_it_pins_nothing() {
    assert!(is_unpin!(borrowed_arg(&[])));
    assert!(is_unpin!(walk_vec_owned()));
    assert!(!is_unpin!(word_lengths(String::new())));
    assert!(!is_unpin!(walk_vec()));
    assert!(!is_unpin!(delegates_to_pinned(String::new())));
    assert!(is_unpin!(delegates_to_unpinned()));
    assert_eq!(drain(delegates_to_pinned("a bb".into())).0, [1, 2]);
}

#[generator(yield = u32)]
fn walk_vec_owned() -> u32 {
    let v = vec![10, 20, 30];
    let mut sum = 0;
    for x in v {
        yield_!(x);
        sum += x;
    }
    sum
}

// ----- shared reference arguments: a borrow through them is not a borrow of them -----------------------------------

#[generator(yield = &'a str)]
fn words_of<'a>(text: &'a str) -> usize {
    let mut n = 0;
    for w in text.split_whitespace() {
        yield_!(w);
        n += 1;
    }
    n + text.len()
}

impl Bag {
    #[generator(yield = u32)]
    fn each_then_len(&self) -> usize {
        for x in &self.items {
            yield_!(*x);
        }
        self.items.len()
    }
}

/// `&s` borrows the argument itself (a `&&u32` held across the yields): `s` is pinned.
#[generator(yield = u32)]
fn through_a_reference_to_the_argument(s: &u32) {
    let r = &s;
    yield_!(**r);
    yield_!(**r + 1);
}

/// A `&mut` argument reborrowed across yields and used after them stays pinned (it cannot be copied out while
/// `*v` is borrowed).
#[generator(yield = u32)]
fn bump_all(v: &mut Vec<u32>) -> usize {
    for x in v.iter_mut() {
        *x += 1;
        yield_!(*x);
    }
    v.len()
}

#[test]
fn a_borrow_through_a_shared_reference_argument_needs_no_pinning() {
    assert!(is_unpin!(words_of("a b")));
    assert_eq!(drain(words_of("a bc")), (vec!["a", "bc"], 6));
    let bag = Bag { items: vec![3, 4] };
    assert!(is_unpin!(bag.doubled()));
    assert!(is_unpin!(bag.each_then_len()));
    assert_eq!(drain(bag.each_then_len()), (vec![3, 4], 2));
    assert_eq!(drain(bag.doubled()).0, [6, 8]);
}

#[test]
fn a_borrow_of_a_reference_argument_itself_or_through_a_mut_reference_pins_it() {
    assert!(!is_unpin!(through_a_reference_to_the_argument(&1)));
    assert_eq!(drain(through_a_reference_to_the_argument(&7)).0, [7, 8]);
    let mut v = vec![1, 2];
    assert!(!is_unpin!(bump_all(&mut v)));
    assert_eq!(drain(bump_all(&mut v)), (vec![2, 3], 2));
    assert_eq!(v, [2, 3]);
}

// ----- a `move` closure takes a pinned local's value, as in plain Rust ---------------------------------------------

/// `guard` is pinned (borrowed across the yield); the `move` closure then owns it: it is dropped with the closure,
/// not with the generator.
#[generator(yield = usize)]
fn moved_into_a_closure() -> Box<dyn Fn() -> usize> {
    let guard = D::new("guard");
    let name = guard.name();
    yield_!(name.len());
    Box::new(move || guard.name().len())
}

/// A pinned `Copy` local captured by a `move` closure is copied: the local stays usable.
#[generator(yield = u64)]
fn copied_into_a_closure() -> u64 {
    let big = [7u64; 40];
    let first = &big[0];
    yield_!(*first);
    let sum = move || big.iter().sum::<u64>();
    yield_!(sum());
    big[1]
}

#[test]
fn a_move_closure_owns_a_pinned_local_it_captures() {
    let (ys, f) = drain(moved_into_a_closure());
    assert_eq!(ys, [5]);
    assert_eq!(take_log(), Vec::<String>::new(), "the guard lives on in the closure");
    assert_eq!(f(), 5);
    drop(f);
    assert_eq!(take_log(), ["drop guard"]);
    assert_eq!(drain(copied_into_a_closure()), (vec![7, 280], 7));
}

/// A `move` closure whose only `text` is its own binding captures nothing: the pinned `text` stays.
#[generator(yield = usize)]
fn closure_with_its_own_binding_of_the_name() -> usize {
    let text = String::from("abc");
    let first = &text[..1];
    yield_!(first.len());
    let f = move || {
        let text = 10;
        text
    };
    yield_!(f());
    text.len()
}

#[test]
fn a_move_closure_binding_the_same_name_leaves_the_pinned_local_alone() {
    assert_eq!(drain(closure_with_its_own_binding_of_the_name()), (vec![1, 10], 3));
}

/// A generic argument borrowed across a suspension point: the borrow is stored in the generator, which needs a
/// lifetime to name it; the function has none, so the macro adds one (no `T: 'static` asked of the caller).
#[generator(yield = String)]
fn show_all<T: std::fmt::Debug>(items: Vec<T>) -> usize {
    for x in items.iter() {
        yield_!(format!("{x:?}"));
    }
    items.len()
}

#[generator(yield = u32)]
fn by_ref_then_rest(mut it: impl Iterator<Item = u32>) -> usize {
    for x in it.by_ref().take(2) {
        yield_!(x);
    }
    it.count()
}

/// With another, unrelated lifetime in the signature (elided here): the added one is outlived by it.
#[generator(yield = String)]
fn joined<'a, T: std::fmt::Display>(sep: &str, prefix: &'a str, items: Vec<T>) {
    for x in items.iter() {
        yield_!(format!("{prefix}{x}{sep}"));
    }
}

#[test]
fn a_generic_argument_borrowed_across_a_yield_needs_no_static_bound() {
    let (sep, prefix) = (String::from(";"), String::from(">"));
    let got: Vec<String> = Box::pin(joined(&sep, &prefix, vec![1, 2])).into_iter().collect();
    assert_eq!(got, [">1;", ">2;"]);
    let name = String::from("borrowed");
    // `T = &String`: not `'static`.
    let mut g = pin!(show_all(vec![&name, &name]));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded("\"borrowed\"".to_string()));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded("\"borrowed\"".to_string()));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Complete(2));
    let local = [5u32, 6, 7, 8];
    let mut g = pin!(by_ref_then_rest(local.iter().copied()));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(5));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(6));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Complete(2));
    // Turbofish still names only the type.
    let g = show_all::<u8>(vec![1]);
    assert_eq!(Box::pin(g).as_mut().resume(()), GeneratorState::Yielded("1".to_string()));
}

/// A local given a shared reference by its `let` (copied from a `&[u8]` parameter) is not pinned for what is borrowed
/// through it: the generator stays `Unpin`.
#[generator(yield = &'a [u8])]
fn chunks<'a>(data: &'a [u8], n: usize) {
    let mut rest = data;
    while !rest.is_empty() {
        let (head, tail) = rest.split_at(n.min(rest.len()));
        yield_!(head);
        rest = tail;
    }
}

/// `let r = &v` and `let r: &Vec<_> = &v`: `v` is pinned (a borrow of it is held across the yields), `r` is not.
#[generator(yield = u32)]
fn through_local_refs() -> usize {
    let v = vec![1u32, 2];
    let r = &v;
    for x in r.iter() {
        yield_!(*x);
    }
    let s: &Vec<u32> = &v;
    for x in s.iter().rev() {
        yield_!(*x);
    }
    r.len() + s.len()
}

#[test]
fn a_local_holding_a_shared_reference_is_not_pinned_for_borrows_through_it() {
    fn assert_unpin<T: Unpin>(t: T) -> T {
        t
    }
    let chunked: Vec<&[u8]> = assert_unpin(chunks(b"abcde", 2)).into_iter().collect();
    assert_eq!(chunked, [&b"ab"[..], b"cd", b"e"]);
    assert_eq!(drain(through_local_refs()), (vec![1, 2, 2, 1], 4));
}

/// A trait's associated function whose type parameter is already `'static`: its signature is left as the trait
/// declares it (no lifetime added), so the impl still matches.
trait MakeShown {
    fn shown<T: std::fmt::Debug + 'static>(items: Vec<T>) -> impl Generator<Yield = String, Return = ()>;
}

struct Shower;

impl MakeShown for Shower {
    #[generator(yield = String)]
    fn shown<T: std::fmt::Debug + 'static>(items: Vec<T>) {
        for x in items.iter() {
            yield_!(format!("{x:?}"));
        }
    }
}

#[test]
fn a_static_bounded_type_parameter_keeps_the_trait_signature() {
    let got: Vec<String> = Box::pin(Shower::shown(vec![7, 8])).into_iter().collect();
    assert_eq!(got, ["7", "8"]);
}

/// Two locals of one name (a parameter shadowed by a `let`, a `let` shadowed by another), each borrowed across a
/// suspension: both live in pinned slots.
#[generator(yield = usize)]
fn shadowed_borrowed_twice(text: String) -> usize {
    let text = text + " b";
    for w in text.split(' ') {
        yield_!(w.len());
    }
    let text = text.repeat(2);
    for w in text.split(' ') {
        yield_!(w.len());
    }
    text.len()
}

#[test]
fn shadowed_locals_each_borrowed_across_yields() {
    assert_eq!(drain(shadowed_borrowed_twice("aaa".to_string())), (vec![3, 1, 3, 4, 1], 10));
}
