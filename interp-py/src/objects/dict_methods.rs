//! `dict` methods, dict views (`dict_keys`, `dict_values`, `dict_items`) and
//! `mappingproxy`.
//!
//! Views are `obj[2][0]` `[type][dict]`; set operations on `keys()`/`items()` views build
//! sets (CPython's behaviour).

use crate::bytecode::BinaryOperator;
use crate::objects::builtin_func::{MethodDef, classmeth, func, meth};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::obj_;
use crate::runtime::names::n;
use crate::runtime::roots::{C, Root};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

impl Vm {
    /// The keys of a dict as a new list.
    pub fn dict_keys_list(&mut self, d: Value) -> PyResult<Value> {
        let mark = self.sp();
        let dr = self.push_root(d)?;
        let l = self.new_list(self.dict_len(d))?;
        let lr = self.push_root(l)?;
        let mut pos = 0;
        while let Some((next, k, _)) = self.dict_next(self.get(dr), pos) {
            pos = next;
            self.list_append(self.get(lr), k)?;
        }
        let l = self.get(lr);
        self.truncate(mark);
        Ok(l)
    }

    /// The `(key, value)` pairs of a dict as a new list of tuples.
    pub fn dict_items_list(&mut self, d: Value) -> PyResult<Value> {
        let mark = self.sp();
        let dr = self.push_root(d)?;
        let l = self.new_list(self.dict_len(d))?;
        let lr = self.push_root(l)?;
        let mut pos = 0;
        while let Some((next, k, v)) = self.dict_next(self.get(dr), pos) {
            pos = next;
            let t = self.tuple2(k, v)?;
            self.list_append(self.get(lr), t)?;
        }
        let l = self.get(lr);
        self.truncate(mark);
        Ok(l)
    }

    /// `a == b` for two dicts.
    pub fn dict_equal(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if a == b {
            return Ok(true);
        }
        if self.dict_len(a) != self.dict_len(b) {
            return Ok(false);
        }
        let mark = self.sp();
        let ar = self.push_root(a)?;
        let br = self.push_root(b)?;
        let mut pos = 0;
        while let Some((next, k, v)) = self.dict_next(self.get(ar), pos) {
            pos = next;
            let vr = self.push_root(v)?;
            let other = self.dict_get_item(self.get(br), k)?;
            let Some(o) = other else {
                self.truncate(mark);
                return Ok(false);
            };
            if !self.eq_values(self.get(vr), o)? {
                self.truncate(mark);
                return Ok(false);
            }
            self.truncate(vr.index());
        }
        self.truncate(mark);
        Ok(true)
    }

    /// `a | b` for two dicts.
    pub fn dict_or(&mut self, a: Value, b: Value) -> PyResult<Value> {
        let mark = self.sp();
        let ar = self.push_root(a)?;
        let br = self.push_root(b)?;
        let c = self.dict_copy(ar)?;
        let cr = self.push_root(c)?;
        self.dict_merge(cr, br)?;
        let c = self.get(cr);
        self.truncate(mark);
        Ok(c)
    }

    /// `dict(iterable_of_pairs)` / `dict.update(...)` core.
    pub fn dict_update_any(&mut self, dr: Root, src: Value) -> PyResult<()> {
        if self.as_dict_obj(src).is_some() {
            return self.dict_update_from(dr, src);
        }
        let ty = self.type_of(src);
        if self.type_lookup(ty, n::KEYS).is_some() {
            return self.dict_update_from(dr, src);
        }
        let mark = self.sp();
        let it = self.get_iter(src)?;
        let ir = self.push_root(it)?;
        let mut i = 0usize;
        while let Some(item) = self.iter_next(self.get(ir))? {
            let pr = self.push_root(item)?;
            let seq = match self.to_tuple(item) {
                Ok(t) => t,
                Err(e) => {
                    if self.err_matches(&e, T::TypeError) {
                        let _ = self.take_exc(e);
                        self.truncate(mark);
                        return Err(crate::raise!(
                            self,
                            TypeError,
                            "cannot convert dictionary update sequence element #{i} to a sequence"
                        ));
                    }
                    self.truncate(mark);
                    return Err(e);
                }
            };
            if self.tuple_len(seq) != 2 {
                let l = self.tuple_len(seq);
                self.truncate(mark);
                return Err(crate::raise!(
                    self,
                    ValueError,
                    "dictionary update sequence element #{i} has length {l}; 2 is required"
                ));
            }
            let (k, v) = (self.tuple_get(seq, 0), self.tuple_get(seq, 1));
            self.dict_set_item(self.get(dr), k, v)?;
            self.truncate(pr.index());
            i += 1;
        }
        self.truncate(mark);
        Ok(())
    }

