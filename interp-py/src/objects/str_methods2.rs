//! `str` methods, part 2: the Python-level method table and the methods not in part 1
//! (case mapping, predicates, padding, partition, splitlines, expandtabs, translate,
//! maketrans, encode, formatting entry points).

use crate::objects::builtin_func::{MethodDef, func, meth};
use crate::objects::str::code_points;
use crate::objects::str_methods::{Text, is_py_space};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::roots::C;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

fn cps(vm: &Vm, s: Value) -> Vec<u32> {
    code_points(vm.str_bytes(s)).collect()
}

pub(crate) fn is_alpha(cp: u32) -> bool {
    char::from_u32(cp).is_some_and(|c| c.is_alphabetic())
}
pub(crate) fn is_decimal(cp: u32) -> bool {
    (0x30..=0x39).contains(&cp)
        || (cp > 0x7f
            && char::from_u32(cp).is_some_and(|c| c.is_numeric())
            && unicode_decimal(cp).is_some())
}
/// The decimal value of a Unicode decimal digit (Nd) for the common digit blocks.
pub fn unicode_decimal(cp: u32) -> Option<u32> {
    const ZEROS: &[u32] = &[
        0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
        0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
        0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
        0xFF10, 0x104A0, 0x11066, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
    ];
    ZEROS
        .iter()
        .find(|&&z| cp >= z && cp < z + 10)
        .map(|&z| cp - z)
}
fn is_digit(cp: u32) -> bool {
    is_decimal(cp)
        || matches!(cp, 0xB2 | 0xB3 | 0xB9 | 0x2070 | 0x2074..=0x2079 | 0x2080..=0x2089 | 0x2460..=0x2468)
}
pub(crate) fn is_numeric(cp: u32) -> bool {
    is_digit(cp) || char::from_u32(cp).is_some_and(|c| c.is_numeric())
}
fn is_upper(cp: u32) -> bool {
    char::from_u32(cp).is_some_and(|c| c.is_uppercase())
}
fn is_lower(cp: u32) -> bool {
    char::from_u32(cp).is_some_and(|c| c.is_lowercase())
}
fn is_cased(cp: u32) -> bool {
    is_upper(cp) || is_lower(cp) || crate::objects::unicode_case::is_titlecase(cp)
}

fn push_upper(out: &mut Vec<u32>, cp: u32) {
    match char::from_u32(cp) {
        Some(c) => out.extend(c.to_uppercase().map(|x| x as u32)),
        None => out.push(cp),
    }
}

fn sself(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    vm.str_self(args, name)
}

macro_rules! str_fn {
    ($name:ident, $pyname:literal, $min:expr, $max:expr, |$vm:ident, $s:ident, $args:ident| $body:block) => {
        fn $name($vm: &mut Vm, $args: Args) -> PyResult<Value> {
            $vm.check_args($args, concat!("str.", $pyname), $min + 1, $max + 1)?;
            let $s = sself($vm, $args, $pyname)?;
            $body
        }
    };
}

str_fn!(str_upper, "upper", 0, 0, |vm, s, _a| {
    if vm.str_is_ascii(s) {
        let out = vm.str_bytes(s).to_ascii_uppercase();
        return vm.new_str_wtf8(&out);
    }
    let mut out = Vec::new();
    for cp in cps(vm, s) {
        push_upper(&mut out, cp);
    }
    vm.new_str_cps(out)
});

str_fn!(str_lower, "lower", 0, 0, |vm, s, _a| {
    if vm.str_is_ascii(s) {
        let out = vm.str_bytes(s).to_ascii_lowercase();
        return vm.new_str_wtf8(&out);
    }
    let v = cps(vm, s);
    let mut out = Vec::with_capacity(v.len());
    for i in 0..v.len() {
        crate::objects::unicode_case::push_lower_at(&mut out, &v, i);
    }
    vm.new_str_cps(out)
});

str_fn!(str_casefold, "casefold", 0, 0, |vm, s, _a| {
    let mut out = Vec::new();
    for cp in cps(vm, s) {
        crate::objects::unicode_case::push_casefold(&mut out, cp);
    }
    vm.new_str_cps(out)
});

