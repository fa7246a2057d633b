// Regression (fuzz, FUZZ_SEED=7): `continue` naming a labeled block that holds a yield made the macro panic.
// Now the macro emits the original function and rustc explains the mistake.
use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers() {
    'block: {
        yield_!(1);
        for i in 0..3 {
            if i == 1 {
                continue 'block;
            }
            yield_!(i);
        }
    }
}

fn main() {}
