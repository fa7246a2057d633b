#[generator(yield = usize)]
fn word_lengths(text: String) -> usize {
    let mut n = 0;
    for w in text.split_whitespace() {
        yield_!(w.len());
        n += 1;
    }
    n
}
