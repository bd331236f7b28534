//! The `_locale` module under CPython's `locale.py`: `setlocale`, `localeconv`,
//! `nl_langinfo` (and its item constants), `getencoding`, `strcoll`, `strxfrm`, the `LC_*`
//! categories, `CHAR_MAX` and `Error`, all through the C library. Like CPython at
//! startup, importing the module sets `LC_CTYPE` from the environment.

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// `nl_langinfo` item names and values.
static LANGINFO_ITEMS: &[(&str, libc::nl_item)] = &[
    ("CODESET", libc::CODESET),
    ("D_T_FMT", libc::D_T_FMT),
    ("D_FMT", libc::D_FMT),
    ("T_FMT", libc::T_FMT),
    ("T_FMT_AMPM", libc::T_FMT_AMPM),
    ("AM_STR", libc::AM_STR),
    ("PM_STR", libc::PM_STR),
    ("DAY_1", libc::DAY_1),
    ("DAY_2", libc::DAY_2),
    ("DAY_3", libc::DAY_3),
    ("DAY_4", libc::DAY_4),
    ("DAY_5", libc::DAY_5),
    ("DAY_6", libc::DAY_6),
    ("DAY_7", libc::DAY_7),
    ("ABDAY_1", libc::ABDAY_1),
    ("ABDAY_2", libc::ABDAY_2),
    ("ABDAY_3", libc::ABDAY_3),
    ("ABDAY_4", libc::ABDAY_4),
    ("ABDAY_5", libc::ABDAY_5),
    ("ABDAY_6", libc::ABDAY_6),
    ("ABDAY_7", libc::ABDAY_7),
    ("MON_1", libc::MON_1),
    ("MON_2", libc::MON_2),
    ("MON_3", libc::MON_3),
    ("MON_4", libc::MON_4),
    ("MON_5", libc::MON_5),
    ("MON_6", libc::MON_6),
    ("MON_7", libc::MON_7),
    ("MON_8", libc::MON_8),
    ("MON_9", libc::MON_9),
    ("MON_10", libc::MON_10),
    ("MON_11", libc::MON_11),
    ("MON_12", libc::MON_12),
    ("ABMON_1", libc::ABMON_1),
    ("ABMON_2", libc::ABMON_2),
    ("ABMON_3", libc::ABMON_3),
    ("ABMON_4", libc::ABMON_4),
    ("ABMON_5", libc::ABMON_5),
    ("ABMON_6", libc::ABMON_6),
    ("ABMON_7", libc::ABMON_7),
    ("ABMON_8", libc::ABMON_8),
    ("ABMON_9", libc::ABMON_9),
    ("ABMON_10", libc::ABMON_10),
    ("ABMON_11", libc::ABMON_11),
    ("ABMON_12", libc::ABMON_12),
    ("RADIXCHAR", libc::RADIXCHAR),
    ("THOUSEP", libc::THOUSEP),
    ("YESEXPR", libc::YESEXPR),
    ("NOEXPR", libc::NOEXPR),
    ("CRNCYSTR", libc::CRNCYSTR),
    ("ERA", libc::ERA),
    ("ERA_D_FMT", libc::ERA_D_FMT),
    ("ERA_D_T_FMT", libc::ERA_D_T_FMT),
    ("ERA_T_FMT", libc::ERA_T_FMT),
    ("ALT_DIGITS", libc::ALT_DIGITS),
];

static CATEGORIES: &[(&str, i32)] = &[
    ("LC_CTYPE", libc::LC_CTYPE),
    ("LC_COLLATE", libc::LC_COLLATE),
    ("LC_TIME", libc::LC_TIME),
    ("LC_MONETARY", libc::LC_MONETARY),
    ("LC_MESSAGES", libc::LC_MESSAGES),
    ("LC_NUMERIC", libc::LC_NUMERIC),
    ("LC_ALL", libc::LC_ALL),
];

unsafe extern "C" {
    fn wcscoll(a: *const libc::wchar_t, b: *const libc::wchar_t) -> libc::c_int;
    fn wcsxfrm(dst: *mut libc::wchar_t, src: *const libc::wchar_t, n: usize) -> usize;
}