    /// A dict view of type `t` over `d`.
    pub fn new_dict_view(&mut self, t: T, d: Value) -> PyResult<Value> {
        let mark = self.sp();
        let dr = self.push_root(d)?;
        let v = self.alloc_t(self.lay.obj[2][0], t)?;
        let d = self.get(dr);
        self.init_field(v, obj_::A, Some(d));
        self.truncate(mark);
        Ok(v)
    }

    /// Set operations with a dict view operand: converts views to sets first.
    pub fn dictview_binop(
        &mut self,
        op: BinaryOperator,
        a: Value,
        b: Value,
    ) -> PyResult<Option<Value>> {
        let is_setlike = |vm: &Vm, v: Value| {
            vm.is_exact(v, T::DictKeys)
                || vm.is_exact(v, T::DictItems)
                || vm.as_set_obj(v).is_some()
        };
        if !is_setlike(self, a) && !is_setlike(self, b) {
            return Ok(None);
        }
        let mark = self.sp();
        let br = self.push_root(b)?;
        let sa = self.make_new_set(T::Set, Some(a))?;
        let sar = self.push_root(sa)?;
        let b = self.get(br);
        let r = match op.base() {
            BinaryOperator::Or => {
                self.set_update_iter(self.get(sar), b)?;
                self.get(sar)
            }
            BinaryOperator::Subtract => {
                self.set_difference_update(sar, b)?;
                self.get(sar)
            }
            BinaryOperator::And => {
                let sb = self.make_new_set(T::Set, Some(b))?;
                let sbr = self.push_root(sb)?;
                self.set_intersection(sar, sbr, T::Set)?
            }
            _ => {
                let sb = self.make_new_set(T::Set, Some(b))?;
                let sbr = self.push_root(sb)?;
                self.set_symmetric_update(sar, sbr)?;
                self.get(sar)
            }
        };
        self.truncate(mark);
        Ok(Some(r))
    }
}

fn dict_self(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    if args.is_empty() {
        return Err(crate::raise!(
            vm,
            TypeError,
            "descriptor '{name}' of 'dict' object needs an argument"
        ));
    }
    let v = args.get(vm, 0);
    match vm.as_dict_obj(v) {
        Some(d) => Ok(d),
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "descriptor '{name}' for 'dict' objects doesn't apply to a '{tn}' object"
            ))
        }
    }
}

fn dict_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = vm.new_dict()?;
    vm.wrap_native_instance(args.root(0), d, Kind::Dict)
}

fn dict_update_args(vm: &mut Vm, args: Args, name: &str) -> PyResult<()> {
    if args.len() > 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "{name} expected at most 1 argument, got {}",
            args.len() - 1
        ));
    }
    let d = dict_self(vm, args, name)?;
    let dr = vm.push_root(d)?;
    if let Some(src) = args.opt(vm, 1) {
        vm.dict_update_any(dr, src)?;
    }
    for j in 0..args.nkw as usize {
        let (k, vr) = args.kw(vm, j);
        let v = vm.get(vr);
        vm.dict_set_item(vm.get(dr), k, v)?;
    }
    Ok(())
}

