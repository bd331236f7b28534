//! Builtin iterators: sequence iterators (list, tuple, str, bytes, the generic
//! `__getitem__` iterator, reversed list), dict iterators, `enumerate`, `zip`, `map`,
//! `filter`, `reversed`, `iter(callable, sentinel)`.
//!
//! Layouts (generic `obj[n][m]`): sequence iterators `[type][seq][index]`, dict iterators
//! `[type][dict][pos][len at start][mutations at start]`, `enumerate` `[type][iter][count]`,
//! `zip` `[type][iters tuple][strict]`, `map` `[type][func][iters tuple]`, `filter`
//! `[type][func][iter]`, callable iterators `[type][callable][sentinel]`. An exhausted
//! iterator drops its source (field A = NULL) and stays exhausted.

use crate::objects::builtin_func::{MethodDef, meth};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::obj_;
use crate::runtime::names::n;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

const IDX: usize = obj_::x(2);

impl Vm {
    /// A sequence iterator of type `t` over `seq` (`[type][seq][index]`).
    pub fn new_seq_iter(&mut self, t: T, seq: Value) -> PyResult<Value> {
        let mark = self.sp();
        let sr = self.push_root(seq)?;
        let it = self.alloc_t(self.lay.obj[2][1], t)?;
        let seq = self.get(sr);
        self.init_field(it, obj_::A, Some(seq));
        self.st_scalar::<u64>(it, IDX, 0);
        self.truncate(mark);
        Ok(it)
    }

    /// `list_iterator.__next__` (no exceptions possible).
    #[inline]
    pub fn list_iter_next(&mut self, it: Value) -> Option<Value> {
        let l = self.ldv(it, obj_::A)?;
        let i = self.ld_scalar::<u64>(it, IDX) as usize;
        let l2 = self.as_list_obj(l).unwrap_or(l);
        if i < self.list_len(l2) {
            self.st_scalar::<u64>(it, IDX, i as u64 + 1);
            return Some(self.list_get(l2, i));
        }
        self.st_field(it, obj_::A, None);
        None
    }

    /// `tuple_iterator.__next__`.
    #[inline]
    pub fn tuple_iter_next(&mut self, it: Value) -> Option<Value> {
        let t = self.ldv(it, obj_::A)?;
        let t2 = self.as_tuple_obj(t).unwrap_or(t);
        let i = self.ld_scalar::<u64>(it, IDX) as usize;
        if i < self.tuple_len(t2) {
            self.st_scalar::<u64>(it, IDX, i as u64 + 1);
            return Some(self.tuple_get(t2, i));
        }
        self.st_field(it, obj_::A, None);
        None
    }

    /// `str_iterator.__next__` (the index is a byte offset).
    pub fn str_iter_next(&mut self, it: Value) -> PyResult<Option<Value>> {
        let Some(s) = self.ldv(it, obj_::A) else {
            return Ok(None);
        };
        let s = self.as_str_obj(s).unwrap_or(s);
        let off = self.ld_scalar::<u64>(it, IDX) as usize;
        let b = self.str_bytes(s);
        if off >= b.len() {
            self.st_field(it, obj_::A, None);
            return Ok(None);
        }
        let (cp, len) = crate::objects::str::decode_at(b, off);
        self.st_scalar::<u64>(it, IDX, (off + len) as u64);
        self.new_char(cp).map(Some)
    }

    /// A dict iterator of type `t` over `d`.
    pub fn new_dict_iter(&mut self, t: T, d: Value) -> PyResult<Value> {
        let d = self.as_dict_obj(d).unwrap_or(d);
        let mark = self.sp();
        let dr = self.push_root(d)?;
        let it = self.alloc_t(self.lay.obj[2][3], t)?;
        let d = self.get(dr);
        self.init_field(it, obj_::A, Some(d));
        let tab = self.dict_tab(d);
        let (len, muts) = (tab.raw.len(), tab.mutations);
        let reverse = matches!(
            t,
            T::DictRevKeyIter | T::DictRevValueIter | T::DictRevItemIter
        );
        let start = if reverse { tab.raw.index_bound() } else { 0 };
        self.st_scalar::<u64>(it, obj_::x(2), start as u64);
        self.st_scalar::<u64>(it, obj_::y(2), len as u64);
        self.st_scalar::<u64>(it, obj_::z(2), muts);
        self.truncate(mark);
        Ok(it)
    }

