//! The fixed seed set: every program must behave as its direct execution under every scenario.

mod progs {
    include!(concat!(env!("OUT_DIR"), "/programs.rs"));
}

/// Programs whose stored values a snapshot can hold (see `Features::snapshot` in `src/progen.rs`).
mod snapshot_progs {
    include!(concat!(env!("OUT_DIR"), "/snapshot_programs.rs"));
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

/// The snapshot oracle: the same comparisons, plus each program saved to JSON, dropped and restored at every
/// suspension point under every scenario: the trace must not change.
#[test]
fn random_generators_saved_and_restored_anywhere_agree_with_direct_execution() {
    let mut failures = Vec::new();
    let mut runs = 0;
    for (seed, check) in snapshot_progs::PROGRAMS {
        match check() {
            Ok(n) => runs += n,
            Err(report) => failures.push((seed, report)),
        }
    }
    for (_, report) in &failures {
        eprintln!("{report}");
    }
    eprintln!(
        "{} programs, {runs} runs compared (the forms of `check`, then the snapshot round trips), {} mismatches",
        snapshot_progs::PROGRAMS.len(),
        failures.len()
    );
    assert_eq!(snapshot_progs::STREAM_SKIPPED, 0);
    assert!(failures.is_empty(), "{} of {} programs disagree (seeds {:?})", failures.len(),
        snapshot_progs::PROGRAMS.len(), failures.iter().map(|(s, _)| **s).collect::<Vec<_>>());
}
