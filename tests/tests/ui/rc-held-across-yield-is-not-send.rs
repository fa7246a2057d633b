use gen_runtime::prelude::*;
use std::rc::Rc;

#[generator(yield = u32)]
fn numbers() {
    let shared = Rc::new(1);
    yield_!(1);
    drop(shared);
}

fn assert_send<T: Send>(_: T) {}

fn main() {
    assert_send(numbers());
}
