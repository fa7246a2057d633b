//! `#[derive(Serialize, Deserialize)]` under `#[generator]`: a suspended generator is saved to bytes, restored into a
//! generator of the same type (no annotations), and resumed from where it was: the restored run's trace is the
//! uninterrupted run's, at every suspension point; a snapshot of another body is refused; a restore works in another
//! process.

use core::future::Future;
use core::pin::{Pin, pin};
use core::task::{Context, Poll, Waker};
use futures::Stream;
use gen_runtime::Snapshot;
use gen_runtime::prelude::*;
use serde::{Deserialize, Serialize};

fn save<G: Snapshot>(g: &G) -> Vec<u8> {
    let mut bytes = Vec::new();
    g.save(&mut serde_json::Serializer::new(&mut bytes)).unwrap();
    bytes
}

fn restore<G: Snapshot>(like: G, bytes: &[u8]) -> Result<G, serde_json::Error> {
    like.restored_from(&mut serde_json::Deserializer::from_slice(bytes))
}

#[generator(yield = u32)]
#[derive(Serialize, Deserialize)]
fn countdown(n: u32) {
    for i in 0..n {
        yield_!(n - i);
    }
}

#[test]
fn a_countdown_saved_mid_run_resumes_where_it_was() {
    let mut g = countdown(3);
    assert_eq!(g.resume_unpin(()), GeneratorState::Yielded(3));
    let bytes = save(&g);
    // The restored generator's type comes from any call of the function; its arguments do not matter.
    let mut h = restore(countdown(0), &bytes).unwrap();
    assert_eq!(h.resume_unpin(()), GeneratorState::Yielded(2));
    assert_eq!(h.resume_unpin(()), GeneratorState::Yielded(1));
    assert_eq!(h.resume_unpin(()), GeneratorState::Complete(()));
    // The original is untouched.
    assert_eq!(g.resume_unpin(()), GeneratorState::Yielded(2));
}

/// Strings, vectors, a resume argument, a local moved on one path only (kept in a slot as its own drop flag), a
/// value returned at the end.
#[generator(yield = String, resume = u32)]
#[derive(Serialize, Deserialize)]
fn words(prefix: String, n: u32) -> Vec<u32> {
    let mut seen = Vec::new();
    let spare = String::from("spare");
    if n > 100 {
        drop(spare);
        return seen;
    }
    let mut i = 0;
    while i < n {
        let got = yield_!(format!("{prefix}{i}"));
        seen.push(got);
        if got % 2 == 0 {
            let s = yield_!(format!("even {got}"));
            seen.push(s * 10);
        }
        i += 1;
    }
    yield_!(spare);
    seen
}

/// The whole run, uninterrupted.
fn full_run(resumes: &[u32]) -> Vec<String> {
    let mut g = words("w".into(), 4);
    let mut r = resumes.iter().copied();
    let mut out = Vec::new();
    loop {
        match g.resume_unpin(r.next().unwrap_or(0)) {
            GeneratorState::Yielded(s) => out.push(s),
            GeneratorState::Complete(v) => {
                out.push(format!("return {v:?}"));
                return out;
            }
        }
    }
}

#[test]
fn a_round_trip_at_every_suspension_point_keeps_the_trace() {
    let resumes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    let want = full_run(&resumes);
    assert!(want.len() > 6, "{want:?}");
    // Save after k steps (k = 0: before the first resume), restore into a fresh instance, finish there.
    for k in 0..want.len() {
        let mut g = words("w".into(), 4);
        let mut r = resumes.iter().copied();
        let mut got = Vec::new();
        for _ in 0..k {
            match g.resume_unpin(r.next().unwrap_or(0)) {
                GeneratorState::Yielded(s) => got.push(s),
                GeneratorState::Complete(v) => got.push(format!("return {v:?}")),
            }
        }
        let bytes = save(&g);
        drop(g);
        let mut h = restore(words(String::new(), 0), &bytes).unwrap();
        loop {
            match h.resume_unpin(r.next().unwrap_or(0)) {
                GeneratorState::Yielded(s) => got.push(s),
                GeneratorState::Complete(v) => {
                    got.push(format!("return {v:?}"));
                    break;
                }
            }
        }
        assert_eq!(got, want, "saved after {k} steps");
    }
}