str_fn!(str_swapcase, "swapcase", 0, 0, |vm, s, _a| {
    let mut out = Vec::new();
    let v = cps(vm, s);
    for (i, &cp) in v.iter().enumerate() {
        if is_upper(cp) {
            crate::objects::unicode_case::push_lower_at(&mut out, &v, i);
        } else if is_lower(cp) {
            push_upper(&mut out, cp);
        } else {
            out.push(cp);
        }
    }
    vm.new_str_cps(out)
});

str_fn!(str_title, "title", 0, 0, |vm, s, _a| {
    let mut out = Vec::new();
    let mut prev_cased = false;
    let v = cps(vm, s);
    for (i, &cp) in v.iter().enumerate() {
        if prev_cased {
            crate::objects::unicode_case::push_lower_at(&mut out, &v, i);
        } else {
            crate::objects::unicode_case::push_title(&mut out, cp);
        }
        prev_cased = is_cased(cp);
    }
    vm.new_str_cps(out)
});

str_fn!(str_capitalize, "capitalize", 0, 0, |vm, s, _a| {
    let mut out = Vec::new();
    let v = cps(vm, s);
    for (i, &cp) in v.iter().enumerate() {
        if i == 0 {
            crate::objects::unicode_case::push_title(&mut out, cp);
        } else {
            crate::objects::unicode_case::push_lower_at(&mut out, &v, i);
        }
    }
    vm.new_str_cps(out)
});

macro_rules! str_pred {
    ($name:ident, $pyname:literal, $test:expr, $empty:expr) => {
        str_fn!($name, $pyname, 0, 0, |vm, s, _a| {
            let v = cps(vm, s);
            if v.is_empty() {
                return Ok(vm.bool_val($empty));
            }
            let f: fn(u32) -> bool = $test;
            Ok(vm.bool_val(v.iter().all(|&c| f(c))))
        });
    };
}

str_pred!(str_isalpha, "isalpha", is_alpha, false);
str_pred!(str_isdecimal, "isdecimal", is_decimal, false);
str_pred!(str_isdigit, "isdigit", is_digit, false);
str_pred!(str_isnumeric, "isnumeric", is_numeric, false);
str_pred!(str_isspace, "isspace", is_py_space, false);
str_pred!(str_isascii, "isascii", |c| c < 0x80, true);
str_pred!(
    str_isprintable,
    "isprintable",
    crate::objects::str_repr::printable,
    true
);
str_pred!(
    str_isalnum,
    "isalnum",
    |c| is_alpha(c) || is_numeric(c),
    false
);

str_fn!(str_isupper, "isupper", 0, 0, |vm, s, _a| {
    let v = cps(vm, s);
    let cased = v.iter().any(|&c| is_upper(c) || is_lower(c));
    Ok(vm.bool_val(cased && !v.iter().any(|&c| is_lower(c))))
});

str_fn!(str_islower, "islower", 0, 0, |vm, s, _a| {
    let v = cps(vm, s);
    let cased = v.iter().any(|&c| is_upper(c) || is_lower(c));
    Ok(vm.bool_val(cased && !v.iter().any(|&c| is_upper(c))))
});

str_fn!(str_istitle, "istitle", 0, 0, |vm, s, _a| {
    let v = cps(vm, s);
    let mut prev_cased = false;
    let mut any = false;
    for c in v {
        if is_upper(c) || crate::objects::unicode_case::is_titlecase(c) {
            if prev_cased {
                return Ok(vm.bool_val(false));
            }
            prev_cased = true;
            any = true;
        } else if is_lower(c) {
            if !prev_cased {
                return Ok(vm.bool_val(false));
            }
            prev_cased = true;
            any = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(vm.bool_val(any))
});

str_fn!(str_isidentifier, "isidentifier", 0, 0, |vm, s, _a| {
    let v = cps(vm, s);
    let ok = !v.is_empty()
        && v.iter().enumerate().all(|(i, &c)| {
            let ch = char::from_u32(c);
            if i == 0 {
                c == '_' as u32 || ch.is_some_and(|x| x.is_alphabetic())
            } else {
                c == '_' as u32
                    || ch.is_some_and(|x| x.is_alphanumeric())
                    || (0x300..0x370).contains(&c)
            }
        });
    Ok(vm.bool_val(ok))
});

fn fillchar(vm: &mut Vm, args: Args, i: usize) -> PyResult<u32> {
    match args.opt(vm, i) {
        None => Ok(' ' as u32),
        Some(f) => {
            let Some(fs) = vm.as_str_obj(f) else {
                let tn = vm.type_name(f);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "The fill character must be a unicode character, not {tn}"
                ));
            };
            if vm.str_len(fs) != 1 {
                return Err(vm.type_error("The fill character must be exactly one character long"));
            }
            Ok(code_points(vm.str_bytes(fs)).next().unwrap_or(32))
        }
    }
}

