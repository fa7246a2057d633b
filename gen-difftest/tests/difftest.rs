//! The fixed seed set: every program must behave as its direct execution under every scenario.

mod progs {
    include!(concat!(env!("OUT_DIR"), "/programs.rs"));
}

/// Programs whose stored values a snapshot can hold (see `Features::snapshot` in `src/progen.rs`).
mod snapshot_progs {
    include!(concat!(env!("OUT_DIR"), "/snapshot_programs.rs"));
}

type Check = fn() -> Result<usize, String>;

/// Runs every program of a set, printing each mismatch's report: the comparisons each agreeing program made, and
/// the seeds of those that disagree.
fn run_set(programs: &[(u64, Check)]) -> (Vec<usize>, Vec<u64>) {
    let (mut counts, mut failures) = (Vec::new(), Vec::new());
    for (seed, check) in programs {
        match check() {
            Ok(n) => counts.push(n),
            Err(report) => {
                eprintln!("{report}");
                failures.push(*seed);
            }
        }
    }
    (counts, failures)
}

#[test]
fn random_generators_agree_with_direct_execution() {
    let (counts, failures) = run_set(progs::PROGRAMS);
    let mut histogram = [0usize; 6];
    for n in &counts {
        histogram[(n / 5).min(5)] += 1;
    }
    eprintln!(
        "{} programs, {} scenarios compared, {} mismatches; {} programs not run as a stream",
        progs::PROGRAMS.len(),
        counts.iter().sum::<usize>(),
        failures.len(),
        progs::STREAM_SKIPPED
    );
    eprintln!("programs by scenario count (0-4, 5-9, .., 25+): {histogram:?}");
    assert!(failures.is_empty(), "{} of {} programs disagree (seeds {failures:?})", failures.len(), progs::PROGRAMS.len());
}

/// The snapshot oracle: the same comparisons, plus each program replaced, at every suspension point under every
/// scenario, by its snapshot restored from JSON and by a copy: the trace must not change.
#[test]
fn random_generators_saved_and_restored_anywhere_agree_with_direct_execution() {
    let (counts, failures) = run_set(snapshot_progs::PROGRAMS);
    eprintln!(
        "{} programs, {} runs compared (the forms of `check`, then the snapshot and copy round trips), {} mismatches",
        snapshot_progs::PROGRAMS.len(),
        counts.iter().sum::<usize>(),
        failures.len()
    );
    assert_eq!(snapshot_progs::STREAM_SKIPPED, 0);
    assert!(failures.is_empty(), "{} of {} programs disagree (seeds {failures:?})", failures.len(), snapshot_progs::PROGRAMS.len());
}
