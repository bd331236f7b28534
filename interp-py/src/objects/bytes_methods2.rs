//! More `bytes`/`bytearray` methods: case mapping (`capitalize`, `swapcase`, `title`,
//! `istitle`, `isascii`), padding (`center`, `ljust`, `rjust`, `zfill`, `expandtabs`),
//! `partition`/`rpartition`, `removeprefix`/`removesuffix`, `rindex`, `splitlines`,
//! `maketrans`/`translate`, `__bytes__`. Shared by both types (results keep the type of
//! `self`).

use crate::objects::builtin_func::{MethodDef, func, meth};
use crate::objects::bytes_methods::{arg_bytes, b_search, data_self, make_like};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

fn b_capitalize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let out: Vec<u8> = d
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    make_like(vm, args, &out)
}

fn b_swapcase(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let out: Vec<u8> = d
        .iter()
        .map(|c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect();
    make_like(vm, args, &out)
}

fn b_title(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let mut prev_cased = false;
    let mut out = Vec::with_capacity(d.len());
    for &c in &d {
        if c.is_ascii_alphabetic() {
            out.push(if prev_cased {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            });
            prev_cased = true;
        } else {
            out.push(c);
            prev_cased = false;
        }
    }
    make_like(vm, args, &out)
}

fn b_istitle(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let (mut cased, mut prev_cased) = (false, false);
    for &c in &d {
        if c.is_ascii_uppercase() {
            if prev_cased {
                return Ok(vm.bool_val(false));
            }
            prev_cased = true;
            cased = true;
        } else if c.is_ascii_lowercase() {
            if !prev_cased {
                return Ok(vm.bool_val(false));
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(vm.bool_val(cased))
}

fn b_isascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    Ok(vm.bool_val(d.is_ascii()))
}

fn width_fill(vm: &mut Vm, args: Args, name: &str) -> PyResult<(usize, u8)> {
    vm.check_args(args, name, 2, 3)?;
    let w = vm.index_i64(args.get(vm, 1))?.max(0) as usize;
    let fill = match args.opt(vm, 2) {
        None => b' ',
        Some(f) => match vm.bytes_like(f) {
            Some(b) if b.len() == 1 => b[0],
            _ => {
                let tn = vm.type_name(f);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "{name}() argument 2 must be a byte string of length 1, not {tn}"
                ));
            }
        },
    };
    Ok((w, fill))
}

fn pad(vm: &mut Vm, args: Args, name: &str, how: u8) -> PyResult<Value> {
    let (w, fill) = width_fill(vm, args, name)?;
    let d = data_self(vm, args)?;
    if w <= d.len() {
        return make_like(vm, args, &d);
    }
    let total = w - d.len();
    let (left, right) = match how {
        0 => (0, total),
        1 => (total, 0),
        _ => {
            // CPython's centering: extra space goes left when the margin is odd and the
            // width is odd.
            let left = total / 2 + (total & w & 1);
            (left, total - left)
        }
    };
    let mut out = vec![fill; left];
    out.extend_from_slice(&d);
    out.extend(std::iter::repeat_n(fill, right));
    make_like(vm, args, &out)
}

fn b_ljust(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pad(vm, args, "ljust", 0)
}
fn b_rjust(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pad(vm, args, "rjust", 1)
}
fn b_center(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pad(vm, args, "center", 2)
}

fn b_zfill(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "zfill", 2, 2)?;
    let w = vm.index_i64(args.get(vm, 1))?.max(0) as usize;
    let d = data_self(vm, args)?;
    if w <= d.len() {
        return make_like(vm, args, &d);
    }
    let fill = w - d.len();
    let mut out = Vec::with_capacity(w);
    let body = if !d.is_empty() && (d[0] == b'+' || d[0] == b'-') {
        out.push(d[0]);
        &d[1..]
    } else {
        &d[..]
    };
    out.extend(std::iter::repeat_n(b'0', fill));
    out.extend_from_slice(body);
    make_like(vm, args, &out)
}

