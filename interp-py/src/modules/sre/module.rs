//! The `_sre` module: the VM side of the regular-expression engine.
//!
//! The Python-visible types (`re.Pattern`, `re.Match`, `_sre.SRE_Scanner`) are written in
//! Python (`sre_types.py`, run in this module's namespace at import) and call the private
//! native functions here, which do all the work that is proportional to the subject:
//!
//! * `_pack(code)`: the `list` of code words `re._compiler` emits -> a `bytes` of
//!   little-endian `u32`s (checked once at compile time; every call copies it into a
//!   `Vec<u32>`, which costs far less than the Python-level call itself).
//! * `_run(...)`: one `match`/`fullmatch`/`search` attempt -> a record tuple or `None`.
//! * `_findall`, `_split`, `_sub`: the whole scanning loops, building their result lists
//!   and strings natively (`_sub` handles literal replacements and parsed templates;
//!   callables go through `_run` from Python).
//! * `_getslice(string, a, b)`: CPython's `getslice` (`str` for text, `bytes` for buffers).
//!
//! Subjects: an ASCII `str`, `bytes` and `bytearray` are matched in place as bytes; a
//! non-ASCII `str` in place through [`Utf8`] (code-point addressing over its WTF-8 bytes);
//! a `memoryview` is copied. A match never allocates, so the borrowed data cannot move
//! while the engine runs.
//!
//! Records: `(pos, endpos, start, end, lastindex, g1start, g1end, ...)` with -1 for
//! "unset"; see [`super::scan::Record`].

use super::constants as k;
use super::engine::{EngineError, Narrow, Subject};
use super::scan::{self, Mode, Record};
use super::subject::Utf8;
use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::str_;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// The Python part of the module (types and `compile`).
const TYPES_SOURCE: &str = include_str!("sre_types.py");

static FUNCTIONS: &[MethodDef] = &[
    func("getcodesize", getcodesize),
    func("ascii_iscased", ascii_iscased),
    func("unicode_iscased", unicode_iscased),
    func("ascii_tolower", ascii_tolower),
    func("unicode_tolower", unicode_tolower),
    func("_pack", pack),
    func("_run", run),
    func("_findall", findall),
    func("_split", split),
    func("_sub", sub),
    func("_getslice", getslice),
    func("_records", records),
];

/// Builds the `_sre` module.
pub fn init_sre(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module("_sre", "", FUNCTIONS)?;
    let mr = vm.push_root(m)?;
    for (name, val) in [
        ("MAGIC", k::MAGIC as i64),
        ("CODESIZE", 4),
        ("MAXREPEAT", k::MAXREPEAT as i64),
        ("MAXGROUPS", k::MAXGROUPS as i64),
    ] {
        let v = vm.new_int(val)?;
        vm.module_set(vm.get(mr), name, v)?;
    }
    let code = vm.compile_str(
        TYPES_SOURCE.to_string(),
        "<_sre>",
        crate::compile::Mode::Exec,
        0,
    )?;
    let d = vm.module_dict(vm.get(mr));
    vm.exec_source_in(&code, d)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

fn getcodesize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getcodesize", 0, 0)?;
    vm.new_int(4)
}

/// The `int` argument of the character helpers (a C `int` in CPython).
fn char_arg(vm: &mut Vm, args: Args, name: &str) -> PyResult<i64> {
    vm.check_args(args, name, 1, 1)?;
    let v = args.get(vm, 0);
    if !vm.is_int(v) {
        let tn = vm.type_name(v);
        return Err(crate::raise!(
            vm,
            TypeError,
            "'{tn}' object cannot be interpreted as an integer"
        ));
    }
    match vm.int_val(v).and_then(|x| x.to_i64()) {
        Some(i) if i32::try_from(i).is_ok() => Ok(i),
        Some(i) if i < 0 => Err(vm.overflow_error("signed integer is less than minimum")),
        _ => Err(vm.overflow_error("signed integer is greater than maximum")),
    }
}

