//! Minimised mismatches found by the differential oracle, one test per broken behaviour. A test stays `#[ignore]`d
//! (with the reason) until the macro is fixed; then drop the `#[ignore]` and switch the construct on by default in
//! `Features::SUPPORTED` (gen-difftest/src/progen.rs).

use gen_runtime::prelude::*;
use gen_runtime::{Generator, GeneratorState};

/// Resumes with `0` (start) and then each of `resumes`; returns the yields and the return value.
fn drive<G: Generator<i64, Yield = i64, Return = i64>>(g: G, resumes: &[i64]) -> (Vec<i64>, i64) {
    let mut g = Box::pin(g);
    let mut yields = Vec::new();
    let mut args = std::iter::once(0).chain(resumes.iter().copied());
    loop {
        match g.as_mut().resume(args.next().expect("more resumes than scripted")) {
            GeneratorState::Yielded(v) => yields.push(v),
            GeneratorState::Complete(r) => return (yields, r),
        }
    }
}

// Found by difftest (seed 1, program seeds 1000108, 1000158, 1000243, 1000248, 1000251, 1000254, 1000270): with two
// `yield_!` among the operands of one expression, the first operand evaluates to the resume value of the second.

#[generator(yield = i64, resume = i64)]
fn method_receiver_and_argument() -> i64 {
    yield_!(1).wrapping_sub(yield_!(2))
}

#[generator(yield = i64, resume = i64)]
fn binary_operands() -> i64 {
    yield_!(1) - yield_!(2)
}

#[generator(yield = i64, resume = i64)]
fn call_arguments() -> i64 {
    fn sub(a: i64, b: i64) -> i64 {
        a - b
    }
    sub(yield_!(1), yield_!(2))
}

#[generator(yield = i64, resume = i64)]
fn array_elements() -> i64 {
    let a = [yield_!(1), yield_!(2)];
    a[0] - a[1]
}

#[generator(yield = i64, resume = i64)]
fn comparison_operands() -> i64 {
    if yield_!(1) < yield_!(2) { 1 } else { 0 }
}

#[test]
fn sibling_yields_as_method_receiver_and_argument_keep_their_own_resume_values() {
    assert_eq!(drive(method_receiver_and_argument(), &[10, 3]), (vec![1, 2], 7));
}

#[test]
fn sibling_yields_as_binary_operands_keep_their_own_resume_values() {
    assert_eq!(drive(binary_operands(), &[10, 3]), (vec![1, 2], 7));
}

#[test]
fn sibling_yields_as_call_arguments_keep_their_own_resume_values() {
    assert_eq!(drive(call_arguments(), &[10, 3]), (vec![1, 2], 7));
}

#[test]
fn sibling_yields_as_array_elements_keep_their_own_resume_values() {
    assert_eq!(drive(array_elements(), &[10, 3]), (vec![1, 2], 7));
}

#[test]
fn sibling_yields_as_comparison_operands_keep_their_own_resume_values() {
    assert_eq!(drive(comparison_operands(), &[3, 10]), (vec![1, 2], 1));
}

// Found by difftest (seed 7, program seed 7009451, 10 000-program run at fb337e0): after a `yield_!` in one branch of
// an `if`, an operand held across a later yield reads a *shadowed* non-`Copy` parameter instead of the local that
// shadows it (integers are not affected).

