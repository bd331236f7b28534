//! `list` and `tuple` methods, slicing and slice assignment. `list.sort` is in
//! `objects::sort`.

use crate::objects::builtin_func::{MethodDef, classmeth, func, meth};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{array_, list_};
use crate::runtime::roots::{C, Root};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

impl Vm {
    /// `a + b` for two lists.
    pub fn list_concat(&mut self, a: Value, b: Value) -> PyResult<Value> {
        let mark = self.sp();
        let ar = self.push_root(a)?;
        let br = self.push_root(b)?;
        let (na, nb) = (self.list_len(a), self.list_len(b));
        let l = self.new_list(na + nb)?;
        let arr = self.ldv(l, list_::ITEMS);
        if let Some(arr) = arr {
            let (a, b) = (self.get(ar), self.get(br));
            for i in 0..na {
                let w = self.list_get(a, i).raw();
                self.init_item(arr, array_::FIXED, i, w);
            }
            for i in 0..nb {
                let w = self.list_get(b, i).raw();
                self.init_item(arr, array_::FIXED, na + i, w);
            }
        }
        self.st_scalar::<u64>(l, list_::LEN, (na + nb) as u64);
        self.truncate(mark);
        Ok(l)
    }

    /// `a + b` for two tuples.
    pub fn tuple_concat(&mut self, a: Value, b: Value) -> PyResult<Value> {
        let (na, nb) = (self.tuple_len(a), self.tuple_len(b));
        if nb == 0 && self.is_exact(a, T::Tuple) {
            return Ok(a);
        }
        if na == 0 && self.is_exact(b, T::Tuple) {
            return Ok(b);
        }
        let mark = self.sp();
        let ar = self.push_root(a)?;
        let br = self.push_root(b)?;
        let t = self.alloc_tuple(na + nb)?;
        let (a, b) = (self.get(ar), self.get(br));
        for i in 0..na {
            let w = self.tuple_get(a, i).raw();
            self.init_item(t, crate::runtime::layout::tuple_::FIXED, i, w);
        }
        for i in 0..nb {
            let w = self.tuple_get(b, i).raw();
            self.init_item(t, crate::runtime::layout::tuple_::FIXED, na + i, w);
        }
        self.truncate(mark);
        Ok(t)
    }

    /// `l *= n`.
    pub fn list_inplace_repeat(&mut self, lr: Root, n: Value) -> PyResult<()> {
        let nv = self.index_value(n)?;
        let count = self.small_int_of(nv).unwrap_or(0).max(0) as usize;
        let l = self.get(lr);
        let len = self.list_len(l);
        if count == 0 || len == 0 {
            self.list_set_len(l, 0);
            return Ok(());
        }
        let total = len.checked_mul(count).filter(|&t| t < (1 << 32));
        let Some(total) = total else {
            return Err(self.new_error0(T::MemoryError));
        };
        self.list_reserve(lr, total)?;
        let l = self.get(lr);
        let arr = self.ldv1(l, list_::ITEMS);
        for k in len..total {
            let w = self.array_get(arr, k % len);
            self.array_set(arr, k, w);
        }
        self.st_scalar::<u64>(l, list_::LEN, total as u64);
        Ok(())
    }