/// Applies a code-point predicate or mapping to a C-int argument (negative values are
/// not characters: predicates are false, mappings return them unchanged).
fn on_char<T>(c: i64, f: impl Fn(u32) -> T, other: T) -> T {
    u32::try_from(c).map(f).unwrap_or(other)
}

fn ascii_iscased(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let c = char_arg(vm, args, "ascii_iscased")?;
    Ok(vm.bool_val(on_char(c, k::ascii_iscased, false)))
}

fn unicode_iscased(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let c = char_arg(vm, args, "unicode_iscased")?;
    Ok(vm.bool_val(on_char(c, k::unicode_iscased, false)))
}

fn ascii_tolower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let c = char_arg(vm, args, "ascii_tolower")?;
    vm.new_int(on_char(c, |c| k::lower_ascii(c) as i64, c))
}

fn unicode_tolower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let c = char_arg(vm, args, "unicode_tolower")?;
    vm.new_int(on_char(c, |c| k::lower_unicode(c) as i64, c))
}

/// `_pack(code)`: the code words as a `bytes` of little-endian `u32`s.
fn pack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_pack", 1, 1)?;
    let v = args.get(vm, 0);
    let items: Vec<Value> = if let Some(l) = vm.as_list_obj(v) {
        vm.list_items(l).to_vec()
    } else if let Some(t) = vm.as_tuple_obj(v) {
        vm.tuple_items(t).to_vec()
    } else {
        return Err(vm.type_error("code must be a list"));
    };
    let mut out = Vec::with_capacity(items.len() * 4);
    for it in items {
        // Small ints need no allocation, so `items` stays valid; big ones fail below.
        if !vm.is_int(it) {
            return Err(vm.type_error("an integer is required"));
        }
        let w = vm.int_val(it).and_then(|x| x.to_i64());
        match w {
            Some(w) if w < 0 => {
                return Err(vm.overflow_error("can't convert negative value to unsigned int"));
            }
            Some(w) if w <= u32::MAX as i64 => out.extend_from_slice(&(w as u32).to_le_bytes()),
            Some(_) => {
                return Err(vm.overflow_error("regular expression code size limit exceeded"));
            }
            None if vm.int_val(it).is_some_and(|x| x.to_big() < 0.into()) => {
                return Err(vm.overflow_error("can't convert negative value to unsigned int"));
            }
            None => {
                return Err(vm.overflow_error("regular expression code size limit exceeded"));
            }
        }
    }
    vm.new_bytes(&out)
}

