//! `_json`'s native scanner: the engine behind `_json.make_scanner` (CPython's
//! `c_make_scanner`, `scan_once_unicode` in Modules/_json.c), which `json.loads` uses to
//! decode a whole document in one native call.
//!
//! `_scan_once(string, idx, strict, object_hook, object_pairs_hook, parse_float,
//! parse_int, parse_constant, error_class)` returns `(value, end)`; the Python `Scanner`
//! class in `json_mod.py` stores the context's settings and passes them in. Semantics are
//! those of the C scanner: a missing value raises `StopIteration(idx)` (also from inside
//! arrays and objects: `json.decoder` turns it into "Expecting value"), malformed syntax
//! raises `error_class(msg, string, pos)` with CPython's messages and positions, nesting
//! counts against the recursion limit (RecursionError, never a Rust stack overflow), and
//! object keys are interned within one call (a memo dict).
//!
//! The document is read in place, never copied (a loop of `raw_decode(s, i)` calls over a
//! long string stays linear): the str is rooted and every scanning step takes a short-lived
//! view of its bytes ([`Doc::view`], borrowing `&Vm`), so the borrow checker guarantees that
//! no view survives an allocation (which may move the str). Non-ASCII text is addressed by
//! code point through [`Utf8`], whose cursor is carried from one view to the next (byte
//! offsets of an immutable str stay valid when it moves), so scanning stays linear.
//!
//! Invariants: every container under construction is rooted on the VM stack, and each
//! recursion level restores the stack to its mark before returning.

use std::cell::Cell;

use super::engine::{Narrow, Subject};
use super::json::{BAD_ESCAPE, BAD_UNICODE, CONTROL, OUT_OF_BOUNDS, ScanError, UNTERMINATED, scan};
use super::subject::Utf8;
use crate::runtime::builtin_types::T;
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::str_;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Argument positions of `_scan_once`.
const A_STRING: usize = 0;
const A_IDX: usize = 1;
const A_STRICT: usize = 2;
const A_OBJECT_HOOK: usize = 3;
const A_PAIRS_HOOK: usize = 4;
const A_PARSE_FLOAT: usize = 5;
const A_PARSE_INT: usize = 6;
const A_PARSE_CONSTANT: usize = 7;
const A_ERROR_CLASS: usize = 8;

/// The scanned str, rooted; [`Doc::view`] reads it in place for one scanning step.
trait Doc {
    /// A view of the text, valid until the next allocation.
    type View<'v>: Subject
    where
        Self: 'v;
    /// The text of the rooted str.
    fn view<'v>(&'v self, vm: &'v Vm) -> Self::View<'v>;
}

/// An ASCII str: one byte per code point.
struct AsciiDoc(Root);

impl Doc for AsciiDoc {
    type View<'v> = Narrow<'v>;
    #[inline(always)]
    fn view<'v>(&'v self, vm: &'v Vm) -> Narrow<'v> {
        Narrow(vm.str_bytes(vm.get(self.0)))
    }
}

/// A non-ASCII str (its char-offset index built if it is long) and the cursor of the last
/// view.
struct Utf8Doc {
    root: Root,
    chars: usize,
    cur: Cell<(usize, usize)>,
}

/// A [`Utf8`] view that hands its cursor back to the [`Utf8Doc`] when dropped.
struct Utf8View<'v> {
    text: Utf8<'v>,
    save: &'v Cell<(usize, usize)>,
}

impl Drop for Utf8View<'_> {
    fn drop(&mut self) {
        self.save.set(self.text.cursor());
    }
}

impl Subject for Utf8View<'_> {
    #[inline(always)]
    fn len(&self) -> usize {
        self.text.len()
    }
    #[inline(always)]
    fn at(&self, i: usize) -> u32 {
        self.text.at(i)
    }
}

impl Doc for Utf8Doc {
    type View<'v> = Utf8View<'v>;
    fn view<'v>(&'v self, vm: &'v Vm) -> Utf8View<'v> {
        let so = vm.get(self.root);
        let index = vm.ldv(so, str_::INDEX).map(|ix| vm.bytes_data(ix));
        Utf8View {
            text: Utf8::new(vm.str_bytes(so), self.chars, index).with_cursor(self.cur.get()),
            save: &self.cur,
        }
    }
}

/// One scan: the document and the settings read once per call.
struct Scanner<D: Doc> {
    doc: D,
    len: usize,
    settings: Settings,
}

/// The settings of one `_scan_once` call.
#[derive(Clone, Copy)]
struct Settings {
    args: Args,
    memo: Root,
    strict: bool,
    has_object_hook: bool,
    has_pairs_hook: bool,
    native_float: bool,
    native_int: bool,
}

