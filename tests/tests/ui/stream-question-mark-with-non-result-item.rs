use gen_runtime::prelude::*;

// In a stream, `?` hands the error out as the last item: the item type must be a `Result` (or an `Option` for `?` on
// an `Option`) that the error converts into.
#[generator(yield = u32)]
async fn numbers(text: String) {
    let n: u32 = text.parse()?;
    yield_!(n);
}

fn main() {
    let _ = numbers(String::from("1"));
}