pub struct Named(&'static str);

impl Named {
    fn len(&self) -> i64 {
        self.0.len() as i64
    }
}

#[generator(yield = i64, resume = i64)]
fn shadowed_parameter_read_before_a_sibling_yield(name: Named) -> i64 {
    let name = Named("local");
    if false {
    } else {
        yield_!(1);
    }
    name.len() + yield_!(0)
}

#[test]
fn operand_held_across_a_yield_reads_the_shadowing_local_not_the_parameter() {
    assert_eq!(drive(shadowed_parameter_read_before_a_sibling_yield(Named("arg")), &[0, 0]), (vec![1, 0], 5));
}

// Found by difftest (fixed set, base seed 1, at 7aa3288): the expansion of a `let … else` whose initialiser reads a
// local kept in a pinned slot did not compile (the slot access was wrapped in a block, and a `let … else`
// initialiser cannot end in `}`).

pub struct G(i64);
impl G {
    fn v(&self) -> i64 {
        self.0
    }
}
impl Drop for G {
    fn drop(&mut self) {}
}

#[generator(yield = i64, resume = i64)]
fn let_else_reading_a_guard(g0: G) -> i64 {
    let Some(s) = Some(g0.v()) else { return 0 };
    yield_!(1);
    s
}

#[test]
fn let_else_reading_a_guard_held_across_a_later_yield_compiles_and_runs() {
    assert_eq!(drive(let_else_reading_a_guard(G(4)), &[0]), (vec![1], 4));
}

// Found by difftest (seed 24, program seed 24007133, 10 000-program run at e9a0bf5): when a resume point's arm writes
// the code of the block it goes on to in place (a copy), it re-bound some of the locals it hands on (a `mut` one, a
// shadowed one) but not a guard between them, so a panic unwinding that code dropped the guards out of declaration
// order.

thread_local! {
    static DROPPED: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) };
}

pub struct Loud(&'static str);
impl Loud {
    fn v(&self) -> i64 {
        self.0.len() as i64
    }
}
impl Drop for Loud {
    fn drop(&mut self) {
        DROPPED.with(|d| d.borrow_mut().push(self.0));
    }
}

#[generator(yield = i64, resume = i64)]
fn shadowing_guard_then_panic_after_a_resume() -> i64 {
    let mut n = 0i64;
    let first = Loud("first");
    let second = Loud("second");
    let mut rounds = 0i64;
    loop {
        if rounds >= 1 {
            break;
        }
        rounds += 1;
        match yield_!(0) {
            0 | 1 => {}
            m if n <= 5 && first.v() < 8 => n += m,
            _ => {}
        }
        let first = Loud("shadowing");
        if first.v() > 0 {
            panic!("injected");
        }
    }
    second.v()
}

#[test]
fn a_panic_after_a_resume_drops_the_guards_in_reverse_declaration_order() {
    let mut g = Box::pin(shadowing_guard_then_panic_after_a_resume());
    assert_eq!(g.as_mut().resume(0), GeneratorState::Yielded(0));
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| g.as_mut().resume(0)));
    std::panic::set_hook(quiet);
    assert!(unwound.is_err());
    assert_eq!(DROPPED.with(|d| d.borrow().clone()), ["shadowing", "second", "first"]);
}

// Found by difftest (seed 101, program seed 101000824): a pinned argument moved by the `match` scrutinee was taken
// out of its slot although a guard of the same `match` reads it afterwards ("a pinned local was used after it was
// moved or dropped"). The guards' reads now keep it live past the scrutinee.

#[generator(yield = i64, resume = i64)]
fn scrutinee_moves_what_a_guard_reads(a0: i64) -> i64 {
    match (if 0i64 > 6 { 1i64 } else { a0 }) | 0 {
        0 | 1 => 10,
        m if 6 != a0 => m,
        _ => yield_!(7),
    }
}

#[test]
fn a_match_guard_reads_a_pinned_argument_after_the_scrutinee_used_it() {
    assert_eq!(drive(scrutinee_moves_what_a_guard_reads(0), &[]), (vec![], 10));
    assert_eq!(drive(scrutinee_moves_what_a_guard_reads(5), &[]), (vec![], 5));
    assert_eq!(drive(scrutinee_moves_what_a_guard_reads(6), &[3]), (vec![7], 3));
}

// Found by difftest (seed 31, program 600, with `extended_temps` on): `let r = &(Loud(..), e).0;` then a conditional
// `drop(r)` kept `r` in a slot as its own drop flag, and the slot outlived the temporary (E0505/E0716). A local whose
// every value is a shared reference has no destructor: the macro never recognised that (nor any "obviously `Copy`"
// local: the `let` pattern's own binding counted as a value of unknown type).