    /// Next item of a dict iterator.
    pub fn dict_iter_next(&mut self, it: Value) -> PyResult<Option<Value>> {
        let Some(d) = self.ldv(it, obj_::A) else {
            return Ok(None);
        };
        let t = self.type_of(it);
        let tab = self.dict_tab(d);
        let len0 = self.ld_scalar::<u64>(it, obj_::y(2)) as usize;
        let muts0 = self.ld_scalar::<u64>(it, obj_::z(2));
        if tab.raw.len() != len0 {
            self.st_scalar::<u64>(it, obj_::y(2), u64::MAX);
            return Err(self.runtime_error("dictionary changed size during iteration"));
        }
        if tab.mutations != muts0 {
            self.st_scalar::<u64>(it, obj_::z(2), u64::MAX);
            return Err(self.runtime_error("dictionary keys changed during iteration"));
        }
        let pos = self.ld_scalar::<u64>(it, obj_::x(2)) as usize;
        let reverse = t == self.ty(T::DictRevKeyIter)
            || t == self.ty(T::DictRevValueIter)
            || t == self.ty(T::DictRevItemIter);
        let found = if reverse {
            tab.raw.prev_index(tern_dict::EntryIndex::new(pos))
        } else {
            tab.raw.next_index(tern_dict::EntryIndex::new(pos))
        };
        let Some(at) = found else {
            self.st_field(it, obj_::A, None);
            return Ok(None);
        };
        let (k, v) = tab
            .raw
            .entry_at(at)
            .map(|(k, v)| (*k, *v))
            .expect("live entry");
        self.st_scalar::<u64>(
            it,
            obj_::x(2),
            if reverse { at.get() } else { at.get() + 1 } as u64,
        );
        if t == self.ty(T::DictKeyIter) || t == self.ty(T::DictRevKeyIter) {
            Ok(Some(k))
        } else if t == self.ty(T::DictValueIter) || t == self.ty(T::DictRevValueIter) {
            Ok(Some(v))
        } else {
            self.tuple2(k, v).map(Some)
        }
    }

