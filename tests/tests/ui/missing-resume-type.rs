use gen_runtime::prelude::*;

// `yield_!` evaluates to what the generator is resumed with; without `resume = f64` that is `()`.
#[generator(yield = u32)]
fn scale() {
    let mut total: f64 = 0.0;
    loop {
        let x: f64 = yield_!(total as u32);
        total += x;
    }
}

fn main() {}