fn dict_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    dict_update_args(vm, args, "dict")?;
    Ok(vm.none())
}

fn dict_update_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    dict_update_args(vm, args, "update")?;
    Ok(vm.none())
}

fn dict_getitem_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "dict.__getitem__", 2, 2)?;
    let d = dict_self(vm, args, "__getitem__")?;
    let k = args.get(vm, 1);
    if let Some(v) = vm.dict_get_item(d, k)? {
        return Ok(v);
    }
    // __missing__ for subclasses.
    let s = args.get(vm, 0);
    if !vm.is_dict(s) {
        let ty = vm.type_of(s);
        if let Some(m) = vm.lookup_special(ty, n::MISSING) {
            let k = args.get(vm, 1);
            return vm.call_special_found(m, s, &[k]);
        }
    }
    let k = args.get(vm, 1);
    Err(vm.key_error(k))
}

fn dict_setitem_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "dict.__setitem__", 3, 3)?;
    let d = dict_self(vm, args, "__setitem__")?;
    let (k, v) = (args.get(vm, 1), args.get(vm, 2));
    vm.dict_set_item(d, k, v)?;
    Ok(vm.none())
}

fn dict_delitem_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "dict.__delitem__", 2, 2)?;
    let d = dict_self(vm, args, "__delitem__")?;
    let k = args.get(vm, 1);
    match vm.dict_del_item(d, k)? {
        Some(_) => Ok(vm.none()),
        None => {
            let k = args.get(vm, 1);
            Err(vm.key_error(k))
        }
    }
}

fn dict_contains_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "dict.__contains__", 2, 2)?;
    let d = dict_self(vm, args, "__contains__")?;
    let r = vm.dict_get_item(d, args.get(vm, 1))?.is_some();
    Ok(vm.bool_val(r))
}

fn dict_len_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = dict_self(vm, args, "__len__")?;
    Ok(Value::small(vm.dict_len(d) as i64))
}

fn dict_iter_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = dict_self(vm, args, "__iter__")?;
    vm.new_dict_iter(T::DictKeyIter, d)
}

fn dict_reversed_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = dict_self(vm, args, "__reversed__")?;
    vm.new_dict_iter(T::DictRevKeyIter, d)
}

/// `repr` of a dict's items: `{k: v, ...}`.
pub fn dict_repr_text(vm: &mut Vm, d: Value) -> PyResult<String> {
    if vm.dict_len(d) == 0 {
        return Ok("{}".into());
    }
    if !vm.repr_enter(d)? {
        return Ok("{...}".into());
    }
    let mark = vm.sp();
    let dr = vm.push_root(d)?;
    let mut out = String::from("{");
    let r = (|| -> PyResult<()> {
        let mut pos = 0;
        let mut first = true;
        while let Some((next, k, v)) = vm.dict_next(vm.get(dr), pos) {
            pos = next;
            if !first {
                out.push_str(", ");
            }
            first = false;
            let vr = vm.push_root(v)?;
            out.push_str(&vm.repr_string(k)?);
            out.push_str(": ");
            let v = vm.get(vr);
            out.push_str(&vm.repr_string(v)?);
            vm.truncate(vr.index());
        }
        Ok(())
    })();
    vm.repr_leave(vm.get(dr));
    vm.truncate(mark);
    r?;
    out.push('}');
    Ok(out)
}

fn dict_repr_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = dict_self(vm, args, "__repr__")?;
    let s = dict_repr_text(vm, d)?;
    vm.new_str(&s)
}

fn dict_get_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "get", 2, 3)?;
    let d = dict_self(vm, args, "get")?;
    match vm.dict_get_item(d, args.get(vm, 1))? {
        Some(v) => Ok(v),
        None => Ok(args.opt(vm, 2).unwrap_or_else(|| vm.none())),
    }
}