fn code_words(vm: &mut Vm, v: Value) -> PyResult<Vec<u32>> {
    match vm.as_bytes_obj(v) {
        Some(b) => Ok(vm
            .bytes_data(b)
            .chunks_exact(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect()),
        None => Err(vm.type_error("invalid compiled pattern")),
    }
}

/// A `Py_ssize_t` argument (`__index__`; CPython's overflow message).
fn int_arg(vm: &mut Vm, v: Value) -> PyResult<i64> {
    if let Some(i) = v.as_small() {
        return Ok(i);
    }
    let iv = vm.index_value(v)?;
    match vm.int_val(iv).and_then(|x| x.to_i64()) {
        Some(i) => Ok(i),
        None => Err(vm.overflow_error("Python int too large to convert to C ssize_t")),
    }
}

fn engine_error(vm: &mut Vm, e: EngineError) -> crate::runtime::errors::PyErr {
    match e {
        EngineError::Illegal | EngineError::State => {
            vm.runtime_error("internal error in regular expression engine")
        }
    }
}

/// A checked subject: its length in code units and, for buffers other than `bytes` and
/// `bytearray`, a copy of its data.
struct Prepared {
    len: usize,
    copy: Vec<u8>,
}

/// CPython's `getstring` + `state_init` checks: the subject's kind must agree with the
/// pattern's (`isbytes`: 1 bytes pattern, 0 str pattern, -1 either).
fn prepare(vm: &mut Vm, string: Value, isbytes: i64) -> PyResult<Prepared> {
    if let Some(so) = vm.as_str_obj(string) {
        if isbytes > 0 {
            return Err(vm.type_error("cannot use a bytes pattern on a string-like object"));
        }
        let n = vm.str_len(so);
        if !vm.str_is_ascii(so) && n > 0 {
            // Builds the char index of long strings so `Utf8` can jump.
            vm.str_char_offset(so, n - 1)?;
        }
        return Ok(Prepared {
            len: n,
            copy: Vec::new(),
        });
    }
    let (len, copy) = if let Some(b) = vm.as_bytes_obj(string) {
        (vm.bytes_data(b).len(), Vec::new())
    } else if let Some(d) = vm.bytearray_data(string) {
        (d.len(), Vec::new())
    } else if vm.is_memoryview(string) {
        match vm.memoryview_bytes(string) {
            Some(c) => (c.len(), c),
            None => {
                return Err(vm.value_error("operation forbidden on released memoryview object"));
            }
        }
    } else {
        let tn = vm.type_name(string);
        return Err(crate::raise!(
            vm,
            TypeError,
            "expected string or bytes-like object, got '{tn}'"
        ));
    };
    if isbytes == 0 {
        return Err(vm.type_error("cannot use a string pattern on a bytes-like object"));
    }
    Ok(Prepared { len, copy })
}

/// Runs `$body` with `$s` bound to the subject `$string` (see the module header).
macro_rules! on_subject {
    ($vm:expr, $string:expr, $copy:expr, |$s:ident| $body:expr) => {{
        let vm: &Vm = $vm;
        let v: Value = $string;
        if let Some(so) = vm.as_str_obj(v) {
            if vm.str_is_ascii(so) {
                let $s = &Narrow(vm.str_bytes(so));
                $body
            } else {
                let index = vm.ldv(so, str_::INDEX).map(|ix| vm.bytes_data(ix));
                let $s = &Utf8::new(vm.str_bytes(so), vm.str_len(so), index);
                $body
            }
        } else if let Some(b) = vm.as_bytes_obj(v) {
            let $s = &Narrow(vm.bytes_data(b));
            $body
        } else if let Some(d) = vm.bytearray_data(v) {
            let $s = &Narrow(d);
            $body
        } else {
            let $s = &Narrow($copy);
            $body
        }
    }};
}

/// `string[a:b]` as CPython's `getslice`: an exact `str`, or `bytes` for buffers.
fn slice_of(vm: &mut Vm, sr: Root, copy: &[u8], a: usize, b: usize) -> PyResult<Value> {
    let v = vm.get(sr);
    if let Some(so) = vm.as_str_obj(v) {
        let n = vm.str_len(so);
        let (a, b) = (a.min(n), b.min(n));
        if a >= b {
            return vm.new_str("");
        }
        if vm.str_is_ascii(so) {
            if b - a == 1 {
                let c = vm.str_bytes(so)[a];
                return vm.new_char(c as u32);
            }
            let bytes = vm.str_bytes(so)[a..b].to_vec();
            return vm.alloc_str_raw(&bytes, b - a, str_::F_ASCII);
        }
        let (x, so) = vm.str_char_offset(so, a)?;
        let (y, so) = vm.str_char_offset(so, b)?;
        let bytes = vm.str_bytes(so)[x..y].to_vec();
        return vm.new_str_wtf8(&bytes);
    }
    let data: Vec<u8> = {
        let d: &[u8] = if let Some(bo) = vm.as_bytes_obj(v) {
            vm.bytes_data(bo)
        } else if let Some(d) = vm.bytearray_data(v) {
            d
        } else {
            copy
        };
        let (a, b) = (a.min(d.len()), b.min(d.len()));
        d[a..b.max(a)].to_vec()
    };
    vm.new_bytes(&data)
}

/// `_getslice(string, a, b)`.
fn getslice(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_getslice", 3, 3)?;
    let a = int_arg(vm, args.get(vm, 1))?.max(0) as usize;
    let b = int_arg(vm, args.get(vm, 2))?.max(0) as usize;
    let string = args.get(vm, 0);
    let copy = if vm.is_memoryview(string) {
        vm.memoryview_bytes(string).unwrap_or_default()
    } else {
        Vec::new()
    };
    let sr = vm.push_root(string)?;
    let r = slice_of(vm, sr, &copy, a, b);
    vm.truncate(sr.index());
    r
}

/// The common leading arguments `(code, groups, isbytes, string)`.
struct Common {
    code: Vec<u32>,
    groups: usize,
    prepared: Prepared,
}

fn common(vm: &mut Vm, args: Args) -> PyResult<Common> {
    let code = code_words(vm, args.get(vm, 0))?;
    let groups = int_arg(vm, args.get(vm, 1))?.max(0) as usize;
    let isbytes = int_arg(vm, args.get(vm, 2))?;
    let prepared = prepare(vm, args.get(vm, 3), isbytes)?;
    Ok(Common {
        code,
        groups,
        prepared,
    })
}

/// `_run(code, groups, isbytes, string, pos, endpos, start, mode, must_advance)`: one
/// attempt; `start < 0` starts at `pos`.
fn run(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_run", 9, 9)?;
    let c = common(vm, args)?;
    let pos = int_arg(vm, args.get(vm, 4))?;
    let endpos = int_arg(vm, args.get(vm, 5))?;
    let start = int_arg(vm, args.get(vm, 6))?;
    let mode = int_arg(vm, args.get(vm, 7))?;
    let must_advance = vm.truthy(args.get(vm, 8))?;
    let Some(mode) = Mode::from_index(mode) else {
        return Err(vm.value_error("bad mode"));
    };
    let (pos, endpos) = scan::clamp(pos, endpos, c.prepared.len);
    let start = if start < 0 {
        pos
    } else {
        (start as usize).min(c.prepared.len)
    };
    let mut rec = Vec::with_capacity(Record::stride(c.groups));
    let string = args.get(vm, 3);
    let matched = on_subject!(vm, string, &c.prepared.copy, |s| scan::run_once(
        s,
        &c.code,
        c.groups,
        pos,
        endpos,
        start,
        mode,
        must_advance,
        &mut rec
    ));
    let matched = matched.map_err(|e| engine_error(vm, e))?;
    if !matched {
        return Ok(vm.none());
    }
    let mark = vm.sp();
    for x in [pos as i64, endpos as i64].into_iter().chain(rec) {
        let v = vm.new_int(x)?;
        vm.push_root(v)?;
    }
    vm.pack_tuple(mark)
}

/// Runs the scanning loop over the subject in `args[3]`.
fn scan_subject(
    vm: &mut Vm,
    args: Args,
    c: &Common,
    pos: usize,
    endpos: usize,
    limit: usize,
) -> PyResult<Vec<i64>> {
    let mut recs = Vec::new();
    let string = args.get(vm, 3);
    let r = on_subject!(vm, string, &c.prepared.copy, |s| scan::scan_all(
        s, &c.code, c.groups, pos, endpos, limit, &mut recs
    ));
    r.map_err(|e| engine_error(vm, e))?;
    Ok(recs)
}

/// Group `g`'s span in a record (group 0: the match), if set.
fn span(rec: &[i64], g: usize) -> Option<(usize, usize)> {
    let (a, b) = if g == 0 {
        (rec[0], rec[1])
    } else {
        (rec[1 + 2 * g], rec[2 + 2 * g])
    };
    (a >= 0 && b >= 0).then_some((a as usize, b as usize))
}

/// `_records(code, groups, isbytes, string, limit)`: the records (as `_run` returns them)
/// of the successive matches `sub`/`subn` replace (at most `limit`; 0: all), for the
/// Python-level loop that calls a replacement function.
fn records(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_records", 5, 5)?;
    let c = common(vm, args)?;
    let limit = int_arg(vm, args.get(vm, 4))?;
    let len = c.prepared.len;
    let recs = if limit < 0 {
        Vec::new()
    } else {
        scan_subject(vm, args, &c, 0, len, limit as usize)?
    };
    let stride = Record::stride(c.groups);
    let mark = vm.sp();
    let lr = {
        let l = vm.new_list(recs.len() / stride.max(1))?;
        vm.push_root(l)?
    };
    for rec in recs.chunks_exact(stride) {
        let tmark = vm.sp();
        for &x in [0, len as i64].iter().chain(rec) {
            let v = vm.new_int(x)?;
            vm.push_root(v)?;
        }
        let t = vm.pack_tuple(tmark)?;
        let l = vm.get(lr);
        vm.list_append(l, t)?;
    }
    let l = vm.get(lr);
    vm.truncate(mark);
    Ok(l)
}

/// `_findall(code, groups, isbytes, string, pos, endpos)`.
fn findall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_findall", 6, 6)?;
    let c = common(vm, args)?;
    let pos = int_arg(vm, args.get(vm, 4))?;
    let endpos = int_arg(vm, args.get(vm, 5))?;
    let (pos, endpos) = scan::clamp(pos, endpos, c.prepared.len);
    let recs = scan_subject(vm, args, &c, pos, endpos, 0)?;
    let stride = Record::stride(c.groups);
    let mark = vm.sp();
    let sr = vm.push_root(args.get(vm, 3))?;
    let lr = {
        let l = vm.new_list(recs.len() / stride.max(1))?;
        vm.push_root(l)?
    };
    for rec in recs.chunks_exact(stride) {
        let item = if c.groups == 0 {
            let (a, b) = span(rec, 0).unwrap_or((0, 0));
            slice_of(vm, sr, &c.prepared.copy, a, b)?
        } else if c.groups == 1 {
            let (a, b) = span(rec, 1).unwrap_or((0, 0));
            slice_of(vm, sr, &c.prepared.copy, a, b)?
        } else {
            let tmark = vm.sp();
            for g in 1..=c.groups {
                let (a, b) = span(rec, g).unwrap_or((0, 0));
                let s = slice_of(vm, sr, &c.prepared.copy, a, b)?;
                vm.push_root(s)?;
            }
            vm.pack_tuple(tmark)?
        };
        let l = vm.get(lr);
        vm.list_append(l, item)?;
    }
    let l = vm.get(lr);
    vm.truncate(mark);
    Ok(l)
}