    /// `list[index]` / `list[slice]` for an exact list.
    pub fn list_getitem(&mut self, l: Value, k: Value) -> PyResult<Value> {
        if self.kind(k) == Kind::Slice {
            let n = self.list_len(l);
            let mark = self.sp();
            let lr = self.push_root(l)?;
            let si = self.slice_indices(k, n)?;
            let out = self.new_list(si.len)?;
            let l = self.get(lr);
            let arr = self.ldv(out, list_::ITEMS);
            if let Some(arr) = arr {
                let mut i = si.start;
                for j in 0..si.len {
                    let w = self.list_get(l, i as usize).raw();
                    self.init_item(arr, array_::FIXED, j, w);
                    i = i.wrapping_add(si.step);
                }
            }
            self.st_scalar::<u64>(out, list_::LEN, si.len as u64);
            self.truncate(mark);
            return Ok(out);
        }
        let Some(i) = self.index_arg_for_getitem(k, "list")? else {
            let tn = self.type_name(k);
            return Err(crate::raise!(
                self,
                TypeError,
                "list indices must be integers or slices, not {tn}"
            ));
        };
        let n = self.list_len(l) as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(self.index_error("list index out of range"));
        }
        Ok(self.list_get(l, j as usize))
    }

    /// `tuple[index]` / `tuple[slice]`.
    pub fn tuple_getitem(&mut self, t: Value, k: Value) -> PyResult<Value> {
        if self.kind(k) == Kind::Slice {
            let n = self.tuple_len(t);
            let mark = self.sp();
            let tr = self.push_root(t)?;
            let si = self.slice_indices(k, n)?;
            if si.step == 1 && si.len == n && self.is_exact(self.get(tr), T::Tuple) {
                let t = self.get(tr);
                self.truncate(mark);
                return Ok(t);
            }
            let out = self.alloc_tuple(si.len)?;
            let t = self.get(tr);
            let mut i = si.start;
            for j in 0..si.len {
                let w = self.tuple_get(t, i as usize).raw();
                self.init_item(out, crate::runtime::layout::tuple_::FIXED, j, w);
                i = i.wrapping_add(si.step);
            }
            self.truncate(mark);
            return Ok(out);
        }
        let Some(i) = self.index_arg_for_getitem(k, "tuple")? else {
            let tn = self.type_name(k);
            return Err(crate::raise!(
                self,
                TypeError,
                "tuple indices must be integers or slices, not {tn}"
            ));
        };
        let n = self.tuple_len(t) as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(self.index_error("tuple index out of range"));
        }
        Ok(self.tuple_get(t, j as usize))
    }

    /// `list[slice] = iterable`.
    pub fn list_setslice(&mut self, lr: Root, s: Value, v: Value) -> PyResult<()> {
        let mark = self.sp();
        let sr = self.push_root(s)?;
        // Materialise the new items first (the source may be the list itself).
        let items = self.to_list(v).map_err(|e| {
            if self.err_matches(&e, T::TypeError) {
                let _ = self.take_exc(e);
                self.type_error("can only assign an iterable")
            } else {
                e
            }
        })?;
        let ir = self.push_root(items)?;
        let n = self.list_len(self.get(lr));
        let si = self.slice_indices(self.get(sr), n)?;
        let m = self.list_len(items);
        if si.step == 1 {
            let start = si.start as usize;
            let stop = start + si.len;
            let new_len = n - si.len + m;
            if new_len > n {
                self.list_reserve(lr, new_len)?;
            }
            let l = self.get(lr);
            let arr = self.ldv(l, list_::ITEMS);
            if let Some(arr) = arr {
                // Move the tail.
                if m > si.len {
                    let mut k = n;
                    while k > stop {
                        k -= 1;
                        let w = self.array_get(arr, k);
                        self.array_set(arr, k + m - si.len, w);
                    }
                } else if m < si.len {
                    for k in stop..n {
                        let w = self.array_get(arr, k);
                        self.array_set(arr, k - (si.len - m), w);
                    }
                }
                let items = self.get(ir);
                for j in 0..m {
                    let w = self.list_get(items, j).raw();
                    self.array_set(arr, start + j, w);
                }
            }
            let l = self.get(lr);
            if new_len < n {
                self.list_set_len(l, new_len);
            } else {
                self.st_scalar::<u64>(l, list_::LEN, new_len as u64);
            }
        } else {
            if m != si.len {
                self.truncate(mark);
                return Err(crate::raise!(
                    self,
                    ValueError,
                    "attempt to assign sequence of size {m} to extended slice of size {}",
                    si.len
                ));
            }
            let mut i = si.start;
            for j in 0..m {
                let x = self.list_get(self.get(ir), j);
                self.list_set(self.get(lr), i as usize, x);
                i = i.wrapping_add(si.step);
            }
        }
        self.truncate(mark);
        Ok(())
    }

    /// `del list[slice]`.
    pub fn list_delslice(&mut self, l: Value, s: Value) -> PyResult<()> {
        let mark = self.sp();
        let lr = self.push_root(l)?;
        let n = self.list_len(l);
        let si = self.slice_indices(s, n)?;
        let l = self.get(lr);
        let mut remove = vec![false; n];
        let mut i = si.start;
        for _ in 0..si.len {
            remove[i as usize] = true;
            i = i.wrapping_add(si.step);
        }
        let mut w = 0;
        for (r, &gone) in remove.iter().enumerate() {
            if !gone {
                let x = self.list_get(l, r);
                self.list_set(l, w, x);
                w += 1;
            }
        }
        self.list_set_len(l, w);
        self.truncate(mark);
        Ok(())
    }
}