fn width_arg(vm: &mut Vm, args: Args, i: usize) -> PyResult<i64> {
    let v = args.get(vm, i);
    if vm.float_of(v).is_some() {
        return Err(vm.type_error("integer argument expected, got float"));
    }
    let iv = vm.index_value(v)?;
    Ok(vm.small_int_of(iv).unwrap_or(i64::MAX))
}

fn pad(vm: &mut Vm, s: Value, width: i64, fill: u32, how: u8) -> PyResult<Value> {
    let n = vm.str_len(s) as i64;
    if width <= n {
        return Ok(s);
    }
    let total = (width - n) as usize;
    let (left, right) = match how {
        0 => (0, total),
        1 => (total, 0),
        _ => {
            // CPython's center: left = total/2 + (total & width & 1).
            let left = total / 2 + (total & (width as usize) & 1);
            (left, total - left)
        }
    };
    let mut out: Vec<u32> = Vec::with_capacity(width as usize);
    out.extend(std::iter::repeat_n(fill, left));
    out.extend(cps(vm, s));
    out.extend(std::iter::repeat_n(fill, right));
    vm.new_str_cps(out)
}

str_fn!(str_ljust, "ljust", 1, 2, |vm, _s, a| {
    let w = width_arg(vm, a, 1)?;
    let f = fillchar(vm, a, 2)?;
    let s = sself(vm, a, "ljust")?;
    pad(vm, s, w, f, 0)
});
str_fn!(str_rjust, "rjust", 1, 2, |vm, _s, a| {
    let w = width_arg(vm, a, 1)?;
    let f = fillchar(vm, a, 2)?;
    let s = sself(vm, a, "rjust")?;
    pad(vm, s, w, f, 1)
});
str_fn!(str_center, "center", 1, 2, |vm, _s, a| {
    let w = width_arg(vm, a, 1)?;
    let f = fillchar(vm, a, 2)?;
    let s = sself(vm, a, "center")?;
    pad(vm, s, w, f, 2)
});

str_fn!(str_zfill, "zfill", 1, 1, |vm, _s, a| {
    let w = width_arg(vm, a, 1)?;
    let s = sself(vm, a, "zfill")?;
    let v = cps(vm, s);
    if w <= v.len() as i64 {
        return Ok(s);
    }
    let fill = w as usize - v.len();
    let mut out = Vec::with_capacity(w as usize);
    let mut rest = &v[..];
    if let Some(&c) = v.first()
        && (c == '+' as u32 || c == '-' as u32)
    {
        out.push(c);
        rest = &v[1..];
    }
    out.extend(std::iter::repeat_n('0' as u32, fill));
    out.extend_from_slice(rest);
    vm.new_str_cps(out)
});

fn str_expandtabs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [_, ts] = vm.bind::<2>(
        args,
        &Sig {
            name: "expandtabs",
            params: &["self", "tabsize"],
            posonly: 1,
            kwonly: 2,
            required: 1,
        },
    )?;
    let tabsize = match ts {
        Some(r) => {
            let v = vm.get(r);
            let iv = vm.index_value(v)?;
            vm.small_int_of(iv).unwrap_or(8)
        }
        None => 8,
    };
    let s = sself(vm, args, "expandtabs")?;
    let mut out = Vec::new();
    let mut col: i64 = 0;
    for cp in cps(vm, s) {
        match cp {
            9 => {
                if tabsize > 0 {
                    let n = tabsize - col % tabsize;
                    out.extend(std::iter::repeat_n(' ' as u32, n as usize));
                    col += n;
                }
            }
            10 | 13 => {
                out.push(cp);
                col = 0;
            }
            _ => {
                out.push(cp);
                col += 1;
            }
        }
    }
    vm.new_str_cps(out)
}

