fn parse_all(
    lines: Vec<String>,
) -> impl ::gen_runtime::Generator<
    (),
    Yield = u32,
    Return = Result<u32, std::num::ParseIntError>,
> + ::gen_runtime::StateMachine {
    const _: () = ::gen_runtime::__private::EXPANSION_V1;
    /// The generator's state: where it is suspended and what it holds there.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum ParseAllState<T0, T1, T2, T3, T4> {
        Start { lines: T0 },
        Yield0 { n: T1, text: T2, __iter0: T3, total: T4 },
        Returned,
        Poisoned,
    }
    /// The dispatch loop's jump targets: the start, each resume point, and each join of the control flow.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum ParseAllBlock<T0, T1, T2, T3, T4, A> {
        Start { lines: T0, __arg: A },
        Yield0 { total: T1, __iter0: T2, text: T3, n: T4, __arg: A },
        For0 { total: T1, __iter0: T2 },
        Join5 { total: T1, __iter0: T2 },
    }
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    struct ParseAllPinned<T0> {
        line: ::gen_runtime::__private::PinnedSlot<T0>,
    }
    impl<T0> ::gen_runtime::__private::Slots for ParseAllPinned<T0> {
        #[inline]
        fn clear(&mut self) {
            self.line.clear();
        }
    }
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    struct line_is_borrowed_across_a_suspension<T>(
        ::core::marker::PhantomPinned,
        ::core::marker::PhantomData<T>,
    );
    impl<T0> ::core::marker::Unpin for ParseAllPinned<T0>
    where
        line_is_borrowed_across_a_suspension<T0>: ::core::marker::Unpin,
    {}
    impl<
        P0,
        S0,
        S1,
        S2,
        S3,
        S4,
    > ::gen_runtime::__private::DropInOrder<ParseAllState<S0, S1, S2, S3, S4>>
    for ParseAllPinned<P0> {
        fn drop_in_order(&mut self, state: &mut ParseAllState<S0, S1, S2, S3, S4>) {
            match ::core::mem::replace(state, ParseAllState::Poisoned) {
                ParseAllState::Start { lines: __drop0 } => {
                    ::core::mem::drop(__drop0);
                }
                ParseAllState::Yield0 {
                    total: __drop1,
                    __iter0: __drop2,
                    text: __drop4,
                    n: __drop5,
                } => {
                    ::core::mem::drop(__drop5);
                    ::core::mem::drop(__drop4);
                    self.line.clear();
                    ::core::mem::drop(__drop2);
                    ::core::mem::drop(__drop1);
                }
                _ => {}
            }
        }
    }
    #[allow(non_upper_case_globals)]
    static PARSE_ALL_STATE_GRAPH: ::gen_runtime::__private::StateGraph = ::gen_runtime::__private::StateGraph {
        name: "parse_all",
        states: &[
            ::gen_runtime::__private::start(0),
            ::gen_runtime::__private::at_yield(
                "Yield0",
                1,
                "yield_!(n)",
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
    impl<T0, T1, T2, T3, T4> ::gen_runtime::__private::StateIndex
    for ParseAllState<T0, T1, T2, T3, T4> {
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
            &PARSE_ALL_STATE_GRAPH
        }
    }
    let yield_type = ::gen_runtime::__private::Shadow::<u32, ()>::new();
    #[allow(unused, unreachable_code, clippy::all, clippy::pedantic)]
    let _ = ::gen_runtime::__private::shadow(
        ::gen_runtime::__private::witnesses((
            ::gen_runtime::__private::witness(&lines),
        )),
        |(lines,)| -> Result<u32, std::num::ParseIntError> {
            let mut total = 0;
            for line in lines {
                match line.trim() {
                    "" => continue,
                    "end" => {
                        return {
                            let __ret: Result<u32, std::num::ParseIntError> = Ok(total);
                            __ret
                        };
                    }
                    text => {
                        let n: u32 = text.parse()?;
                        yield_type.yield_(n);
                        total += n;
                    }
                }
            }
            {
                let __ret: Result<u32, std::num::ParseIntError> = Ok(total);
                __ret
            }
        },
    );
    ::gen_runtime::__private::machine(
        ParseAllState::Start { lines },
        (),
        ParseAllPinned {
            line: ::gen_runtime::__private::PinnedSlot::new(),
        },
        move |
            __state,
            __subs,
            __pinned,
            __arg: (),
        | -> ::gen_runtime::__private::GeneratorState<
            u32,
            Result<u32, std::num::ParseIntError>,
        > {
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
                    ParseAllState::Poisoned,
                ) {
                    ParseAllState::Start { lines } => {
                        ParseAllBlock::Start {
                            lines,
                            __arg,
                        }
                    }
                    ParseAllState::Yield0 { total, __iter0, text, n } => {
                        ParseAllBlock::Yield0 {
                            total,
                            __iter0,
                            text,
                            n,
                            __arg,
                        }
                    }
                    ParseAllState::Returned => {
                        *__state = ParseAllState::Returned;
                        ::gen_runtime::__private::resumed_after_completion()
                    }
                    ParseAllState::Poisoned => {
                        ::gen_runtime::__private::resumed_after_panicking()
                    }
                };
                '__dispatch: loop {
                    match __block {
                        ParseAllBlock::Start { lines, __arg } => {
                            ::core::mem::drop(__arg);
                            {
                                let mut total = 0;
                                {
                                    let mut __iter0 = ::core::iter::IntoIterator::into_iter(
                                        lines,
                                    );
                                    __block = ParseAllBlock::For0 {
                                        total,
                                        __iter0,
                                    };
                                    continue '__dispatch;
                                }
                            }
                        }
                        ParseAllBlock::For0 { mut total, mut __iter0 } => {
                            match ::core::iter::Iterator::next(&mut __iter0) {
                                ::core::option::Option::Some(line) => {
                                    __pinned.line.declare(line);
                                    /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                                    let __guard_line = unsafe { __pinned.line.guard() };
                                    /// SAFETY: the local stays in its slot in the pinned generator until its scope ends, and rustc borrow-checks its uses in the copy of the body above.
                                    let __ref_line = unsafe { __pinned.line.place() };
                                    match (__ref_line.value).trim() {
                                        "" => {
                                            {
                                                let __guard_line = __guard_line;
                                                ::core::mem::drop(__guard_line);
                                            }
                                            __block = ParseAllBlock::For0 {
                                                total,
                                                __iter0,
                                            };
                                            continue '__dispatch;
                                        }
                                        "end" => {
                                            {
                                                let __ret: Result<u32, std::num::ParseIntError> = Ok(total);
                                                *__state = ParseAllState::Returned;
                                                return ::gen_runtime::__private::GeneratorState::Complete(
                                                    __ret,
                                                );
                                            };
                                            ::core::mem::forget(__guard_line);
                                            __block = ParseAllBlock::Join5 {
                                                total,
                                                __iter0,
                                            };
                                            continue '__dispatch;
                                        }
                                        text => {
                                            let n: u32 = match ::gen_runtime::__private::Try::branch(
                                                text.parse(),
                                            ) {
                                                ::gen_runtime::__private::ControlFlow::Continue(__value) => {
                                                    __value
                                                }
                                                ::gen_runtime::__private::ControlFlow::Break(
                                                    __residual,
                                                ) => {
                                                    let __ret: Result<u32, std::num::ParseIntError> = (move || -> Result<
                                                        u32,
                                                        std::num::ParseIntError,
                                                    > { match __residual? {} })();
                                                    *__state = ParseAllState::Returned;
                                                    return ::gen_runtime::__private::GeneratorState::Complete(
                                                        __ret,
                                                    );
                                                }
                                            };
                                            let __yielded: u32 = n;
                                            ::core::mem::forget(__guard_line);
                                            *__state = ParseAllState::Yield0 {
                                                total,
                                                __iter0,
                                                text: ::gen_runtime::__private::dead!(text),
                                                n,
                                            };
                                            return ::gen_runtime::__private::GeneratorState::Yielded(
                                                __yielded,
                                            );
                                        }
                                    }
                                }
                                ::core::option::Option::None => {
                                    {
                                        let mut __iter0 = __iter0;
                                    }
                                    {
                                        let __ret: Result<u32, std::num::ParseIntError> = Ok(total);
                                        *__state = ParseAllState::Returned;
                                        return ::gen_runtime::__private::GeneratorState::Complete(
                                            __ret,
                                        );
                                    }
                                }
                            }
                        }
                        ParseAllBlock::Yield0 {
                            total: __field1,
                            __iter0: __field2,
                            text: __field4,
                            n: __field5,
                            __arg,
                        } => {
                            let mut total = __field1;
                            let mut __iter0 = __field2;
                            /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                            let __guard_line = unsafe { __pinned.line.guard() };
                            {
                                let text = __field4;
                                {
                                    let n = __field5;
                                    ::core::mem::drop(__arg);
                                    total += n;
                                }
                            }
                            ::core::mem::forget(__guard_line);
                            {
                                let __field1 = total;
                                let __field2 = __iter0;
                                let mut total = __field1;
                                let mut __iter0 = __field2;
                                {
                                    /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                                    let __guard_line = unsafe { __pinned.line.guard() };
                                    ::core::mem::drop(__guard_line);
                                }
                                __block = ParseAllBlock::For0 {
                                    total,
                                    __iter0,
                                };
                                continue '__dispatch;
                            }
                        }
                        ParseAllBlock::Join5 { total: __field1, __iter0: __field2 } => {
                            let mut total = __field1;
                            let mut __iter0 = __field2;
                            {
                                /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                                let __guard_line = unsafe { __pinned.line.guard() };
                                ::core::mem::drop(__guard_line);
                            }
                            __block = ParseAllBlock::For0 {
                                total,
                                __iter0,
                            };
                            continue '__dispatch;
                        }
                    }
                }
            };
        },
    )
}
