//! The README's first example: a countdown generator, resumed by hand.
//! `examples/countdown-expanded.rs` is what `#[generator]` turns it into, commented state by state.

use gen_runtime::prelude::*;
use std::pin::pin;

#[generator(yield = u32)]
fn countdown(n: u32) -> &'static str {
    let mut i = n; // no annotation needed, though `i` is held across a yield
    while i > 0 {
        yield_!(i);
        i -= 1;
    }
    "liftoff"
}

fn main() {
    let mut g = pin!(countdown(3));
    loop {
        match g.as_mut().resume(()) {
            GeneratorState::Yielded(v) => println!("{v}"),
            GeneratorState::Complete(r) => {
                println!("{r}");
                break;
            }
        }
    }
}
