//! Layouts checked against the C compiler.
//!
//! The corpus (tests/corpus/layouts.h) is parsed by tern-ffi; from what was parsed the test
//! generates a C program that prints `sizeof`, `_Alignof`, `offsetof` of every member path
//! and the signedness of every enum, compiles it with the C compiler for the host target
//! (`cc`, or `aarch64-linux-gnu-gcc` for an AArch64 test binary under qemu-user), runs it,
//! and compares with what tern-ffi computed; bit-field positions are compared the same way.
//! On an x86-64 host the AArch64 facts also become `_Static_assert`s compiled by
//! `aarch64-linux-gnu-gcc` when that cross compiler is installed.

mod common;

use std::fmt::Write as _;
use std::process::Command;

use common::{c_compiler, manifest_dir, run_target_program, scratch_dir};
use tern_ffi::{CType, CTypeKind, Ffi, Prim, Target};

fn corpus() -> String {
    std::fs::read_to_string(manifest_dir().join("tests/corpus/layouts.h")).expect("read corpus")
}

/// One fact about a layout: the C expression and the value tern-ffi computed for it.
struct Fact {
    label: String,
    c_expr: String,
    value: i128,
}

fn member_facts(type_name: &str, ty: &CType, prefix: &str, out: &mut Vec<Fact>) {
    let Some(fields) = ty.fields() else { return };
    for field in fields {
        match &field.name {
            // C has no offsetof for bit-fields; `bitfields_match_the_c_compiler` checks them.
            Some(_) if field.bits.is_some() => {}
            Some(name) => {
                let path = format!("{prefix}{name}");
                out.push(Fact {
                    label: format!("offsetof({type_name}, {path})"),
                    c_expr: format!("offsetof({type_name}, {path})"),
                    value: 0, // filled in below from tern-ffi's offsetof
                });
                if matches!(field.ctype.kind(), CTypeKind::Struct | CTypeKind::Union) {
                    member_facts(type_name, &field.ctype, &format!("{path}."), out);
                }
            }
            // Members of an anonymous struct/union are named directly (C11).
            None => member_facts(type_name, &field.ctype, prefix, out),
        }
    }
}

fn facts(ffi: &Ffi) -> Vec<Fact> {
    let mut out = Vec::new();
    for name in ffi.declared_types() {
        let ty = ffi.ctype(&name).expect("declared type resolves");
        let Some(size) = ty.size() else { continue };
        out.push(Fact {
            label: format!("sizeof({name})"),
            c_expr: format!("sizeof({name})"),
            value: size as i128,
        });
        out.push(Fact {
            label: format!("_Alignof({name})"),
            c_expr: format!("_Alignof({name})"),
            value: ty.align().unwrap() as i128,
        });
        if ty.kind() == CTypeKind::Enum {
            out.push(Fact {
                label: format!("signed({name})"),
                c_expr: format!("(({name})-1 < 0)"),
                value: 0, // filled below
            });
        }
        let mut members = Vec::new();
        member_facts(&name, &ty, "", &mut members);
        for mut fact in members {
            let path = fact
                .c_expr
                .trim_start_matches(&format!("offsetof({name}, "))
                .trim_end_matches(')')
                .to_string();
            fact.value = ffi
                .offsetof(&name, &path)
                .expect("offsetof of a listed member") as i128;
            out.push(fact);
        }
    }
    for fact in &mut out {
        if let Some(name) = fact
            .label
            .strip_prefix("signed(")
            .and_then(|s| s.strip_suffix(')'))
        {
            let ty = ffi.ctype(name).unwrap();
            let values = ty.enumerators().unwrap();
            let signed = values.iter().any(|(_, v)| *v < 0);
            fact.value = i128::from(signed);
        }
    }
    // A few facts about plain types.
    for (name, prim) in [
        ("char", Prim::Char),
        ("_Bool", Prim::Bool),
        ("long", Prim::Long),
    ] {
        let ty = ffi.ctype(name).unwrap();
        assert_eq!(ty.kind(), CTypeKind::Primitive(prim));
        out.push(Fact {
            label: format!("sizeof({name})"),
            c_expr: format!("sizeof({name})"),
            value: ty.size().unwrap() as i128,
        });
    }
    out.push(Fact {
        label: "signed(char)".to_string(),
        c_expr: "((char)-1 < 0)".to_string(),
        value: i128::from(ffi.target().char_is_signed()),
    });
    out
}

