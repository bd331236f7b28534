//! The fixed conformance cases: small traces that each exercise one area of the
//! semantics (arithmetic edge cases, every guard, every memory access width, allocation
//! with and without the slow path and write barriers, calls with many and mixed
//! arguments, exceptions, forcing, loops, register pressure, bridges, `call_assembler`,
//! invalidation, freeing), each with a script of runs whose inputs make different guards
//! fail. `{name}` in a trace is replaced by the address of the native function `name`.

use crate::tracegen::{InputSpec, ObjectSpec};

/// One step of a case's script.
#[derive(Clone, Debug)]
pub enum Step {
    /// Execute the entry trace with these inputs (compared on both backends).
    Run(Vec<InputSpec>),
    /// Compile this bridge for the guard where the previous run exited, and attach it.
    Bridge(String),
    /// Invalidate the entry loop.
    Invalidate,
    /// Free the entry loop; executing it must then fail.
    Free,
}

/// A fixed case.
#[derive(Clone, Debug)]
pub struct FixedCase {
    /// Name for reports.
    pub name: &'static str,
    /// Objects existing before the runs.
    pub objects: Vec<ObjectSpec>,
    /// Traces compiled in order (later ones may use earlier ones' tokens); the last one
    /// is the entry.
    pub traces: Vec<String>,
    /// The script.
    pub steps: Vec<Step>,
}

/// Declarations matching [`World`](crate::tracegen::World) and the native functions.
pub const PRELUDE: &str = "\
size Node: size=56 tid=2 vtable=0x2200 refs=(24)
field Node.val: offset=16 size=8 kind=int signed
field Node.next: offset=24 size=8 kind=ref signed
field Node.fl: offset=32 size=8 kind=float signed
field Node.id: offset=40 size=8 kind=int signed immutable
field Node.small: offset=48 size=2 kind=int signed
field Node.byte: offset=50 size=1 kind=int unsigned
size Box: size=24 tid=3 vtable=0x3300 refs=()
field Box.val: offset=16 size=8 kind=int signed
array IntArr: base=16 item=8 kind=int signed len=8 tid=4
array RefArr: base=16 item=8 kind=ref signed len=8 tid=5
array Str: base=16 item=1 kind=int unsigned len=8 tid=6
array FloatArr: base=16 item=8 kind=float signed len=8 tid=7
field Raw.a: offset=0 size=8 kind=int signed
field Raw.f: offset=8 size=8 kind=float signed
array RawI32: base=16 item=4 kind=int signed len=0 tid=0
array RawU16: base=48 item=2 kind=int unsigned len=0 tid=0
call f_mix: args=(int, int) result=int effects=(elidable) reads=() writes=()
call f_check: args=(int) result=int effects=(raise) reads=() writes=()
call f_store: args=(ref, int) result=void effects=() reads=() writes=(Node.val)
call f_read: args=(ref) result=int effects=() reads=(Node.val, Node.small) writes=()
call f_any: args=(ref, int) result=int effects=(raise, collect) reads=all writes=all
call f_float: args=(float, float) result=float effects=(elidable) reads=() writes=()
call f_force: args=(ref, int) result=int effects=(collect, force) reads=() writes=()
call f_sum8: args=(int, int, int, int, int, int, int, int) result=int effects=() reads=() writes=()
call f_mixed: args=(float, int, float, int, float) result=float effects=() reads=() writes=()
call f_small: args=(int) result=int result_size=2 signed effects=() reads=() writes=()
";

fn node(val: i64, next: Option<usize>) -> ObjectSpec {
    ObjectSpec::Node {
        val,
        next,
        fl: 1.5,
        id: 100 + val,
        small: -7,
        byte: 200,
    }
}

use InputSpec::{Float as F, Int as I, Null, Object as O, RawAddr as Raw};

fn run(inputs: &[InputSpec]) -> Step {
    Step::Run(inputs.to_vec())
}

