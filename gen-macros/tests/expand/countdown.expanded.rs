fn countdown(
    n: u32,
) -> impl ::gen_runtime::Generator<
    (),
    Yield = u32,
    Return = &'static str,
> + ::gen_runtime::StateMachine {
    /// The generator's state: where it is suspended and what it holds there.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum CountdownState<T0> {
        Start { n: T0 },
        Yield0 {},
        Returned,
        Poisoned,
    }
    /// The dispatch loop's jump targets: the start, each resume point, and each join of the control flow.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum CountdownBlock<T0, A> {
        Start { n: T0, __arg: A },
        While0 {},
        Yield0 { __arg: A },
    }
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    struct CountdownPinned<T0> {
        i: ::gen_runtime::__private::PinnedSlot<T0>,
    }
    impl<T0> ::gen_runtime::__private::Slots for CountdownPinned<T0> {
        #[inline]
        fn clear(&mut self) {
            self.i.clear();
        }
    }
    impl<P0, S0> ::gen_runtime::__private::DropInOrder<CountdownState<S0>>
    for CountdownPinned<P0> {
        fn drop_in_order(&mut self, state: &mut CountdownState<S0>) {
            match ::core::mem::replace(state, CountdownState::Poisoned) {
                CountdownState::Start { n: __drop0 } => {
                    ::core::mem::drop(__drop0);
                }
                CountdownState::Yield0 {} => {
                    self.i.clear();
                }
                _ => {}
            }
        }
    }
    #[allow(non_upper_case_globals)]
    static COUNTDOWN_STATE_GRAPH: ::gen_runtime::__private::StateGraph = ::gen_runtime::__private::StateGraph {
        name: "countdown",
        states: &[
            ::gen_runtime::__private::StateInfo {
                name: "Start",
                index: 0usize,
                kind: ::gen_runtime::__private::StateKind::Start,
                location: ::core::option::Option::None,
                source: "",
            },
            ::gen_runtime::__private::StateInfo {
                name: "Yield0",
                index: 1usize,
                kind: ::gen_runtime::__private::StateKind::Yield,
                location: ::core::option::Option::Some(::gen_runtime::__private::Location {
                    file: ::core::file!(),
                    line: ::core::line!(),
                    column: ::core::column!(),
                }),
                source: "yield_!(i)",
            },
            ::gen_runtime::__private::StateInfo {
                name: "Returned",
                index: 2usize,
                kind: ::gen_runtime::__private::StateKind::Returned,
                location: ::core::option::Option::None,
                source: "",
            },
            ::gen_runtime::__private::StateInfo {
                name: "Poisoned",
                index: 3usize,
                kind: ::gen_runtime::__private::StateKind::Poisoned,
                location: ::core::option::Option::None,
                source: "",
            },
        ],
        transitions: &[
            ::gen_runtime::__private::Transition {
                from: 0usize,
                to: 1usize,
                kind: ::gen_runtime::__private::TransitionKind::Yield,
            },
            ::gen_runtime::__private::Transition {
                from: 0usize,
                to: 2usize,
                kind: ::gen_runtime::__private::TransitionKind::Return,
            },
            ::gen_runtime::__private::Transition {
                from: 1usize,
                to: 1usize,
                kind: ::gen_runtime::__private::TransitionKind::Yield,
            },
            ::gen_runtime::__private::Transition {
                from: 1usize,
                to: 2usize,
                kind: ::gen_runtime::__private::TransitionKind::Return,
            },
        ],
    };
    impl<T0> ::gen_runtime::__private::StateIndex for CountdownState<T0> {
        #[inline]
        fn state_index(&self) -> usize {
            match self {
                Self::Start { .. } => 0usize,
                Self::Yield0 { .. } => 1usize,
                Self::Returned => 2usize,
                Self::Poisoned => 3usize,
            }
        }
        #[inline]
        fn graph() -> &'static ::gen_runtime::__private::StateGraph {
            &COUNTDOWN_STATE_GRAPH
        }
    }
    #[allow(unused, unreachable_code, clippy::all, clippy::pedantic)]
    let _ = ::gen_runtime::__private::shadow(
        ::gen_runtime::__private::witnesses((::gen_runtime::__private::witness(&n),)),
        |(n,)| -> &'static str {
            let mut i = n;
            while i > 0 {
                ::gen_runtime::__private::shadow_yield::<u32, ()>(i);
                i -= 1;
            }
            "liftoff"
        },
    );
    ::gen_runtime::__private::machine(
        CountdownState::Start { n },
        (),
        CountdownPinned {
            i: ::gen_runtime::__private::PinnedSlot::new(),
        },
        move |
            __state,
            __subs,
            __pinned,
            __arg: (),
        | -> ::gen_runtime::__private::GeneratorState<u32, &'static str> {
            #[allow(
                unused_mut,
                unused_variables,
                unused_assignments,
                unreachable_code,
                unreachable_patterns,
                unused_braces,
                dropping_copy_types,
                clippy::all,
                clippy::pedantic
            )]
            {
                let mut __block = match ::core::mem::replace(
                    __state,
                    CountdownState::Poisoned,
                ) {
                    CountdownState::Start { n } => CountdownBlock::Start { n, __arg },
                    CountdownState::Yield0 {} => CountdownBlock::Yield0 { __arg },
                    CountdownState::Returned => {
                        *__state = CountdownState::Returned;
                        ::gen_runtime::__private::resumed_after_completion()
                    }
                    CountdownState::Poisoned => {
                        ::gen_runtime::__private::resumed_after_panicking()
                    }
                };
                '__dispatch: loop {
                    match __block {
                        CountdownBlock::Start { n, __arg } => {
                            ::core::mem::drop(__arg);
                            {
                                let mut i = n;
                                __pinned.i.put(i);
                                let __guard_i = __pinned.i.guard();
                                ::core::mem::forget(__guard_i);
                                __block = CountdownBlock::While0 {};
                                continue '__dispatch;
                            }
                        }
                        CountdownBlock::While0 {} => {
                            let __guard_i = __pinned.i.guard();
                            if {
                                let __ref_i = __pinned.i.get();
                                (*__ref_i) > 0
                            } {
                                let __yielded: u32 = {
                                    let __ref_i = __pinned.i.get();
                                    (*__ref_i)
                                };
                                ::core::mem::forget(__guard_i);
                                *__state = CountdownState::Yield0 {};
                                return ::gen_runtime::__private::GeneratorState::Yielded(
                                    __yielded,
                                );
                            } else {
                                {
                                    let __ret: &'static str = "liftoff";
                                    *__state = CountdownState::Returned;
                                    return ::gen_runtime::__private::GeneratorState::Complete(
                                        __ret,
                                    );
                                }
                            }
                        }
                        CountdownBlock::Yield0 { __arg } => {
                            let __guard_i = __pinned.i.guard();
                            ::core::mem::drop(__arg);
                            let __ref_i = __pinned.i.get();
                            (*__ref_i) -= 1;
                            ::core::mem::forget(__guard_i);
                            __block = CountdownBlock::While0 {};
                            continue '__dispatch;
                        }
                    }
                }
            };
        },
    )
}