fn b_expandtabs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let tab = match args.opt(vm, 1) {
        Some(t) => vm.index_i64(t)?,
        None => 8,
    };
    let d = data_self(vm, args)?;
    let mut out = Vec::new();
    let mut col = 0i64;
    for &c in &d {
        match c {
            b'\t' => {
                if tab > 0 {
                    let n = tab - col % tab;
                    out.extend(std::iter::repeat_n(b' ', n as usize));
                    col += n;
                }
            }
            b'\n' | b'\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    make_like(vm, args, &out)
}

fn partition(vm: &mut Vm, args: Args, right: bool) -> PyResult<Value> {
    vm.check_args(args, if right { "rpartition" } else { "partition" }, 2, 2)?;
    let d = data_self(vm, args)?;
    let sep = arg_bytes(vm, args, 1)?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let pos = if right {
        d.windows(sep.len()).rposition(|w| w == sep.as_slice())
    } else {
        d.windows(sep.len()).position(|w| w == sep.as_slice())
    };
    let (a, b, c): (Vec<u8>, Vec<u8>, Vec<u8>) = match pos {
        Some(p) => (d[..p].to_vec(), sep.clone(), d[p + sep.len()..].to_vec()),
        None if right => (Vec::new(), Vec::new(), d.clone()),
        None => (d.clone(), Vec::new(), Vec::new()),
    };
    let mark = vm.sp();
    for part in [a, b, c] {
        let v = make_like(vm, args, &part)?;
        vm.push_root(v)?;
    }
    vm.pack_tuple(mark)
}

fn b_partition(vm: &mut Vm, args: Args) -> PyResult<Value> {
    partition(vm, args, false)
}
fn b_rpartition(vm: &mut Vm, args: Args) -> PyResult<Value> {
    partition(vm, args, true)
}

fn b_removeprefix(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "removeprefix", 2, 2)?;
    let d = data_self(vm, args)?;
    let p = arg_bytes(vm, args, 1)?;
    let out = d.strip_prefix(p.as_slice()).unwrap_or(&d).to_vec();
    make_like(vm, args, &out)
}

fn b_removesuffix(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "removesuffix", 2, 2)?;
    let d = data_self(vm, args)?;
    let p = arg_bytes(vm, args, 1)?;
    let out = if p.is_empty() {
        d.clone()
    } else {
        d.strip_suffix(p.as_slice()).unwrap_or(&d).to_vec()
    };
    make_like(vm, args, &out)
}

fn b_rindex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    b_search(vm, args, 1, true)
}

fn b_splitlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let keep = match args.opt(vm, 1) {
        Some(k) => vm.truthy(k)?,
        None => {
            if args.has_kw() {
                let (_, r) = args.kw(vm, 0);
                vm.truthy(vm.get(r))?
            } else {
                false
            }
        }
    };
    let d = data_self(vm, args)?;
    let mut parts: Vec<Vec<u8>> = Vec::new();
    let mut i = 0;
    let mut start = 0;
    while i < d.len() {
        let c = d[i];
        if c == b'\n' || c == b'\r' {
            let mut end = i + 1;
            if c == b'\r' && d.get(i + 1) == Some(&b'\n') {
                end += 1;
            }
            parts.push(if keep {
                d[start..end].to_vec()
            } else {
                d[start..i].to_vec()
            });
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < d.len() {
        parts.push(d[start..].to_vec());
    }
    let mark = vm.sp();
    for p in parts {
        let v = make_like(vm, args, &p)?;
        vm.push_root(v)?;
    }
    vm.pack_list(mark)
}

fn b_maketrans(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "maketrans", 2, 2)?;
    let a = arg_bytes(vm, args, 0)?;
    let b = arg_bytes(vm, args, 1)?;
    if a.len() != b.len() {
        return Err(vm.value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255u8).collect();
    for (x, y) in a.iter().zip(b.iter()) {
        table[*x as usize] = *y;
    }
    vm.new_bytes(&table)
}

fn b_translate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let table = match args.opt(vm, 1) {
        Some(t) if !vm.is_none(t) => {
            let Some(t) = vm.bytes_like(t) else {
                let tn = vm.type_name(t);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "a bytes-like object is required, not '{tn}'"
                ));
            };
            if t.len() != 256 {
                return Err(vm.value_error("translation table must be 256 characters long"));
            }
            Some(t)
        }
        _ => None,
    };
    let delete = match args.opt(vm, 2) {
        Some(_) => arg_bytes(vm, args, 2)?,
        None => Vec::new(),
    };
    let out: Vec<u8> = d
        .iter()
        .filter(|c| !delete.contains(c))
        .map(|&c| table.as_ref().map_or(c, |t| t[c as usize]))
        .collect();
    make_like(vm, args, &out)
}

fn b_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    vm.new_bytes(&d)
}

/// The methods shared by `bytes` and `bytearray` defined in this module.
pub static BYTES_METHODS2: &[MethodDef] = &[
    meth("capitalize", b_capitalize),
    meth("swapcase", b_swapcase),
    meth("title", b_title),
    meth("istitle", b_istitle),
    meth("isascii", b_isascii),
    meth("ljust", b_ljust),
    meth("rjust", b_rjust),
    meth("center", b_center),
    meth("zfill", b_zfill),
    meth("expandtabs", b_expandtabs),
    meth("partition", b_partition),
    meth("rpartition", b_rpartition),
    meth("removeprefix", b_removeprefix),
    meth("removesuffix", b_removesuffix),
    meth("rindex", b_rindex),
    meth("splitlines", b_splitlines),
    func("maketrans", b_maketrans),
    meth("translate", b_translate),
    meth("__bytes__", b_bytes),
];