// ----- Python-level list methods ------------------------------------------------------------

fn list_self(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    if args.is_empty() {
        return Err(crate::raise!(
            vm,
            TypeError,
            "descriptor '{name}' of 'list' object needs an argument"
        ));
    }
    let v = args.get(vm, 0);
    match vm.as_list_obj(v) {
        Some(l) => Ok(l),
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "descriptor '{name}' for 'list' objects doesn't apply to a '{tn}' object"
            ))
        }
    }
}

fn list_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = vm.new_list(0)?;
    vm.wrap_native_instance(args.root(0), l, Kind::List)
}

fn list_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "list")?;
    if args.len() > 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "list expected at most 1 argument, got {}",
            args.len() - 1
        ));
    }
    let l = list_self(vm, args, "__init__")?;
    vm.list_set_len(l, 0);
    if let Some(it) = args.opt(vm, 1) {
        let lr = vm.push_root(l)?;
        vm.list_extend_iter(lr, it)?;
    }
    Ok(vm.none())
}

fn list_append_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "list.append", 2, 2)?;
    let l = list_self(vm, args, "append")?;
    let v = args.get(vm, 1);
    vm.list_append(l, v)?;
    Ok(vm.none())
}

fn list_extend_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "list.extend", 2, 2)?;
    let l = list_self(vm, args, "extend")?;
    let lr = vm.push_root(l)?;
    let it = args.get(vm, 1);
    vm.list_extend_iter(lr, it)?;
    Ok(vm.none())
}

fn list_insert_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "insert", 3, 3)?;
    let l = list_self(vm, args, "insert")?;
    let lr = vm.push_root(l)?;
    let iv = vm.index_value(args.get(vm, 1))?;
    let i = vm.small_int_of(iv).unwrap_or(i64::MAX);
    let n = vm.list_len(vm.get(lr)) as i64;
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) };
    vm.list_insert(lr, i as usize, args.root(2))?;
    Ok(vm.none())
}

fn list_pop_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "pop", 1, 2)?;
    let l = list_self(vm, args, "pop")?;
    let n = vm.list_len(l) as i64;
    let i = match args.opt(vm, 1) {
        Some(v) => {
            let lr = vm.push_root(l)?;
            let iv = vm.index_value(v)?;
            let _ = lr;
            vm.small_int_of(iv).unwrap_or(i64::MAX)
        }
        None => -1,
    };
    if n == 0 {
        return Err(vm.index_error("pop from empty list"));
    }
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error("pop index out of range"));
    }
    let l = list_self(vm, args, "pop")?;
    Ok(vm.list_remove_at(l, j as usize))
}

fn list_remove_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "list.remove", 2, 2)?;
    let mut i = 0;
    loop {
        let l = list_self(vm, args, "remove")?;
        if i >= vm.list_len(l) {
            return Err(vm.value_error("list.remove(x): x not in list"));
        }
        let x = vm.list_get(l, i);
        if vm.eq_values(x, args.get(vm, 1))? {
            let l = list_self(vm, args, "remove")?;
            if i < vm.list_len(l) {
                vm.list_remove_at(l, i);
            }
            return Ok(vm.none());
        }
        i += 1;
    }
}