#[inline(always)]
fn is_ws(c: u32) -> bool {
    matches!(c, 0x20 | 0x09 | 0x0a | 0x0d)
}

/// [`Vm::enter_recursion`] for one nesting level, crediting the `Scanner.__call__` Python
/// frame that stands in for CPython's C call (which takes one slot, as that frame does, and
/// nothing more): nesting then fails at the same depth as in CPython.
fn enter_recursion(vm: &mut Vm, what: &str) -> PyResult<()> {
    vm.rust_depth += 1;
    if vm.rust_depth + vm.st().frames.len() > vm.recursion_limit + 1 {
        vm.rust_depth -= 1;
        return Err(crate::raise!(
            vm,
            RecursionError,
            "maximum recursion depth exceeded{what}"
        ));
    }
    Ok(())
}

/// `_scan_once(...)`: see the module documentation.
pub fn scan_once(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "scan_once", 9, 9)?;
    let s = args.get(vm, A_STRING);
    if vm.as_str_obj(s).is_none() {
        let tn = vm.type_name(s);
        return Err(crate::raise!(
            vm,
            TypeError,
            "first argument must be a string, not {tn}"
        ));
    };
    let idx = vm.index_i64(args.get(vm, A_IDX))?;
    if idx < 0 {
        return Err(vm.value_error("idx cannot be negative"));
    }
    let strict = vm.truthy(args.get(vm, A_STRICT))?;
    let memo = vm.new_dict()?;
    let memo = vm.push_root(memo)?;
    let float_ty = vm.ty(T::Float);
    let int_ty = vm.ty(T::Int);
    let so = vm
        .as_str_obj(args.get(vm, A_STRING))
        .expect("checked above");
    let ascii = vm.str_is_ascii(so);
    let len = vm.str_len(so);
    if !ascii && len > 0 {
        // Builds the char-offset index of a long str (O(1) random access for the views).
        vm.str_char_offset(so, len - 1)?;
    }
    let so = vm
        .as_str_obj(args.get(vm, A_STRING))
        .expect("checked above");
    let root = vm.push_root(so)?;
    let settings = Settings {
        args,
        memo,
        strict,
        has_object_hook: !vm.is_none(args.get(vm, A_OBJECT_HOOK)),
        has_pairs_hook: !vm.is_none(args.get(vm, A_PAIRS_HOOK)),
        native_float: args.get(vm, A_PARSE_FLOAT).raw() == float_ty.raw(),
        native_int: args.get(vm, A_PARSE_INT).raw() == int_ty.raw(),
    };
    let idx = idx as usize;
    let (v, end) = if ascii {
        Scanner {
            doc: AsciiDoc(root),
            len,
            settings,
        }
        .value(vm, idx)?
    } else {
        Scanner {
            doc: Utf8Doc {
                root,
                chars: len,
                cur: Cell::new((0, 0)),
            },
            len,
            settings,
        }
        .value(vm, idx)?
    };
    let mark = vm.sp();
    vm.push_root(v)?;
    let e = vm.new_int(end as i64)?;
    vm.push_root(e)?;
    vm.pack_tuple(mark)
}

impl<D: Doc> Scanner<D> {
    /// Raises `error_class(msg, string, pos)`.
    fn error(&self, vm: &mut Vm, msg: &str, pos: usize) -> crate::runtime::errors::PyErr {
        let r = (|| -> PyResult<Value> {
            let mark = vm.sp();
            let m = vm.new_str(msg)?;
            let mr = vm.push_root(m)?;
            let p = vm.new_int(pos as i64)?;
            let pr = vm.push_root(p)?;
            let m = vm.get(mr);
            let cls = self.settings.args.get(vm, A_ERROR_CLASS);
            let st = self.settings.args.get(vm, A_STRING);
            let p = vm.get(pr);
            let e = vm.call(cls, &[m, st, p])?;
            vm.truncate(mark);
            Ok(e)
        })();
        match r {
            Ok(e) => vm.raise(e),
            Err(e) => e,
        }
    }

    fn string_error(&self, vm: &mut Vm, (code, pos): ScanError) -> crate::runtime::errors::PyErr {
        let msg = match code {
            UNTERMINATED => "Unterminated string starting at",
            CONTROL => "Invalid control character at",
            BAD_ESCAPE => "Invalid \\escape",
            BAD_UNICODE => "Invalid \\uXXXX escape",
            OUT_OF_BOUNDS => return vm.value_error("end is out of bounds"),
            _ => "Invalid string",
        };
        self.error(vm, msg, pos)
    }

    fn stop(&self, vm: &mut Vm, idx: usize) -> crate::runtime::errors::PyErr {
        let r = (|| -> PyResult<Value> {
            let i = vm.new_int(idx as i64)?;
            vm.new_exception1(T::StopIteration, i)
        })();
        match r {
            Ok(e) => vm.raise(e),
            Err(e) => e,
        }
    }