/// All fixed cases.
pub fn fixed_cases() -> Vec<FixedCase> {
    let mut cases = Vec::new();
    let mut case =
        |name: &'static str, objects: Vec<ObjectSpec>, traces: &[&str], steps: Vec<Step>| {
            cases.push(FixedCase {
                name,
                objects,
                traces: traces.iter().map(|t| format!("{PRELUDE}{t}")).collect(),
                steps,
            });
        };

    let int_ops = [
        "int_add",
        "int_sub",
        "int_mul",
        "int_and",
        "int_or",
        "int_xor",
        "int_lshift",
        "int_rshift",
        "uint_rshift",
        "int_lt",
        "int_le",
        "int_gt",
        "int_ge",
        "int_eq",
        "int_ne",
        "uint_lt",
        "uint_le",
        "uint_gt",
        "uint_ge",
    ];
    let mut t = String::from("[i0, i1, p2]\n");
    let mut k = 0;
    for (n, op) in int_ops.iter().enumerate() {
        t += &format!(
            "i{} = {op}(i0, i1)\nsetarrayitem_gc(p2, {k}, i{}, descr=IntArr)\n",
            100 + n,
            100 + n
        );
        k += 1;
    }
    for (n, op) in ["int_neg", "int_invert", "int_is_zero", "int_is_true"]
        .iter()
        .enumerate()
    {
        t += &format!(
            "i{} = {op}(i0)\nsetarrayitem_gc(p2, {k}, i{}, descr=IntArr)\n",
            200 + n,
            200 + n
        );
        k += 1;
    }
    for (n, (op, c)) in [
        ("int_div", 7),
        ("int_div", -7),
        ("int_rem", 7),
        ("int_rem", -7),
        ("int_lshift", 63),
        ("int_rshift", 63),
        ("uint_rshift", 1),
        ("int_add", i64::MIN),
        ("int_mul", -3),
        ("int_and", 0xff00),
        ("int_lt", 0),
        ("uint_gt", -1),
    ]
    .iter()
    .enumerate()
    {
        t += &format!(
            "i{} = {op}(i0, {c})\nsetarrayitem_gc(p2, {k}, i{}, descr=IntArr)\n",
            300 + n,
            300 + n
        );
        k += 1;
    }
    t += "finish()\n";
    let arr = || vec![ObjectSpec::IntArr(vec![0; 40])];
    case(
        "int_arithmetic",
        arr(),
        &[&t],
        [
            (7, -3),
            (i64::MIN, -1),
            (i64::MAX, 2),
            (-1, 64),
            (0, 65),
            (12_345_678_901, -63),
            (-100, 100),
            (i64::MIN, 63),
        ]
        .iter()
        .map(|&(a, b)| run(&[I(a), I(b), O(0)]))
        .collect(),
    );

    case(
        "overflow_checks",
        vec![],
        &["[i0, i1]
i2 = int_add_ovf(i0, i1)
guard_no_overflow() [r0: frame(1, 1; i0, i1)]
i4 = int_sub_ovf(i0, i1)
guard_no_overflow() [r1: frame(1, 2; i2, i1)]
i6 = int_mul_ovf(i0, i1)
guard_overflow() [r2: frame(1, 3; i2, i4, i6)]
finish(i6)
"],
        vec![
            run(&[I(1 << 62), I(4)]),
            run(&[I(i64::MAX), I(1)]),
            run(&[I(i64::MIN), I(-2)]),
            run(&[I(-5), I(i64::MAX)]),
            run(&[I(3), I(4)]),
        ],
    );

    let mut t = String::from("[f0, f1, p2, p3]\n");
    for (n, op) in ["float_add", "float_sub", "float_mul", "float_truediv"]
        .iter()
        .enumerate()
    {
        t += &format!(
            "f{} = {op}(f0, f1)\nsetarrayitem_gc(p2, {n}, f{}, descr=FloatArr)\n",
            100 + n,
            100 + n
        );
    }
    for (n, op) in ["float_neg", "float_abs"].iter().enumerate() {
        t += &format!(
            "f{} = {op}(f0)\nsetarrayitem_gc(p2, {}, f{}, descr=FloatArr)\n",
            200 + n,
            4 + n,
            200 + n
        );
    }
    for (n, op) in [
        "float_lt", "float_le", "float_gt", "float_ge", "float_eq", "float_ne",
    ]
    .iter()
    .enumerate()
    {
        t += &format!(
            "i{} = {op}(f0, f1)\nsetarrayitem_gc(p3, {n}, i{}, descr=IntArr)\n",
            300 + n,
            300 + n
        );
    }
    t += "i400 = cast_float_to_int(f0)\nsetarrayitem_gc(p3, 6, i400, descr=IntArr)\n\
          i401 = cast_float_to_int(f1)\nf402 = cast_int_to_float(i401)\nsetarrayitem_gc(p2, 6, f402, descr=FloatArr)\n\
          f403 = float_add(f0, 0.1)\nsetarrayitem_gc(p2, 7, f403, descr=FloatArr)\nfinish(f403)\n";
    case(
        "float_arithmetic",
        vec![
            ObjectSpec::FloatArr(vec![0.0; 8]),
            ObjectSpec::IntArr(vec![0; 8]),
        ],
        &[&t],
        [
            (1.5, -2.25),
            (f64::NAN, 1.0),
            (1e300, -1e300),
            (-0.0, 0.0),
            (f64::INFINITY, 3.0),
            (9.3e18, -9.3e18),
            (0.1, 3.0),
            (-7.9, f64::NEG_INFINITY),
        ]
        .iter()
        .map(|&(a, b)| run(&[F(a), F(b), O(0), O(1)]))
        .collect(),
    );

    case(
        "guards",
        vec![node(1, None), ObjectSpec::Box(5), node(2, None)],
        &["[i0, i1, f2, p3, p4]
i5 = int_and(i0, 1)
guard_true(i5) [r0: frame(1, 1; i0, i1, f2, p3, p4)]
i7 = int_lt(i1, 100)
guard_false(i7) [r1: frame(1, 2; i0, i1)]
guard_value(i0, 7) [r2: frame(1, 3; i1, f2)]
guard_value(f2, 2.5) [r3: frame(1, 4; f2, p3)]
guard_nonnull(p3) [r4: frame(1, 5; i1)]
guard_class(p3, 0x2200) [r5: frame(1, 6; p3, p4)]
guard_nonnull_class(p4, 0x3300) [r6: frame(1, 7; p3, p4, 9, -2.0)]
i15 = ptr_ne(p3, p4)
guard_true(i15) [r7: frame(1, 8; p4)]
finish(i1)
"],
        vec![
            run(&[I(7), I(200), F(2.5), O(0), O(1)]),
            run(&[I(6), I(200), F(2.5), O(0), O(1)]),
            run(&[I(7), I(50), F(2.5), O(0), O(1)]),
            run(&[I(9), I(200), F(2.5), O(0), O(1)]),
            run(&[I(7), I(200), F(1.0), O(0), O(1)]),
            run(&[I(7), I(200), F(2.5), Null, O(1)]),
            run(&[I(7), I(200), F(2.5), O(1), O(1)]),
            run(&[I(7), I(200), F(2.5), O(0), Null]),
            run(&[I(7), I(200), F(2.5), O(0), O(2)]),
        ],
    );

    case(
        "null_and_always_failing_guards",
        vec![node(3, None)],
        &["[p0, i1]
guard_isnull(p0) [r0: frame(1, 1; p0, i1)]
guard_true(i1) [r1: frame(1, 2; i1)]
guard_always_fails() [r2: frame(1, 3; p0, 3.5)]
finish()
"],
        vec![run(&[Null, I(1)]), run(&[O(0), I(1)]), run(&[Null, I(0)])],
    );

    case(
        "fields_of_every_width",
        vec![
            node(10, None),
            ObjectSpec::Box(-4),
            node(20, Some(0)),
            ObjectSpec::IntArr(vec![0; 16]),
        ],
        &["[p0, p1, i2, f3, p4, p5]
i6 = getfield_gc_i(p0, descr=Node.val)
i7 = getfield_gc_i(p0, descr=Node.small)
i8 = getfield_gc_i(p0, descr=Node.byte)
i9 = getfield_gc_i(p0, descr=Node.id)
f10 = getfield_gc_f(p0, descr=Node.fl)
p11 = getfield_gc_r(p4, descr=Node.next)
i12 = getfield_gc_i(p1, descr=Box.val)
setfield_gc(p0, i2, descr=Node.small)
setfield_gc(p0, i2, descr=Node.byte)
setfield_gc(p0, f3, descr=Node.fl)
setfield_gc(p1, i2, descr=Box.val)
setfield_gc(p0, p4, descr=Node.next)
i18 = getfield_gc_i(p0, descr=Node.small)
i19 = getfield_gc_i(p0, descr=Node.byte)
f20 = getfield_gc_f(p0, descr=Node.fl)
i21 = getfield_gc_i(p11, descr=Node.val)
setarrayitem_gc(p5, 0, i6, descr=IntArr)
setarrayitem_gc(p5, 1, i7, descr=IntArr)
setarrayitem_gc(p5, 2, i8, descr=IntArr)
setarrayitem_gc(p5, 3, i9, descr=IntArr)
setarrayitem_gc(p5, 4, i12, descr=IntArr)
setarrayitem_gc(p5, 5, i18, descr=IntArr)
setarrayitem_gc(p5, 6, i19, descr=IntArr)
setarrayitem_gc(p5, 7, i21, descr=IntArr)
i30 = cast_float_to_int(f10)
setarrayitem_gc(p5, 8, i30, descr=IntArr)
finish(f20)
"],
        [
            70000i64,
            -1,
            255,
            256,
            -129,
            32767,
            -32768,
            0x7fff_ffff_ffff,
        ]
        .iter()
        .map(|&v| run(&[O(0), O(1), I(v), F(v as f64 * 0.5), O(2), O(3)]))
        .collect(),
    );

    case(
        "arrays_and_strings",
        vec![
            ObjectSpec::IntArr(vec![5, -6, 7, -8, 9]),
            ObjectSpec::RefArr(vec![Some(3), None, Some(3)]),
            ObjectSpec::Str(b"hello".to_vec()),
            node(4, None),
            ObjectSpec::FloatArr(vec![0.5, -1.5]),
        ],
        &["[p0, p1, p2, i3, p4]
i5 = arraylen_gc(p0, descr=IntArr)
i6 = getarrayitem_gc_i(p0, i3, descr=IntArr)
setarrayitem_gc(p0, i3, i5, descr=IntArr)
i8 = int_sub(i5, 1)
i9 = getarrayitem_gc_i(p0, i8, descr=IntArr)
setarrayitem_gc(p0, 0, i9, descr=IntArr)
p11 = getarrayitem_gc_r(p1, 0, descr=RefArr)
setarrayitem_gc(p1, 1, p11, descr=RefArr)
i13 = arraylen_gc(p1, descr=RefArr)
i14 = strlen(p2, descr=Str)
i15 = strgetitem(p2, i3, descr=Str)
strsetitem(p2, 0, i6, descr=Str)
i17 = strgetitem(p2, 0, descr=Str)
f18 = getarrayitem_gc_f(p4, 1, descr=FloatArr)
f19 = float_mul(f18, 2.0)
setarrayitem_gc(p4, 0, f19, descr=FloatArr)
i21 = int_add(i13, i14)
i22 = int_add(i21, i15)
i23 = int_add(i22, i17)
finish(i23)
"],
        vec![
            run(&[O(0), O(1), O(2), I(1), O(4)]),
            run(&[O(0), O(1), O(2), I(3), O(4)]),
            run(&[O(0), O(1), O(2), I(0), O(4)]),
        ],
    );

    case(
        "raw_memory",
        vec![ObjectSpec::Raw(vec![
            11,
            2.5f64.to_bits(),
            0xffff_fffe_0000_0003,
            7,
            0x8000_1234_fff0_0001,
            9,
            10,
            11,
        ])],
        &["[i0, i1]
i2 = getfield_raw_i(i0, descr=Raw.a)
f3 = getfield_raw_f(i0, descr=Raw.f)
i4 = getarrayitem_raw_i(i0, 0, descr=RawI32)
i5 = getarrayitem_raw_i(i0, 1, descr=RawI32)
i6 = getarrayitem_raw_i(i0, 3, descr=RawU16)
setarrayitem_raw(i0, 2, i1, descr=RawI32)
setarrayitem_raw(i0, 1, i1, descr=RawU16)
setfield_raw(i0, i5, descr=Raw.a)
f10 = float_add(f3, 1.0)
setfield_raw(i0, f10, descr=Raw.f)
i12 = getarrayitem_raw_i(i0, 2, descr=RawI32)
i13 = int_add(i2, i4)
i14 = int_add(i13, i6)
i15 = int_add(i14, i12)
finish(i15)
"],
        vec![
            run(&[Raw(0), I(-5)]),
            run(&[Raw(0), I(0x1_2345_6789)]),
            run(&[Raw(0), I(65536 + 3)]),
        ],
    );

    case(
        "allocation_and_write_barriers",
        vec![node(1, None), ObjectSpec::RefArr(vec![None, None])],
        &["[p0, p1, i2]
p3 = new_with_vtable(descr=Node)
setfield_gc(p3, i2, descr=Node.val)
setfield_gc(p3, p0, descr=Node.next)
setfield_gc(p0, p3, descr=Node.next)
p7 = new(descr=Box)
setfield_gc(p7, 3, descr=Box.val)
guard_class(p3, 0x2200) [r0: frame(1, 1; p3)]
p10 = new_array(i2, descr=IntArr)
i11 = arraylen_gc(p10, descr=IntArr)
i12 = int_sub(i11, 1)
setarrayitem_gc(p10, i12, 42, descr=IntArr)
p14 = newstr(3, descr=Str)
strsetitem(p14, 2, 65, descr=Str)
setarrayitem_gc(p1, 0, p14, descr=RefArr)
setarrayitem_gc(p1, 1, p10, descr=RefArr)
p18 = new_array(2, descr=RefArr)
setarrayitem_gc(p18, 0, p7, descr=RefArr)
finish(p18)
"],
        vec![
            run(&[O(0), O(1), I(3)]),
            run(&[O(0), O(1), I(20_000)]),
            run(&[O(0), O(1), I(1)]),
        ],
    );

    case(
        "calls",
        vec![node(30, None), ObjectSpec::IntArr(vec![0; 12])],
        &["[i0, f1, p2, p3]
i4 = call_i({mix}, i0, 5, descr=f_mix)
i5 = call_pure_i({mix}, i4, i0, descr=f_mix)
call_n({store}, p2, i5, descr=f_store)
i7 = call_i({read}, p2, descr=f_read)
f8 = call_pure_f({float}, f1, 4.0, descr=f_float)
i9 = call_i({sum8}, i0, i4, i5, i7, 5, 6, -7, i0, descr=f_sum8)
f10 = call_f({mixed}, f8, i9, f1, i0, 0.25, descr=f_mixed)
i11 = call_i({small}, i9, descr=f_small)
i12 = call_release_gil_i({mix}, i11, i9, descr=f_mix)
i13 = cast_float_to_int(f10)
setarrayitem_gc(p3, 0, i4, descr=IntArr)
setarrayitem_gc(p3, 1, i5, descr=IntArr)
setarrayitem_gc(p3, 2, i7, descr=IntArr)
setarrayitem_gc(p3, 3, i9, descr=IntArr)
setarrayitem_gc(p3, 4, i11, descr=IntArr)
setarrayitem_gc(p3, 5, i12, descr=IntArr)
setarrayitem_gc(p3, 6, i13, descr=IntArr)
finish(f10)
"],
        vec![
            run(&[I(3), F(1.25), O(0), O(1)]),
            run(&[I(-77777), F(-0.5), O(0), O(1)]),
        ],
    );

    case(
        "exceptions",
        vec![node(8, None)],
        &["[i0, p1]
i2 = call_i({check}, i0, descr=f_check)
guard_no_exception() [r0: frame(1, 1; i0)]
i4 = int_add(i2, 1)
i5 = call_i({check}, i4, descr=f_check)
p6 = guard_exception(0x9900) [r1: frame(1, 2; i4, p1)]
i7 = call_i({any}, p1, i0, descr=f_any)
guard_no_exception() [r2: frame(1, 3; i7)]
finish(p6)
"],
        vec![
            run(&[I(2), O(0)]),
            run(&[I(10), O(0)]),
            run(&[I(3), O(0)]),
            run(&[I(12), O(0)]),
        ],
    );

    case(
        "forcing",
        vec![],
        &["[i0]
p1 = force_token()
i2 = call_may_force_i({force}, p1, i0, descr=f_force)
guard_not_forced() [r0: frame(1, 1; i0, i2)]
i4 = int_add(i2, i0)
finish(i4)
"],
        vec![run(&[I(3)]), run(&[I(14)]), run(&[I(-7)])],
    );

    case(
        "loop_with_carried_values",
        vec![node(1, Some(1)), node(2, Some(2)), node(3, Some(0))],
        &["token L0
[i0, f1, p2, i3]
label(i0, f1, p2, i3, descr=L0)
i4 = getfield_gc_i(p2, descr=Node.val)
i5 = int_add(i3, i4)
f6 = float_mul(f1, 1.5)
p7 = getfield_gc_r(p2, descr=Node.next)
guard_nonnull(p7) [r0: frame(1, 1; i0, f6, p2, i5)]
i9 = int_sub(i0, 1)
i10 = int_gt(i9, 0)
guard_true(i10) [r1: frame(1, 2; i9, f6, p7, i5)]
jump(i9, f6, p7, i5, descr=L0)
"],
        vec![
            run(&[I(10), F(1.0), O(0), I(0)]),
            run(&[I(1), F(2.0), O(2), I(5)]),
        ],
    );

    // Many values live at once, across a call and into a guard's failargs.
    let mut t = String::from("[i0, i1, f2, p3]\n");
    let mut ints = Vec::new();
    let mut floats = Vec::new();
    for n in 0..24 {
        let a = if n == 0 {
            "i0".to_string()
        } else {
            format!("i{}", 100 + n - 1)
        };
        t += &format!("i{} = int_add({a}, {})\n", 100 + n, n * 7 + 1);
        ints.push(format!("i{}", 100 + n));
    }
    for n in 0..12 {
        t += &format!("f{} = float_add(f2, {}.5)\n", 200 + n, n);
        floats.push(format!("f{}", 200 + n));
    }
    t +=
        "i300 = call_i({any}, p3, i1, descr=f_any)\nguard_no_exception() [r0: frame(1, 1; i300)]\n";
    t += &format!(
        "i301 = int_lt(i1, 50)\nguard_true(i301) [r1: frame(1, 2; {}, {}, p3)]\n",
        ints.join(", "),
        floats.join(", ")
    );
    let mut acc = "i300".to_string();
    for (n, v) in ints.iter().enumerate() {
        t += &format!("i{} = int_xor({acc}, {v})\n", 400 + n);
        acc = format!("i{}", 400 + n);
    }
    let mut facc = "f2".to_string();
    for (n, v) in floats.iter().enumerate() {
        t += &format!("f{} = float_add({facc}, {v})\n", 500 + n);
        facc = format!("f{}", 500 + n);
    }
    t += &format!("i600 = cast_float_to_int({facc})\ni601 = int_add({acc}, i600)\nfinish(i601)\n");
    case(
        "register_pressure",
        vec![node(5, None)],
        &[&t],
        vec![
            run(&[I(1), I(3), F(0.25), O(0)]),
            run(&[I(-9), I(70), F(2.0), O(0)]),
        ],
    );

    case(
        "references_live_across_collecting_calls",
        vec![node(6, None), ObjectSpec::RefArr(vec![None; 3])],
        &["[p0, p1, i2]
p3 = new_with_vtable(descr=Node)
p4 = new_array(4, descr=IntArr)
setarrayitem_gc(p4, 3, i2, descr=IntArr)
i6 = call_i({any}, p0, i2, descr=f_any)
guard_no_exception() [r0: frame(1, 1; p3, p4)]
setfield_gc(p3, i6, descr=Node.val)
setfield_gc(p3, p0, descr=Node.next)
setarrayitem_gc(p1, 0, p3, descr=RefArr)
setarrayitem_gc(p1, 1, p4, descr=RefArr)
p12 = new_array(3000, descr=IntArr)
setarrayitem_gc(p1, 2, p12, descr=RefArr)
i14 = call_i({any}, p3, 9, descr=f_any)
guard_no_exception() [r1: frame(1, 2; p3, p4, p12)]
finish(p3)
"],
        vec![run(&[O(0), O(1), I(4)]), run(&[O(0), O(1), I(6)])],
    );

    case(
        "bridges",
        vec![],
        &["token L0
[i0, i1]
label(i0, i1, descr=L0)
i2 = int_add(i1, i0)
i3 = int_and(i0, 3)
guard_true(i3) [r0: frame(1, 1; i2, i0)]
i5 = int_sub(i0, 1)
i6 = int_gt(i5, 0)
guard_true(i6) [r1: frame(1, 2; i5, i2)]
jump(i5, i2, descr=L0)
"],
        vec![
            run(&[I(10), I(0)]),
            // i0 = 8 exits at r0 with failargs (i2, i0): jump back with i0 - 1.
            Step::Bridge(
                "[i0, i1]
i2 = int_sub(i1, 1)
i3 = int_mul(i0, 2)
jump(i2, i3, descr=L0)
"
                .into(),
            ),
            run(&[I(10), I(0)]),
            // Now it exits at r1 (i0 reached 0): attach a bridge that finishes.
            Step::Bridge("[i0, i1]\ni2 = int_add(i0, i1)\nguard_false(i0) [r0: frame(1, 9; i2)]\nfinish(i2)\n".into()),
            run(&[I(10), I(0)]),
            run(&[I(3), I(1)]),
        ],
    );

    case(
        "call_assembler",
        vec![],
        &[
            "token Callee
[i0, i1]
label(i0, i1, descr=Callee)
i2 = int_add(i1, i0)
i3 = int_mul(i2, 3)
finish(i3)
",
            "[i0]
i1 = int_mul(i0, 2)
i2 = call_assembler_i(i1, 7, descr=Callee)
i3 = int_add(i2, 1)
finish(i3)
",
        ],
        vec![run(&[I(5)]), run(&[I(-3)])],
    );

    case(
        "invalidation",
        vec![],
        &["[i0]
guard_not_invalidated() [r0: frame(1, 1; i0)]
i2 = int_add(i0, 1)
finish(i2)
"],
        vec![run(&[I(1)]), Step::Invalidate, run(&[I(1)])],
    );

    case(
        "free",
        vec![],
        &["[i0]\ni1 = int_add(i0, 1)\nfinish(i1)\n"],
        vec![run(&[I(1)]), Step::Free],
    );

    cases
}