#[test]
fn a_snapshot_of_another_body_is_refused_before_its_state_is_read() {
    let mut g = countdown(3);
    g.resume_unpin(());
    let text = String::from_utf8(save(&g)).unwrap();
    // The fingerprint is the first value; a build with an edited body has another.
    let (fingerprint, rest) = text[1..].split_once(',').unwrap();
    let other: u64 = fingerprint.parse::<u64>().unwrap() ^ 1;
    let edited = format!("[{other},{rest}");
    let err = restore(countdown(0), edited.as_bytes()).err().expect("refused");
    let msg = err.to_string();
    assert!(msg.contains("different body of the generator `countdown`"), "{msg}");
    // A snapshot of another generator's type fails too (its fingerprint differs).
    let other_gen = save(&words("x".into(), 1));
    let msg = restore(countdown(0), &other_gen).err().expect("refused").to_string();
    assert!(msg.contains("different body of the generator `countdown`"), "{msg}");
}

#[test]
fn a_finished_generator_restores_finished() {
    let mut g = countdown(1);
    g.resume_unpin(());
    assert_eq!(g.resume_unpin(()), GeneratorState::Complete(()));
    let mut h = restore(countdown(5), &save(&g)).unwrap();
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| h.resume_unpin(())));
    assert!(r.is_err(), "resumed after completion");
}

// ----- delegation: the sub-generator is saved and restored with the generator delegating to it ------------------------

/// A configuration whose methods return owned values the macro cannot see the type of.
#[derive(Serialize, Deserialize)]
struct Config {
    name: String,
    limit: u32,
}

impl Config {
    fn limit(&self) -> u32 {
        self.limit
    }
    fn first_bytes(&self) -> [u8; 2] {
        let b = self.name.as_bytes();
        [b[0], b[1]]
    }
}

/// A `Copy` value that really borrows a local, its borrow left out of a snapshot (`#[serde(skip)]`: a restored one
/// views nothing).
#[derive(Clone, Copy, Serialize, Deserialize)]
struct View<'a> {
    #[serde(skip)]
    bytes: &'a [u8],
    at: usize,
}

// SAFETY: `View` holds a shared reference only.
unsafe impl gen_runtime::HoldsNoMutBorrow for View<'_> {}

/// `limit`, `first` and `view` are kept across yields and, as far as the macro can see, may borrow `config` or
/// `data` (method results, a struct holding `&data`): the derive allows them because they hold no `&mut` (`u32`,
/// `[u8; 2]`, the range, `View` by its `unsafe impl`), and the snapshot reads `config` and `data` while they are
/// borrowed that way.
#[generator(yield = u32)]
#[derive(Serialize, Deserialize)]
fn suspected_borrows(config: Config, data: Vec<u8>) {
    let limit = config.limit();
    let first = config.first_bytes();
    let view = View { bytes: &data, at: 1 };
    yield_!(u32::from(view.bytes[view.at]));
    for i in 0..limit {
        yield_!(i + u32::from(first[0]) + u32::from(first[1]));
    }
    yield_!(u32::try_from(view.at + data.len()).unwrap());
}

#[test]
fn values_that_may_borrow_a_local_are_saved_when_they_hold_no_mut_borrow() {
    let make = || suspected_borrows(Config { name: "ab".into(), limit: 2 }, vec![7, 8, 9]);
    let mut g = Box::pin(make());
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(8));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(97 + 98));
    let bytes = save(&*g);
    // The original goes on after being read for the snapshot (under Miri: the read left `view`'s borrow valid).
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(1 + 97 + 98));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(4));
    let mut h = Box::pin(restore(make(), &bytes).unwrap());
    assert_eq!(h.as_mut().resume(()), GeneratorState::Yielded(1 + 97 + 98));
    assert_eq!(h.as_mut().resume(()), GeneratorState::Yielded(4));
    assert_eq!(h.as_mut().resume(()), GeneratorState::Complete(()));
}

#[generator(yield = u32)]
#[derive(Serialize, Deserialize)]
fn inner(base: u32) -> u32 {
    yield_!(base);
    yield_!(base + 1);
    base * 100
}

#[generator(yield = u32)]
#[derive(Serialize, Deserialize)]
fn outer(n: u32) -> u32 {
    let mut total = 0;
    for o in 0..n {
        total += yield_from!(inner(o * 10));
    }
    total
}

fn drain<G: Generator<Yield = u32, Return = u32> + Unpin>(g: &mut G, steps: usize) -> (Vec<u32>, Option<u32>) {
    let mut out = Vec::new();
    for _ in 0..steps {
        match g.resume_unpin(()) {
            GeneratorState::Yielded(v) => out.push(v),
            GeneratorState::Complete(r) => return (out, Some(r)),
        }
    }
    (out, None)
}