#[generator(yield = i64, resume = i64)]
fn conditionally_dropped_reference_to_an_extended_temporary(c: bool) -> i64 {
    let r = &(Loud("temporary"), 1i64).0;
    if c {
        #[allow(dropping_references)]
        drop(r);
    }
    let n = yield_!(1);
    n + 1
}

#[test]
fn a_reference_dropped_on_some_paths_needs_no_drop_flag() {
    for c in [false, true] {
        DROPPED.with(|d| d.borrow_mut().clear());
        assert_eq!(drive(conditionally_dropped_reference_to_an_extended_temporary(c), &[4]), (vec![1], 5));
        assert_eq!(DROPPED.with(|d| d.borrow().clone()), ["temporary"]);
    }
}

// Found by difftest's `diverging_exit_in_block` (off until now): a `let` initialised by a `match` whose other arm
// suspends and then leaves through a block statement of its own (`{ return 5; };`) was typed `()` after the
// suspension.

#[generator(yield = i64, resume = i64)]
fn diverging_arm_exits_in_a_block_of_its_own(a: Option<i64>) -> i64 {
    let n = match a {
        Some(v) => v,
        _ => {
            yield_!(1);
            {
                return 5;
            };
        }
    };
    yield_!(n) + n
}

#[test]
fn a_let_takes_its_type_from_the_arm_that_produces_a_value() {
    assert_eq!(drive(diverging_arm_exits_in_a_block_of_its_own(Some(3)), &[4]), (vec![3], 7));
    assert_eq!(drive(diverging_arm_exits_in_a_block_of_its_own(None), &[0]), (vec![1], 5));
}

// Found by difftest's `ref_pattern_on_ref_local` (off until now): a `ref` binding of a `match` on a local that holds
// a reference borrows that local itself, which must then stay in place across the yield ("`r` does not live long
// enough").

#[generator(yield = i64, resume = i64)]
fn ref_binding_of_a_reference_local() -> i64 {
    let r = &Loud("held");
    match r {
        ref x => {
            let k = yield_!(x.v());
            k + x.v()
        }
    }
}

#[test]
fn a_ref_binding_of_a_reference_local_is_held_across_a_yield() {
    assert_eq!(drive(ref_binding_of_a_reference_local(), &[10]), (vec![4], 14));
}

// Found by difftest (seed 41, program seed 41001222, 10 000-program run at 4de06cc): in an `async fn`, the code after
// an `.await` (written inline in the arm of the resume) re-bound the plain locals of the scopes it closes, but not the
// guard of a slotted local between them (an extended temporary, kept in a slot because a reference to it is held
// across the `.await`), so a panic there dropped the later-declared temporary after the earlier-declared local.

struct PendingOnce(bool);

impl std::future::Future for PendingOnce {
    type Output = ();
    fn poll(mut self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        if self.0 {
            std::task::Poll::Ready(())
        } else {
            self.0 = true;
            std::task::Poll::Pending
        }
    }
}

fn boom() {
    panic!("injected");
}

#[generator]
async fn extended_temporary_then_panic_after_an_await() -> i64 {
    let mut rounds = 0i64;
    while rounds < 1 {
        rounds += 1;
        let _earlier = Loud("earlier");
        {
            let _r = &(Loud("temporary"), 1i64).0;
            PendingOnce(false).await;
            boom();
        }
    }
    rounds
}

#[test]
fn a_panic_after_an_await_drops_an_extended_temporary_before_the_locals_declared_before_it() {
    use std::future::Future;
    let mut f = Box::pin(extended_temporary_then_panic_after_an_await());
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    assert!(f.as_mut().poll(&mut cx).is_pending());
    DROPPED.with(|d| d.borrow_mut().clear());
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f.as_mut().poll(&mut cx)));
    std::panic::set_hook(quiet);
    assert!(unwound.is_err());
    assert_eq!(DROPPED.with(|d| d.borrow().clone()), ["temporary", "earlier"]);
}