/// `_split(code, groups, isbytes, string, maxsplit)`.
fn split(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_split", 5, 5)?;
    let c = common(vm, args)?;
    let maxsplit = int_arg(vm, args.get(vm, 4))?;
    let len = c.prepared.len;
    let recs = if maxsplit < 0 {
        Vec::new()
    } else {
        scan_subject(vm, args, &c, 0, len, maxsplit as usize)?
    };
    let stride = Record::stride(c.groups);
    let mark = vm.sp();
    let sr = vm.push_root(args.get(vm, 3))?;
    let lr = {
        let l = vm.new_list(0)?;
        vm.push_root(l)?
    };
    let mut last = 0;
    for rec in recs.chunks_exact(stride) {
        let (a, b) = span(rec, 0).unwrap_or((last, last));
        let piece = slice_of(vm, sr, &c.prepared.copy, last, a)?;
        let l = vm.get(lr);
        vm.list_append(l, piece)?;
        for g in 1..=c.groups {
            let item = match span(rec, g) {
                Some((x, y)) => slice_of(vm, sr, &c.prepared.copy, x, y)?,
                None => vm.none(),
            };
            let l = vm.get(lr);
            vm.list_append(l, item)?;
        }
        last = b;
    }
    let piece = slice_of(vm, sr, &c.prepared.copy, last, len)?;
    let l = vm.get(lr);
    vm.list_append(l, piece)?;
    let l = vm.get(lr);
    vm.truncate(mark);
    Ok(l)
}

