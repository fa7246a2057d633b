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
