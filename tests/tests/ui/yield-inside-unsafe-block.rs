use gen_runtime::prelude::*;

#[generator(yield = u32)]
fn numbers(p: *const u32) {
    unsafe {
        yield_!(*p);
    }
}

fn main() {}
