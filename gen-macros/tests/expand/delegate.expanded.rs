fn outer_echo() -> impl ::gen_runtime::Generator<
    u32,
    Yield = u32,
    Return = u32,
> + ::gen_runtime::StateMachine {
    const _: () = ::gen_runtime::__private::EXPANSION_V1;
    /// The generator's state: where it is suspended and what it holds there.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum OuterEchoState<T0> {
        Start {},
        Delegate0 {},
        Yield1 { r: T0 },
        Returned,
        Poisoned,
    }
    /// The dispatch loop's jump targets: the start, each resume point, and each join of the control flow.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum OuterEchoBlock<T0, T1, A> {
        Start { __arg: A },
        Delegate0 { __arg: A },
        Yield1 { r: T0, __arg: A },
        Delegating0 { __sub_arg1: T1 },
    }
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    struct OuterEchoSubs<T0> {
        __sub0: ::gen_runtime::__private::SubSlot<T0>,
    }
    impl<T0> ::gen_runtime::__private::Slots for OuterEchoSubs<T0> {
        #[inline]
        fn clear(&mut self) {
            self.__sub0.clear();
        }
    }
    impl<T0: ::core::marker::Unpin> ::core::marker::Unpin for OuterEchoSubs<T0> {}
    #[allow(non_upper_case_globals)]
    static OUTER_ECHO_STATE_GRAPH: ::gen_runtime::__private::StateGraph = ::gen_runtime::__private::StateGraph {
        name: "outer_echo",
        states: &[
            ::gen_runtime::__private::start(0),
            ::gen_runtime::__private::at_delegate(
                "Delegate0",
                1,
                "yield_from!(echo(2))",
                ::core::file!(),
                ::core::line!(),
                ::core::column!(),
            ),
            ::gen_runtime::__private::at_yield(
                "Yield1",
                2,
                "yield_!(100)",
                ::core::file!(),
                ::core::line!(),
                ::core::column!(),
            ),
            ::gen_runtime::__private::returned(3),
            ::gen_runtime::__private::poisoned(4),
        ],
        transitions: &[
            ::gen_runtime::__private::delegates(0, 1),
            ::gen_runtime::__private::yields(0, 2),
            ::gen_runtime::__private::delegates(1, 1),
            ::gen_runtime::__private::yields(1, 2),
            ::gen_runtime::__private::returns(2, 3),
        ],
    };
    impl<T0> ::gen_runtime::__private::StateIndex for OuterEchoState<T0> {
        #[inline]
        fn state_index(&self) -> usize {
            match self {
                Self::Start { .. } => 0usize,
                Self::Delegate0 { .. } => 1usize,
                Self::Yield1 { .. } => 2usize,
                Self::Returned => 3usize,
                Self::Poisoned => 4usize,
            }
        }
        #[inline]
        fn is_returned(&self) -> bool {
            ::core::matches!(self, Self::Returned)
        }
        #[inline]
        fn graph() -> &'static ::gen_runtime::__private::StateGraph {
            &OUTER_ECHO_STATE_GRAPH
        }
    }
    ::gen_runtime::__private::machine(
        OuterEchoState::Start {},
        OuterEchoSubs {
            __sub0: ::gen_runtime::__private::SubSlot::new(),
        },
        (),
        move |
            __state,
            __subs,
            __pinned,
            __arg: u32,
        | -> ::gen_runtime::__private::GeneratorState<u32, u32> {
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
                    OuterEchoState::Poisoned,
                ) {
                    OuterEchoState::Start {} => OuterEchoBlock::Start { __arg },
                    OuterEchoState::Delegate0 {} => OuterEchoBlock::Delegate0 { __arg },
                    OuterEchoState::Yield1 { r } => OuterEchoBlock::Yield1 { r, __arg },
                    OuterEchoState::Returned => {
                        *__state = OuterEchoState::Returned;
                        ::gen_runtime::__private::resumed_after_completion()
                    }
                    OuterEchoState::Poisoned => {
                        ::gen_runtime::__private::resumed_after_panicking()
                    }
                };
                '__dispatch: loop {
                    match __block {
                        OuterEchoBlock::Start { __arg } => {
                            ::core::mem::drop(__arg);
                            __subs
                                .__sub0
                                .start({
                                    #[allow(unused_imports)]
                                    use ::gen_runtime::__private::{
                                        ViaGenerator as _, ViaIterator as _,
                                    };
                                    (&&::gen_runtime::__private::Delegate::new(echo(2)))
                                        .into_sub()
                                });
                            /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                            let __guard_sub0 = unsafe { __subs.__sub0.guard() };
                            {
                                let mut __sub_arg1 = ::core::default::Default::default();
                                ::core::mem::forget(__guard_sub0);
                                __block = OuterEchoBlock::Delegating0 {
                                    __sub_arg1,
                                };
                                continue '__dispatch;
                            }
                        }
                        OuterEchoBlock::Delegating0 { __sub_arg1: __field1 } => {
                            let __v4;
                            /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                            let __guard_sub0 = unsafe { __subs.__sub0.guard() };
                            let mut __sub_arg1 = __field1;
                            match {
                                /// SAFETY: the sub-generator stays in its slot in the pinned generator until it is dropped there.
                                let __unsafe_value = unsafe {
                                    __subs.__sub0.resume(__sub_arg1)
                                };
                                __unsafe_value
                            } {
                                ::gen_runtime::GeneratorState::Yielded(__yielded2) => {
                                    let __yielded = __yielded2;
                                    ::core::mem::forget(__guard_sub0);
                                    *__state = OuterEchoState::Delegate0 {};
                                    return ::gen_runtime::__private::GeneratorState::Yielded(
                                        __yielded,
                                    );
                                }
                                ::gen_runtime::GeneratorState::Complete(__returned3) => {
                                    {
                                        let __guard_sub0 = __guard_sub0;
                                        {
                                            __v4 = __returned3;
                                        }
                                        ::core::mem::drop(__guard_sub0);
                                    }
                                    {
                                        let r = __v4;
                                        let __yielded: u32 = 100;
                                        *__state = OuterEchoState::Yield1 { r };
                                        return ::gen_runtime::__private::GeneratorState::Yielded(
                                            __yielded,
                                        );
                                    }
                                }
                            }
                        }
                        OuterEchoBlock::Delegate0 { __arg } => {
                            /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                            let __guard_sub0 = unsafe { __subs.__sub0.guard() };
                            let mut __sub_arg1;
                            __sub_arg1 = __arg;
                            ::core::mem::forget(__guard_sub0);
                            {
                                let __field1 = __sub_arg1;
                                let __v4;
                                /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                                let __guard_sub0 = unsafe { __subs.__sub0.guard() };
                                let mut __sub_arg1 = __field1;
                                match {
                                    /// SAFETY: the sub-generator stays in its slot in the pinned generator until it is dropped there.
                                    let __unsafe_value = unsafe {
                                        __subs.__sub0.resume(__sub_arg1)
                                    };
                                    __unsafe_value
                                } {
                                    ::gen_runtime::GeneratorState::Yielded(__yielded2) => {
                                        let __yielded = __yielded2;
                                        ::core::mem::forget(__guard_sub0);
                                        *__state = OuterEchoState::Delegate0 {};
                                        return ::gen_runtime::__private::GeneratorState::Yielded(
                                            __yielded,
                                        );
                                    }
                                    ::gen_runtime::GeneratorState::Complete(__returned3) => {
                                        {
                                            let __guard_sub0 = __guard_sub0;
                                            {
                                                __v4 = __returned3;
                                            }
                                            ::core::mem::drop(__guard_sub0);
                                        }
                                        {
                                            let r = __v4;
                                            let __yielded: u32 = 100;
                                            *__state = OuterEchoState::Yield1 { r };
                                            return ::gen_runtime::__private::GeneratorState::Yielded(
                                                __yielded,
                                            );
                                        }
                                    }
                                }
                            }
                        }
                        OuterEchoBlock::Yield1 { r, __arg } => {
                            let last = __arg;
                            {
                                let __ret: u32 = r + last;
                                *__state = OuterEchoState::Returned;
                                return ::gen_runtime::__private::GeneratorState::Complete(
                                    __ret,
                                );
                            }
                        }
                    }
                }
            };
        },
    )
}