/// A part of a local, computed by a call the macro suspects of borrowing it (`part(&items)`), delegated to: the
/// borrow-check copy has rustc confirm that the sub-generator holds no borrow (`part` returns a `Vec`).
#[generator(yield = u32)]
#[derive(Serialize, Deserialize)]
fn halves(items: Vec<u32>) -> u32 {
    let first = yield_from!(each(part(&items, 0)));
    let second = yield_from!(each(part(&items, 1)));
    first + second
}

fn part(items: &[u32], half: usize) -> Vec<u32> {
    let mid = items.len() / 2;
    if half == 0 { items[..mid].to_vec() } else { items[mid..].to_vec() }
}

#[generator(yield = u32)]
#[derive(Serialize, Deserialize)]
fn each(items: Vec<u32>) -> u32 {
    for i in 0..items.len() {
        yield_!(items[i]);
    }
    u32::try_from(items.len()).unwrap()
}

#[test]
fn a_delegation_to_a_part_of_a_local_is_saved_and_restored() {
    let mut g = Box::pin(halves(vec![1, 2, 3, 4]));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(1));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(2));
    assert_eq!(g.as_mut().resume(()), GeneratorState::Yielded(3));
    let bytes = save(&*g);
    let mut h = Box::pin(restore(halves(Vec::new()), &bytes).unwrap());
    assert_eq!(h.as_mut().resume(()), GeneratorState::Yielded(4));
    assert_eq!(h.as_mut().resume(()), GeneratorState::Complete(4));
}

#[test]
fn a_generator_saved_while_delegating_restores_its_sub_generator() {
    let (want, want_ret) = drain(&mut outer(3), usize::MAX);
    assert_eq!(want, [0, 1, 10, 11, 20, 21]);
    for k in 0..=want.len() {
        let mut g = outer(3);
        let (mut got, _) = drain(&mut g, k);
        let mut h = restore(outer(0), &save(&g)).unwrap();
        let (rest, ret) = drain(&mut h, usize::MAX);
        got.extend(rest);
        assert_eq!((got, ret), (want.clone(), want_ret), "saved after {k} steps");
    }
}

// ----- async: an awaited future that is itself a snapshot ------------------------------------------------------------

/// A future pending once, then ready: a user type can be saved with a generator that awaits it by implementing
/// `Snapshot` itself.
#[derive(Serialize, Deserialize, Default)]
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

impl Snapshot for YieldOnce {
    fn save<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Serialize::serialize(self, serializer)
    }
    fn restored<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Deserialize::deserialize(deserializer)
    }
}

#[generator]
#[derive(Serialize, Deserialize)]
async fn step(x: u64) -> u64 {
    YieldOnce(false).await;
    x * 2
}

#[generator]
#[derive(Serialize, Deserialize)]
async fn sum_steps(n: u64) -> u64 {
    let mut total = 0;
    let mut i = 0;
    while i < n {
        total += step(i).await;
        i += 1;
    }
    total
}

#[test]
fn an_async_fn_saved_while_pending_resumes_where_it_was() {
    let mut cx = Context::from_waker(Waker::noop());
    for k in 0..4 {
        let mut f = sum_steps(3);
        let mut polls = 0;
        for _ in 0..k {
            assert_eq!(Pin::new(&mut f).poll(&mut cx), Poll::Pending);
            polls += 1;
        }
        let mut h = restore(sum_steps(0), &save(&f)).unwrap();
        let total = loop {
            polls += 1;
            if let Poll::Ready(v) = Pin::new(&mut h).poll(&mut cx) {
                break v;
            }
        };
        assert_eq!((total, polls), (6, 4), "saved after {k} polls");
    }
}

/// Limits whose methods the macro cannot see the result types of.
#[derive(Serialize, Deserialize)]
struct Limits {
    count: u64,
    scale: u64,
}

impl Limits {
    fn count(&self) -> u64 {
        self.count
    }
    fn scale(&self) -> u64 {
        self.scale
    }
}

/// Awaits futures made from method results of a local: the macro suspects them of borrowing `limits`; the
/// borrow-check copy has rustc confirm that they hold no borrow.
#[generator]
#[derive(Serialize, Deserialize)]
async fn scaled_steps(limits: Limits) -> u64 {
    let mut total = 0;
    for i in 0..limits.count() {
        total += step(limits.scale() * i).await;
    }
    total
}

