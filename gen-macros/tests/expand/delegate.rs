#[generator(yield = u32, resume = u32)]
fn outer_echo() -> u32 {
    let r = yield_from!(echo(2));
    let last = yield_!(100);
    r + last
}
