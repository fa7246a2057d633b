//! Introspection: which suspension point a generator is at, and the graph of its states, as the macro saw them.
//!
//! Every `#[generator]` function's result implements [`StateMachine`]: `g.current_state()` names the state it is
//! suspended in (with the source location and text of its `yield_!` / `.await`), `g.state_graph()` is the whole
//! machine, which [`StateGraph::to_mermaid`] and [`StateGraph::to_dot`] draw.

use core::fmt;

/// What a state is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StateKind {
    /// Not started: holds the arguments.
    Start,
    /// Suspended at a `yield_!`.
    Yield,
    /// Suspended at an `.await` whose future was pending.
    Await,
    /// Suspended inside a `yield_from!` (the sub-generator yielded).
    Delegate,
    /// Finished.
    Returned,
    /// A resume panicked.
    Poisoned,
}

/// How a resume goes from one state to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransitionKind {
    /// Runs to a `yield_!`.
    Yield,
    /// Runs to an `.await` that is pending.
    Await,
    /// Runs into (or stays in) a `yield_from!` whose sub-generator yields.
    Delegate,
    /// Runs to the end of the body, or a `return`.
    Return,
    /// Runs into an explicit `panic!` (or `assert!`, `unreachable!`, …): the generator is poisoned.
    Panic,
}

/// Where a suspension point is in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    /// The source file, as `file!()` gives it.
    pub file: &'static str,
    /// 1-based.
    pub line: u32,
    /// 1-based.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One state of a generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StateInfo {
    /// The name of the state enum's variant: `Start`, `Yield0`, `Await1`, `Delegate2`, `Returned`, `Poisoned`.
    pub name: &'static str,
    /// Its position in [`StateGraph::states`].
    pub index: usize,
    /// What the state is.
    pub kind: StateKind,
    /// The suspension point's `yield_!` / `.await` / `yield_from!` (none for start, returned, poisoned).
    pub location: Option<Location>,
    /// The source text of the suspension point (as tokens), or `""`.
    pub source: &'static str,
}

/// A possible step of one resume.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Transition {
    /// The index of the state the resume starts in.
    pub from: usize,
    /// The index of the state it ends in.
    pub to: usize,
    /// What ends the resume there.
    pub kind: TransitionKind,
}

/// Every state of a generator and every transition a resume can make.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct StateGraph {
    /// The generator function's name.
    pub name: &'static str,
    /// The states, in the state enum's order.
    pub states: &'static [StateInfo],
    /// The possible steps, from each resumable state.
    pub transitions: &'static [Transition],
}

impl StateGraph {
    /// The state named `name`.
    pub fn state(&self, name: &str) -> Option<&'static StateInfo> {
        self.states.iter().find(|s| s.name == name)
    }

    /// The names of the states a resume can reach from `from`, in order.
    pub fn successors(&self, from: &str) -> impl Iterator<Item = &'static str> + '_ {
        let states = self.states;
        let index = self.state(from).map(|s| s.index);
        self.transitions.iter().filter(move |t| Some(t.from) == index).map(move |t| states[t.to].name)
    }

    /// The graph as a Mermaid state diagram.
    #[cfg(feature = "alloc")]
    pub fn to_mermaid(&self) -> alloc::string::String {
        use core::fmt::Write;
        let mut out = alloc::string::String::from("stateDiagram-v2\n");
        let _ = writeln!(out, "    [*] --> Start");
        for s in self.states {
            if let Some(loc) = s.location {
                let _ = writeln!(out, "    {}: {} ({}:{})", s.name, escape_mermaid(s.source), loc.line, loc.column);
            }
        }
        for t in self.transitions {
            let _ = writeln!(out, "    {} --> {}: {}", self.states[t.from].name, self.states[t.to].name, label(t.kind));
        }
        if self.states.iter().any(|s| s.kind == StateKind::Returned) {
            let _ = writeln!(out, "    Returned --> [*]");
        }
        out
    }

    /// The graph in Graphviz's DOT language.
    #[cfg(feature = "alloc")]
    pub fn to_dot(&self) -> alloc::string::String {
        use core::fmt::Write;
        let mut out = alloc::string::String::new();
        let _ = writeln!(out, "digraph {} {{", self.name);
        let _ = writeln!(out, "    rankdir=LR;\n    node [shape=box, style=rounded];");
        for s in self.states {
            let detail = match s.location {
                Some(loc) => alloc::format!("\\n{}\\nline {}", escape_dot(s.source), loc.line),
                None => alloc::string::String::new(),
            };
            let shape = if matches!(s.kind, StateKind::Returned | StateKind::Poisoned) { ", shape=doublecircle" } else { "" };
            let _ = writeln!(out, "    {} [label=\"{}{}\"{}];", s.name, s.name, detail, shape);
        }
        for t in self.transitions {
            let _ = writeln!(out, "    {} -> {} [label=\"{}\"];", self.states[t.from].name, self.states[t.to].name, label(t.kind));
        }
        out.push_str("}\n");
        out
    }
}

#[cfg(feature = "alloc")]
fn label(kind: TransitionKind) -> &'static str {
    match kind {
        TransitionKind::Yield => "yield",
        TransitionKind::Await => "await",
        TransitionKind::Delegate => "delegate",
        TransitionKind::Return => "return",
        TransitionKind::Panic => "panic",
    }
}

#[cfg(feature = "alloc")]
fn escape_mermaid(s: &str) -> alloc::string::String {
    s.replace(';', "#59;")
}

#[cfg(feature = "alloc")]
fn escape_dot(s: &str) -> alloc::string::String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Implemented by every generator (and async generator) `#[generator]` builds.
pub trait StateMachine {
    /// The state the generator is in now: where it is suspended, or `Start`, `Returned`, `Poisoned`.
    fn current_state(&self) -> &'static StateInfo;
    /// All its states and transitions.
    fn state_graph(&self) -> &'static StateGraph;
}

/// Implemented by the state enum `#[generator]` declares: which state a value of it is.
#[doc(hidden)]
pub trait StateIndex {
    /// The index of the current state in the graph.
    fn state_index(&self) -> usize;
    /// Whether the body has returned.
    fn is_returned(&self) -> bool;
    /// The graph.
    fn graph() -> &'static StateGraph;
}