    /// `__next__` of the other builtin iterators.
    pub fn builtin_iter_next(&mut self, it: Value) -> PyResult<Option<Value>> {
        let t = self.type_of(it);
        match self.type_kind(t) {
            Kind::Enumerate => {
                let Some(inner) = self.ldv(it, obj_::A) else {
                    return Ok(None);
                };
                let mark = self.sp();
                let itr = self.push_root(it)?;
                let v = self.iter_next(inner)?;
                let Some(v) = v else {
                    self.truncate(mark);
                    return Ok(None);
                };
                let vr = self.push_root(v)?;
                let it = self.get(itr);
                let count = self.ldv1(it, obj_::B);
                let one = Value::small(1);
                let next = self.binary_op(count, one, crate::bytecode::BinaryOperator::Add)?;
                let it = self.get(itr);
                let count = self.ldv1(it, obj_::B);
                let cr = self.push_root(count)?;
                self.st_field(it, obj_::B, Some(next));
                let r = self.tuple2(self.get(cr), self.get(vr))?;
                self.truncate(mark);
                Ok(Some(r))
            }
            Kind::Zip => self.zip_next(it),
            Kind::Map => {
                let Some(iters) = self.ldv(it, obj_::B) else {
                    return Ok(None);
                };
                let mark = self.sp();
                let itr = self.push_root(it)?;
                let n = self.tuple_len(iters);
                let base = self.sp();
                let f = self.ldv1(it, obj_::A);
                self.push_root(f)?;
                self.push_word(0)?;
                for i in 0..n {
                    let iters = self.ldv1(self.get(itr), obj_::B);
                    let x = self.tuple_get(iters, i);
                    match self.iter_next(x)? {
                        Some(v) => {
                            self.push_root(v)?;
                        }
                        None => {
                            let it = self.get(itr);
                            self.st_field(it, obj_::B, None);
                            self.truncate(mark);
                            return Ok(None);
                        }
                    }
                }
                let r = self.call_at(base, n, 0)?;
                self.truncate(mark);
                Ok(Some(r))
            }
            Kind::Filter => {
                let mark = self.sp();
                let itr = self.push_root(it)?;
                loop {
                    let it = self.get(itr);
                    let Some(inner) = self.ldv(it, obj_::B) else {
                        self.truncate(mark);
                        return Ok(None);
                    };
                    let Some(v) = self.iter_next(inner)? else {
                        let it = self.get(itr);
                        self.st_field(it, obj_::B, None);
                        self.truncate(mark);
                        return Ok(None);
                    };
                    let vr = self.push_root(v)?;
                    let f = self.ldv1(self.get(itr), obj_::A);
                    let keep = if self.is_none(f) || f == self.ty(T::Bool) {
                        self.truthy(v)?
                    } else {
                        let r = self.call1(f, v)?;
                        self.truthy(r)?
                    };
                    if keep {
                        let v = self.get(vr);
                        self.truncate(mark);
                        return Ok(Some(v));
                    }
                    self.truncate(vr.index());
                }
            }
            Kind::ListRevIter => {
                let Some(l) = self.ldv(it, obj_::A) else {
                    return Ok(None);
                };
                let l = self.as_list_obj(l).unwrap_or(l);
                let i = self.ld_scalar::<u64>(it, IDX) as usize;
                if i == 0 || i > self.list_len(l) {
                    self.st_field(it, obj_::A, None);
                    return Ok(None);
                }
                self.st_scalar::<u64>(it, IDX, i as u64 - 1);
                Ok(Some(self.list_get(l, i - 1)))
            }
            Kind::Reversed => {
                let Some(seq) = self.ldv(it, obj_::A) else {
                    return Ok(None);
                };
                let i = self.ld_scalar::<u64>(it, IDX) as usize;
                if i == 0 {
                    self.st_field(it, obj_::A, None);
                    return Ok(None);
                }
                self.st_scalar::<u64>(it, IDX, i as u64 - 1);
                let mark = self.sp();
                let itr = self.push_root(it)?;
                let idx = self.new_usize(i - 1)?;
                let r = self.getitem(seq, idx);
                let r = match r {
                    Err(e)
                        if self.err_matches(&e, T::IndexError)
                            || self.err_matches(&e, T::StopIteration) =>
                    {
                        let _ = self.take_exc(e);
                        self.st_field(self.get(itr), obj_::A, None);
                        self.truncate(mark);
                        return Ok(None);
                    }
                    r => r?,
                };
                self.truncate(mark);
                Ok(Some(r))
            }
            Kind::SeqIter => {
                let Some(seq) = self.ldv(it, obj_::A) else {
                    return Ok(None);
                };
                let i = self.ld_scalar::<u64>(it, IDX) as usize;
                self.st_scalar::<u64>(it, IDX, i as u64 + 1);
                let mark = self.sp();
                let itr = self.push_root(it)?;
                let idx = self.new_usize(i)?;
                let r = self.getitem(seq, idx);
                let r = match r {
                    Err(e)
                        if self.err_matches(&e, T::IndexError)
                            || self.err_matches(&e, T::StopIteration) =>
                    {
                        let _ = self.take_exc(e);
                        self.st_field(self.get(itr), obj_::A, None);
                        self.truncate(mark);
                        return Ok(None);
                    }
                    r => r?,
                };
                self.truncate(mark);
                Ok(Some(r))
            }
            Kind::BytesIter => {
                let Some(b) = self.ldv(it, obj_::A) else {
                    return Ok(None);
                };
                let i = self.ld_scalar::<u64>(it, IDX) as usize;
                let byte = self.bytes_like(b).and_then(|d| d.get(i).copied());
                match byte {
                    Some(x) => {
                        self.st_scalar::<u64>(it, IDX, i as u64 + 1);
                        Ok(Some(Value::small(x as i64)))
                    }
                    None => {
                        self.st_field(it, obj_::A, None);
                        Ok(None)
                    }
                }
            }
            _ => {
                if t == self.ty(T::CallableIter) {
                    let Some(f) = self.ldv(it, obj_::A) else {
                        return Ok(None);
                    };
                    let mark = self.sp();
                    let itr = self.push_root(it)?;
                    let v = match self.call0(f) {
                        Ok(v) => v,
                        Err(e) if self.err_matches(&e, T::StopIteration) => {
                            let _ = self.take_exc(e);
                            self.st_field(self.get(itr), obj_::A, None);
                            self.truncate(mark);
                            return Ok(None);
                        }
                        Err(e) => return Err(e),
                    };
                    let vr = self.push_root(v)?;
                    let sentinel = self.ldv1(self.get(itr), obj_::B);
                    let done = self.eq_values(self.get(vr), sentinel)?;
                    let v = self.get(vr);
                    if done {
                        self.st_field(self.get(itr), obj_::A, None);
                        self.truncate(mark);
                        return Ok(None);
                    }
                    self.truncate(mark);
                    return Ok(Some(v));
                }
                let tn = self.type_name(it);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "'{tn}' object is not an iterator"
                ))
            }
        }
    }

    fn zip_next(&mut self, it: Value) -> PyResult<Option<Value>> {
        let Some(iters) = self.ldv(it, obj_::A) else {
            return Ok(None);
        };
        let strict = self.ld_scalar::<u64>(it, obj_::x(2)) != 0;
        let n = self.tuple_len(iters);
        if n == 0 {
            return Ok(None);
        }
        let mark = self.sp();
        let itr = self.push_root(it)?;
        let tr = self.push_root(iters)?;
        let base = self.sp();
        for i in 0..n {
            let x = self.tuple_get(self.get(tr), i);
            if let Some(v) = self.iter_next(x)? {
                self.push_root(v)?;
                continue;
            }
            self.st_field(self.get(itr), obj_::A, None);
            if strict {
                let plural = |k: usize| if k == 1 { String::new() } else { "s".into() };
                let range = |k: usize| {
                    if k == 1 {
                        String::new()
                    } else {
                        format!("-{k}")
                    }
                };
                if i > 0 {
                    self.truncate(mark);
                    return Err(crate::raise!(
                        self,
                        ValueError,
                        "zip() argument {} is shorter than argument{} 1{}",
                        i + 1,
                        plural(i),
                        range(i)
                    ));
                }
                for j in 1..n {
                    let x = self.tuple_get(self.get(tr), j);
                    if self.iter_next(x)?.is_some() {
                        self.truncate(mark);
                        return Err(crate::raise!(
                            self,
                            ValueError,
                            "zip() argument {} is longer than argument{} 1{}",
                            j + 1,
                            plural(j),
                            range(j)
                        ));
                    }
                }
            }
            self.truncate(mark);
            return Ok(None);
        }
        let t = self.tuple_from_slots(base, n)?;
        self.truncate(mark);
        Ok(Some(t))
    }
}