fn list_index_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "index", 2, 4)?;
    let l = list_self(vm, args, "index")?;
    let n = vm.list_len(l);
    let start = vm.opt_index_arg(args, 2)?;
    let stop = vm.opt_index_arg(args, 3)?;
    let (s, e) = crate::objects::str_methods::clamp_range(start, stop, n);
    let mut i = s;
    while i < e {
        let l = list_self(vm, args, "index")?;
        if i >= vm.list_len(l) {
            break;
        }
        let x = vm.list_get(l, i);
        if vm.eq_values(x, args.get(vm, 1))? {
            return Ok(Value::small(i as i64));
        }
        i += 1;
    }
    let r = vm.repr_string(args.get(vm, 1))?;
    let _ = r;
    let r = vm.repr_string(args.get(vm, 1))?;
    Err(vm.value_error(&format!("{r} is not in list")))
}

fn list_count_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "list.count", 2, 2)?;
    let mut c = 0;
    let mut i = 0;
    loop {
        let l = list_self(vm, args, "count")?;
        if i >= vm.list_len(l) {
            break;
        }
        let x = vm.list_get(l, i);
        if vm.eq_values(x, args.get(vm, 1))? {
            c += 1;
        }
        i += 1;
    }
    Ok(Value::small(c))
}

fn list_clear_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "list.clear", 1, 1)?;
    let l = list_self(vm, args, "clear")?;
    vm.list_set_len(l, 0);
    Ok(vm.none())
}

fn list_copy_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "list.copy", 1, 1)?;
    let l = list_self(vm, args, "copy")?;
    let lr = vm.push_root(l)?;
    vm.list_copy_of(lr)
}

fn list_reverse_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "list.reverse", 1, 1)?;
    let l = list_self(vm, args, "reverse")?;
    let n = vm.list_len(l);
    for i in 0..n / 2 {
        let (a, b) = (vm.list_get(l, i), vm.list_get(l, n - 1 - i));
        vm.list_set(l, i, b);
        vm.list_set(l, n - 1 - i, a);
    }
    Ok(vm.none())
}

fn list_sort_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.len() > 1 {
        return Err(vm.type_error("sort() takes no positional arguments"));
    }
    let [_, key, rev] = vm.bind::<3>(
        args,
        &Sig {
            name: "sort",
            params: &["self", "key", "reverse"],
            posonly: 1,
            kwonly: 1,
            required: 1,
        },
    )?;
    let key = key.map(|r| vm.get(r)).filter(|v| !vm.is_none(*v));
    let reverse = match rev {
        Some(r) => {
            let v = vm.get(r);
            vm.truthy(v)?
        }
        None => false,
    };
    let l = list_self(vm, args, "sort")?;
    let lr = vm.push_root(l)?;
    vm.list_sort(lr, key, reverse)?;
    Ok(vm.none())
}

fn list_getitem_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "list.__getitem__", 2, 2)?;
    let l = list_self(vm, args, "__getitem__")?;
    vm.list_getitem(l, args.get(vm, 1))
}

fn list_setitem_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "list.__setitem__", 3, 3)?;
    let l = list_self(vm, args, "__setitem__")?;
    let k = args.get(vm, 1);
    if vm.kind(k) == Kind::Slice {
        let lr = vm.push_root(l)?;
        vm.list_setslice(lr, k, args.get(vm, 2))?;
        return Ok(vm.none());
    }
    let Some(i) = vm.index_arg_for_getitem(k, "list")? else {
        let tn = vm.type_name(k);
        return Err(crate::raise!(
            vm,
            TypeError,
            "list indices must be integers or slices, not {tn}"
        ));
    };
    let l = list_self(vm, args, "__setitem__")?;
    let n = vm.list_len(l) as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error("list assignment index out of range"));
    }
    let v = args.get(vm, 2);
    vm.list_set(l, j as usize, v);
    Ok(vm.none())
}