fn dict_setdefault_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "setdefault", 2, 3)?;
    let d = dict_self(vm, args, "setdefault")?;
    if let Some(v) = vm.dict_get_item(d, args.get(vm, 1))? {
        return Ok(v);
    }
    let dflt = args.opt(vm, 2).unwrap_or_else(|| vm.none());
    let d = dict_self(vm, args, "setdefault")?;
    vm.dict_set_item(d, args.get(vm, 1), dflt)?;
    Ok(args.opt(vm, 2).unwrap_or_else(|| vm.none()))
}

fn dict_pop_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "pop", 2, 3)?;
    let d = dict_self(vm, args, "pop")?;
    match vm.dict_del_item(d, args.get(vm, 1))? {
        Some(v) => Ok(v),
        None => match args.opt(vm, 2) {
            Some(dflt) => Ok(dflt),
            None => {
                let k = args.get(vm, 1);
                Err(vm.key_error(k))
            }
        },
    }
}

fn dict_popitem_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "dict.popitem", 1, 1)?;
    let d = dict_self(vm, args, "popitem")?;
    // SAFETY: `d` is live; no safepoint while the reference exists.
    let tab = unsafe { &mut *vm.dict_ptr(d) };
    match tab.raw.pop_last() {
        Some((k, v)) => {
            tab.mutations += 1;
            vm.tuple2(k, v)
        }
        None => Err(vm.new_error_key_str("popitem(): dictionary is empty")),
    }
}

fn dict_keys_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = dict_self(vm, args, "keys")?;
    vm.new_dict_view(T::DictKeys, d)
}
fn dict_values_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = dict_self(vm, args, "values")?;
    vm.new_dict_view(T::DictValues, d)
}
fn dict_items_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = dict_self(vm, args, "items")?;
    vm.new_dict_view(T::DictItems, d)
}

fn dict_clear_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = dict_self(vm, args, "clear")?;
    vm.dict_clear(d);
    Ok(vm.none())
}

fn dict_copy_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = dict_self(vm, args, "copy")?;
    let dr = vm.push_root(d)?;
    vm.dict_copy(dr)
}

fn dict_fromkeys_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "fromkeys", 2, 3)?;
    let cls = args.get(vm, 0);
    let d = vm.call0(cls)?;
    let dr = vm.push_root(d)?;
    let it = vm.get_iter(args.get(vm, 1))?;
    let ir = vm.push_root(it)?;
    while let Some(k) = vm.iter_next(vm.get(ir))? {
        let v = args.opt(vm, 2).unwrap_or_else(|| vm.none());
        let d = vm.get(dr);
        if let Some(dd) = vm.as_dict_obj(d)
            && vm.is_dict(d)
        {
            vm.dict_set_item(dd, k, v)?;
        } else {
            vm.setitem(d, k, v)?;
        }
    }
    Ok(vm.get(dr))
}

fn dict_or_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    match (vm.as_dict_obj(a), vm.as_dict_obj(b)) {
        (Some(x), Some(y)) => vm.dict_or(x, y),
        _ => Ok(vm.not_implemented()),
    }
}

fn dict_ror_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    match (vm.as_dict_obj(a), vm.as_dict_obj(b)) {
        (Some(x), Some(y)) => vm.dict_or(y, x),
        _ => Ok(vm.not_implemented()),
    }
}

fn dict_ior_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = dict_self(vm, args, "__ior__")?;
    let dr = vm.push_root(d)?;
    vm.dict_update_any(dr, args.get(vm, 1))?;
    Ok(args.get(vm, 0))
}

fn class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = (args.get(vm, 0), args.get(vm, 1));
    vm.generic_alias(cls, a)
}