fn iter_self(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.get(vm, 0))
}

fn iter_next_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__next__", 1, 1)?;
    // A user subclass instance of a builtin iterator carries the native iterator as its
    // payload (looking `__next__` up again on it would recurse).
    let it = vm.payload_or_self(args.get(vm, 0));
    match vm.iter_next(it)? {
        Some(v) => Ok(v),
        None => Err(vm.stop_iteration()),
    }
}

fn iter_length_hint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let it = vm.payload_or_self(args.get(vm, 0));
    let kind = vm.kind(it);
    if kind == Kind::RangeIter {
        if vm.is_exact(it, T::RangeIter) {
            let rem = vm.ld_scalar::<u64>(it, obj_::z(1));
            return vm.new_int_u64(rem);
        }
        return Ok(vm.ldv(it, obj_::C).unwrap_or(Value::small(0)));
    }
    if matches!(kind, Kind::DictIter | Kind::SetIter) {
        return Ok(Value::small(0));
    }
    // The remaining iterators are `[type][source][index]`.
    let Some(src) = vm.ldv(it, obj_::A) else {
        return Ok(Value::small(0));
    };
    let i = vm.ld_scalar::<u64>(it, IDX) as i64;
    let n = match kind {
        Kind::ListIter => vm.list_len(vm.as_list_obj(src).unwrap_or(src)) as i64 - i,
        Kind::TupleIter => vm.tuple_len(vm.as_tuple_obj(src).unwrap_or(src)) as i64 - i,
        Kind::ListRevIter => i,
        Kind::BytesIter => vm.bytes_like(src).map_or(0, |b| b.len() as i64) - i,
        _ => 0,
    };
    Ok(Value::small(n.max(0)))
}

/// `__length_hint__` of the iterators that define it in CPython.
pub static LENGTH_HINT_METHODS: &[MethodDef] = &[meth("__length_hint__", iter_length_hint)];

/// Methods shared by the builtin iterator types.
pub static ITERATOR_METHODS: &[MethodDef] =
    &[meth("__iter__", iter_self), meth("__next__", iter_next_m)];

/// Silences an unused-import warning for `n` in configurations without extras.
pub fn _names() -> crate::runtime::names::Name {
    n::ITER
}
