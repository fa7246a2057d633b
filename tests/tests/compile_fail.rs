//! Compile-fail suite: every misuse of `#[generator]`, `yield_!` and `yield_from!` must give one clear error on the
//! user's own tokens. Regenerate the expected output with `TRYBUILD=overwrite`, then read every `.stderr`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
