//! What `#[generator]` makes of `countdown` in `examples/countdown.rs`, commented state by state.
//! It is the macro's own output (`gen-macros/tests/expand/countdown.expanded.rs`, kept in sync by the snapshot test),
//! with comments added, the lint attributes and redundant braces and re-bindings left out; it compiles and runs like
//! the original.

use gen_runtime::{Generator, GeneratorState};
use std::pin::pin;

fn countdown(n: u32) -> impl ::gen_runtime::Generator<(), Yield = u32, Return = &'static str> {
    // The version of the expansion: a gen-runtime that does not understand it fails to compile here, on this line.
    const _: () = ::gen_runtime::__private::EXPANSION_V1;
    // What a suspended generator holds. One variant per suspension point (here the one `yield_!(i)`), holding the
    // locals live there; `Start` holds the arguments. Each field has a type parameter of its own: the macro sees no
    // types, rustc infers them from the code below (T0 = u32 from `n`, T1 = u32 from `let mut i = n`).
    #[allow(dead_code)]
    enum CountdownState<T0, T1> {
        Start { n: T0 },
        Yield0 { i: T1 },
        Returned,
        Poisoned,
    }
    // Where the dispatch loop goes next. A resume starts at the variant named after the state (what the state held,
    // and the resume argument). The other variants are the places where control flow joins (the `while` condition
    // is reached from the start and from the end of the loop body) that the code below still jumps to.
    enum CountdownBlock<T0, T1, A> {
        Start { n: T0, __arg: A },
        Yield0 { i: T1, __arg: A },
        While0 { i: T1 },
    }
    // The states and transitions as data, for `StateMachine` (`current_state()`, `state_graph()`, and the graph
    // `cargo run --example gen_graph` draws); `is_returned` also lets a resume after completion panic at the
    // caller's line before the closure runs.
    static COUNTDOWN_STATE_GRAPH: ::gen_runtime::__private::StateGraph = ::gen_runtime::__private::StateGraph {
        name: "countdown",
        states: &[
            ::gen_runtime::__private::start(0),
            ::gen_runtime::__private::at_yield("Yield0", 1, "yield_!(i)", ::core::file!(), ::core::line!(), ::core::column!()),
            ::gen_runtime::__private::returned(2),
            ::gen_runtime::__private::poisoned(3),
        ],
        transitions: &[
            ::gen_runtime::__private::yields(0, 1),
            ::gen_runtime::__private::returns(0, 2),
            ::gen_runtime::__private::yields(1, 1),
            ::gen_runtime::__private::returns(1, 2),
        ],
    };
    impl<T0, T1> ::gen_runtime::__private::StateIndex for CountdownState<T0, T1> {
        fn state_index(&self) -> usize {
            match self {
                Self::Start { .. } => 0,
                Self::Yield0 { .. } => 1,
                Self::Returned => 2,
                Self::Poisoned => 3,
            }
        }
        fn is_returned(&self) -> bool {
            matches!(self, Self::Returned)
        }
        fn graph() -> &'static ::gen_runtime::__private::StateGraph {
            &COUNTDOWN_STATE_GRAPH
        }
    }
    // The generator: the start state, the pinned slots (none here: no sub-generator, no local borrowed across a
    // yield), and the closure that resumes it. The closure comes last so that rustc knows the state's type when it
    // checks the closure body.
    ::gen_runtime::__private::machine(
        CountdownState::Start { n },
        (),
        (),
        move |__state, __subs, __pinned, __arg: ()| -> ::gen_runtime::__private::GeneratorState<u32, &'static str> {
            // Take the state out, leaving `Poisoned`: if the body panics, the generator stays poisoned. Each state
            // becomes the block variant of the same name, a constant, so the optimiser goes from the state's
            // discriminant straight to the right arm: one dispatch per resume.
            let mut __block = match ::core::mem::replace(__state, CountdownState::Poisoned) {
                CountdownState::Start { n } => CountdownBlock::Start { n, __arg },
                CountdownState::Yield0 { i } => CountdownBlock::Yield0 { i, __arg },
                CountdownState::Returned => {
                    *__state = CountdownState::Returned;
                    ::gen_runtime::__private::resumed_after_completion()
                }
                CountdownState::Poisoned => ::gen_runtime::__private::resumed_after_panicking(),
            };
            #[allow(unused_mut, unreachable_code, dropping_copy_types)]
            '__dispatch: loop {
                match __block {
                    // State `Start`, the first resume: run from the top of the body to the loop.
                    CountdownBlock::Start { n, __arg } => {
                        ::core::mem::drop(__arg); // the first resume's argument (see the guide, "Resume arguments")
                        {
                            let mut i = n;
                            __block = CountdownBlock::While0 { i };
                            continue '__dispatch;
                        }
                    }
                    // The `while` condition: suspend at `yield_!(i)` (storing `i`, the only live local), or return.
                    CountdownBlock::While0 { mut i } => {
                        if i > 0 {
                            let __yielded: u32 = i;
                            *__state = CountdownState::Yield0 { i };
                            return ::gen_runtime::__private::GeneratorState::Yielded(__yielded);
                        } else {
                            let __ret: &'static str = "liftoff";
                            *__state = CountdownState::Returned;
                            return ::gen_runtime::__private::GeneratorState::Complete(__ret);
                        }
                    }
                    // State `Yield0`, resumed after `yield_!(i)`: `yield_!(i);` evaluates to the resume argument,
                    // dropped here as the statement ends; then the rest of the loop body. Instead of jumping back to
                    // `While0`, the arm has its own copy of the condition: a resume runs straight to the next
                    // `yield_!` without going round the dispatch loop (the macro copies small blocks only).
                    CountdownBlock::Yield0 { mut i, __arg } => {
                        ::core::mem::drop(__arg);
                        i -= 1;
                        if i > 0 {
                            let __yielded: u32 = i;
                            *__state = CountdownState::Yield0 { i };
                            return ::gen_runtime::__private::GeneratorState::Yielded(__yielded);
                        } else {
                            let __ret: &'static str = "liftoff";
                            *__state = CountdownState::Returned;
                            return ::gen_runtime::__private::GeneratorState::Complete(__ret);
                        }
                    }
                }
            }
        },
    )
}

fn main() {
    let mut g = pin!(countdown(3));
    while let GeneratorState::Yielded(v) = g.as_mut().resume(()) {
        println!("{v}");
    }
}
