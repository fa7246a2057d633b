//! Introspection: which suspension point a generator is at, and the graph of its states, as the macro saw them.
//!
//! Every `#[generator]` function's result implements [`StateMachine`]: `g.current_state()` names the state it is
//! suspended in (with the source location and text of its `yield_!` / `.await`), `g.state_graph()` is the whole
//! machine, which [`StateGraph::to_mermaid`] and [`StateGraph::to_dot`] draw.

use core::fmt;

/// What a state is.
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = u32)]
/// fn countdown(n: u32) -> &'static str {
///     let mut i = n;
///     while i > 0 {
///         yield_!(i);
///         i -= 1;
///     }
///     "liftoff"
/// }
///
/// use gen_runtime::StateKind;
///
/// let kinds: Vec<StateKind> = countdown(1).state_graph().states.iter().map(|s| s.kind).collect();
/// assert_eq!(kinds, [StateKind::Start, StateKind::Yield, StateKind::Returned, StateKind::Poisoned]);
/// ```
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
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = u32)]
/// fn countdown(n: u32) -> &'static str {
///     let mut i = n;
///     while i > 0 {
///         yield_!(i);
///         i -= 1;
///     }
///     "liftoff"
/// }
///
/// use gen_runtime::TransitionKind;
/// let graph = countdown(1).state_graph();
/// let from_start: Vec<TransitionKind> =
///     graph.transitions.iter().filter(|t| t.from == 0).map(|t| t.kind).collect();
/// // From the start, a resume reaches the `yield_!` or (with `n == 0`) the end.
/// assert_eq!(from_start, [TransitionKind::Yield, TransitionKind::Return]);
/// ```
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
///
/// ```
/// use gen_runtime::prelude::*;
/// use std::pin::pin;
///
/// #[generator(yield = u32)]
/// fn one() {
///     yield_!(1);
/// }
///
/// let mut g = pin!(one());
/// g.as_mut().resume(());
/// let at = g.current_state().location.expect("suspended at a yield_!");
/// assert_eq!(at.line, line!() - 6);       // the line of `yield_!(1)`
/// assert_eq!(at.to_string(), format!("{}:{}:{}", at.file, at.line, at.column));
/// ```
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
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = u32)]
/// fn countdown(n: u32) -> &'static str {
///     let mut i = n;
///     while i > 0 {
///         yield_!(i);
///         i -= 1;
///     }
///     "liftoff"
/// }
///
/// let state = countdown(3).state_graph().state("Yield0").unwrap();
/// assert_eq!(state.kind, gen_runtime::StateKind::Yield);
/// assert_eq!(state.source, "yield_!(i)");
/// ```
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
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = u32)]
/// fn countdown(n: u32) -> &'static str {
///     let mut i = n;
///     while i > 0 {
///         yield_!(i);
///         i -= 1;
///     }
///     "liftoff"
/// }
///
/// let graph = countdown(3).state_graph();
/// let steps: Vec<String> = graph
///     .transitions
///     .iter()
///     .map(|t| format!("{} -> {}", graph.states[t.from].name, graph.states[t.to].name))
///     .collect();
/// assert_eq!(steps, ["Start -> Yield0", "Start -> Returned", "Yield0 -> Yield0", "Yield0 -> Returned"]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Transition {
    /// The index of the state the resume starts in.
    pub from: usize,
    /// The index of the state it ends in.
    pub to: usize,
    /// What ends the resume there.
    pub kind: TransitionKind,
}

/// Every state of a generator and every transition a resume can make, as the macro built them.
///
/// ```
/// use gen_runtime::prelude::*;
///
/// #[generator(yield = u32)]
/// fn countdown(n: u32) -> &'static str {
///     let mut i = n;
///     while i > 0 {
///         yield_!(i);
///         i -= 1;
///     }
///     "liftoff"
/// }
///
/// let graph = countdown(3).state_graph();
/// assert_eq!(graph.name, "countdown");
/// assert_eq!(graph.states.len(), 4);   // Start, Yield0, Returned, Poisoned
/// ```
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
    ///
    /// ```
    /// use gen_runtime::prelude::*;
    ///
    /// #[generator(yield = u8)]
    /// fn two() {
    ///     yield_!(1);
    ///     yield_!(2);
    /// }
    ///
    /// let graph = two().state_graph();
    /// assert_eq!(graph.state("Yield1").map(|s| s.index), Some(2));
    /// assert!(graph.state("Yield2").is_none());
    /// ```
    pub fn state(&self, name: &str) -> Option<&'static StateInfo> {
        self.states.iter().find(|s| s.name == name)
    }

    /// The names of the states a resume can reach from `from`, in order.
    ///
    /// ```
    /// use gen_runtime::prelude::*;
    ///
    /// #[generator(yield = u8)]
    /// fn two() {
    ///     yield_!(1);
    ///     yield_!(2);
    /// }
    ///
    /// let graph = two().state_graph();
    /// assert_eq!(graph.successors("Start").collect::<Vec<_>>(), ["Yield0"]);
    /// assert_eq!(graph.successors("Yield1").collect::<Vec<_>>(), ["Returned"]);
    /// ```
    pub fn successors(&self, from: &str) -> impl Iterator<Item = &'static str> + '_ {
        let states = self.states;
        let index = self.state(from).map(|s| s.index);
        self.transitions.iter().filter(move |t| Some(t.from) == index).map(move |t| states[t.to].name)
    }

    /// The graph as a Mermaid state diagram (`stateDiagram-v2`), each suspension point labelled with its source text
    /// and `line:column`.
    ///
    /// ```
    /// use gen_runtime::prelude::*;
    ///
    /// #[generator(yield = u8)]
    /// fn one() {
    ///     yield_!(1);
    /// }
    ///
    /// let mermaid = one().state_graph().to_mermaid();
    /// assert!(mermaid.starts_with("stateDiagram-v2\n    [*] --> Start\n"));
    /// assert!(mermaid.contains("Start --> Yield0: yield"));
    /// assert!(mermaid.ends_with("Returned --> [*]\n"));
    /// ```
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

    /// The graph in Graphviz's DOT language (`dot -Tsvg` draws it).
    ///
    /// ```
    /// use gen_runtime::prelude::*;
    ///
    /// #[generator(yield = u8)]
    /// fn one() {
    ///     yield_!(1);
    /// }
    ///
    /// let dot = one().state_graph().to_dot();
    /// assert!(dot.starts_with("digraph one {"));
    /// assert!(dot.contains("Yield0 -> Returned [label=\"return\"];"));
    /// ```
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

/// Implemented by every generator, future and stream `#[generator]` builds: where it is, and the whole machine.
///
/// ```
/// use gen_runtime::prelude::*;
/// use std::pin::pin;
///
/// #[generator(yield = u32)]
/// fn pair() {
///     yield_!(1);
///     yield_!(2);
/// }
///
/// let mut g = pin!(pair());
/// let mut visited = vec![g.current_state().name];
/// while let GeneratorState::Yielded(_) = g.as_mut().resume(()) {
///     visited.push(g.current_state().name);
/// }
/// visited.push(g.current_state().name);
/// assert_eq!(visited, ["Start", "Yield0", "Yield1", "Returned"]);
/// assert_eq!(g.state_graph().states.len(), 5);   // and Poisoned, reached only by a resume that panics
/// ```
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
