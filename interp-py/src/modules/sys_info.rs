//! Static `sys` information: `version`, `version_info`, `implementation`, `float_info`,
//! `int_info`, `hash_info`, `flags`, `copyright`, `builtin_module_names`.

use crate::runtime::errors::PyResult;
use crate::runtime::roots::G;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// The value of `sys.version`.
pub fn version_string() -> String {
    format!("3.11.7 (tern {}) [rustc]", env!("CARGO_PKG_VERSION"))
}

enum F {
    I(i64),
    Float(f64),
    S(&'static str),
    B(bool),
}

fn make(vm: &mut Vm, name: &str, fields: &[(&str, F)]) -> PyResult<Value> {
    let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
    let ty = vm.make_structseq_type("sys", name, &names, names.len())?;
    let tr = vm.push_root(ty)?;
    let mark = vm.sp();
    for (_, f) in fields {
        let v = match f {
            F::I(i) => vm.new_int(*i)?,
            F::Float(x) => vm.new_float(*x)?,
            F::S(s) => vm.new_str(s)?,
            F::B(b) => vm.bool_val(*b),
        };
        vm.push_root(v)?;
    }
    let vals: Vec<Value> = (mark..vm.sp())
        .map(|i| Value::from_raw_nonnull(vm.slot(i)))
        .collect();
    let r = vm.new_structseq(vm.get(tr), &vals);
    vm.truncate(tr.index());
    r
}

/// Fills the static attributes of `sys`.
pub fn init_sys_info(vm: &mut Vm) -> PyResult<()> {
    let sys = |vm: &Vm| vm.g(G::SysModule);
    let v = vm.new_str(&version_string())?;
    vm.module_set(sys(vm), "version", v)?;
    let vi = make(
        vm,
        "version_info",
        &[
            ("major", F::I(3)),
            ("minor", F::I(11)),
            ("micro", F::I(7)),
            ("releaselevel", F::S("final")),
            ("serial", F::I(0)),
        ],
    )?;
    let vr = vm.push_root(vi)?;
    vm.module_set(sys(vm), "version_info", vm.get(vr))?;
    // sys.implementation
    let d = vm.new_dict()?;
    let dr = vm.push_root(d)?;
    let s = vm.new_str("tern")?;
    vm.dict_set_text(vm.get(dr), "name", s)?;
    let s = vm.new_str("tern-311")?;
    vm.dict_set_text(vm.get(dr), "cache_tag", s)?;
    vm.dict_set_text(vm.get(dr), "version", vm.get(vr))?;
    vm.dict_set_text(vm.get(dr), "hexversion", Value::small(0x030b07f0))?;
    let s = vm.new_str("x86_64-linux-gnu")?;
    vm.dict_set_text(vm.get(dr), "_multiarch", s)?;
    let ns = vm.new_namespace(dr)?;
    vm.module_set(sys(vm), "implementation", ns)?;
    let fi = make(
        vm,
        "float_info",
        &[
            ("max", F::Float(f64::MAX)),
            ("max_exp", F::I(1024)),
            ("max_10_exp", F::I(308)),
            ("min", F::Float(f64::MIN_POSITIVE)),
            ("min_exp", F::I(-1021)),
            ("min_10_exp", F::I(-307)),
            ("dig", F::I(15)),
            ("mant_dig", F::I(53)),
            ("epsilon", F::Float(f64::EPSILON)),
            ("radix", F::I(2)),
            ("rounds", F::I(1)),
        ],
    )?;
    vm.module_set(sys(vm), "float_info", fi)?;
    let ii = make(
        vm,
        "int_info",
        &[
            ("bits_per_digit", F::I(30)),
            ("sizeof_digit", F::I(4)),
            ("default_max_str_digits", F::I(4300)),
            ("str_digits_check_threshold", F::I(640)),
        ],
    )?;
    vm.module_set(sys(vm), "int_info", ii)?;
    let hi = make(
        vm,
        "hash_info",
        &[
            ("width", F::I(64)),
            ("modulus", F::I((1i64 << 61) - 1)),
            ("inf", F::I(314159)),
            ("nan", F::I(0)),
            ("imag", F::I(1000003)),
            ("algorithm", F::S("siphash13")),
            ("hash_bits", F::I(64)),
            ("seed_bits", F::I(128)),
            ("cutoff", F::I(0)),
        ],
    )?;
    vm.module_set(sys(vm), "hash_info", hi)?;
    let c = &vm.config;
    let (inspect, optimize, verbose, quiet, ign) = (
        0,
        c.optimize as i64,
        c.verbose as i64,
        c.quiet as i64,
        c.ignore_environment as i64,
    );
    let fl = make(
        vm,
        "flags",
        &[
            ("debug", F::I(0)),
            ("inspect", F::I(inspect)),
            ("interactive", F::I(0)),
            ("optimize", F::I(optimize)),
            ("dont_write_bytecode", F::I(1)),
            ("no_user_site", F::I(0)),
            ("no_site", F::I(0)),
            ("ignore_environment", F::I(ign)),
            ("verbose", F::I(verbose)),
            ("bytes_warning", F::I(0)),
            ("quiet", F::I(quiet)),
            ("hash_randomization", F::I(1)),
            ("isolated", F::I(0)),
            ("dev_mode", F::B(false)),
            ("utf8_mode", F::I(0)),
            ("warn_default_encoding", F::I(0)),
            ("safe_path", F::B(false)),
            ("int_max_str_digits", F::I(-1)),
        ],
    )?;
    vm.module_set(sys(vm), "flags", fl)?;
    let s = vm.new_str(
        "Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\nCopyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\nCopyright (c) 1995-2001 Corporation for National Research Initiatives.\nAll Rights Reserved.\n\nCopyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved.",
    )?;
    vm.module_set(sys(vm), "copyright", s)?;
    let mark = vm.sp();
    let mut names: Vec<&'static str> = vec!["builtins", "sys"];
    names.extend(vm.native_modules.keys().copied());
    names.extend(crate::modules::LIB_STAND_INS);
    names.sort();
    for nm in names {
        let s = vm.new_str(nm)?;
        vm.push_root(s)?;
    }
    let t = vm.pack_tuple(mark)?;
    vm.module_set(sys(vm), "builtin_module_names", t)?;
    Ok(())
}
