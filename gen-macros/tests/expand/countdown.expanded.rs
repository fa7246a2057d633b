fn countdown(
    n: u32,
) -> impl ::gen_runtime::Generator<
    (),
    Yield = u32,
    Return = &'static str,
> + ::gen_runtime::StateMachine {
    const _: () = ::gen_runtime::__private::EXPANSION_V1;
    /// The generator's state: where it is suspended and what it holds there.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum CountdownState<T0, T1> {
        Start { n: T0 },
        Yield0 { i: T1 },
        Returned,
        Poisoned,
    }
    /// The dispatch loop's jump targets: the start, each resume point, and each join of the control flow.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum CountdownBlock<T0, T1, A> {
        Start { n: T0, __arg: A },
        Yield0 { i: T1, __arg: A },
        While0 { i: T1 },
    }
    #[allow(non_upper_case_globals)]
    static COUNTDOWN_STATE_GRAPH: ::gen_runtime::__private::StateGraph = ::gen_runtime::__private::StateGraph {
        name: "countdown",
        states: &[
            ::gen_runtime::__private::start(0),
            ::gen_runtime::__private::at_yield(
                "Yield0",
                1,
                "yield_!(i)",
                ::core::file!(),
                ::core::line!(),
                ::core::column!(),
            ),
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
        fn is_returned(&self) -> bool {
            ::core::matches!(self, Self::Returned)
        }
        #[inline]
        fn graph() -> &'static ::gen_runtime::__private::StateGraph {
            &COUNTDOWN_STATE_GRAPH
        }
    }
    ::gen_runtime::__private::machine(
        CountdownState::Start { n },
        (),
        (),
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
                unused_doc_comments,
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
                    CountdownState::Yield0 { i } => CountdownBlock::Yield0 { i, __arg },
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
                                __block = CountdownBlock::While0 { i };
                                continue '__dispatch;
                            }
                        }
                        CountdownBlock::While0 { mut i } => {
                            if i > 0 {
                                let __yielded: u32 = i;
                                *__state = CountdownState::Yield0 { i };
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
                        CountdownBlock::Yield0 { mut i, __arg } => {
                            ::core::mem::drop(__arg);
                            i -= 1;
                            {
                                let mut i = i;
                                if i > 0 {
                                    let __yielded: u32 = i;
                                    *__state = CountdownState::Yield0 { i };
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
                        }
                    }
                }
            };
        },
    )
}
