//! Checks the native coroutines against the handwritten machines, then prints `size <workload> <bytes>` lines.

fn main() {
    gen_bench_native::check_agreement();
    println!("agree: native == handwritten on every workload");
    for (name, size) in gen_bench_native::native::sizes() {
        println!("size {name} {size}");
    }
}