// Found by difftest (seed 41, program seed 41003988, 10 000-program run at 4de06cc): a `break` out of a loop from
// inside the initialiser of a `let` (after a yield in a `match` arm) did not close the holder that the value of the
// initialiser is moved into (declared after the initialiser was lowered, so after the `break`'s scopes were closed),
// so the code after the loop was written inside the loop body's block and the loop's locals were dropped after it.

#[generator(yield = i64, resume = i64)]
fn break_out_of_a_let_initialiser_after_a_yield(a: Option<i64>) -> i64 {
    let outer = Loud("outer");
    let mut rounds = 0i64;
    let v = 'l: loop {
        if rounds >= 1 {
            break 'l 0i64;
        }
        rounds += 1;
        let outer = Loud("inner");
        let _w = 'b: {
            let _n = match a {
                Some(m) => m,
                None => {
                    yield_!(0i64);
                    {
                        break 'l 7i64;
                    };
                }
            };
            0i64
        };
    };
    drop(outer);
    v
}

#[test]
fn a_break_out_of_a_let_initialiser_drops_the_loop_locals_before_the_code_after_the_loop() {
    DROPPED.with(|d| d.borrow_mut().clear());
    assert_eq!(drive(break_out_of_a_let_initialiser_after_a_yield(None), &[1]), (vec![0], 7));
    assert_eq!(DROPPED.with(|d| d.borrow().clone()), ["inner", "outer"]);
}

// Found by difftest (seed 41, program seed 41004145, 10 000-program run at 4de06cc): a name among the tokens of a
// macro the lowering cannot see into (`pin!(make(x.v()))`) counts as a possible move; a later use of the local then
// "proved" it `Copy` (a moved non-`Copy` value cannot be used again), so it got no drop flag and, not used after the
// next yield, was dropped before that yield. A guessed move proves nothing: the local keeps a drop flag (a slot) and
// is dropped at the end of its scope.

fn make_loud(name: &'static str, _n: i64) -> Loud {
    Loud(name)
}

#[generator(yield = i64, resume = i64)]
fn local_named_in_an_opaque_macro_then_yielded_from(g: Loud, pin_it: bool) -> i64 {
    match pin_it {
        true => {
            let _p = ::core::pin::pin!(make_loud("pinned", g.v()));
        }
        false => {
            yield_!(7i64);
        }
    }
    let _r = &make_loud("temporary", yield_!(3i64 ^ g.v()));
    0
}

#[test]
fn a_local_named_in_an_opaque_macro_is_dropped_at_the_end_of_its_scope() {
    DROPPED.with(|d| d.borrow_mut().clear());
    let mut g = Box::pin(local_named_in_an_opaque_macro_then_yielded_from(Loud("argument"), true));
    assert_eq!(g.as_mut().resume(0), GeneratorState::Yielded(3 ^ 8));
    assert_eq!(DROPPED.with(|d| d.borrow().clone()), ["pinned"], "the argument is still alive while suspended");
    assert_eq!(g.as_mut().resume(1), GeneratorState::Complete(0));
    assert_eq!(DROPPED.with(|d| d.borrow().clone()), ["pinned", "temporary", "argument"]);
}

// Found by difftest (seed 41, program seed 41003200, 10 000-program run at 4de06cc; still failing after 57e6809): the
// same guessed move, on every path (the opaque macro in yield-free code that always runs), counted as a move on every
// path, so the local was not kept at all past the next yield and was dropped before it. A guessed move is never a
// move on every path.

#[generator(yield = i64, resume = i64)]
fn local_named_in_an_opaque_macro_on_every_path(g: Loud) -> i64 {
    {
        let _p = ::core::pin::pin!(make_loud("pinned", g.v()));
    }
    yield_!(g.v())
}

