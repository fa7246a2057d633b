fn get_tenant(
    db: &Db,
    tenant_id: u32,
) -> impl ::core::future::Future<Output = Tenant> + ::gen_runtime::StateMachine {
    const _: () = ::gen_runtime::__private::EXPANSION_V1;
    /// The generator's state: where it is suspended and what it holds there.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum GetTenantState<T0, T1, T2> {
        Start { db: T0, tenant_id: T1 },
        Await0 { db: T2 },
        Returned,
        Poisoned,
    }
    /// The dispatch loop's jump targets: the start, each resume point, and each join of the control flow.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum GetTenantBlock<T0, T1, T2> {
        Start { db: T0, tenant_id: T1 },
        Awaiting0 { db: T2 },
    }
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    struct GetTenantSubs<T0> {
        __future0: ::gen_runtime::__private::SubSlot<T0>,
    }
    impl<T0> ::gen_runtime::__private::Slots for GetTenantSubs<T0> {
        #[inline]
        fn clear(&mut self) {
            self.__future0.clear();
        }
    }
    impl<T0: ::core::marker::Unpin> ::core::marker::Unpin for GetTenantSubs<T0> {}
    #[allow(non_upper_case_globals)]
    static GET_TENANT_STATE_GRAPH: ::gen_runtime::__private::StateGraph = ::gen_runtime::__private::StateGraph {
        name: "get_tenant",
        states: &[
            ::gen_runtime::__private::start(0),
            ::gen_runtime::__private::at_await(
                "Await0",
                1,
                "db.get(tenant_id).await",
                ::core::file!(),
                ::core::line!(),
                ::core::column!(),
            ),
            ::gen_runtime::__private::returned(2),
            ::gen_runtime::__private::poisoned(3),
        ],
        transitions: &[
            ::gen_runtime::__private::awaits(0, 1),
            ::gen_runtime::__private::returns(0, 2),
            ::gen_runtime::__private::awaits(1, 1),
            ::gen_runtime::__private::returns(1, 2),
        ],
    };
    impl<T0, T1, T2> ::gen_runtime::__private::StateIndex
    for GetTenantState<T0, T1, T2> {
        #[inline]
        fn state_index(&self) -> usize {
            match self {
                Self::Start { .. } => 0usize,
                Self::Await0 { .. } => 1usize,
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
            &GET_TENANT_STATE_GRAPH
        }
    }
    ::gen_runtime::__private::machine(
        GetTenantState::Start {
            db,
            tenant_id,
        },
        GetTenantSubs {
            __future0: ::gen_runtime::__private::SubSlot::new(),
        },
        (),
        move |
            __state,
            __subs,
            __pinned,
            __arg: ::gen_runtime::__private::Cx,
        | -> ::gen_runtime::__private::GeneratorState<(), Tenant> {
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
                    GetTenantState::Poisoned,
                ) {
                    GetTenantState::Start { db, tenant_id } => {
                        GetTenantBlock::Start {
                            db,
                            tenant_id,
                        }
                    }
                    GetTenantState::Await0 { db } => GetTenantBlock::Awaiting0 { db },
                    GetTenantState::Returned => {
                        *__state = GetTenantState::Returned;
                        ::gen_runtime::__private::resumed_after_completion()
                    }
                    GetTenantState::Poisoned => {
                        ::gen_runtime::__private::resumed_after_panicking()
                    }
                };
                '__dispatch: loop {
                    match __block {
                        GetTenantBlock::Start { db, tenant_id } => {
                            println!("1. query start");
                            __subs
                                .__future0
                                .start(
                                    ::core::future::IntoFuture::into_future(db.get(tenant_id)),
                                );
                            /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                            let __guard_future0 = unsafe { __subs.__future0.guard() };
                            ::core::mem::forget(__guard_future0);
                            {
                                let __field0 = ::gen_runtime::__private::dead!(db);
                                let db = __field0;
                                let __v2;
                                /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                                let __guard_future0 = unsafe { __subs.__future0.guard() };
                                match {
                                    /// SAFETY: the future stays in its slot in the pinned generator until it is dropped there; the context is the one of the poll running now.
                                    let __unsafe_value = unsafe {
                                        __subs.__future0.poll(__arg)
                                    };
                                    __unsafe_value
                                } {
                                    ::core::task::Poll::Ready(__ready1) => {
                                        {
                                            let __guard_future0 = __guard_future0;
                                            __v2 = __ready1;
                                            ::core::mem::drop(__guard_future0);
                                        }
                                        {
                                            let tenant = __v2;
                                            println!("2. query done");
                                            {
                                                let __ret: Tenant = tenant;
                                                *__state = GetTenantState::Returned;
                                                return ::gen_runtime::__private::GeneratorState::Complete(
                                                    __ret,
                                                );
                                            }
                                        }
                                    }
                                    ::core::task::Poll::Pending => {
                                        let __yielded = ();
                                        ::core::mem::forget(__guard_future0);
                                        *__state = GetTenantState::Await0 {
                                            db: ::gen_runtime::__private::dead!(db),
                                        };
                                        return ::gen_runtime::__private::GeneratorState::Yielded(
                                            __yielded,
                                        );
                                    }
                                }
                            }
                        }
                        GetTenantBlock::Awaiting0 { db: __field0 } => {
                            let db = __field0;
                            let __v2;
                            /// SAFETY: the slot stays in the pinned generator, which outlives this guard; the guard is forgotten before any suspension.
                            let __guard_future0 = unsafe { __subs.__future0.guard() };
                            match {
                                /// SAFETY: the future stays in its slot in the pinned generator until it is dropped there; the context is the one of the poll running now.
                                let __unsafe_value = unsafe {
                                    __subs.__future0.poll(__arg)
                                };
                                __unsafe_value
                            } {
                                ::core::task::Poll::Ready(__ready1) => {
                                    {
                                        let __guard_future0 = __guard_future0;
                                        __v2 = __ready1;
                                        ::core::mem::drop(__guard_future0);
                                    }
                                    {
                                        let tenant = __v2;
                                        println!("2. query done");
                                        {
                                            let __ret: Tenant = tenant;
                                            *__state = GetTenantState::Returned;
                                            return ::gen_runtime::__private::GeneratorState::Complete(
                                                __ret,
                                            );
                                        }
                                    }
                                }
                                ::core::task::Poll::Pending => {
                                    let __yielded = ();
                                    ::core::mem::forget(__guard_future0);
                                    *__state = GetTenantState::Await0 {
                                        db: ::gen_runtime::__private::dead!(db),
                                    };
                                    return ::gen_runtime::__private::GeneratorState::Yielded(
                                        __yielded,
                                    );
                                }
                            }
                        }
                    }
                }
            };
        },
    )
}