fn partition(vm: &mut Vm, args: Args, right: bool) -> PyResult<Value> {
    let name = if right {
        "str.rpartition"
    } else {
        "str.partition"
    };
    vm.check_args(args, name, 2, 2)?;
    let s = sself(vm, args, "partition")?;
    let sep = vm.str_arg(args, 1, "sep")?;
    let sb = vm.str_bytes(sep).to_vec();
    if sb.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let b = vm.str_bytes(s).to_vec();
    let found = if right {
        crate::objects::str_methods::rfind_bytes(&b, &sb, 0, b.len())
    } else {
        crate::objects::str_methods::find_bytes(&b, &sb, 0)
    };
    let mark = vm.sp();
    match found {
        Some(p) => {
            let a = vm.new_str_wtf8(&b[..p])?;
            vm.push_root(a)?;
            let sep = vm.str_arg(args, 1, "sep")?;
            vm.push_root(sep)?;
            let c = vm.new_str_wtf8(&b[p + sb.len()..])?;
            vm.push_root(c)?;
        }
        None => {
            let e = vm.c(C::EmptyStr);
            if right {
                vm.push_root(e)?;
                vm.push_root(e)?;
                let s = args.get(vm, 0);
                vm.push_root(s)?;
            } else {
                let s = args.get(vm, 0);
                vm.push_root(s)?;
                vm.push_root(e)?;
                vm.push_root(e)?;
            }
        }
    }
    vm.pack_tuple(mark)
}

fn str_partition(vm: &mut Vm, args: Args) -> PyResult<Value> {
    partition(vm, args, false)
}
fn str_rpartition(vm: &mut Vm, args: Args) -> PyResult<Value> {
    partition(vm, args, true)
}

fn str_splitlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [_, ke] = vm.bind::<2>(
        args,
        &Sig {
            name: "splitlines",
            params: &["self", "keepends"],
            posonly: 1,
            kwonly: 2,
            required: 1,
        },
    )?;
    let keep = match ke {
        Some(r) => {
            let v = vm.get(r);
            vm.truthy(v)?
        }
        None => false,
    };
    let s = sself(vm, args, "splitlines")?;
    let v = cps(vm, s);
    let mark = vm.sp();
    let mut i = 0;
    let mut start = 0;
    while i < v.len() {
        let c = v[i];
        let is_break = matches!(
            c,
            0x0a | 0x0b | 0x0c | 0x0d | 0x1c | 0x1d | 0x1e | 0x85 | 0x2028 | 0x2029
        );
        if is_break {
            let mut end = i + 1;
            if c == 0x0d && i + 1 < v.len() && v[i + 1] == 0x0a {
                end = i + 2;
            }
            let piece = if keep { &v[start..end] } else { &v[start..i] };
            let p = vm.new_str_cps(piece.iter().copied())?;
            vm.push_root(p)?;
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < v.len() {
        let p = vm.new_str_cps(v[start..].iter().copied())?;
        vm.push_root(p)?;
    }
    vm.pack_list(mark)
}

fn str_join_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "str.join", 2, 2)?;
    let s = sself(vm, args, "join")?;
    let it = args.get(vm, 1);
    vm.str_join(s, it)
}

fn split_common(vm: &mut Vm, args: Args, right: bool) -> PyResult<Value> {
    let name = if right { "rsplit" } else { "split" };
    let [_, sep, maxs] = vm.bind::<3>(
        args,
        &Sig {
            name,
            params: &["self", "sep", "maxsplit"],
            posonly: 1,
            kwonly: 3,
            required: 1,
        },
    )?;
    let sep = match sep.map(|r| vm.get(r)) {
        None => None,
        Some(v) if vm.is_none(v) => None,
        Some(v) => match vm.as_str_obj(v) {
            Some(s) => Some(s),
            None => {
                let tn = vm.type_name(v);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "must be str or None, not {tn}"
                ));
            }
        },
    };
    let max = match maxs.map(|r| vm.get(r)) {
        None => -1,
        Some(v) => {
            let iv = vm.index_value(v)?;
            vm.small_int_of(iv).unwrap_or(-1)
        }
    };
    let s = sself(vm, args, name)?;
    vm.str_split(s, sep, max, right)
}