    /// The JSON string whose opening quote is at `idx - 1`.
    fn string(&self, vm: &mut Vm, idx: usize) -> PyResult<(Value, usize)> {
        let r = scan(&self.doc.view(vm), idx, self.settings.strict);
        match r {
            Ok((bytes, end)) => Ok((vm.new_str_wtf8(&bytes)?, end)),
            Err(e) => Err(self.string_error(vm, e)),
        }
    }

    fn matches(&self, vm: &Vm, idx: usize, word: &str) -> bool {
        let s = self.doc.view(vm);
        word.bytes()
            .enumerate()
            .all(|(i, b)| s.at(idx + i) == b as u32)
    }

    fn constant(&self, vm: &mut Vm, name: &str) -> PyResult<Value> {
        let n = vm.new_str(name)?;
        let f = self.settings.args.get(vm, A_PARSE_CONSTANT);
        vm.call(f, &[n])
    }

    /// CPython's `scan_once_unicode`: the value starting at `idx`.
    fn value(&self, vm: &mut Vm, idx: usize) -> PyResult<(Value, usize)> {
        let len = self.len;
        if idx >= len {
            return Err(self.stop(vm, idx));
        }
        let c = self.doc.view(vm).at(idx);
        match char::from_u32(c).unwrap_or('\0') {
            '"' => return self.string(vm, idx + 1),
            '{' => {
                enter_recursion(vm, " while decoding a JSON object from a unicode string")?;
                let r = self.object(vm, idx + 1);
                vm.leave_recursion();
                return r;
            }
            '[' => {
                enter_recursion(vm, " while decoding a JSON array from a unicode string")?;
                let r = self.array(vm, idx + 1);
                vm.leave_recursion();
                return r;
            }
            'n' if idx + 3 < len && self.matches(vm, idx + 1, "ull") => {
                return Ok((vm.none(), idx + 4));
            }
            't' if idx + 3 < len && self.matches(vm, idx + 1, "rue") => {
                return Ok((vm.bool_val(true), idx + 4));
            }
            'f' if idx + 4 < len && self.matches(vm, idx + 1, "alse") => {
                return Ok((vm.bool_val(false), idx + 5));
            }
            'N' if idx + 2 < len && self.matches(vm, idx + 1, "aN") => {
                return Ok((self.constant(vm, "NaN")?, idx + 3));
            }
            'I' if idx + 7 < len && self.matches(vm, idx + 1, "nfinity") => {
                return Ok((self.constant(vm, "Infinity")?, idx + 8));
            }
            '-' if idx + 8 < len && self.matches(vm, idx + 1, "Infinity") => {
                return Ok((self.constant(vm, "-Infinity")?, idx + 9));
            }
            _ => {}
        }
        self.number(vm, idx)
    }

    /// CPython's `_match_number_unicode`.
    fn number(&self, vm: &mut Vm, start: usize) -> PyResult<(Value, usize)> {
        let Some((text, is_float, idx)) = self.number_text(vm, start) else {
            return Err(self.stop(vm, start));
        };
        let v = if is_float && self.settings.native_float {
            let f: f64 = text.parse().unwrap_or(f64::NAN);
            vm.new_float(f)?
        } else if !is_float && self.settings.native_int {
            match text.parse::<i64>() {
                Ok(i) if text.len() <= 18 => vm.new_int(i)?,
                _ => {
                    let orig = vm.none();
                    vm.parse_int(&text, 10, orig)?
                }
            }
        } else {
            let t = vm.new_str(&text)?;
            let f = self
                .settings
                .args
                .get(vm, if is_float { A_PARSE_FLOAT } else { A_PARSE_INT });
            vm.call(f, &[t])?
        };
        Ok((v, idx))
    }

    /// The text of the number at `start`, whether it is a float, and its end; `None` if
    /// there is no number there.
    fn number_text(&self, vm: &Vm, start: usize) -> Option<(String, bool, usize)> {
        let s = self.doc.view(vm);
        let len = self.len;
        let digit = |i: usize| (b'0' as u32..=b'9' as u32).contains(&s.at(i));
        let mut idx = start;
        if s.at(idx) == '-' as u32 {
            idx += 1;
            if idx >= len {
                return None;
            }
        }
        let c = s.at(idx);
        if ('1' as u32..='9' as u32).contains(&c) {
            idx += 1;
            while idx < len && digit(idx) {
                idx += 1;
            }
        } else if c == '0' as u32 {
            idx += 1;
        } else {
            return None;
        }
        let mut is_float = false;
        if idx + 1 < len && s.at(idx) == '.' as u32 && digit(idx + 1) {
            is_float = true;
            idx += 2;
            while idx < len && digit(idx) {
                idx += 1;
            }
        }
        if idx + 1 < len && (s.at(idx) == 'e' as u32 || s.at(idx) == 'E' as u32) {
            let e_start = idx;
            idx += 1;
            if idx + 1 < len && (s.at(idx) == '-' as u32 || s.at(idx) == '+' as u32) {
                idx += 1;
            }
            while idx < len && digit(idx) {
                idx += 1;
            }
            if digit(idx - 1) {
                is_float = true;
            } else {
                idx = e_start;
            }
        }
        // ASCII by construction.
        let text = (start..idx)
            .map(|i| char::from_u32(s.at(i)).unwrap_or('0'))
            .collect();
        Some((text, is_float, idx))
    }

