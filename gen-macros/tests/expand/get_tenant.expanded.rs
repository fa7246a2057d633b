fn get_tenant(
    db: &Db,
    tenant_id: u32,
) -> impl ::core::future::Future<Output = Tenant> + ::gen_runtime::StateMachine {
    /// The generator's state: where it is suspended and what it holds there.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum GetTenantState<T0, T1> {
        Start { tenant_id: T0, db: T1 },
        Await0 {},
        Returned,
        Poisoned,
    }
    /// The dispatch loop's jump targets: the start, each resume point, and each join of the control flow.
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    enum GetTenantBlock<S, A> {
        /// Resuming: the state read, and the resume argument.
        Resume(S, A),
        Awaiting0 {},
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
    #[allow(non_camel_case_types, dead_code, clippy::all, clippy::pedantic)]
    struct GetTenantPinned<T0> {
        db: ::gen_runtime::__private::PinnedSlot<T0>,
        __pinned: ::core::marker::PhantomPinned,
    }
    impl<T0> ::gen_runtime::__private::Slots for GetTenantPinned<T0> {
        #[inline]
        fn clear(&mut self) {
            self.db.clear();
        }
    }
    impl<P0, S0, S1> ::gen_runtime::__private::DropInOrder<GetTenantState<S0, S1>>
    for GetTenantPinned<P0> {
        fn drop_in_order(&mut self, state: &mut GetTenantState<S0, S1>) {
            match ::core::mem::replace(state, GetTenantState::Poisoned) {
                GetTenantState::Start { db: __drop0, tenant_id: __drop1 } => {
                    ::core::mem::drop(__drop1);
                    ::core::mem::drop(__drop0);
                }
                GetTenantState::Await0 {} => {
                    self.db.clear();
                }
                _ => {}
            }
        }
    }
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
    impl<T0, T1> ::gen_runtime::__private::StateIndex for GetTenantState<T0, T1> {
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
        fn graph() -> &'static ::gen_runtime::__private::StateGraph {
            &GET_TENANT_STATE_GRAPH
        }
    }
    #[allow(unused, unreachable_code, clippy::all, clippy::pedantic)]
    let _ = ::gen_runtime::__private::shadow_async::<
        _,
        Tenant,
        _,
        _,
    >(
        ::gen_runtime::__private::witnesses((
            ::gen_runtime::__private::witness(&db),
            ::gen_runtime::__private::witness(&tenant_id),
        )),
        |(db, tenant_id)| async move {
            println!("1. query start");
            let tenant = db.get(tenant_id).await;
            println!("2. query done");
            tenant
        },
    );
    ::gen_runtime::__private::machine(
        GetTenantState::Start {
            db,
            tenant_id,
        },
        GetTenantSubs {
            __future0: ::gen_runtime::__private::SubSlot::new(),
        },
        GetTenantPinned {
            db: ::gen_runtime::__private::PinnedSlot::new(),
            __pinned: ::core::marker::PhantomPinned,
        },
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
                dropping_copy_types,
                clippy::all,
                clippy::pedantic
            )]
            {
                let mut __block = GetTenantBlock::Resume(
                    ::core::mem::replace(__state, GetTenantState::Poisoned),
                    (),
                );
                '__dispatch: loop {
                    match __block {
                        GetTenantBlock::Resume(
                            GetTenantState::Start { db: __field0, tenant_id: __field1 },
                            (),
                        ) => {
                            __pinned.db.put(__field0);
                            let __guard_db = __pinned.db.guard();
                            let tenant_id = __field1;
                            println!("1. query start");
                            let __ref_db = __pinned.db.get();
                            __subs
                                .__future0
                                .start(
                                    ::core::future::IntoFuture::into_future(
                                        (*__ref_db).get(tenant_id),
                                    ),
                                );
                            let __guard_future0 = __subs.__future0.guard();
                            ::core::mem::forget(__guard_db);
                            ::core::mem::forget(__guard_future0);
                            __block = GetTenantBlock::Awaiting0 {};
                            continue '__dispatch;
                        }
                        GetTenantBlock::Awaiting0 {} => {
                            let __guard_db = __pinned.db.guard();
                            let __v2;
                            let __guard_future0 = __subs.__future0.guard();
                            match __subs.__future0.poll(__arg) {
                                ::core::task::Poll::Ready(__ready1) => {
                                    {
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
                                    ::core::mem::forget(__guard_db);
                                    ::core::mem::forget(__guard_future0);
                                    *__state = GetTenantState::Await0 {};
                                    return ::gen_runtime::__private::GeneratorState::Yielded(
                                        __yielded,
                                    );
                                }
                            }
                        }
                        GetTenantBlock::Resume(GetTenantState::Await0 {}, ()) => {
                            let __guard_db = __pinned.db.guard();
                            let __guard_future0 = __subs.__future0.guard();
                            ::core::mem::forget(__guard_db);
                            ::core::mem::forget(__guard_future0);
                            {
                                let __guard_db = __pinned.db.guard();
                                let __v2;
                                let __guard_future0 = __subs.__future0.guard();
                                match __subs.__future0.poll(__arg) {
                                    ::core::task::Poll::Ready(__ready1) => {
                                        {
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
                                        ::core::mem::forget(__guard_db);
                                        ::core::mem::forget(__guard_future0);
                                        *__state = GetTenantState::Await0 {};
                                        return ::gen_runtime::__private::GeneratorState::Yielded(
                                            __yielded,
                                        );
                                    }
                                }
                            }
                        }
                        GetTenantBlock::Resume(GetTenantState::Returned, _) => {
                            *__state = GetTenantState::Returned;
                            ::gen_runtime::__private::resumed_after_completion()
                        }
                        GetTenantBlock::Resume(GetTenantState::Poisoned, _) => {
                            ::gen_runtime::__private::resumed_after_panicking()
                        }
                    }
                }
            };
        },
    )
}
