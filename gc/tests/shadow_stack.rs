//! The frame-marker trick: a minor collection does not rescan shadow-stack frames that are
//! unchanged since the previous one.

mod common;

use common::{Mock, small_config};
use tern_gc::{FrameId, Heap, MajorPhase};

const DEPTH: usize = 1000;

fn frames_scanned_by_minor(heap: &mut Heap) -> u64 {
    assert_eq!(heap.major_phase(), MajorPhase::Idle);
    let before = heap.stats().shadow_stack_frames_scanned;
    heap.collect_minor();
    heap.stats().shadow_stack_frames_scanned - before
}

#[test]
fn deep_unchanged_shadow_stack_is_not_rescanned() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let mut frames: Vec<FrameId> = Vec::new();
    for i in 0..DEPTH {
        let f = heap.shadow_stack().push_frame(2);
        frames.push(f);
        let n = m.node(&mut heap, i as u64);
        heap.shadow_stack().set_ref(f, 0, Some(n));
    }
    heap.finish_major();
    heap.collect_minor();
    assert_eq!(frames_scanned_by_minor(&mut heap), 0, "nothing changed");

    // A new frame holding a young object: only that frame is scanned.
    heap.scope(|heap, s| {
        let young = m.node(heap, 5000);
        let young = heap.root(s, young);
        heap.finish_major();
        let top = heap.shadow_stack().push_frame(1);
        let y = heap.get(young);
        heap.shadow_stack().set_ref(top, 0, Some(y));
        assert_eq!(frames_scanned_by_minor(heap), 1);
        assert!(!heap.is_young(heap.shadow_stack_ref().get_ref(top, 0).unwrap()));
        heap.shadow_stack().pop_frame(top).unwrap();
    });
    assert_eq!(frames_scanned_by_minor(&mut heap), 0);

    // Writing into frame 500 makes frames 500..DEPTH dirty.
    heap.scope(|heap, s| {
        let young = m.node(heap, 6000);
        let young = heap.root(s, young);
        heap.finish_major();
        let y = heap.get(young);
        heap.shadow_stack().set_ref(frames[500], 1, Some(y));
    });
    assert_eq!(frames_scanned_by_minor(&mut heap), (DEPTH - 500) as u64);
    assert_eq!(frames_scanned_by_minor(&mut heap), 0);

    // Popping does not dirty the frames below.
    for f in frames.drain(400..).rev() {
        heap.shadow_stack().pop_frame(f).unwrap();
    }
    assert_eq!(frames_scanned_by_minor(&mut heap), 0);

    // During major marking every frame is scanned (old objects must be marked). A big
    // array makes marking take several steps.
    let arr = m.array(&mut heap, 1, 20_000);
    heap.shadow_stack().set_ref(frames[0], 1, Some(arr));
    heap.finish_major();
    heap.collect_step();
    if heap.major_phase() == MajorPhase::Marking {
        let before = heap.stats().shadow_stack_frames_scanned;
        heap.collect_minor();
        assert_eq!(heap.stats().shadow_stack_frames_scanned - before, 400);
    }
    heap.finish_major();

    // All objects are intact.
    heap.collect();
    for (i, &f) in frames.iter().enumerate() {
        let n = heap.shadow_stack().get_ref(f, 0).unwrap();
        assert_eq!(heap.read::<u64>(n, 0), i as u64);
    }
    let n = heap.shadow_stack().get_ref(frames[399], 0).unwrap();
    assert_eq!(heap.read::<u64>(n, 0), 399);
    heap.verify().unwrap();
}

#[test]
fn a_frame_holding_a_pinned_object_stays_dirty() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let bottom = heap.shadow_stack().push_frame(1);
    for _ in 0..10 {
        heap.shadow_stack().push_frame(1);
    }
    let b = m.bytes(&mut heap, 3, 64);
    heap.shadow_stack().set_ref(bottom, 0, Some(b));
    heap.finish_major();
    if !heap.is_young(b) {
        return; // stress mode promoted it before it could be pinned
    }
    assert!(heap.pin(b));
    heap.collect_minor();
    assert_eq!(
        frames_scanned_by_minor(&mut heap),
        11,
        "the pinned reference keeps frame 0 dirty"
    );
    heap.unpin(b).unwrap();
    assert_eq!(
        frames_scanned_by_minor(&mut heap),
        11,
        "the unpinned object moves now"
    );
    let moved = heap.shadow_stack().get_ref(bottom, 0).unwrap();
    assert_ne!(moved, b);
    assert!(
        heap.bytes(moved)
            .iter()
            .enumerate()
            .all(|(i, &x)| x == common::pattern(3, i))
    );
    assert_eq!(frames_scanned_by_minor(&mut heap), 0);
}
