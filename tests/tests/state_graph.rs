//! Introspection: the state a generator is in, and its state graph (the transitions are part of the contract).

use gen_runtime::prelude::*;
use gen_runtime::{StateKind, TransitionKind};
use std::pin::pin;

#[generator(yield = u32)]
fn countdown(n: u32) -> &'static str {
    let mut i = n;
    while i > 0 {
        yield_!(i);
        i -= 1;
    }
    "liftoff"
}

fn edges(g: &impl StateMachine) -> Vec<String> {
    let graph = g.state_graph();
    graph
        .transitions
        .iter()
        .map(|t| format!("{} -{:?}-> {}", graph.states[t.from].name, t.kind, graph.states[t.to].name))
        .collect()
}

#[test]
fn countdown_goes_from_start_to_its_yield_and_loops_there_until_it_returns() {
    let g = countdown(2);
    let names: Vec<&str> = g.state_graph().states.iter().map(|s| s.name).collect();
    assert_eq!(names, ["Start", "Yield0", "Returned", "Poisoned"]);
    assert_eq!(
        edges(&g),
        ["Start -Yield-> Yield0", "Start -Return-> Returned", "Yield0 -Yield-> Yield0", "Yield0 -Return-> Returned"]
    );
    assert_eq!(g.state_graph().successors("Yield0").collect::<Vec<_>>(), ["Yield0", "Returned"]);
}

#[test]
fn the_current_state_names_the_suspension_point_and_its_source() {
    let mut g = pin!(countdown(2));
    assert_eq!(g.current_state().name, "Start");
    assert_eq!(g.current_state().kind, StateKind::Start);
    let _ = g.as_mut().resume(());
    let s = g.current_state();
    assert_eq!((s.name, s.kind, s.source), ("Yield0", StateKind::Yield, "yield_!(i)"));
    let loc = s.location.expect("a suspension point has a location");
    assert!(loc.file.ends_with("state_graph.rs"), "{loc}");
    assert_eq!(loc.line, 11);
    let _ = g.as_mut().resume(());
    let _ = g.as_mut().resume(());
    assert_eq!(g.current_state().name, "Returned");
}

#[generator(yield = u32)]
fn inner() -> u32 {
    yield_!(1);
    2
}

#[generator(yield = u32)]
fn outer(stop: bool) -> u32 {
    if stop {
        panic!("stopped");
    }
    let a = yield_from!(inner());
    yield_!(a);
    a
}

#[test]
fn delegation_and_panics_appear_in_the_graph() {
    assert_eq!(
        edges(&outer(false)),
        [
            "Start -Delegate-> Delegate0",
            // A sub-generator that completes at once causes no suspension: straight on to the next yield.
            "Start -Yield-> Yield1",
            "Start -Panic-> Poisoned",
            "Delegate0 -Delegate-> Delegate0",
            "Delegate0 -Yield-> Yield1",
            "Yield1 -Return-> Returned",
        ]
    );
    assert_eq!(outer(false).state_graph().state("Delegate0").map(|s| s.source), Some("yield_from!(inner())"));
}

#[generator]
async fn get_tenant(id: u32) -> u32 {
    let t = std::future::ready(id * 10).await;
    t + 1
}

#[test]
fn an_async_fn_has_await_states() {
    let f = get_tenant(1);
    assert_eq!(edges(&f), ["Start -Await-> Await0", "Start -Return-> Returned", "Await0 -Await-> Await0", "Await0 -Return-> Returned"]);
    let graph = f.state_graph();
    assert_eq!(graph.state("Await0").map(|s| s.kind), Some(StateKind::Await));
    assert!(graph.transitions.iter().any(|t| t.kind == TransitionKind::Await));
}

#[test]
fn graphs_render_as_mermaid_and_dot() {
    let g = countdown(1);
    let mermaid = g.state_graph().to_mermaid();
    assert!(mermaid.starts_with("stateDiagram-v2\n"), "{mermaid}");
    assert!(mermaid.contains("Start --> Yield0: yield"), "{mermaid}");
    assert!(mermaid.contains("Yield0 --> Returned: return"), "{mermaid}");
    let dot = g.state_graph().to_dot();
    assert!(dot.starts_with("digraph countdown {"), "{dot}");
    assert!(dot.contains("Yield0 -> Yield0 [label=\"yield\"];"), "{dot}");
}

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Running,
    Returned,
}

/// A body that names a `Returned` of its own but never returns: no `return` transition.
#[generator(yield = u8)]
fn never_returns(mut s: Status) -> ! {
    loop {
        if s == Status::Returned {
            yield_!(1);
            s = Status::Running;
        } else {
            yield_!(0);
            s = Status::Returned;
        }
    }
}

/// `?` in yield-free code after a resume is a `return` transition from that state.
#[generator(yield = u8)]
fn early(x: Option<u8>) -> Option<u8> {
    yield_!(0);
    let v = x?;
    yield_!(v);
    Some(v)
}

#[test]
fn return_transitions_come_from_the_returns_in_the_body_not_from_its_words() {
    assert_eq!(
        edges(&never_returns(Status::Running)),
        ["Start -Yield-> Yield0", "Start -Yield-> Yield1", "Yield0 -Yield-> Yield0", "Yield0 -Yield-> Yield1", "Yield1 -Yield-> Yield0", "Yield1 -Yield-> Yield1"]
    );
    assert_eq!(
        edges(&early(Some(1))),
        ["Start -Yield-> Yield0", "Yield0 -Yield-> Yield1", "Yield0 -Return-> Returned", "Yield1 -Return-> Returned"]
    );
}