fn str_split_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    split_common(vm, args, false)
}
fn str_rsplit_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    split_common(vm, args, true)
}

fn strip_common(vm: &mut Vm, args: Args, which: u8, name: &str) -> PyResult<Value> {
    vm.check_args(args, name, 1, 2)?;
    let s = vm.str_self(args, name)?;
    let chars = match args.opt(vm, 1) {
        None => None,
        Some(v) if vm.is_none(v) => None,
        Some(v) => match vm.as_str_obj(v) {
            Some(c) => Some(c),
            None => {
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "{} arg must be None or str",
                    name.trim_start_matches("str.")
                ));
            }
        },
    };
    vm.str_strip(s, chars, which)
}
fn str_strip_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    strip_common(vm, args, 0, "str.strip")
}
fn str_lstrip_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    strip_common(vm, args, 1, "str.lstrip")
}
fn str_rstrip_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    strip_common(vm, args, 2, "str.rstrip")
}

fn str_replace_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "replace", 3, 4)?;
    let s = sself(vm, args, "replace")?;
    let old = vm.str_arg(args, 1, "replace() argument 1")?;
    let new = vm.str_arg(args, 2, "replace() argument 2")?;
    let count = match args.opt(vm, 3) {
        Some(c) => {
            let iv = vm.index_value(c)?;
            vm.small_int_of(iv).unwrap_or(-1)
        }
        None => -1,
    };
    vm.str_replace(s, old, new, count)
}

fn search(vm: &mut Vm, args: Args, op: u8, name: &str, raise: bool) -> PyResult<Value> {
    vm.check_args(args, name, 2, 4)?;
    let s = vm.str_self(args, name)?;
    let sub = args.get(vm, 1);
    let Some(sub) = vm.as_str_obj(sub) else {
        let tn = vm.type_name(sub);
        return Err(crate::raise!(vm, TypeError, "must be str, not {tn}"));
    };
    let start = vm.opt_index_arg(args, 2)?;
    let end = vm.opt_index_arg(args, 3)?;
    let r = vm.str_search(s, sub, start, end, op);
    if raise && r < 0 {
        return Err(vm.value_error("substring not found"));
    }
    Ok(Value::small(r))
}
fn str_find(vm: &mut Vm, args: Args) -> PyResult<Value> {
    search(vm, args, 0, "find", false)
}
fn str_rfind(vm: &mut Vm, args: Args) -> PyResult<Value> {
    search(vm, args, 1, "rfind", false)
}
fn str_index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    search(vm, args, 0, "index", true)
}
fn str_rindex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    search(vm, args, 1, "rindex", true)
}
fn str_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    search(vm, args, 2, "count", false)
}

fn fix_edge(vm: &mut Vm, args: Args, end: bool) -> PyResult<Value> {
    let name = if end { "endswith" } else { "startswith" };
    vm.check_args(args, name, 2, 4)?;
    let s = vm.str_self(args, name)?;
    let start = vm.opt_index_arg(args, 2)?;
    let stop = vm.opt_index_arg(args, 3)?;
    let n = vm.str_len(s);
    let (cs, ce) = crate::objects::str_methods::clamp_range(start, stop, n);
    let arg = args.get(vm, 1);
    let cands: Vec<Value> = if let Some(t) = vm.as_tuple_obj(arg) {
        vm.tuple_items(t).to_vec()
    } else {
        vec![arg]
    };
    let s = vm.str_self(args, name)?;
    if cs > n || (cs > ce && start.is_some()) {
        // An empty or inverted range matches nothing (CPython: start > len => False).
        return Ok(vm.bool_val(false));
    }
    let t = Text {
        b: vm.str_bytes(s),
        ascii: vm.str_is_ascii(s),
    };
    let (bs, be) = (t.char_to_byte(cs), t.char_to_byte(ce.max(cs)));
    let region = &t.b[bs..be];
    for c in cands {
        let Some(cs2) = vm.as_str_obj(c) else {
            let tn = vm.type_name(c);
            return Err(if vm.as_tuple_obj(arg).is_some() {
                crate::raise!(
                    vm,
                    TypeError,
                    "tuple for {name} must only contain str, not {tn}"
                )
            } else {
                crate::raise!(
                    vm,
                    TypeError,
                    "{name} first arg must be str or a tuple of str, not {tn}"
                )
            });
        };
        let pb = vm.str_bytes(cs2);
        let ok = if end {
            region.ends_with(pb)
        } else {
            region.starts_with(pb)
        };
        if ok {
            return Ok(vm.bool_val(true));
        }
    }
    Ok(vm.bool_val(false))
}
fn str_startswith(vm: &mut Vm, args: Args) -> PyResult<Value> {
    fix_edge(vm, args, false)
}
fn str_endswith(vm: &mut Vm, args: Args) -> PyResult<Value> {
    fix_edge(vm, args, true)
}

