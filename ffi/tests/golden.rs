//! Golden tests for the declaration parser: what each accepted file declares (types with
//! layouts, declarations, constants) and the exact error for each rejected snippet.
//! Run with `TERN_BLESS=1` to rewrite the `.out` files after an intended change.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::manifest_dir;
use tern_ffi::{CType, CTypeKind, Ffi};

fn check_golden(path: &Path, actual: &str) {
    if std::env::var_os("TERN_BLESS").is_some() {
        std::fs::write(path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "missing {} (run with TERN_BLESS=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let first_difference = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output at line {}:\n--- expected\n{}\n--- actual\n{}\n(run with TERN_BLESS=1 if the change is intended)",
            path.display(),
            first_difference + 1,
            expected.lines().nth(first_difference).unwrap_or("<end>"),
            actual.lines().nth(first_difference).unwrap_or("<end>"),
        );
    }
}

fn describe_members(out: &mut String, ty: &CType, indent: &str) {
    for field in ty.fields().unwrap_or_default() {
        let name = field.name.as_deref().unwrap_or("<anonymous>");
        let bits = match field.bits {
            Some((shift, width)) => format!(" bits {shift}..{}", shift + width),
            None => String::new(),
        };
        writeln!(
            out,
            "{indent}{name}: {} @ {}{bits}",
            field.ctype.name(),
            field.offset
        )
        .unwrap();
        if field.name.is_none() {
            describe_members(out, &field.ctype, &format!("{indent}  "));
        }
    }
}

fn dump(ffi: &Ffi) -> String {
    let mut out = String::from("== types\n");
    for name in ffi.declared_types() {
        let ty = ffi.ctype(&name).unwrap();
        let is_tag =
            name.starts_with("struct ") || name.starts_with("union ") || name.starts_with("enum ");
        if is_tag {
            write!(out, "{name}").unwrap();
        } else {
            write!(out, "typedef {name} = {}", ty.name()).unwrap();
        }
        match (ty.size(), ty.align()) {
            (Some(size), Some(align)) => writeln!(out, ": size {size}, align {align}").unwrap(),
            _ => writeln!(out, ": incomplete or unsized").unwrap(),
        }
        if is_tag || matches!(ty.kind(), CTypeKind::Struct | CTypeKind::Union) && ty.name() == name
        {
            describe_members(&mut out, &ty, "  ");
        }
        for (enumerator, value) in ty.enumerators().unwrap_or_default() {
            writeln!(out, "  {enumerator} = {value}").unwrap();
        }
    }
    out.push_str("== declarations\n");
    for (name, ty) in ffi.declarations() {
        writeln!(out, "{name}: {}", ty.name()).unwrap();
    }
    out.push_str("== constants\n");
    for (name, value) in ffi.constants() {
        writeln!(out, "{name} = {value}").unwrap();
    }
    out
}

#[test]
fn accepted_declarations_match_golden_dumps() {
    let dir = manifest_dir().join("tests/golden/cdef");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "h"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 3);
    for input in inputs {
        let ffi = Ffi::new();
        let src = std::fs::read_to_string(&input).unwrap();
        if let Err(e) = ffi.cdef(&src) {
            panic!("{} does not parse: {e}", input.display());
        }
        check_golden(&input.with_extension("out"), &dump(&ffi));
    }
}

#[test]
fn rejected_declarations_match_golden_errors() {
    let cases_path = manifest_dir().join("tests/golden/errors.txt");
    let cases = std::fs::read_to_string(&cases_path).unwrap();
    let mut out = String::new();
    let mut count = 0;
    for case in cases.split("=== ").filter(|c| !c.trim().is_empty()) {
        let (name, src) = case.split_once('\n').unwrap_or((case, ""));
        count += 1;
        let result = Ffi::new().cdef(src);
        match result {
            Ok(()) => writeln!(out, "=== {name}\nNO ERROR").unwrap(),
            Err(e) => writeln!(out, "=== {name}\n{e}").unwrap(),
        }
    }
    assert!(
        count >= 50,
        "expected at least 50 error cases, found {count}"
    );
    check_golden(&manifest_dir().join("tests/golden/errors.out"), &out);
}

#[test]
fn a_failed_cdef_adds_nothing() {
    let ffi = Ffi::new();
    ffi.cdef("struct kept { int a; };").unwrap();
    let e = ffi
        .cdef("struct dropped { int a; }; typedef int dropped_t; int f(void); broken")
        .unwrap_err();
    assert!(e.message.contains("expected"), "{e}");
    assert!(ffi.ctype("struct kept").is_ok());
    assert!(ffi.ctype("dropped_t").is_err());
    assert!(ffi.declarations().is_empty());
    assert_eq!(ffi.declared_types(), vec!["struct kept".to_string()]);
    // The same names can be declared again afterwards.
    ffi.cdef("typedef int dropped_t; int f(void);").unwrap();
    assert_eq!(ffi.sizeof("dropped_t").unwrap(), 4);
}

#[test]
fn type_name_errors_have_positions() {
    let ffi = Ffi::new();
    let e = ffi.ctype("struct point *").unwrap(); // an incomplete struct is a fine pointee
    assert_eq!(e.name(), "struct point *");
    let e = ffi.ctype("int x").unwrap_err();
    assert_eq!(e.position(), Some((1, 5)));
    assert!(e.message().contains("unexpected name `x`"), "{e}");
    let e = ffi.ctype("unsigned float").unwrap_err();
    assert!(e.message().contains("invalid combination"), "{e}");
    let e = ffi.ctype("int[3").unwrap_err();
    assert!(e.message().contains("expected `]`"), "{e}");
}