fn list_delitem_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "list.__delitem__", 2, 2)?;
    let l = list_self(vm, args, "__delitem__")?;
    let k = args.get(vm, 1);
    if vm.kind(k) == Kind::Slice {
        vm.list_delslice(l, k)?;
        return Ok(vm.none());
    }
    let Some(i) = vm.index_arg_for_getitem(k, "list")? else {
        let tn = vm.type_name(k);
        return Err(crate::raise!(
            vm,
            TypeError,
            "list indices must be integers or slices, not {tn}"
        ));
    };
    let l = list_self(vm, args, "__delitem__")?;
    let n = vm.list_len(l) as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error("list assignment index out of range"));
    }
    vm.list_remove_at(l, j as usize);
    Ok(vm.none())
}

fn list_len_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = list_self(vm, args, "__len__")?;
    Ok(Value::small(vm.list_len(l) as i64))
}

fn list_contains_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = list_self(vm, args, "__contains__")?;
    let b = vm.contains(l, args.get(vm, 1))?;
    Ok(vm.bool_val(b))
}

fn list_iter_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = list_self(vm, args, "__iter__")?;
    vm.new_seq_iter(T::ListIter, l)
}

fn list_reversed_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = list_self(vm, args, "__reversed__")?;
    let n = vm.list_len(l);
    let it = vm.new_seq_iter(T::ListRevIter, l)?;
    vm.st_scalar::<u64>(it, crate::runtime::layout::obj_::x(2), n as u64);
    Ok(it)
}

fn seq_repr(vm: &mut Vm, v: Value, open: &str, close: &str, is_tuple: bool) -> PyResult<Value> {
    let n = if is_tuple {
        vm.tuple_len(v)
    } else {
        vm.list_len(v)
    };
    if n == 0 {
        return vm.new_str(&format!("{open}{close}"));
    }
    if !vm.repr_enter(v)? {
        return vm.new_str(&format!("{open}...{close}"));
    }
    let mark = vm.sp();
    let vr = vm.push_root(v)?;
    let mut out = String::from(open);
    let r = (|| -> PyResult<()> {
        let mut i = 0;
        loop {
            let v = vm.get(vr);
            let len = if is_tuple {
                vm.tuple_len(v)
            } else {
                vm.list_len(v)
            };
            if i >= len {
                break;
            }
            if i > 0 {
                out.push_str(", ");
            }
            let x = if is_tuple {
                vm.tuple_get(v, i)
            } else {
                vm.list_get(v, i)
            };
            out.push_str(&vm.repr_string(x)?);
            i += 1;
        }
        Ok(())
    })();
    vm.repr_leave(vm.get(vr));
    vm.truncate(mark);
    r?;
    if is_tuple && n == 1 {
        out.push(',');
    }
    out.push_str(close);
    vm.new_str(&out)
}

fn list_repr_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = list_self(vm, args, "__repr__")?;
    seq_repr(vm, l, "[", "]", false)
}

fn list_iadd_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = list_self(vm, args, "__iadd__")?;
    let lr = vm.push_root(l)?;
    vm.list_extend_iter(lr, args.get(vm, 1))?;
    Ok(args.get(vm, 0))
}

fn list_imul_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let l = list_self(vm, args, "__imul__")?;
    let lr = vm.push_root(l)?;
    vm.list_inplace_repeat(lr, args.get(vm, 1))?;
    Ok(args.get(vm, 0))
}

fn class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = (args.get(vm, 0), args.get(vm, 1));
    vm.generic_alias(cls, a)
}

/// `list` methods.
pub static LIST_METHODS: &[MethodDef] = &[
    func("__new__", list_new),
    meth("__init__", list_init),
    meth("append", list_append_m),
    meth("extend", list_extend_m),
    meth("insert", list_insert_m),
    meth("pop", list_pop_m),
    meth("remove", list_remove_m),
    meth("index", list_index_m),
    meth("count", list_count_m),
    meth("clear", list_clear_m),
    meth("copy", list_copy_m),
    meth("reverse", list_reverse_m),
    meth("sort", list_sort_m),
    meth("__getitem__", list_getitem_m),
    meth("__setitem__", list_setitem_m),
    meth("__delitem__", list_delitem_m),
    meth("__len__", list_len_m),
    meth("__contains__", list_contains_m),
    meth("__iter__", list_iter_m),
    meth("__reversed__", list_reversed_m),
    meth("__repr__", list_repr_m),
    meth("__add__", crate::objects::int_methods::w_add),
    meth("__mul__", crate::objects::int_methods::w_mul),
    meth("__rmul__", crate::objects::int_methods::w_rmul),
    meth("__iadd__", list_iadd_m),
    meth("__imul__", list_imul_m),
    classmeth("__class_getitem__", class_getitem),
];

