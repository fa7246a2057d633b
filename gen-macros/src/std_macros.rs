//! The standard macros the lowering sees through, by name: how each takes its arguments, and whether it always
//! diverges or may panic. One table, read by every stage that looks into a macro call (scan, the operand
//! lowering, the copy of a jump target, the state graph, divergence).
//!
//! Input:  `println`, `assert_eq`, `unreachable`, `my_macro`
//! Output: `Format`, `Assert(2)` (may panic), `Format` (diverges), none

/// How a standard macro takes its arguments.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Takes {
    /// A format string, then its arguments (`println!`, `format!`, `panic!`, …): the result keeps no borrow of them.
    Format,
    /// A destination, a format string, then its arguments (`write!`, `writeln!`).
    Write,
    /// A format string and arguments whose borrows the result keeps (`format_args!`).
    FormatArgs,
    /// This many operands, then an optional format string and its arguments (`assert!`: 1, `assert_eq!`: 2).
    Assert(usize),
    /// `matches!(e, pattern)`: one operand.
    Matches,
    /// `vec![a, b]` / `vec![x; n]`: operands moved into the result.
    Vec,
    /// `dbg!(a, b)`: operands moved through and handed back.
    Dbg,
}

/// A standard macro the lowering knows.
#[derive(Clone, Copy, Debug)]
pub struct StdMacro {
    pub name: &'static str,
    pub takes: Takes,
    /// Never returns (`panic!`, `unreachable!`, `todo!`, `unimplemented!`): the code after it is dead.
    pub diverges: bool,
    /// May panic in a release build (shown as a `panic` transition in the state graph). The `debug_assert` forms
    /// are not: they are compiled out of release builds.
    pub may_panic: bool,
}

const fn m(name: &'static str, takes: Takes, diverges: bool, may_panic: bool) -> StdMacro {
    StdMacro { name, takes, diverges, may_panic }
}

const TABLE: &[StdMacro] = &[
    m("print", Takes::Format, false, false),
    m("println", Takes::Format, false, false),
    m("eprint", Takes::Format, false, false),
    m("eprintln", Takes::Format, false, false),
    m("format", Takes::Format, false, false),
    m("panic", Takes::Format, true, true),
    m("unreachable", Takes::Format, true, true),
    m("todo", Takes::Format, true, true),
    m("unimplemented", Takes::Format, true, true),
    m("write", Takes::Write, false, false),
    m("writeln", Takes::Write, false, false),
    m("format_args", Takes::FormatArgs, false, false),
    m("assert", Takes::Assert(1), false, true),
    m("assert_eq", Takes::Assert(2), false, true),
    m("assert_ne", Takes::Assert(2), false, true),
    m("debug_assert", Takes::Assert(1), false, false),
    m("debug_assert_eq", Takes::Assert(2), false, false),
    m("debug_assert_ne", Takes::Assert(2), false, false),
    m("matches", Takes::Matches, false, false),
    m("vec", Takes::Vec, false, false),
    m("dbg", Takes::Dbg, false, false),
];

/// The standard macro named `name` (the last segment of its path), if the lowering knows it.
pub fn by_name(name: &str) -> Option<&'static StdMacro> {
    TABLE.iter().find(|m| m.name == name)
}

/// The standard macro a macro call's path names (`println!`, `std::println!`).
pub fn of(path: &syn::Path) -> Option<&'static StdMacro> {
    by_name(&path.segments.last()?.ident.to_string())
}

/// Whether the macro at `path` never returns (see [`StdMacro::diverges`]).
pub fn diverges(path: &syn::Path) -> bool {
    of(path).is_some_and(|m| m.diverges)
}
