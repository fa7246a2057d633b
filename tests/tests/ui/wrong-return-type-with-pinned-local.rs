use gen_runtime::prelude::*;

// `text` is borrowed across a yield, so the body is also borrow-checked in a copy: the wrong return value is still
// reported once.
#[generator(yield = usize)]
fn numbers(text: String) -> u32 {
    for w in text.split(' ') {
        yield_!(w.len());
    }
    "done"
}

// Likewise for an `async fn`: one error on the value, none on the attribute.
#[generator]
async fn total() -> u32 {
    let s = String::from("a");
    let r = &s;
    std::future::ready(1).await;
    r.len()
}

fn main() {}
