use gen_runtime::prelude::*;
use gen_tests::{D, take_log, trace_unit};

fn some_if(x: i64) -> Option<i64> { if x >= 0 { Some(x) } else { None } }

#[generator(yield = i64)]
pub fn gen_main(g0: D) -> i64 {
    let g0 = D::new("L4");
    let Some(s5) = some_if(16) else { return 6i64; };
    match s5 {
        0 | 1 => {}
        m7 if false => {
            yield_!(1i64);
            let _ = m7;
        }
        _ => {
        }
    }
    let _ = &g0;
    s5
}

#[test]
fn t() {
    let _ = take_log();
    println!("{:?}", trace_unit(gen_main(D::new("arg"))));
}