/// `dict` methods.
pub static DICT_METHODS: &[MethodDef] = &[
    func("__new__", dict_new),
    meth("__init__", dict_init),
    meth("__getitem__", dict_getitem_m),
    meth("__setitem__", dict_setitem_m),
    meth("__delitem__", dict_delitem_m),
    meth("__contains__", dict_contains_m),
    meth("__len__", dict_len_m),
    meth("__iter__", dict_iter_m),
    meth("__reversed__", dict_reversed_m),
    meth("__repr__", dict_repr_m),
    meth("__or__", dict_or_m),
    meth("__ror__", dict_ror_m),
    meth("__ior__", dict_ior_m),
    meth("get", dict_get_m),
    meth("setdefault", dict_setdefault_m),
    meth("pop", dict_pop_m),
    meth("popitem", dict_popitem_m),
    meth("keys", dict_keys_m),
    meth("values", dict_values_m),
    meth("items", dict_items_m),
    meth("update", dict_update_m),
    meth("clear", dict_clear_m),
    meth("copy", dict_copy_m),
    classmeth("fromkeys", dict_fromkeys_m),
    classmeth("__class_getitem__", class_getitem),
];

// ----- views ---------------------------------------------------------------------------------

fn view_dict(vm: &Vm, args: Args) -> Value {
    vm.ldv1(args.get(vm, 0), obj_::A)
}

fn view_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = view_dict(vm, args);
    Ok(Value::small(vm.dict_len(d) as i64))
}

fn view_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let d = view_dict(vm, args);
    let t = if vm.is_exact(v, T::DictKeys) {
        T::DictKeyIter
    } else if vm.is_exact(v, T::DictValues) {
        T::DictValueIter
    } else {
        T::DictItemIter
    };
    vm.new_dict_iter(t, d)
}

fn view_reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let d = view_dict(vm, args);
    let t = if vm.is_exact(v, T::DictKeys) {
        T::DictRevKeyIter
    } else if vm.is_exact(v, T::DictValues) {
        T::DictRevValueIter
    } else {
        T::DictRevItemIter
    };
    vm.new_dict_iter(t, d)
}

fn view_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let d = view_dict(vm, args);
    let x = args.get(vm, 1);
    if vm.is_exact(v, T::DictKeys) {
        let r = vm.dict_get_item(d, x)?.is_some();
        return Ok(vm.bool_val(r));
    }
    if vm.is_exact(v, T::DictItems) {
        let Some(t) = vm.as_tuple_obj(x).filter(|t| vm.tuple_len(*t) == 2) else {
            return Ok(vm.bool_val(false));
        };
        let (k, val) = (vm.tuple_get(t, 0), vm.tuple_get(t, 1));
        let vr = vm.push_root(val)?;
        let found = vm.dict_get_item(d, k)?;
        let r = match found {
            Some(f) => vm.eq_values(f, vm.get(vr))?,
            None => false,
        };
        return Ok(vm.bool_val(r));
    }
    let l = vm.dict_values_list(d)?;
    let r = vm.contains(l, args.get(vm, 1))?;
    Ok(vm.bool_val(r))
}

impl Vm {
    /// The values of a dict as a list.
    pub fn dict_values_list(&mut self, d: Value) -> PyResult<Value> {
        let mark = self.sp();
        let dr = self.push_root(d)?;
        let l = self.new_list(0)?;
        let lr = self.push_root(l)?;
        let mut pos = 0;
        while let Some((next, _, v)) = self.dict_next(self.get(dr), pos) {
            pos = next;
            self.list_append(self.get(lr), v)?;
        }
        let l = self.get(lr);
        self.truncate(mark);
        Ok(l)
    }
}

fn view_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let name = vm.type_name(v);
    let d = view_dict(vm, args);
    let l = if vm.is_exact(v, T::DictKeys) {
        vm.dict_keys_list(d)?
    } else if vm.is_exact(v, T::DictValues) {
        vm.dict_values_list(d)?
    } else {
        vm.dict_items_list(d)?
    };
    let s = vm.repr_string(l)?;
    vm.new_str(&format!("{name}({s})"))
}

