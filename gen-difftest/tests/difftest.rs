//! The fixed seed set: every program must behave as its direct execution under every scenario.

mod progs {
    include!(concat!(env!("OUT_DIR"), "/programs.rs"));
}

#[test]
fn random_generators_agree_with_direct_execution() {
    let mut failures = Vec::new();
    let mut scenarios = 0;
    let mut histogram = [0usize; 6];
    for (seed, check) in progs::PROGRAMS {
        match check() {
            Ok(n) => {
                scenarios += n;
                histogram[(n / 5).min(5)] += 1;
            }
            Err(report) => failures.push((seed, report)),
        }
    }
    for (_, report) in &failures {
        eprintln!("{report}");
    }
    eprintln!(
        "{} programs, {scenarios} scenarios compared, {} mismatches; {} programs not run as a stream",
        progs::PROGRAMS.len(),
        failures.len(),
        progs::STREAM_SKIPPED
    );
    eprintln!("programs by scenario count (0-4, 5-9, .., 25+): {histogram:?}");
    assert!(failures.is_empty(), "{} of {} programs disagree (seeds {:?})", failures.len(), progs::PROGRAMS.len(),
        failures.iter().map(|(s, _)| **s).collect::<Vec<_>>());
}