fn str_removeprefix(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "str.removeprefix", 2, 2)?;
    let s = sself(vm, args, "removeprefix")?;
    let p = vm.str_arg(args, 1, "removeprefix() argument")?;
    let (b, pb) = (vm.str_bytes(s), vm.str_bytes(p));
    if !pb.is_empty() && b.starts_with(pb) {
        let out = b[pb.len()..].to_vec();
        return vm.new_str_wtf8(&out);
    }
    Ok(s)
}

fn str_removesuffix(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "str.removesuffix", 2, 2)?;
    let s = sself(vm, args, "removesuffix")?;
    let p = vm.str_arg(args, 1, "removesuffix() argument")?;
    let (b, pb) = (vm.str_bytes(s), vm.str_bytes(p));
    if !pb.is_empty() && b.ends_with(pb) {
        let out = b[..b.len() - pb.len()].to_vec();
        return vm.new_str_wtf8(&out);
    }
    Ok(s)
}

fn str_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [_, enc, errs] = vm.bind::<3>(
        args,
        &Sig {
            name: "encode",
            params: &["self", "encoding", "errors"],
            posonly: 1,
            kwonly: 3,
            required: 1,
        },
    )?;
    let encoding = match enc {
        Some(r) => {
            let v = vm.get(r);
            vm.str_string_of(v)?
        }
        None => "utf-8".into(),
    };
    let errors = match errs {
        Some(r) => {
            let v = vm.get(r);
            vm.str_string_of(v)?
        }
        None => "strict".into(),
    };
    let s = sself(vm, args, "encode")?;
    crate::objects::codecs::encode_str(vm, s, &encoding, &errors)
}

fn str_translate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "str.translate", 2, 2)?;
    let s = sself(vm, args, "translate")?;
    let v = cps(vm, s);
    let mark = vm.sp();
    let mut out: Vec<u32> = Vec::with_capacity(v.len());
    for cp in v {
        let table = args.get(vm, 1);
        let key = Value::small(cp as i64);
        let r = match vm.getitem(table, key) {
            Ok(r) => Some(r),
            Err(e) if vm.err_matches(&e, T::LookupError) => {
                let _ = vm.take_exc(e);
                None
            }
            Err(e) => return Err(e),
        };
        match r {
            None => out.push(cp),
            Some(r) if vm.is_none(r) => {}
            Some(r) => {
                if let Some(i) = vm.small_int_of(r) {
                    if !(0..=0x10ffff).contains(&i) {
                        return Err(vm.value_error("character mapping must be in range(0x110000)"));
                    }
                    out.push(i as u32);
                } else if let Some(rs) = vm.as_str_obj(r) {
                    out.extend(code_points(vm.str_bytes(rs)));
                } else {
                    return Err(vm.type_error("character mapping must return integer, None or str"));
                }
            }
        }
    }
    vm.truncate(mark);
    vm.new_str_cps(out)
}