#[test]
fn an_awaited_future_made_from_a_local_is_saved_and_restored() {
    let mut cx = Context::from_waker(Waker::noop());
    // `limits` is pinned (something kept across a suspension point may borrow it, for all the macro sees).
    let mut f = Box::pin(scaled_steps(Limits { count: 3, scale: 10 }));
    assert_eq!(f.as_mut().poll(&mut cx), Poll::Pending);
    assert_eq!(f.as_mut().poll(&mut cx), Poll::Pending);
    let mut h = Box::pin(restore(scaled_steps(Limits { count: 0, scale: 0 }), &save(&*f)).unwrap());
    assert_eq!(h.as_mut().poll(&mut cx), Poll::Pending);
    assert_eq!(h.as_mut().poll(&mut cx), Poll::Ready(60));
}

#[generator(yield = u64)]
#[derive(Serialize, Deserialize)]
async fn ticks(n: u64) {
    let mut i = 0;
    while i < n {
        YieldOnce(false).await;
        yield_!(i);
        i += 1;
    }
}

#[test]
fn a_stream_saved_between_items_resumes_where_it_was() {
    let mut cx = Context::from_waker(Waker::noop());
    let mut s = ticks(3);
    let mut got = Vec::new();
    // Pending, item 0, pending: then saved while awaiting.
    for _ in 0..3 {
        if let Poll::Ready(Some(v)) = Pin::new(&mut s).poll_next(&mut cx) {
            got.push(v);
        }
    }
    let mut h = pin!(restore(ticks(0), &save(&s)).unwrap());
    loop {
        match h.as_mut().poll_next(&mut cx) {
            Poll::Ready(Some(v)) => got.push(v),
            Poll::Ready(None) => break,
            Poll::Pending => {}
        }
    }
    assert_eq!(got, [0, 1, 2]);
}

// ----- two processes -------------------------------------------------------------------------------------------------

/// Runs a suspended `words` to its end with the resume arguments 7, 8, …: what it yields, then its return value.
fn finish_words<G: Generator<u32, Yield = String, Return = Vec<u32>> + Unpin>(g: &mut G) -> Vec<String> {
    let mut out = Vec::new();
    let mut arg = 7;
    loop {
        match g.resume_unpin(arg) {
            GeneratorState::Yielded(s) => out.push(s),
            GeneratorState::Complete(v) => {
                out.push(format!("return {v:?}"));
                return out;
            }
        }
        arg += 1;
    }
}

/// The second process: restores the snapshot the first wrote and prints what the generator does next. Runs only when
/// the first process starts it (an environment variable names the file).
#[test]
fn second_process() {
    let Ok(path) = std::env::var("GEN_SNAPSHOT_FILE") else { return };
    let bytes = std::fs::read(&path).unwrap();
    let mut g = restore(words(String::new(), 0), &bytes).unwrap();
    println!("SECOND PROCESS: {}", finish_words(&mut g).join("|"));
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot start a process")]
fn a_snapshot_written_by_one_process_is_resumed_by_another() {
    let mut g = words("p".into(), 3);
    let mut first = Vec::new();
    for arg in [0, 2] {
        if let GeneratorState::Yielded(s) = g.resume_unpin(arg) {
            first.push(s);
        }
    }
    assert_eq!(first, ["p0", "even 2"]);
    let path = std::env::temp_dir().join(format!("gen-snapshot-{}.json", std::process::id()));
    std::fs::write(&path, save(&g)).unwrap();
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "second_process", "--nocapture", "--test-threads=1"])
        .env("GEN_SNAPSHOT_FILE", &path)
        .output()
        .unwrap();
    std::fs::remove_file(&path).ok();
    let stdout = String::from_utf8_lossy(&child.stdout);
    let line = stdout.lines().find_map(|l| l.split_once("SECOND PROCESS: ").map(|(_, line)| line)).unwrap_or_else(|| panic!("{stdout}"));
    // What the original does with the same resume arguments.
    let rest = finish_words(&mut g);
    assert_eq!(line, rest.join("|"));
    assert_eq!(rest.last().unwrap(), "return [2, 70, 8, 90, 10, 110]");
}

mod forbids_unsafe {
    //! A crate that forbids `unsafe` code can derive snapshots: the expansion's `unsafe` does not count against it.
    #![forbid(unsafe_code)]
    use gen_runtime::prelude::*;
    use serde::{Deserialize, Serialize};

    #[generator(yield = u32)]
    #[derive(Serialize, Deserialize)]
    pub fn evens(n: u32) {
        let mut i = 0;
        while i < n {
            yield_!(i * 2);
            i += 1;
        }
    }

    #[test]
    fn saves_and_restores() {
        let mut g = evens(3);
        g.resume_unpin(());
        let mut h = super::restore(evens(0), &super::save(&g)).unwrap();
        assert_eq!(h.resume_unpin(()), GeneratorState::Yielded(2));
    }
}
