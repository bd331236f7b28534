//! Targeted code generation cases beyond the conformance suite: inline allocation into a
//! nursery full of garbage (`nursery_zeroed: false`, both the unrolled and the loop
//! zeroing), many live values (spill slots far from `sp`), many float values, the
//! spill-slot limit reported as an error, and division traps. Cases that execute code
//! run on AArch64 only (natively or under qemu-user); the limit case runs everywhere.

use tern_jit_backend_arm::ArmBackend;
use tern_jit_ir::conformance::native;
use tern_jit_ir::heap::ModelHeap;
use tern_jit_ir::{Backend, BackendError, text};

/// `n` ints live at once: `v_k = i0 + k`, then their sum.
fn many_live_ints(n: usize) -> String {
    let mut s = String::from("[i0]\n");
    for k in 1..=n {
        s += &format!("i{k} = int_add(i0, {k})\n");
    }
    let mut acc = 1;
    for k in 2..=n {
        s += &format!("i{} = int_add(i{acc}, i{k})\n", n + k);
        acc = n + k;
    }
    s += &format!("finish(i{acc})\n");
    s
}

#[test]
fn too_many_live_values_is_a_clear_error() {
    let heap = ModelHeap::new(4096);
    let mut b = ArmBackend::new(native::backend_config(&heap)).unwrap();
    let t = text::parse(&many_live_ints(5000)).unwrap();
    match b.compile_loop(&t) {
        Err(BackendError::Unsupported(m)) => assert!(m.contains("spill slots"), "{m}"),
        other => panic!("expected an error, got {other:?}"),
    }
}

#[cfg(target_arch = "aarch64")]
mod exec {
    use super::*;
    use tern_jit_ir::{Exit, Value};

    fn finished(b: &mut ArmBackend, src: &str, inputs: &[Value]) -> Result<Exit, BackendError> {
        let t = text::parse(src).unwrap_or_else(|e| panic!("{e}\n{src}"));
        let id = b.compile_loop(&t)?;
        b.execute(id, inputs)
    }

    #[test]
    fn spill_slots_far_from_sp() {
        let heap = ModelHeap::new(4096);
        let mut b = ArmBackend::new(native::backend_config(&heap)).unwrap();
        for n in [30, 300, 2000] {
            let x = 7i64;
            let want: i64 = (1..=n as i64).map(|k| x + k).sum();
            let exit = finished(&mut b, &many_live_ints(n), &[Value::Int(x)]).unwrap();
            assert_eq!(exit, Exit::Finished(Some(Value::Int(want))), "n = {n}");
        }
    }

    #[test]
    fn many_live_floats() {
        let heap = ModelHeap::new(4096);
        let mut b = ArmBackend::new(native::backend_config(&heap)).unwrap();
        let n = 80;
        let mut s = String::from("[f0]\n");
        for k in 1..=n {
            s += &format!("f{k} = float_add(f0, {k}.5)\n");
        }
        let mut acc = 1;
        for k in 2..=n {
            s += &format!("f{} = float_add(f{acc}, f{k})\n", n + k);
            acc = n + k;
        }
        s += &format!("finish(f{acc})\n");
        let x = 0.25f64;
        let mut want = x + 1.5;
        for k in 2..=n {
            want += x + k as f64 + 0.5;
        }
        let exit = finished(&mut b, &s, &[Value::Float(x)]).unwrap();
        assert_eq!(exit, Exit::Finished(Some(Value::Float(want))));
    }

    /// Fills the free nursery with 0xAB bytes.
    fn poison_nursery(heap: &ModelHeap) {
        let (free, top) = heap.nursery_cells();
        // SAFETY: the cells are the heap's live nursery bounds; the bytes between them
        // are free nursery memory no object uses yet.
        unsafe {
            let p = *(free as *const u64);
            let end = *(top as *const u64);
            std::ptr::write_bytes(p as *mut u8, 0xAB, (end - p) as usize);
        }
    }