fn view_isdisjoint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let other = args.get(vm, 1);
    let it = vm.get_iter(other)?;
    let ir = vm.push_root(it)?;
    while let Some(x) = vm.iter_next(vm.get(ir))? {
        let xr = vm.push_root(x)?;
        let base = vm.sp();
        vm.push_root(args.get(vm, 0))?;
        vm.push_root(vm.get(xr))?;
        let r = view_contains(vm, Args::positional(base, 2))?;
        vm.truncate(base);
        if r == vm.bool_val(true) {
            return Ok(vm.bool_val(false));
        }
        vm.truncate(xr.index());
    }
    Ok(vm.bool_val(true))
}

fn view_binop(vm: &mut Vm, args: Args, op: BinaryOperator, reflected: bool) -> PyResult<Value> {
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    let r = if reflected {
        vm.dictview_binop(op, b, a)?
    } else {
        vm.dictview_binop(op, a, b)?
    };
    Ok(r.unwrap_or_else(|| vm.not_implemented()))
}
fn view_and(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_binop(vm, a, BinaryOperator::And, false)
}
fn view_or(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_binop(vm, a, BinaryOperator::Or, false)
}
fn view_sub(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_binop(vm, a, BinaryOperator::Subtract, false)
}
fn view_xor(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_binop(vm, a, BinaryOperator::Xor, false)
}
fn view_rsub(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_binop(vm, a, BinaryOperator::Subtract, true)
}

/// Rich comparison of keys/items views: set comparison against any set-like operand
/// (values views only compare by identity).
fn view_cmp(vm: &mut Vm, args: Args, op: crate::bytecode::CompareOperator) -> PyResult<Value> {
    use crate::bytecode::CompareOperator as C;
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    if vm.is_exact(a, T::DictValues) {
        return Ok(match op {
            C::Eq if a == b => vm.bool_val(true),
            C::Ne if a == b => vm.bool_val(false),
            _ => vm.not_implemented(),
        });
    }
    let is_setlike =
        vm.as_set_obj(b).is_some() || vm.is_exact(b, T::DictKeys) || vm.is_exact(b, T::DictItems);
    if !is_setlike {
        return Ok(vm.not_implemented());
    }
    let mark = vm.sp();
    let br = vm.push_root(b)?;
    let sa = vm.make_new_set(T::Set, Some(a))?;
    let sar = vm.push_root(sa)?;
    let sb = vm.make_new_set(T::Set, Some(vm.get(br)))?;
    let r = vm.set_compare(vm.get(sar), sb, op);
    vm.truncate(mark);
    r
}

fn view_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    view_cmp(vm, args, crate::bytecode::CompareOperator::Eq)
}
fn view_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    view_cmp(vm, args, crate::bytecode::CompareOperator::Ne)
}
fn view_lt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    view_cmp(vm, args, crate::bytecode::CompareOperator::Lt)
}
fn view_le(vm: &mut Vm, args: Args) -> PyResult<Value> {
    view_cmp(vm, args, crate::bytecode::CompareOperator::Le)
}
fn view_gt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    view_cmp(vm, args, crate::bytecode::CompareOperator::Gt)
}
fn view_ge(vm: &mut Vm, args: Args) -> PyResult<Value> {
    view_cmp(vm, args, crate::bytecode::CompareOperator::Ge)
}

fn view_mapping(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = view_dict(vm, args);
    vm.new_mappingproxy(d)
}

/// Dict view methods.
pub static DICTVIEW_METHODS: &[MethodDef] = &[
    meth("__len__", view_len),
    meth("__iter__", view_iter),
    meth("__reversed__", view_reversed),
    meth("__contains__", view_contains),
    meth("__repr__", view_repr),
    meth("isdisjoint", view_isdisjoint),
    meth("__and__", view_and),
    meth("__rand__", view_and),
    meth("__or__", view_or),
    meth("__ror__", view_or),
    meth("__sub__", view_sub),
    meth("__rsub__", view_rsub),
    meth("__xor__", view_xor),
    meth("__rxor__", view_xor),
    meth("__eq__", view_eq),
    meth("__ne__", view_ne),
    meth("__lt__", view_lt),
    meth("__le__", view_le),
    meth("__gt__", view_gt),
    meth("__ge__", view_ge),
    meth("mapping", view_mapping),
];