#[test]
fn a_local_named_in_an_opaque_macro_on_every_path_lives_past_the_next_yield() {
    DROPPED.with(|d| d.borrow_mut().clear());
    let mut g = Box::pin(local_named_in_an_opaque_macro_on_every_path(Loud("argument")));
    assert_eq!(g.as_mut().resume(0), GeneratorState::Yielded(8));
    assert_eq!(DROPPED.with(|d| d.borrow().clone()), ["pinned"], "the argument is still alive while suspended");
    assert_eq!(g.as_mut().resume(1), GeneratorState::Complete(1));
    assert_eq!(DROPPED.with(|d| d.borrow().clone()), ["pinned", "argument"]);
}

// Found by difftest (seed 42, program seed 42002973, 10 000-program run at a7cd9ff; a compile error, E0505 "cannot move
// out of value because it is borrowed", in all three forms): a reference to an extended temporary, moved on one path
// only (so kept in a slot of its own as its drop flag) and still in scope at a yield, was not counted as held across
// that yield, so the temporary it borrows went into the state (moved at the yield) instead of a slot. A shadowing
// `let` of the same name in an inner block is what took away the proof that the reference is `Copy`.

#[generator(yield = i64, resume = i64)]
#[allow(dropping_references)] // the difftest's program dropped a reference: a move on one path, as far as the macro sees
fn reference_with_a_drop_flag_to_an_extended_temporary(a: i64) -> i64 {
    let r = &(make_loud("temporary", 1), 2).0;
    {
        let r = make_loud("shadow", 3);
        let _ = r.v();
    }
    if a > 0 {
        drop(r);
    }
    let x = yield_!(4);
    x
}

#[test]
fn a_reference_with_a_drop_flag_keeps_the_temporary_it_borrows_in_place_across_a_yield() {
    DROPPED.with(|d| d.borrow_mut().clear());
    let mut g = Box::pin(reference_with_a_drop_flag_to_an_extended_temporary(1));
    assert_eq!(g.as_mut().resume(0), GeneratorState::Yielded(4));
    assert_eq!(DROPPED.with(|d| d.borrow().clone()), ["shadow"], "the temporary lives to the end of the body");
    assert_eq!(g.as_mut().resume(5), GeneratorState::Complete(5));
    assert_eq!(DROPPED.with(|d| d.borrow().clone()), ["shadow", "temporary"]);
}

// Found by difftest (seed 42, program seed 42006786, 10 000-program run at 1c0d814): a name among the tokens of an
// opaque macro inside a yield-free loop (`for .. { pin!(make("L9", g.v())) }`) counted as a visible move repeated by the
// loop, which "proves" the local `Copy`, so it got no drop flag and, not used after the loop, was dropped at the next
// yield (here inside a `break` value) instead of at the end of the body. A guessed move proves nothing, in a loop too.

#[generator(yield = i64, resume = i64)]
fn local_named_in_an_opaque_macro_in_a_loop(g: Loud) -> i64 {
    let mut rounds = 0i64;
    let v = 'outer: loop {
        if rounds >= 1 {
            break 'outer yield_!(1);
        }
        rounds += 1;
        for _ in 0..1 {
            let _p = ::core::pin::pin!(make_loud("pinned", g.v()));
        }
    };
    yield_!(2);
    v
}

#[test]
fn a_local_named_in_an_opaque_macro_in_a_loop_is_dropped_at_the_end_of_its_scope() {
    DROPPED.with(|d| d.borrow_mut().clear());
    let mut g = Box::pin(local_named_in_an_opaque_macro_in_a_loop(Loud("argument")));
    assert_eq!(g.as_mut().resume(0), GeneratorState::Yielded(1));
    assert_eq!(DROPPED.with(|d| d.borrow().clone()), ["pinned"], "the argument is still alive while suspended");
    assert_eq!(g.as_mut().resume(5), GeneratorState::Yielded(2));
    assert_eq!(g.as_mut().resume(0), GeneratorState::Complete(5));
    assert_eq!(DROPPED.with(|d| d.borrow().clone()), ["pinned", "argument"]);
}