    #[test]
    fn inline_allocation_zeroes_a_garbage_nursery() {
        let heap = ModelHeap::new(64 * 1024);
        poison_nursery(&heap);
        let mut config = native::backend_config(&heap);
        config.gc.nursery_zeroed = false;
        let mut b = ArmBackend::new(config).unwrap();
        // 3 items (unrolled zeroing) and 100 items (the loop); read the last item, the
        // length and a struct's field.
        let src = "array IntArr: base=16 item=8 kind=int signed len=8 tid=4
size Box: size=24 tid=3 vtable=0x3300 refs=()
field Box.val: offset=16 size=8 kind=int signed
[i0]
p1 = new_array(3, descr=IntArr)
p2 = new_array(100, descr=IntArr)
p3 = new_with_vtable(descr=Box)
i4 = getarrayitem_gc_i(p1, 2, descr=IntArr)
i5 = getarrayitem_gc_i(p2, 99, descr=IntArr)
i6 = getarrayitem_gc_i(p2, 0, descr=IntArr)
i7 = arraylen_gc(p2, descr=IntArr)
i8 = getfield_gc_i(p3, descr=Box.val)
i9 = int_or(i4, i5)
i10 = int_or(i9, i6)
i11 = int_or(i10, i8)
i12 = int_add(i11, i7)
finish(i12)
";
        let exit = finished(&mut b, src, &[Value::Int(0)]).unwrap();
        assert_eq!(exit, Exit::Finished(Some(Value::Int(100))));
    }

    #[test]
    fn variable_length_arrays_inline_and_slow() {
        // The slow paths of `native` allocate from the thread's current heap.
        let heap = tern_jit_ir::heap::SharedHeap::new(ModelHeap::new(64 * 1024));
        let _current = native::CurrentHeap::enter(&heap);
        poison_nursery(&heap.0.borrow());
        let mut config = native::backend_config(&heap.0.borrow());
        config.gc.nursery_zeroed = false;
        let mut b = ArmBackend::new(config).unwrap();
        // Sum of all items (zeroed or garbage) plus the length: the length iff zeroed.
        let src = "array IntArr: base=16 item=8 kind=int signed len=8 tid=4
array Bytes: base=16 item=1 kind=int unsigned len=8 tid=5
token L0
[i0, i1, i2]
p3 = new_array(i0, descr=IntArr)
p4 = new_array(i0, descr=Bytes)
label(i0, i1, i2, p3, p4, descr=L0)
i5 = getarrayitem_gc_i(p3, i1, descr=IntArr)
i6 = getarrayitem_gc_i(p4, i1, descr=Bytes)
i7 = int_add(i2, i5)
i8 = int_add(i7, i6)
i9 = int_add(i1, 1)
i10 = int_lt(i9, i0)
guard_true(i10) [r0: frame(1, 1; i8, i0)]
jump(i0, i9, i8, p3, p4, descr=L0)
";
        let t = text::parse(src).unwrap();
        // The slow path allocates by type id: the heap must know the types.
        for (_, d) in t.descrs().iter() {
            if d.as_array().is_some() {
                heap.0.borrow_mut().register_type(d);
            }
        }
        let id = b.compile_loop(&t).unwrap();
        // 3 and 100 items inline; 5000 items (40 KB of ints) still fit the 64 KiB nursery
        // once; the next big one takes the slow path.
        for n in [3i64, 100, 5000, 5000, 1] {
            let exit = b
                .execute(id, &[Value::Int(n), Value::Int(0), Value::Int(0)])
                .unwrap();
            match exit {
                Exit::GuardFailed { values, .. } => {
                    assert_eq!(values, [Value::Int(0), Value::Int(n)], "n = {n}")
                }
                other => panic!("{other:?}"),
            }
        }
        // A negative length goes to the slow path, which refuses.
        let neg = b.execute(id, &[Value::Int(-1), Value::Int(0), Value::Int(0)]);
        assert!(matches!(neg, Err(BackendError::Execution(_))), "{neg:?}");
    }

    #[test]
    fn division_traps_abandon_the_execution() {
        let heap = ModelHeap::new(4096);
        let mut b = ArmBackend::new(native::backend_config(&heap)).unwrap();
        let src = "[i0, i1]\ni2 = int_div(i0, i1)\ni3 = int_rem(i0, i1)\ni4 = int_add(i2, i3)\nfinish(i4)";
        let t = text::parse(src).unwrap();
        let id = b.compile_loop(&t).unwrap();
        let run =
            |b: &mut ArmBackend, x: i64, y: i64| b.execute(id, &[Value::Int(x), Value::Int(y)]);
        assert_eq!(
            run(&mut b, -7, 2).unwrap(),
            Exit::Finished(Some(Value::Int(-3 + -1)))
        );
        match run(&mut b, 1, 0) {
            Err(BackendError::Execution(m)) => assert!(m.contains("division by zero"), "{m}"),
            other => panic!("{other:?}"),
        }
        match run(&mut b, i64::MIN, -1) {
            Err(BackendError::Execution(m)) => assert!(m.contains("overflow"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            run(&mut b, i64::MIN, 1).unwrap(),
            Exit::Finished(Some(Value::Int(i64::MIN)))
        );
    }
}