fn str_maketrans(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // Static method: args are (x[, y[, z]]).
    vm.check_args(args, "maketrans", 1, 3)?;
    let d = vm.new_dict()?;
    let dr = vm.push_root(d)?;
    let x = args.get(vm, 0);
    if args.len() == 1 {
        let Some(xd) = vm.as_dict_obj(x) else {
            return Err(
                vm.type_error("if you give only one argument to maketrans it must be a dict")
            );
        };
        let xr = vm.push_root(xd)?;
        let mut pos = 0;
        while let Some((next, k, v)) = vm.dict_next(vm.get(xr), pos) {
            pos = next;
            let key = if let Some(ks) = vm.as_str_obj(k) {
                if vm.str_len(ks) != 1 {
                    return Err(
                        vm.value_error("string keys in translate table must be of length 1")
                    );
                }
                Value::small(code_points(vm.str_bytes(ks)).next().unwrap_or(0) as i64)
            } else if vm.is_int(k) {
                k
            } else {
                return Err(vm.type_error("keys in translate table must be strings or integers"));
            };
            vm.dict_set_item(vm.get(dr), key, v)?;
        }
        return Ok(vm.get(dr));
    }
    let xs = vm.str_arg(args, 0, "maketrans() argument 1")?;
    let ys = vm.str_arg(args, 1, "maketrans() argument 2")?;
    let (xv, yv) = (cps(vm, xs), cps(vm, ys));
    if xv.len() != yv.len() {
        return Err(vm.value_error("the first two maketrans arguments must have equal length"));
    }
    for (a, b) in xv.iter().zip(yv.iter()) {
        vm.dict_set_item(vm.get(dr), Value::small(*a as i64), Value::small(*b as i64))?;
    }
    if args.len() == 3 {
        let zs = vm.str_arg(args, 2, "maketrans() argument 3")?;
        for c in cps(vm, zs) {
            let none = vm.none();
            vm.dict_set_item(vm.get(dr), Value::small(c as i64), none)?;
        }
    }
    Ok(vm.get(dr))
}

fn str_getitem_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "str.__getitem__", 2, 2)?;
    let s = sself(vm, args, "__getitem__")?;
    let k = args.get(vm, 1);
    vm.str_getitem(s, k)
}

fn str_len_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = sself(vm, args, "__len__")?;
    Ok(Value::small(vm.str_len(s) as i64))
}

fn str_contains_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = sself(vm, args, "__contains__")?;
    let b = vm.contains(s, args.get(vm, 1))?;
    Ok(vm.bool_val(b))
}

fn str_iter_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = sself(vm, args, "__iter__")?;
    let t = if vm.str_is_ascii(s) {
        T::StrAsciiIter
    } else {
        T::StrIter
    };
    vm.new_seq_iter(t, s)
}

fn str_hash_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = sself(vm, args, "__hash__")?;
    let h = vm.str_hash(s);
    vm.new_int(h)
}

fn str_repr_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = sself(vm, args, "__repr__")?;
    let r = crate::objects::str_repr::repr_wtf8(vm.str_bytes(s));
    vm.new_str(&r)
}

fn str_str_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    if vm.is_str(v) {
        return Ok(v);
    }
    let s = sself(vm, args, "__str__")?;
    let b = vm.str_bytes(s).to_vec();
    vm.new_str_wtf8(&b)
}

fn str_binop(vm: &mut Vm, args: Args, op: crate::bytecode::BinaryOperator) -> PyResult<Value> {
    vm.check_args(args, "str operator", 2, 2)?;
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    Ok(vm
        .native_binop(op, a, b)?
        .unwrap_or_else(|| vm.not_implemented()))
}
fn str_add(vm: &mut Vm, args: Args) -> PyResult<Value> {
    str_binop(vm, args, crate::bytecode::BinaryOperator::Add)
}
fn str_mul(vm: &mut Vm, args: Args) -> PyResult<Value> {
    str_binop(vm, args, crate::bytecode::BinaryOperator::Multiply)
}
fn str_mod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    str_binop(vm, args, crate::bytecode::BinaryOperator::Remainder)
}

fn str_format_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = sself(vm, args, "format")?;
    crate::format::str_format::str_format(vm, s, args.shift(), None)
}

