#[generator(yield = u32)]
fn countdown(n: u32) -> &'static str {
    let mut i = n;
    while i > 0 {
        yield_!(i);
        i -= 1;
    }
    "liftoff"
}