const PRELUDE: &str = "#include <stdio.h>\n#include <stddef.h>\n#include <stdint.h>\n\
                       #include <stdbool.h>\n#include <sys/types.h>\n";

#[test]
fn host_layouts_match_the_c_compiler() {
    let Some(host) = Target::host() else {
        eprintln!("skipping: the host is not a supported target");
        return;
    };
    let ffi = Ffi::with_target(host);
    ffi.cdef(&corpus()).expect("corpus parses");
    let facts = facts(&ffi);
    assert!(
        facts.len() > 150,
        "the corpus should produce many facts, got {}",
        facts.len()
    );
    let mut program = format!("{PRELUDE}{}\nint main(void) {{\n", corpus());
    for fact in &facts {
        writeln!(
            program,
            "    printf(\"%s %lld\\n\", \"{}\", (long long)({}));",
            fact.label, fact.c_expr
        )
        .unwrap();
    }
    program.push_str("    return 0;\n}\n");
    let dir = scratch_dir();
    let source = dir.join("layouts.c");
    let binary = dir.join("layouts");
    std::fs::write(&source, &program).unwrap();
    let cc = c_compiler();
    let status = Command::new(cc)
        .args(["-std=gnu11", "-Wall", "-Wno-unused", "-o"])
        .arg(&binary)
        .arg(&source)
        .status()
        .expect("run the C compiler");
    assert!(
        status.success(),
        "{cc} rejected the generated program {}",
        source.display()
    );
    let output = run_target_program(&binary);
    let printed = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), facts.len());
    let mut mismatches = Vec::new();
    for (fact, line) in facts.iter().zip(&lines) {
        let expected = format!("{} {}", fact.label, fact.value);
        if *line != expected {
            mismatches.push(format!("cc says `{line}`, tern-ffi says `{expected}`"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "layout mismatches:\n{}",
        mismatches.join("\n")
    );
}

/// Headers a freestanding compiler provides itself (no target C library needed), plus the
/// one POSIX typedef the corpus uses, as glibc defines it on LP64 targets.
const FREESTANDING_PRELUDE: &str = "#include <stddef.h>\n#include <stdint.h>\n#include <stdbool.h>\n\
                                    typedef long ssize_t;\n";

/// The facts as `_Static_assert`s, for compilers we can only run at compile time.
fn static_assert_program(ffi: &Ffi) -> String {
    let mut program = format!("{FREESTANDING_PRELUDE}{}\n", corpus());
    for fact in facts(ffi) {
        writeln!(
            program,
            "_Static_assert({} == {}, \"{}\");",
            fact.c_expr, fact.value, fact.label
        )
        .unwrap();
    }
    program
}

/// Compiles `program` with `compiler -fsyntax-only`; `None` when the compiler is missing.
fn syntax_check(compiler: &str, name: &str, program: &str) -> Option<bool> {
    let source = scratch_dir().join(name);
    std::fs::write(&source, program).unwrap();
    let status = Command::new(compiler)
        .args(["-std=gnu11", "-ffreestanding", "-fsyntax-only"])
        .arg(&source)
        .status()
        .ok()?;
    Some(status.success())
}

#[test]
fn static_assert_generator_agrees_with_the_host_compiler() {
    // Validates the program shape used for the AArch64 check on a compiler we always have.
    if Target::host() != Some(Target::X86_64SysV) {
        return;
    }
    let ffi = Ffi::with_target(Target::X86_64SysV);
    ffi.cdef(&corpus()).unwrap();
    let ok = syntax_check("cc", "asserts_x86_64.c", &static_assert_program(&ffi));
    assert_eq!(ok, Some(true), "cc rejected the x86-64 layout assertions");
    // And it really checks: a wrong value must be rejected.
    let wrong = format!("{FREESTANDING_PRELUDE}_Static_assert(sizeof(int) == 5, \"int\");\n");
    assert_eq!(syntax_check("cc", "asserts_wrong.c", &wrong), Some(false));
}

#[test]
fn aarch64_layouts_match_the_cross_compiler_when_present() {
    let ffi = Ffi::with_target(Target::Aarch64Lp64);
    ffi.cdef(&corpus()).expect("corpus parses for AArch64");
    let compiler = "aarch64-linux-gnu-gcc";
    match syntax_check(compiler, "asserts_aarch64.c", &static_assert_program(&ffi)) {
        Some(ok) => assert!(ok, "{compiler} rejected the AArch64 layout assertions"),
        None => eprintln!("skipping the AArch64 compiler check: `{compiler}` is not installed"),
    }
}

#[test]
fn aarch64_and_x86_64_differ_only_where_the_abis_do() {
    // Both are LP64 ABIs with natural alignment; for the subset tern-ffi accepts they give
    // identical layouts except that plain `char` is unsigned on AArch64 and unnamed
    // bit-fields raise a record's alignment there. Every other fact must agree (so the
    // AArch64 layouts rest on the same checks as the x86-64 ones).
    let x86 = Ffi::with_target(Target::X86_64SysV);
    let arm = Ffi::with_target(Target::Aarch64Lp64);
    x86.cdef(&corpus()).unwrap();
    arm.cdef(&corpus()).unwrap();
    let (a, b) = (facts(&x86), facts(&arm));
    assert_eq!(a.len(), b.len());
    let mut differing = Vec::new();
    for (fa, fb) in a.iter().zip(&b) {
        assert_eq!(fa.label, fb.label);
        if fa.value != fb.value {
            differing.push(fa.label.clone());
        }
    }
    assert_eq!(
        differing,
        [
            "sizeof(struct bits_zero)",
            "_Alignof(struct bits_zero)",
            "_Alignof(struct bits_unnamed)",
            "sizeof(struct bits_only_unnamed)",
            "_Alignof(struct bits_only_unnamed)",
            "signed(char)",
        ]
    );
}

#[test]
fn hand_checked_aapcs64_values() {
    // Values from the AAPCS64 data-type tables: sizes and alignments of the fundamental
    // types, plus a record and an enum.
    let ffi = Ffi::with_target(Target::Aarch64Lp64);
    ffi.cdef("struct s { char c; long double_aligned; short tail; }; enum e { A = -1 };")
        .unwrap();
    for (name, size) in [
        ("char", 1),
        ("short", 2),
        ("int", 4),
        ("long", 8),
        ("long long", 8),
        ("void *", 8),
        ("float", 4),
        ("double", 8),
        ("_Bool", 1),
        ("size_t", 8),
        ("enum e", 4),
    ] {
        assert_eq!(ffi.sizeof(name).unwrap(), size, "sizeof({name})");
        assert_eq!(ffi.alignof(name).unwrap(), size, "_Alignof({name})");
    }
    assert_eq!(ffi.sizeof("struct s").unwrap(), 24);
    assert_eq!(ffi.offsetof("struct s", "tail").unwrap(), 16);
    let char_ptr_value = ffi.cast("char", &tern_ffi::Value::Int(200)).unwrap();
    let value = char_ptr_value.as_cdata().unwrap().value().unwrap();
    assert_eq!(
        value,
        tern_ffi::Value::Int(200),
        "char is unsigned on AArch64"
    );
}

/// Every named bit-field of every record in the corpus, with the record's type name.
fn bitfields(ffi: &Ffi) -> Vec<(String, String, u32, bool)> {
    fn walk(ty: &CType, record: &str, out: &mut Vec<(String, String, u32, bool)>) {
        for field in ty.fields().unwrap_or_default() {
            match (&field.name, field.bits) {
                (Some(name), Some((_, width))) => {
                    let signed = ffi_signed(&field.ctype);
                    out.push((record.to_string(), name.clone(), width, signed));
                }
                (None, _) => walk(&field.ctype, record, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for name in ffi.declared_types() {
        let ty = ffi.ctype(&name).unwrap();
        if matches!(ty.kind(), CTypeKind::Struct | CTypeKind::Union) {
            walk(&ty, &name, &mut out);
        }
    }
    out
}

fn ffi_signed(ty: &CType) -> bool {
    match ty.kind() {
        CTypeKind::Primitive(prim) => {
            matches!(
                prim,
                Prim::SChar | Prim::Short | Prim::Int | Prim::Long | Prim::LongLong
            ) || (prim == Prim::Char && Target::host() == Some(Target::X86_64SysV))
        }
        CTypeKind::Enum => ty.enumerators().unwrap().iter().any(|(_, v)| *v < 0),
        _ => false,
    }
}

#[test]
fn bitfields_match_the_c_compiler() {
    // For every bit-field: the bytes of a zeroed struct after storing a pattern, and the
    // value read back from an all-ones struct (sign extension), from C and from tern-ffi.
    if Target::host().is_none() {
        return;
    }
    let ffi = Ffi::new();
    ffi.cdef(&corpus()).unwrap();
    let fields = bitfields(&ffi);
    assert!(
        fields.len() >= 30,
        "expected many bit-fields, found {}",
        fields.len()
    );
    let mut program = format!("{PRELUDE}#include <string.h>\n{}\n", corpus());
    program.push_str(
        "static void dump(const void *p, size_t n) {\n    const unsigned char *b = p;\n    \
         for (size_t i = 0; i < n; i++) printf(\"%02x\", b[i]);\n    printf(\"\\n\");\n}\n",
    );
    program.push_str("int main(void) {\n");
    let mut expected = Vec::new();
    for (record, field, width, signed) in &fields {
        let bits = if *signed { width - 1 } else { *width };
        let pattern: i128 = (0x5555_5555_5555_5555u64 as i128) & ((1i128 << bits) - 1);
        writeln!(
            program,
            "    {{ {record} s; memset(&s, 0, sizeof s); s.{field} = {pattern}; dump(&s, sizeof s); \
             memset(&s, 0xff, sizeof s); printf(\"%lld\\n\", (long long)s.{field}); }}"
        )
        .unwrap();
        let data = ffi.new_cdata(format!("{record} *").as_str(), None).unwrap();
        let view = data.value().unwrap();
        let view = view.as_cdata().unwrap();
        view.set_field(field, &tern_ffi::Value::Int(pattern))
            .unwrap();
        let size = view.byte_size().unwrap();
        let bytes: String = view
            .read_bytes(size)
            .unwrap()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        view.write_bytes(&vec![0xff; size]).unwrap();
        let all_ones = match view.field(field).unwrap() {
            tern_ffi::Value::Int(v) => v,
            tern_ffi::Value::Bool(b) => i128::from(b),
            other => panic!("unexpected {other:?}"),
        };
        expected.push(format!("{record}.{field}: {bytes} {all_ones}"));
    }
    program.push_str("    return 0;\n}\n");
    let dir = scratch_dir();
    let source = dir.join("bitfields.c");
    let binary = dir.join("bitfields");
    std::fs::write(&source, &program).unwrap();
    let cc = c_compiler();
    let status = Command::new(cc)
        .args(["-std=gnu11", "-Wall", "-Wno-unused", "-Wno-overflow", "-o"])
        .arg(&binary)
        .arg(&source)
        .status()
        .expect("run the C compiler");
    assert!(status.success(), "{cc} rejected {}", source.display());
    let output = String::from_utf8(run_target_program(&binary).stdout).unwrap();
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), 2 * fields.len());
    let mut mismatches = Vec::new();
    for (i, (record, field, _, _)) in fields.iter().enumerate() {
        let actual = format!("{record}.{field}: {} {}", lines[2 * i], lines[2 * i + 1]);
        if actual != expected[i] {
            mismatches.push(format!("cc: {actual}\nus: {}", expected[i]));
        }
    }
    assert!(
        mismatches.is_empty(),
        "bit-field mismatches:\n{}",
        mismatches.join("\n")
    );
}
