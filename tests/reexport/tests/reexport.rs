use gen_tests_reexport::reexported::prelude::*;

#[test]
fn generators_expand_against_a_re_exported_runtime() {
    let g = gen_tests_reexport::word_lengths("a bb".into());
    let mut g = std::pin::pin!(g);
    let mut ys = Vec::new();
    let r = loop {
        match g.as_mut().resume(()) {
            GeneratorState::Yielded(y) => ys.push(y),
            GeneratorState::Complete(r) => break r,
        }
    };
    assert_eq!((ys, r), (vec![1, 2, 0], 3));
    use futures::StreamExt;
    let items: Vec<u8> = futures::executor::block_on(gen_tests_reexport::bytes().collect());
    assert_eq!(items, [7]);
}

#[test]
fn a_snapshot_is_saved_and_restored_through_a_re_exported_runtime() {
    use gen_tests_reexport::reexported::Snapshot;
    let mut g = gen_tests_reexport::countdown(3);
    assert_eq!(g.resume_unpin(()), GeneratorState::Yielded(3));
    let mut bytes = Vec::new();
    g.save(&mut serde_json::Serializer::new(&mut bytes)).unwrap();
    let mut h = gen_tests_reexport::countdown(0).restored_from(&mut serde_json::Deserializer::from_slice(&bytes)).unwrap();
    assert_eq!(h.resume_unpin(()), GeneratorState::Yielded(2));
}