// ----- mappingproxy -------------------------------------------------------------------------------

fn mp_target(vm: &Vm, args: Args) -> Value {
    vm.ldv1(args.get(vm, 0), obj_::A)
}

fn mp_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mp_target(vm, args);
    vm.getitem(m, args.get(vm, 1))
}
fn mp_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mp_target(vm, args);
    let n = vm.len(m)?;
    vm.new_usize(n)
}
fn mp_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mp_target(vm, args);
    vm.get_iter(m)
}
fn mp_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mp_target(vm, args);
    let r = vm.contains(m, args.get(vm, 1))?;
    Ok(vm.bool_val(r))
}
fn mp_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mp_target(vm, args);
    let get = vm.intern("get")?;
    let k = args.get(vm, 1);
    let d = args.opt(vm, 2).unwrap_or_else(|| vm.none());
    vm.call_method(m, get, &[k, d])
}
fn mp_forward(vm: &mut Vm, args: Args, name: crate::runtime::names::Name) -> PyResult<Value> {
    let m = mp_target(vm, args);
    vm.call_method(m, name, &[])
}
fn mp_keys(vm: &mut Vm, a: Args) -> PyResult<Value> {
    mp_forward(vm, a, n::KEYS)
}
fn mp_values(vm: &mut Vm, a: Args) -> PyResult<Value> {
    mp_forward(vm, a, n::VALUES)
}
fn mp_items(vm: &mut Vm, a: Args) -> PyResult<Value> {
    mp_forward(vm, a, n::ITEMS)
}
fn mp_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mp_target(vm, args);
    let copy = vm.intern("copy")?;
    vm.call_method(m, copy, &[])
}
fn mp_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mp_target(vm, args);
    let s = vm.repr_string(m)?;
    vm.new_str(&format!("mappingproxy({s})"))
}
/// `str(proxy)` is `str(mapping)` (CPython's `mappingproxy_str`).
fn mp_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mp_target(vm, args);
    vm.str_of(m)
}

/// `mappingproxy(mapping)` (`types.MappingProxyType`): a read-only view of a mapping.
fn mp_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: crate::runtime::call::Sig = crate::runtime::call::Sig {
        name: "mappingproxy",
        params: &["cls", "mapping"],
        posonly: 1,
        kwonly: 2,
        required: 1,
    };
    let [_, mapping] = vm.bind::<2>(args, &SIG)?;
    let Some(mapping) = mapping else {
        return Err(vm.type_error("mappingproxy() missing required argument 'mapping' (pos 1)"));
    };
    let m = vm.get(mapping);
    let ty = vm.type_of(m);
    let is_mapping = !matches!(vm.kind(m), Kind::List | Kind::Tuple)
        && vm.lookup_special(ty, n::GETITEM).is_some();
    if !is_mapping {
        let tn = vm.type_name(m);
        return Err(crate::raise!(
            vm,
            TypeError,
            "mappingproxy() argument must be a mapping, not {tn}"
        ));
    }
    vm.new_mappingproxy(m)
}

/// `mappingproxy` methods.
pub static MAPPINGPROXY_METHODS: &[MethodDef] = &[
    crate::objects::builtin_func::func("__new__", mp_new),
    meth("__getitem__", mp_getitem),
    meth("__len__", mp_len),
    meth("__iter__", mp_iter),
    meth("__contains__", mp_contains),
    meth("get", mp_get),
    meth("keys", mp_keys),
    meth("values", mp_values),
    meth("items", mp_items),
    meth("copy", mp_copy),
    meth("__repr__", mp_repr),
    meth("__str__", mp_str),
];

/// Keeps the `C` import used in all configurations.
pub fn _c() -> C {
    C::None
}