// ----- tuple ------------------------------------------------------------------------------

fn tuple_self(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    let v = args.get(vm, 0);
    match vm.as_tuple_obj(v) {
        Some(t) => Ok(t),
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "descriptor '{name}' for 'tuple' objects doesn't apply to a '{tn}' object"
            ))
        }
    }
}

fn tuple_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("tuple() takes no keyword arguments"));
    }
    if args.len() > 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "tuple expected at most 1 argument, got {}",
            args.len() - 1
        ));
    }
    let t = match args.opt(vm, 1) {
        None => vm.c(C::EmptyTuple),
        Some(it) => vm.to_tuple(it)?,
    };
    vm.wrap_native_instance(args.root(0), t, Kind::Tuple)
}

fn tuple_getitem_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "tuple.__getitem__", 2, 2)?;
    let t = tuple_self(vm, args, "__getitem__")?;
    vm.tuple_getitem(t, args.get(vm, 1))
}

fn tuple_len_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = tuple_self(vm, args, "__len__")?;
    Ok(Value::small(vm.tuple_len(t) as i64))
}

fn tuple_contains_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = tuple_self(vm, args, "__contains__")?;
    let b = vm.contains(t, args.get(vm, 1))?;
    Ok(vm.bool_val(b))
}

fn tuple_iter_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = tuple_self(vm, args, "__iter__")?;
    vm.new_seq_iter(T::TupleIter, t)
}

fn tuple_hash_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = tuple_self(vm, args, "__hash__")?;
    let h = vm.hash(t)?;
    vm.new_int(h)
}

fn tuple_repr_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = tuple_self(vm, args, "__repr__")?;
    seq_repr(vm, t, "(", ")", true)
}

fn tuple_count_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "tuple.count", 2, 2)?;
    let t = tuple_self(vm, args, "count")?;
    let n = vm.tuple_len(t);
    let mut c = 0;
    for i in 0..n {
        let t = tuple_self(vm, args, "count")?;
        let x = vm.tuple_get(t, i);
        if vm.eq_values(x, args.get(vm, 1))? {
            c += 1;
        }
    }
    Ok(Value::small(c))
}

fn tuple_index_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "index", 2, 4)?;
    let t = tuple_self(vm, args, "index")?;
    let n = vm.tuple_len(t);
    let start = vm.opt_index_arg(args, 2)?;
    let stop = vm.opt_index_arg(args, 3)?;
    let (s, e) = crate::objects::str_methods::clamp_range(start, stop, n);
    for i in s..e {
        let t = tuple_self(vm, args, "index")?;
        let x = vm.tuple_get(t, i);
        if vm.eq_values(x, args.get(vm, 1))? {
            return Ok(Value::small(i as i64));
        }
    }
    Err(vm.value_error("tuple.index(x): x not in tuple"))
}

fn tuple_getnewargs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = tuple_self(vm, args, "__getnewargs__")?;
    vm.tuple1(t)
}

/// `tuple` methods.
pub static TUPLE_METHODS: &[MethodDef] = &[
    func("__new__", tuple_new),
    meth("__getitem__", tuple_getitem_m),
    meth("__len__", tuple_len_m),
    meth("__contains__", tuple_contains_m),
    meth("__iter__", tuple_iter_m),
    meth("__hash__", tuple_hash_m),
    meth("__repr__", tuple_repr_m),
    meth("__add__", crate::objects::int_methods::w_add),
    meth("__mul__", crate::objects::int_methods::w_mul),
    meth("__rmul__", crate::objects::int_methods::w_rmul),
    meth("count", tuple_count_m),
    meth("index", tuple_index_m),
    meth("__getnewargs__", tuple_getnewargs),
    classmeth("__class_getitem__", class_getitem),
];
