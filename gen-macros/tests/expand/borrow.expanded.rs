fn word_lengths(
    text: String,
) -> impl ::gen_runtime::Generator<
    (),
    Yield = usize,
    Return = usize,
> + ::gen_runtime::StateMachine {
    const _: () = ::gen_runtime::__private::EXPANSION_V1;
    /// The generator's state: where it is suspended and what it holds there.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum WordLengthsState<T0, T1, T2> {
        Start {},
        Yield0 { w: T0, __iter0: T1, n: T2 },
        Returned,
        Poisoned,
    }
    /// The dispatch loop's jump targets: the start, each resume point, and each join of the control flow.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum WordLengthsBlock<T0, T1, T2, A> {
        Start { __arg: A },
        Yield0 { n: T0, __iter0: T1, w: T2, __arg: A },
        For0 { n: T0, __iter0: T1 },
    }
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    struct WordLengthsPinned<T0> {
        text: ::gen_runtime::__private::PinnedSlot<T0>,
    }
    impl<T0> ::gen_runtime::__private::Slots for WordLengthsPinned<T0> {
        #[inline]
        fn clear(&mut self) {
            self.text.clear();
        }
    }
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    struct text_is_borrowed_across_a_suspension<T>(
        ::core::marker::PhantomPinned,
        ::core::marker::PhantomData<T>,
    );
    impl<T0> ::core::marker::Unpin for WordLengthsPinned<T0>
    where
        text_is_borrowed_across_a_suspension<T0>: ::core::marker::Unpin,
    {}
    impl<
        P0,
        S0,
        S1,
        S2,
    > ::gen_runtime::__private::DropInOrder<WordLengthsState<S0, S1, S2>>
    for WordLengthsPinned<P0> {
        fn drop_in_order(&mut self, state: &mut WordLengthsState<S0, S1, S2>) {
            match ::core::mem::replace(state, WordLengthsState::Poisoned) {
                WordLengthsState::Start {} => {
                    self.text.clear();
                }
                WordLengthsState::Yield0 {
                    n: __drop1,
                    __iter0: __drop2,
                    w: __drop3,
                } => {
                    ::core::mem::drop(__drop3);
                    ::core::mem::drop(__drop2);
                    ::core::mem::drop(__drop1);
                    self.text.clear();
                }
                _ => {}
            }
        }
    }
    #[allow(non_upper_case_globals)]
    static WORD_LENGTHS_STATE_GRAPH: ::gen_runtime::__private::StateGraph = ::gen_runtime::__private::StateGraph {
        name: "word_lengths",
        states: &[
            ::gen_runtime::__private::start(0),
            ::gen_runtime::__private::at_yield(
                "Yield0",
                1,
                "yield_!(w.len())",
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
    impl<T0, T1, T2> ::gen_runtime::__private::StateIndex
    for WordLengthsState<T0, T1, T2> {
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
            &WORD_LENGTHS_STATE_GRAPH
        }
    }
    let yield_type = ::gen_runtime::__private::Shadow::<usize, ()>::new();
    #[allow(unused, unreachable_code, clippy::all, clippy::pedantic)]
    let _ = ::gen_runtime::__private::shadow(
        ::gen_runtime::__private::witnesses((::gen_runtime::__private::witness(&text),)),
        |(text,)| -> usize {
            let mut n = 0;
            for w in text.split_whitespace() {
                yield_type.yield_(w.len());
                n += 1;
            }
            {
                let __ret: usize = n;
                __ret
            }
        },
    );
    ::gen_runtime::__private::machine(
        WordLengthsState::Start {},
        (),
        WordLengthsPinned {
            text: ::gen_runtime::__private::PinnedSlot::declared(text),
        },
        move |
            __state,
            __subs,
            __pinned,
            __arg: (),
        | -> ::gen_runtime::__private::GeneratorState<usize, usize> {
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
                    WordLengthsState::Poisoned,
                ) {
                    WordLengthsState::Start {} => WordLengthsBlock::Start { __arg },
                    WordLengthsState::Yield0 { n, __iter0, w } => {
                        WordLengthsBlock::Yield0 {
                            n,
                            __iter0,
                            w,
                            __arg,
                        }
                    }
                    WordLengthsState::Returned => {
                        *__state = WordLengthsState::Returned;
                        ::gen_runtime::__private::resumed_after_completion()
                    }
                    WordLengthsState::Poisoned => {
                        ::gen_runtime::__private::resumed_after_panicking()
                    }
                };
                '__dispatch: loop {
                    match __block {
                        WordLengthsBlock::Start { __arg } => {
                            /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                            let __guard_text = unsafe { __pinned.text.guard() };
                            ::core::mem::drop(__arg);
                            {
                                let mut n = 0;
                                {
                                    /// SAFETY: the local stays in its slot in the pinned generator until its scope ends, and rustc borrow-checks its uses in the copy of the body above.
                                    let __ref_text = unsafe { __pinned.text.place() };
                                    let mut __iter0 = ::core::iter::IntoIterator::into_iter(
                                        (__ref_text.value).split_whitespace(),
                                    );
                                    ::core::mem::forget(__guard_text);
                                    __block = WordLengthsBlock::For0 {
                                        n,
                                        __iter0,
                                    };
                                    continue '__dispatch;
                                }
                            }
                        }
                        WordLengthsBlock::For0 { n: __field1, __iter0: __field2 } => {
                            /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                            let __guard_text = unsafe { __pinned.text.guard() };
                            let mut n = __field1;
                            let mut __iter0 = __field2;
                            match ::core::iter::Iterator::next(&mut __iter0) {
                                ::core::option::Option::Some(w) => {
                                    let __yielded: usize = w.len();
                                    ::core::mem::forget(__guard_text);
                                    *__state = WordLengthsState::Yield0 {
                                        n,
                                        __iter0,
                                        w: ::gen_runtime::__private::dead!(w),
                                    };
                                    return ::gen_runtime::__private::GeneratorState::Yielded(
                                        __yielded,
                                    );
                                }
                                ::core::option::Option::None => {
                                    {
                                        let mut __iter0 = __iter0;
                                    }
                                    {
                                        let __ret: usize = n;
                                        *__state = WordLengthsState::Returned;
                                        return ::gen_runtime::__private::GeneratorState::Complete(
                                            __ret,
                                        );
                                    }
                                }
                            }
                        }
                        WordLengthsBlock::Yield0 {
                            n: __field1,
                            __iter0: __field2,
                            w: __field3,
                            __arg,
                        } => {
                            /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                            let __guard_text = unsafe { __pinned.text.guard() };
                            let mut n = __field1;
                            let mut __iter0 = __field2;
                            {
                                let w = __field3;
                                ::core::mem::drop(__arg);
                                n += 1;
                            }
                            ::core::mem::forget(__guard_text);
                            {
                                let __field1 = n;
                                let __field2 = __iter0;
                                /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                                let __guard_text = unsafe { __pinned.text.guard() };
                                let mut n = __field1;
                                let mut __iter0 = __field2;
                                match ::core::iter::Iterator::next(&mut __iter0) {
                                    ::core::option::Option::Some(w) => {
                                        let __yielded: usize = w.len();
                                        ::core::mem::forget(__guard_text);
                                        *__state = WordLengthsState::Yield0 {
                                            n,
                                            __iter0,
                                            w: ::gen_runtime::__private::dead!(w),
                                        };
                                        return ::gen_runtime::__private::GeneratorState::Yielded(
                                            __yielded,
                                        );
                                    }
                                    ::core::option::Option::None => {
                                        {
                                            let mut __iter0 = __iter0;
                                        }
                                        {
                                            let __ret: usize = n;
                                            *__state = WordLengthsState::Returned;
                                            return ::gen_runtime::__private::GeneratorState::Complete(
                                                __ret,
                                            );
                                        }
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