fn locale_error(vm: &mut Vm, msg: &str) -> crate::runtime::errors::PyErr {
    match vm.named_global("locale.Error") {
        Some(t) => {
            let s = match vm.new_str(msg) {
                Ok(s) => s,
                Err(e) => return e,
            };
            match vm.call1(t, s) {
                Ok(e) => vm.raise(e),
                Err(e) => e,
            }
        }
        None => vm.value_error(msg),
    }
}

fn c_text(p: *const libc::c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: callers pass NUL-terminated strings from the C library, copied at once.
    unsafe { std::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned()
}

fn l_setlocale(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "setlocale", 1, 2)?;
    let cat = vm.index_i64(args.get(vm, 0))? as i32;
    if !CATEGORIES.iter().any(|&(_, c)| c == cat) {
        return Err(locale_error(vm, "invalid locale category"));
    }
    let loc = match args.opt(vm, 1).filter(|v| !vm.is_none(*v)) {
        None => None,
        Some(v) => match vm.as_str_obj(v) {
            Some(s) => Some(vm.str_string(s)),
            None => {
                let tn = vm.type_name(v);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "setlocale() argument 2 must be str or None, not {tn}"
                ));
            }
        },
    };
    let r = match loc {
        None => {
            // SAFETY: a NULL locale only queries the current setting.
            unsafe { libc::setlocale(cat, std::ptr::null()) }
        }
        Some(l) => {
            let Ok(c) = std::ffi::CString::new(l) else {
                return Err(vm.value_error("embedded null character"));
            };
            // SAFETY: `c` is NUL-terminated.
            unsafe { libc::setlocale(cat, c.as_ptr()) }
        }
    };
    if r.is_null() {
        return Err(locale_error(vm, "unsupported locale setting"));
    }
    let s = c_text(r);
    vm.new_str(&s)
}

fn grouping_list(vm: &mut Vm, p: *const libc::c_char) -> PyResult<Value> {
    let bytes: Vec<u8> = if p.is_null() {
        Vec::new()
    } else {
        // SAFETY: a NUL-terminated string from `localeconv`.
        unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes().to_vec()
    };
    let l = vm.new_list(bytes.len() + 1)?;
    let lr = vm.push_root(l)?;
    if bytes.is_empty() {
        return Ok(vm.get(lr));
    }
    for &b in &bytes {
        vm.list_append(vm.get(lr), Value::small(b as i64))?;
        if b == 0x7F {
            return Ok(vm.get(lr));
        }
    }
    vm.list_append(vm.get(lr), Value::small(0))?;
    Ok(vm.get(lr))
}

fn l_localeconv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "localeconv", 0, 0)?;
    // SAFETY: `localeconv` returns a pointer to a static struct, read at once.
    let lc = unsafe { &*libc::localeconv() };
    let mark = vm.sp();
    let d = vm.new_dict()?;
    let dr = vm.push_root(d)?;
    let texts = [
        ("int_curr_symbol", lc.int_curr_symbol),
        ("currency_symbol", lc.currency_symbol),
        ("mon_decimal_point", lc.mon_decimal_point),
        ("mon_thousands_sep", lc.mon_thousands_sep),
        ("positive_sign", lc.positive_sign),
        ("negative_sign", lc.negative_sign),
        ("decimal_point", lc.decimal_point),
        ("thousands_sep", lc.thousands_sep),
    ];
    for (k, p) in texts {
        let s = vm.new_str(&c_text(p))?;
        vm.dict_set_text(vm.get(dr), k, s)?;
    }
    let chars = [
        ("int_frac_digits", lc.int_frac_digits),
        ("frac_digits", lc.frac_digits),
        ("p_cs_precedes", lc.p_cs_precedes),
        ("p_sep_by_space", lc.p_sep_by_space),
        ("n_cs_precedes", lc.n_cs_precedes),
        ("n_sep_by_space", lc.n_sep_by_space),
        ("p_sign_posn", lc.p_sign_posn),
        ("n_sign_posn", lc.n_sign_posn),
    ];
    for (k, c) in chars {
        vm.dict_set_text(vm.get(dr), k, Value::small(c as u8 as i64))?;
    }
    let g = grouping_list(vm, lc.grouping)?;
    vm.dict_set_text(vm.get(dr), "grouping", g)?;
    let g = grouping_list(vm, lc.mon_grouping)?;
    vm.dict_set_text(vm.get(dr), "mon_grouping", g)?;
    let d = vm.get(dr);
    vm.truncate(mark);
    Ok(d)
}