    /// The first index at or after `idx` that is not whitespace, and its character (0 at
    /// the end).
    fn skip_ws(&self, vm: &Vm, mut idx: usize) -> (usize, u32) {
        let s = self.doc.view(vm);
        while idx < self.len && is_ws(s.at(idx)) {
            idx += 1;
        }
        (idx, if idx < self.len { s.at(idx) } else { 0 })
    }

    /// CPython's `_parse_array_unicode`: `idx` is just after the `[`.
    fn array(&self, vm: &mut Vm, idx: usize) -> PyResult<(Value, usize)> {
        let len = self.len;
        let mark = vm.sp();
        let l = vm.new_list(0)?;
        let lr = vm.push_root(l)?;
        let (mut idx, mut c) = self.skip_ws(vm, idx);
        if idx >= len || c != ']' as u32 {
            loop {
                let (v, next) = self.value(vm, idx)?;
                vm.list_append(vm.get(lr), v)?;
                (idx, c) = self.skip_ws(vm, next);
                if idx < len && c == ']' as u32 {
                    break;
                }
                if idx >= len || c != ',' as u32 {
                    return Err(self.error(vm, "Expecting ',' delimiter", idx));
                }
                idx = self.skip_ws(vm, idx + 1).0;
            }
        }
        let l = vm.get(lr);
        vm.truncate(mark);
        Ok((l, idx + 1))
    }

    /// CPython's `_parse_object_unicode`: `idx` is just after the `{`.
    fn object(&self, vm: &mut Vm, idx: usize) -> PyResult<(Value, usize)> {
        let len = self.len;
        let mark = vm.sp();
        let pairs = self.settings.has_pairs_hook;
        let container = if pairs {
            vm.new_list(0)?
        } else {
            vm.new_dict()?
        };
        let cr = vm.push_root(container)?;
        let kr = vm.push_root(vm.none())?;
        let (mut idx, mut c) = self.skip_ws(vm, idx);
        if idx >= len || c != '}' as u32 {
            loop {
                if idx >= len || c != '"' as u32 {
                    return Err(self.error(
                        vm,
                        "Expecting property name enclosed in double quotes",
                        idx,
                    ));
                }
                let (key, next) = self.string(vm, idx + 1)?;
                let memo = vm.get(self.settings.memo);
                let key = match vm.dict_get_str(memo, key) {
                    Some(k) => k,
                    None => {
                        vm.set(kr, key);
                        vm.dict_set_item(memo, key, key)?;
                        vm.get(kr)
                    }
                };
                vm.set(kr, key);
                (idx, c) = self.skip_ws(vm, next);
                if idx >= len || c != ':' as u32 {
                    return Err(self.error(vm, "Expecting ':' delimiter", idx));
                }
                idx = self.skip_ws(vm, idx + 1).0;
                let (v, next) = self.value(vm, idx)?;
                if pairs {
                    let vr = vm.push_root(v)?;
                    let t = vm.tuple_of_roots(&[kr, vr])?;
                    vm.truncate(vr.index());
                    vm.list_append(vm.get(cr), t)?;
                } else {
                    let (c, k) = (vm.get(cr), vm.get(kr));
                    vm.dict_set_item(c, k, v)?;
                }
                (idx, c) = self.skip_ws(vm, next);
                if idx < len && c == '}' as u32 {
                    break;
                }
                if idx >= len || c != ',' as u32 {
                    return Err(self.error(vm, "Expecting ',' delimiter", idx));
                }
                (idx, c) = self.skip_ws(vm, idx + 1);
            }
        }
        let c = vm.get(cr);
        let r = if pairs {
            let f = self.settings.args.get(vm, A_PAIRS_HOOK);
            vm.call(f, &[c])?
        } else if self.settings.has_object_hook {
            let f = self.settings.args.get(vm, A_OBJECT_HOOK);
            vm.call(f, &[c])?
        } else {
            c
        };
        vm.truncate(mark);
        Ok((r, idx + 1))
    }
}