/// A replacement: literal text, or a parsed template (`re._parser.parse_template`'s
/// `(groups, literals)`) as a list of pieces.
enum Piece {
    Text(Vec<u8>),
    Group(usize),
}

/// The bytes of a replacement piece of the subject's kind, or `None` if `v` is not one.
fn piece_bytes(vm: &Vm, v: Value, text: bool) -> Option<Vec<u8>> {
    if text {
        vm.is_str(v).then(|| vm.str_bytes(v).to_vec())
    } else {
        vm.is_bytes(v).then(|| vm.bytes_data(v).to_vec())
    }
}

/// `_sub(code, groups, isbytes, string, count, literal, tgroups)`: `literal` is the
/// replacement text when `tgroups` is `None`, else the template's literal list (with `None`
/// holes) and `tgroups` its `[(index, group), ...]`. Returns `(result, n)`, or `None` when
/// the replacement pieces are not of the subject's exact type (the caller then runs the
/// general path, which reports CPython's errors).
fn sub(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_sub", 7, 7)?;
    let c = common(vm, args)?;
    let count = int_arg(vm, args.get(vm, 4))?;
    let string = args.get(vm, 3);
    let text = vm.as_str_obj(string).is_some();
    let literal = args.get(vm, 5);
    let tgroups = args.get(vm, 6);
    let mut pieces = Vec::new();
    if vm.is_none(tgroups) {
        match piece_bytes(vm, literal, text) {
            Some(b) => pieces.push(Piece::Text(b)),
            None => return Ok(vm.none()),
        }
    } else {
        let (Some(ll), Some(gl)) = (vm.as_list_obj(literal), vm.as_list_obj(tgroups)) else {
            return Ok(vm.none());
        };
        let lits: Vec<Value> = vm.list_items(ll).to_vec();
        let mut slots: Vec<Option<Piece>> = Vec::with_capacity(lits.len());
        for v in lits {
            if vm.is_none(v) {
                slots.push(None);
            } else {
                match piece_bytes(vm, v, text) {
                    Some(b) => slots.push(Some(Piece::Text(b))),
                    None => return Ok(vm.none()),
                }
            }
        }
        let gs: Vec<Value> = vm.list_items(gl).to_vec();
        for t in gs {
            let pair = vm.as_tuple_obj(t).map(|t| vm.tuple_items(t).to_vec());
            let Some([i, g]) = pair.as_deref().and_then(|p| <[Value; 2]>::try_from(p).ok()) else {
                return Ok(vm.none());
            };
            let (Some(i), Some(g)) = (i.as_small(), g.as_small()) else {
                return Ok(vm.none());
            };
            if i < 0 || i as usize >= slots.len() || g < 0 || g as usize > c.groups {
                return Ok(vm.none());
            }
            slots[i as usize] = Some(Piece::Group(g as usize));
        }
        pieces.extend(slots.into_iter().flatten());
    }
    let len = c.prepared.len;
    let recs = if count < 0 {
        Vec::new()
    } else {
        scan_subject(vm, args, &c, 0, len, count as usize)?
    };
    let stride = Record::stride(c.groups);
    let n = recs.len() / stride.max(1);
    let out: Vec<u8> = on_subject!(vm, string, &c.prepared.copy, |s| {
        let mut out = Vec::new();
        let emit = |out: &mut Vec<u8>, a: usize, b: usize| {
            if text {
                for i in a..b {
                    crate::objects::str::push_cp(out, s.at(i));
                }
            } else {
                out.extend((a..b).map(|i| s.at(i) as u8));
            }
        };
        let mut i = 0;
        for rec in recs.chunks_exact(stride) {
            let (b, e) = span(rec, 0).unwrap_or((i, i));
            if i < b {
                emit(&mut out, i, b);
            }
            for p in &pieces {
                match p {
                    Piece::Text(t) => out.extend_from_slice(t),
                    Piece::Group(g) => {
                        if let Some((x, y)) = span(rec, *g) {
                            emit(&mut out, x, y);
                        }
                    }
                }
            }
            i = e;
        }
        if i < len {
            emit(&mut out, i, len);
        }
        out
    });
    let result = if text {
        vm.new_str_wtf8(&out)?
    } else {
        vm.new_bytes(&out)?
    };
    let rr = vm.push_root(result)?;
    let nv = vm.new_int(n as i64)?;
    let t = vm.tuple2(vm.get(rr), nv);
    vm.truncate(rr.index());
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_subject_units() {
        let n = Narrow(b"ab");
        assert_eq!((n.len(), n.at(0), n.at(1), n.at(2)), (2, 97, 98, 0));
    }
}