fn l_nl_langinfo(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "nl_langinfo", 1, 1)?;
    let key = vm.index_i64(args.get(vm, 0))?;
    if !LANGINFO_ITEMS.iter().any(|&(_, k)| k as i64 == key) {
        return Err(vm.value_error("unsupported langinfo constant"));
    }
    // SAFETY: `key` is one of the C library's items; the result is copied at once.
    let p = unsafe { libc::nl_langinfo(key as libc::nl_item) };
    let s = c_text(p);
    vm.new_str(&s)
}

fn l_getencoding(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getencoding", 0, 0)?;
    // SAFETY: CODESET is a valid item; the result is copied at once.
    let s = c_text(unsafe { libc::nl_langinfo(libc::CODESET) });
    vm.new_str(if s.is_empty() { "utf-8" } else { &s })
}

fn wide(vm: &mut Vm, v: Value, fname: &str, argno: usize) -> PyResult<Vec<libc::wchar_t>> {
    match vm.as_str_obj(v) {
        Some(s) => {
            let mut w: Vec<libc::wchar_t> = crate::objects::str::code_points(vm.str_bytes(s))
                .map(|c| c as libc::wchar_t)
                .collect();
            if w.contains(&0) {
                return Err(vm.value_error("embedded null character"));
            }
            w.push(0);
            Ok(w)
        }
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "{fname}() argument {argno} must be str, not {tn}"
            ))
        }
    }
}

fn l_strcoll(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "strcoll", 2, 2)?;
    let a = wide(vm, args.get(vm, 0), "strcoll", 1)?;
    let b = wide(vm, args.get(vm, 1), "strcoll", 2)?;
    // SAFETY: both are NUL-terminated wide strings.
    let r = unsafe { wcscoll(a.as_ptr(), b.as_ptr()) };
    Ok(Value::small(r as i64))
}

fn l_strxfrm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "strxfrm", 1, 1)?;
    let a = wide(vm, args.get(vm, 0), "strxfrm", 1)?;
    // SAFETY: `a` is NUL-terminated; a zero-size destination only measures.
    let n = unsafe { wcsxfrm(std::ptr::null_mut(), a.as_ptr(), 0) };
    let mut out: Vec<libc::wchar_t> = vec![0; n + 1];
    // SAFETY: `out` has `n + 1` writable wide chars.
    unsafe { wcsxfrm(out.as_mut_ptr(), a.as_ptr(), n + 1) };
    out.truncate(n);
    let cps: Vec<u32> = out.iter().map(|&c| (c as u32).min(0x10FFFF)).collect();
    vm.new_str_cps(cps)
}

static FUNCTIONS: &[MethodDef] = &[
    func("setlocale", l_setlocale),
    func("localeconv", l_localeconv),
    func("nl_langinfo", l_nl_langinfo),
    func("getencoding", l_getencoding),
    func("strcoll", l_strcoll),
    func("strxfrm", l_strxfrm),
];

/// Builds the `_locale` module.
pub fn init_locale(vm: &mut Vm) -> PyResult<Value> {
    // SAFETY: an empty string selects the environment's locale for LC_CTYPE (what CPython
    // does at startup); the result is not needed.
    unsafe { libc::setlocale(libc::LC_CTYPE, c"".as_ptr()) };
    let mark = vm.sp();
    let m = vm.new_native_module("_locale", "Support for POSIX locales.", FUNCTIONS)?;
    let mr = vm.push_root(m)?;
    for &(name, v) in CATEGORIES {
        vm.module_set(vm.get(mr), name, Value::small(v as i64))?;
    }
    for &(name, v) in LANGINFO_ITEMS {
        vm.module_set(vm.get(mr), name, Value::small(v as i64))?;
    }
    vm.module_set(vm.get(mr), "CHAR_MAX", Value::small(127))?;
    let code = vm.compile_str(
        "class Error(Exception):\n    pass\n\nError.__module__ = 'locale'\n".to_string(),
        "<_locale>",
        crate::compile::Mode::Exec,
        0,
    )?;
    let d = vm.module_dict(vm.get(mr));
    vm.exec_source_in(&code, d)?;
    let d = vm.module_dict(vm.get(mr));
    let k = vm.intern("Error")?;
    let e = vm.dict_get_name(d, k).expect("defined above");
    vm.set_named_global("locale.Error", e);
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}