fn str_format_map_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "str.format_map", 2, 2)?;
    let s = sself(vm, args, "format_map")?;
    let m = args.get(vm, 1);
    crate::format::str_format::str_format(
        vm,
        s,
        Args::positional(args.start as usize + 2, 0),
        Some(m),
    )
}

fn str_dunder_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "str.__format__", 2, 2)?;
    let s = sself(vm, args, "__format__")?;
    let spec = vm.str_arg(args, 1, "format spec")?;
    vm.format_native(s, spec)
}

fn str_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls, obj, enc, errs] = vm.bind::<4>(
        args,
        &Sig {
            name: "str",
            params: &["cls", "object", "encoding", "errors"],
            posonly: 1,
            kwonly: 4,
            required: 1,
        },
    )?;
    let cls = cls.expect("cls");
    let r = match obj {
        None => vm.c(C::EmptyStr),
        Some(o) => {
            if enc.is_some() || errs.is_some() {
                let o = vm.get(o);
                let Some(data) = vm.bytes_like(o) else {
                    let tn = vm.type_name(o);
                    return Err(crate::raise!(
                        vm,
                        TypeError,
                        "decoding to str: need a bytes-like object, {tn} found"
                    ));
                };
                let encoding = match enc {
                    Some(r) => {
                        let v = vm.get(r);
                        vm.str_string_of(v)?
                    }
                    None => "utf-8".into(),
                };
                let errors = match errs {
                    Some(r) => {
                        let v = vm.get(r);
                        vm.str_string_of(v)?
                    }
                    None => "strict".into(),
                };
                crate::objects::codecs::decode_bytes(vm, &data, &encoding, &errors)?
            } else {
                let o = vm.get(o);
                vm.str_of(o)?
            }
        }
    };
    vm.wrap_native_instance(cls, r, Kind::Str)
}

/// The `str` method table.
pub static STR_METHODS: &[MethodDef] = &[
    func("__new__", str_new),
    meth("__getitem__", str_getitem_m),
    meth("__len__", str_len_m),
    meth("__contains__", str_contains_m),
    meth("__iter__", str_iter_m),
    meth("__hash__", str_hash_m),
    meth("__repr__", str_repr_m),
    meth("__str__", str_str_m),
    meth("__add__", str_add),
    meth("__mul__", str_mul),
    meth("__rmul__", str_mul),
    meth("__mod__", str_mod),
    meth("__format__", str_dunder_format),
    meth("upper", str_upper),
    meth("lower", str_lower),
    meth("casefold", str_casefold),
    meth("swapcase", str_swapcase),
    meth("title", str_title),
    meth("capitalize", str_capitalize),
    meth("isalpha", str_isalpha),
    meth("isdecimal", str_isdecimal),
    meth("isdigit", str_isdigit),
    meth("isnumeric", str_isnumeric),
    meth("isspace", str_isspace),
    meth("isascii", str_isascii),
    meth("isprintable", str_isprintable),
    meth("isalnum", str_isalnum),
    meth("isupper", str_isupper),
    meth("islower", str_islower),
    meth("istitle", str_istitle),
    meth("isidentifier", str_isidentifier),
    meth("ljust", str_ljust),
    meth("rjust", str_rjust),
    meth("center", str_center),
    meth("zfill", str_zfill),
    meth("expandtabs", str_expandtabs),
    meth("partition", str_partition),
    meth("rpartition", str_rpartition),
    meth("splitlines", str_splitlines),
    meth("join", str_join_m),
    meth("split", str_split_m),
    meth("rsplit", str_rsplit_m),
    meth("strip", str_strip_m),
    meth("lstrip", str_lstrip_m),
    meth("rstrip", str_rstrip_m),
    meth("replace", str_replace_m),
    meth("find", str_find),
    meth("rfind", str_rfind),
    meth("index", str_index),
    meth("rindex", str_rindex),
    meth("count", str_count),
    meth("startswith", str_startswith),
    meth("endswith", str_endswith),
    meth("removeprefix", str_removeprefix),
    meth("removesuffix", str_removesuffix),
    meth("encode", str_encode),
    meth("translate", str_translate),
    func("maketrans", str_maketrans),
    meth("format", str_format_m),
    meth("format_map", str_format_map_m),
];
