//! Out-of-line parts of the interpreter loop: name resolution (`LOAD_NAME`, `LOAD_GLOBAL`
//! with its inline cache), attribute access with inline caches (`LOAD_ATTR`, `LOAD_METHOD`,
//! `STORE_ATTR`), and calls (`CALL`, `CALL_KW`, `CALL_FUNCTION_EX`, `MAKE_FUNCTION`).
//!
//! Cache validity: global caches key on the dict versions of globals and builtins (any key
//! added or removed changes them); attribute caches key on `(type version, map id)`.

use std::cell::Cell;

use crate::objects::code::{AttrCache, AttrKind, CodeRt, GlobalCache, StoreCache};
use crate::runtime::attr::DescrClass;
use crate::runtime::builtin_types::{Kind, T, tf};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{func_, inst_, obj_};
use crate::runtime::maps::DICT_MODE;
use crate::runtime::names::Name;
use crate::runtime::roots::{C, Frame, G, Root, ff};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

impl Vm {
    // ----- names -------------------------------------------------------------------------

    pub(crate) fn op_load_classderef(
        &mut self,
        fr: *mut Frame,
        code: &CodeRt,
        base: usize,
        slot: usize,
    ) -> PyResult<Value> {
        // SAFETY: `fr` is the live top frame record (see eval.rs).
        let locals = unsafe { (*fr).locals };
        let name = Value::from_raw_nonnull(code.varnames[slot].get());
        if locals != 0 {
            let l = Value::from_raw_nonnull(locals);
            if let Some(v) = self.mapping_get(l, name)? {
                return Ok(v);
            }
        }
        let cell = Value::from_raw_nonnull(self.slot(base + slot));
        match self.cell_get(cell) {
            Some(v) => Ok(v),
            None => {
                let n = self.str_string(name);
                Err(crate::raise!(
                    self,
                    NameError,
                    "cannot access free variable '{n}' where it is not associated with a value in enclosing scope"
                ))
            }
        }
    }

    /// `mapping[key]` or `None` when the key is missing (dicts fast; others via
    /// `__getitem__` with `KeyError` meaning missing).
    pub fn mapping_get(&mut self, m: Value, key: Value) -> PyResult<Option<Value>> {
        if self.is_dict(m) {
            return self.dict_get_item(m, key);
        }
        match self.getitem(m, key) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.err_matches(&e, T::KeyError) => {
                let _ = self.take_exc(e);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    pub(crate) fn op_load_name(
        &mut self,
        fr: *mut Frame,
        code: &CodeRt,
        arg: usize,
    ) -> PyResult<Value> {
        // SAFETY: `fr` is the live top frame record.
        let (locals, globals) = unsafe { ((*fr).locals, (*fr).globals) };
        let name = Value::from_raw_nonnull(code.names[arg].get());
        if locals != 0 {
            let l = Value::from_raw_nonnull(locals);
            if let Some(v) = self.mapping_get(l, name)? {
                return Ok(v);
            }
        }
        // SAFETY: as above (re-read: a mapping's `__getitem__` may have run code).
        let globals = if locals != 0 {
            unsafe { (*self.top_frame_ptr()).globals }
        } else {
            globals
        };
        let g = Value::from_raw_nonnull(globals);
        let name = Value::from_raw_nonnull(code.names[arg].get());
        if let Some(v) = self.dict_get_item(g, name)? {
            return Ok(v);
        }
        let b = self.g(G::BuiltinsDict);
        if let Some(v) = self.dict_get_item(b, name)? {
            return Ok(v);
        }
        let n = self.str_string(name);
        Err(self.name_error(&n, false))
    }

    pub(crate) fn op_store_name(
        &mut self,
        fr: *mut Frame,
        code: &CodeRt,
        arg: usize,
        v: Value,
    ) -> PyResult<()> {
        // SAFETY: `fr` is the live top frame record.
        let locals = unsafe { (*fr).locals };
        let name = Value::from_raw_nonnull(code.names[arg].get());
        if locals == 0 {
            return Err(crate::raise!(
                self,
                SystemError,
                "no locals found when storing {}",
                self.debug_repr(name)
            ));
        }
        let l = Value::from_raw_nonnull(locals);
        if self.is_dict(l) {
            return self.dict_set_item(l, name, v);
        }
        self.setitem(l, name, v)
    }

    pub(crate) fn op_delete_name(
        &mut self,
        fr: *mut Frame,
        code: &CodeRt,
        arg: usize,
    ) -> PyResult<()> {
        // SAFETY: `fr` is the live top frame record.
        let locals = unsafe { (*fr).locals };
        let name = Value::from_raw_nonnull(code.names[arg].get());
        let l = Value::from_raw_nonnull(locals);
        let found = if self.is_dict(l) {
            self.dict_del_item(l, name)?.is_some()
        } else {
            match self.delitem(l, name) {
                Ok(()) => true,
                Err(e) if self.err_matches(&e, T::KeyError) => {
                    let _ = self.take_exc(e);
                    false
                }
                Err(e) => return Err(e),
            }
        };
        if !found {
            let n = self.str_string(name);
            return Err(self.name_error(&n, false));
        }
        Ok(())
    }

    pub(crate) fn op_load_global(
        &mut self,
        fr: *mut Frame,
        code: &CodeRt,
        ni: usize,
        ci: usize,
    ) -> PyResult<Value> {
        // SAFETY: `fr` is the live top frame record.
        let g = Value::from_raw_nonnull(unsafe { (*fr).globals });
        let cache: &Cell<GlobalCache> = &code.global_cache[ci];
        let e = cache.get();
        let gtab = self.dict_tab(g);
        if e.globals == Some(gtab.raw.version()) {
            if !e.in_builtins {
                if let Some((_, v)) = gtab.raw.entry_at(crate::objects::code::entry(e.index)) {
                    return Ok(*v);
                }
            } else {
                let b = self.g(G::BuiltinsDict);
                let btab = self.dict_tab(b);
                if e.builtins == Some(btab.raw.version())
                    && let Some((_, v)) = btab.raw.entry_at(crate::objects::code::entry(e.index))
                {
                    return Ok(*v);
                }
            }
        }
        self.load_global_slow(g, code, ni, cache)
    }

    #[inline(never)]
    fn load_global_slow(
        &mut self,
        g: Value,
        code: &CodeRt,
        ni: usize,
        cache: &Cell<GlobalCache>,
    ) -> PyResult<Value> {
        let name = Value::from_raw_nonnull(code.names[ni].get());
        let h = self.str_hash(name);
        if let Some(at) = self.dict_find_str_index(g, name, h) {
            let gtab = self.dict_tab(g);
            let v = gtab.raw.entry_at(at).map(|(_, v)| *v);
            cache.set(GlobalCache {
                globals: Some(gtab.raw.version()),
                builtins: None,
                index: at.get(),
                in_builtins: false,
            });
            if let Some(v) = v {
                return Ok(v);
            }
        }
        let b = self.g(G::BuiltinsDict);
        if let Some(at) = self.dict_find_str_index(b, name, h) {
            let gv = self.dict_tab(g).raw.version();
            let btab = self.dict_tab(b);
            let v = btab.raw.entry_at(at).map(|(_, v)| *v);
            cache.set(GlobalCache {
                globals: Some(gv),
                builtins: Some(btab.raw.version()),
                index: at.get(),
                in_builtins: true,
            });
            if let Some(v) = v {
                return Ok(v);
            }
        }
        // Not found: maybe a dict subclass or non-str keys; the generic lookups decide.
        if let Some(v) = self.dict_get_item(g, name)? {
            return Ok(v);
        }
        let n = self.str_string(name);
        Err(self.name_error(&n, true))
    }

    /// Entry index of a str key in a dict (no Python code).
    pub fn dict_find_str_index(
        &self,
        d: Value,
        key: Value,
        h: i64,
    ) -> Option<tern_dict::EntryIndex> {
        let tab = self.dict_tab(d);
        tab.raw.find(h as u64, |&stored| {
            self.simple_eq(stored, key).unwrap_or(false)
        })
    }

    // ----- attributes --------------------------------------------------------------------------

    pub(crate) fn op_load_attr(
        &mut self,
        code: &CodeRt,
        arg: usize,
        ci: usize,
        obj: Value,
    ) -> PyResult<Value> {
        let name = code.name_ids[arg];
        let cache = &code.attr_cache[ci];
        if !obj.is_small() {
            let lay = self.layout_of(obj.gc());
            if lay == self.lay.instance {
                let ty = self.type_of(obj);
                let tv = self.type_version(ty);
                let map = self.ld_scalar::<u64>(obj, inst_::MAP);
                let e = cache.get();
                if e.type_version == tv && tv != 0 && e.map as u64 == map {
                    match e.kind {
                        AttrKind::Slot => {
                            let arr = self.ldv1(obj, inst_::SLOTS);
                            if let Some(v) = Value::from_raw(self.array_get(arr, e.index as usize))
                            {
                                return Ok(v);
                            }
                        }
                        AttrKind::ClassValue => return Ok(Value::from_raw_nonnull(e.value)),
                        AttrKind::PropertyGetter => {
                            let f = Value::from_raw_nonnull(e.value);
                            return self.call1(f, obj);
                        }
                        _ => {}
                    }
                }
                return self.load_attr_fill(code, ci, obj, name);
            }
            if self.kind(obj) == Kind::Module {
                let d = self.module_dict(obj);
                let e = cache.get();
                let tab = self.dict_tab(d);
                if e.kind == AttrKind::ModuleEntry
                    && e.dict_version == Some(tab.raw.version())
                    && let Some((_, v)) = tab
                        .raw
                        .entry_at(crate::objects::code::entry(e.index as usize))
                {
                    return Ok(*v);
                }
                let key = self.name_str(name);
                let h = self.str_hash(key);
                if let Some(at) = self.dict_find_str_index(d, key, h) {
                    let tab = self.dict_tab(d);
                    if let Some((_, v)) = tab.raw.entry_at(at) {
                        let v = *v;
                        cache.set(AttrCache {
                            type_version: 0,
                            map: 0,
                            kind: AttrKind::ModuleEntry,
                            index: at.get() as u32,
                            value: 0,
                            dict_version: Some(tab.raw.version()),
                        });
                        return Ok(v);
                    }
                }
            }
        }
        self.getattr(obj, name)
    }

    #[inline(never)]
    fn load_attr_fill(
        &mut self,
        code: &CodeRt,
        ci: usize,
        obj: Value,
        name: Name,
    ) -> PyResult<Value> {
        let ty = self.type_of(obj);
        let flags = self.type_flags(ty);
        let tv = self.type_version(ty);
        let map = self.ld_scalar::<u64>(obj, inst_::MAP);
        if flags & (tf::CUSTOM_GETATTRIBUTE) == 0 && tv != 0 && map != DICT_MODE {
            let descr = self.type_lookup(ty, name);
            let dclass = descr.map(|d| self.descr_class(d));
            let in_map = self.maps.lookup(map as u32, name);
            let entry = match (dclass, in_map) {
                (Some(dc), _) if dc.is_data() => {
                    let d = descr.expect("descr");
                    if dc == DescrClass::Property {
                        let pp = self.payload_or_self(d);
                        match self.ldv(pp, obj_::A) {
                            Some(f) if self.kind(f) == Kind::Function => {
                                Some((AttrKind::PropertyGetter, 0, f.raw()))
                            }
                            _ => None,
                        }
                    } else {
                        None
                    }
                }
                (_, Some(i)) => Some((AttrKind::Slot, i, 0)),
                (Some(DescrClass::Plain), None) => {
                    Some((AttrKind::ClassValue, 0, descr.expect("descr").raw()))
                }
                _ => None,
            };
            if let Some((kind, index, value)) = entry {
                let rt_code = self.code_object_of_rt(code);
                if let Some(c) = rt_code {
                    self.code_cache_barrier(c);
                }
                code.attr_cache[ci].set(AttrCache {
                    type_version: tv,
                    map: map as u32,
                    kind,
                    index,
                    value,
                    dict_version: None,
                });
            }
        }
        self.getattr(obj, name)
    }

    /// The code object owning a `CodeRt` (for the write barrier of its caches): the code
    /// of the function of the top frame, when it is this code.
    fn code_object_of_rt(&self, code: &CodeRt) -> Option<Value> {
        let f = self.st().frames.last()?;
        if std::ptr::eq(f.code, code) {
            let func = Value::from_raw_nonnull(f.func);
            return self.ldv(func, func_::CODE);
        }
        None
    }

    pub(crate) fn op_load_method(
        &mut self,
        code: &CodeRt,
        arg: usize,
        ci: usize,
        obj: Value,
        slot: usize,
    ) -> PyResult<()> {
        let name = code.name_ids[arg];
        let cache = &code.method_cache[ci];
        if !obj.is_small() && self.layout_of(obj.gc()) == self.lay.instance {
            let ty = self.type_of(obj);
            let tv = self.type_version(ty);
            let map = self.ld_scalar::<u64>(obj, inst_::MAP);
            let e = cache.get();
            if e.type_version == tv && tv != 0 && e.map as u64 == map && e.kind == AttrKind::Method
            {
                self.set_slot(slot, e.value);
                self.set_slot(slot + 1, obj.raw());
                return Ok(());
            }
            // Fill.
            let flags = self.type_flags(ty);
            if flags & tf::CUSTOM_GETATTRIBUTE == 0
                && tv != 0
                && map != DICT_MODE
                && self.maps.lookup(map as u32, name).is_none()
                && let Some(d) = self.type_lookup(ty, name)
                && self.kind(d) == Kind::Function
            {
                if let Some(c) = self.code_object_of_rt(code) {
                    self.code_cache_barrier(c);
                }
                cache.set(AttrCache {
                    type_version: tv,
                    map: map as u32,
                    kind: AttrKind::Method,
                    index: 0,
                    value: d.raw(),
                    dict_version: None,
                });
                self.set_slot(slot, d.raw());
                self.set_slot(slot + 1, obj.raw());
                return Ok(());
            }
        }
        self.load_method_at(slot, name)
    }

    pub(crate) fn op_store_attr(
        &mut self,
        code: &CodeRt,
        arg: usize,
        ci: usize,
        obj: Value,
        v: Value,
    ) -> PyResult<()> {
        let name = code.name_ids[arg];
        if !obj.is_small() && self.layout_of(obj.gc()) == self.lay.instance {
            let ty = self.type_of(obj);
            let tv = self.type_version(ty);
            let map = self.ld_scalar::<u64>(obj, inst_::MAP);
            let cache = &code.store_cache[ci];
            let e = cache.get();
            if e.type_version == tv && tv != 0 && e.map_from as u64 == map {
                let arr = self.ldv(obj, inst_::SLOTS);
                if let Some(arr) = arr
                    && (e.index as usize) < self.array_len(arr)
                {
                    self.array_set(arr, e.index as usize, v.raw());
                    if e.map_to != e.map_from {
                        self.st_scalar::<u64>(obj, inst_::MAP, e.map_to as u64);
                    }
                    return Ok(());
                }
            }
            let flags = self.type_flags(ty);
            if flags & tf::CUSTOM_SETATTR == 0
                && flags & tf::HAS_DICT != 0
                && tv != 0
                && map != DICT_MODE
            {
                let data = match self.type_lookup(ty, name) {
                    Some(d) => self.descr_class(d).is_data(),
                    None => false,
                };
                if !data {
                    self.inst_set(obj, name, v)?;
                    // `obj` is still on the value stack (top); re-read it after the safepoint.
                    let obj = Value::from_raw_nonnull(self.slot(self.sp() - 1));
                    let new_map = self.ld_scalar::<u64>(obj, inst_::MAP);
                    if new_map != DICT_MODE
                        && let Some(i) = self.maps.lookup(new_map as u32, name)
                    {
                        cache.set(StoreCache {
                            type_version: tv,
                            map_from: map as u32,
                            map_to: new_map as u32,
                            index: i,
                        });
                    }
                    return Ok(());
                }
            }
        }
        self.setattr(obj, name, v)
    }

    // ----- calls ---------------------------------------------------------------------------

    /// `CALL`/`CALL_KW`: `Ok(Some(result))`, or `Ok(None)` after pushing a Python frame the
    /// loop continues with.
    pub(crate) fn op_call(
        &mut self,
        cs: usize,
        nargs: usize,
        nkw: usize,
    ) -> PyResult<Option<Value>> {
        let mut nargs = nargs;
        loop {
            let callable = Value::from_raw_nonnull(self.slot(cs));
            let self_w = self.slot(cs + 1);
            match self.kind(callable) {
                Kind::Function => {
                    let code = self.func_code_rt(callable);
                    // SAFETY: the function in slot `cs` keeps its code alive.
                    let co = unsafe { &*code };
                    let (start, total) = if self_w != 0 {
                        (cs + 1, nargs + 1)
                    } else {
                        (cs + 2, nargs)
                    };
                    if nkw == 0 && co.simple_args && total == co.argcount {
                        self.ensure_stack(
                            co.nlocalsplus - total
                                + co.max_stack
                                + crate::runtime::roots::STACK_SLACK,
                        )?;
                        for _ in total..co.nlocalsplus {
                            self.push_unchecked(0);
                        }
                        self.push_frame(code, cs, start, cs, 0)?;
                        return Ok(None);
                    }
                    let kwnames = if nkw > 0 {
                        Some(Value::from_raw_nonnull(self.slot(start + total)))
                    } else {
                        None
                    };
                    let frame_base = self.sp();
                    self.reserve_frame(co)?;
                    if let Err(e) =
                        self.bind_args(callable, co, start, total - nkw, nkw, kwnames, frame_base)
                    {
                        self.truncate(cs);
                        return Err(e);
                    }
                    if co.flags_resumable {
                        let g = self.make_generator(cs, frame_base);
                        self.truncate(cs);
                        return g.map(Some);
                    }
                    self.push_frame(code, cs, frame_base, cs, 0)?;
                    return Ok(None);
                }
                Kind::Method => {
                    let f = self.ldv1(callable, obj_::A);
                    let s = self.ldv1(callable, obj_::B);
                    self.set_slot(cs, f.raw());
                    if self_w == 0 {
                        self.set_slot(cs + 1, s.raw());
                    } else {
                        self.prepend_arg(cs, s)?;
                        nargs += 1;
                    }
                    continue;
                }
                Kind::Type if nkw == 0 && self_w == 0 => {
                    let flags = self.type_flags(callable);
                    if self.type_kind(callable) == Kind::Instance
                        && flags & (tf::DEFAULT_NEW | tf::ABSTRACT) == tf::DEFAULT_NEW
                        && flags & tf::DEFAULT_INIT == 0
                        && self.type_of(callable) == self.ty(T::Type)
                        && let Some(init) =
                            self.lookup_special(callable, crate::runtime::names::n::INIT)
                        && self.kind(init) == Kind::Function
                    {
                        let code = self.func_code_rt(init);
                        // SAFETY: `init` is reachable from the type in slot `cs`.
                        let co = unsafe { &*code };
                        if co.simple_args && co.argcount == nargs + 1 {
                            let obj = self.new_instance(Root(cs as u32))?;
                            self.set_slot(cs, obj.raw());
                            self.set_slot(cs + 1, obj.raw());
                            self.ensure_stack(
                                co.nlocalsplus + co.max_stack + crate::runtime::roots::STACK_SLACK,
                            )?;
                            for _ in nargs + 1..co.nlocalsplus {
                                self.push_unchecked(0);
                            }
                            let init = {
                                let t = self.type_of(obj);
                                self.lookup_special(t, crate::runtime::names::n::INIT)
                                    .expect("found above")
                            };
                            self.push_frame_for(code, init.raw(), cs + 1, cs, ff::INIT)?;
                            return Ok(None);
                        }
                    }
                    return self.call_at(cs, nargs, nkw).map(Some);
                }
                _ => return self.call_at(cs, nargs, nkw).map(Some),
            }
        }
    }

    /// `CALL_FUNCTION_EX`: `[callable][self_or_null][args][kwargs?]`.
    pub(crate) fn op_call_function_ex(&mut self, flags: usize) -> PyResult<Value> {
        let has_kw = flags & 1 != 0;
        let top = self.sp();
        let cs = top - 3 - has_kw as usize;
        let args = Value::from_raw_nonnull(self.slot(cs + 2));
        // Rebuild the region as [callable][self_or_null][args...][kwnames?].
        let new_base = self.sp();
        let callable = self.slot(cs);
        let self_w = self.slot(cs + 1);
        self.push_word(callable)?;
        self.push_word(self_w)?;
        let npos = match self.push_iterable_for_call(args, cs) {
            Ok(n) => n,
            Err(e) => {
                self.truncate(cs);
                return Err(e);
            }
        };
        let mut nkw = 0;
        // Read after pushing the positional arguments (that may collect garbage and move
        // the mapping); the slot keeps it rooted.
        let kwargs = if has_kw {
            Value::from_raw(self.slot(cs + 3))
        } else {
            None
        };
        if let Some(kw) = kwargs {
            let r = self.push_kwargs_for_call(kw, cs);
            match r {
                Ok(n) => nkw = n,
                Err(e) => {
                    self.truncate(cs);
                    return Err(e);
                }
            }
        }
        let r = self.call_at(new_base, npos + nkw, nkw);
        self.truncate(cs);
        r
    }

    fn push_iterable_for_call(&mut self, args: Value, cs: usize) -> PyResult<usize> {
        if self.as_tuple_obj(args).is_none() && self.as_list_obj(args).is_none() {
            let ty = self.type_of(args);
            if self
                .lookup_special(ty, crate::runtime::names::n::ITER)
                .is_none()
                && self
                    .lookup_special(ty, crate::runtime::names::n::GETITEM)
                    .is_none()
            {
                let f = Value::from_raw_nonnull(self.slot(cs));
                let fname = self.callable_display_name(f);
                let tn = self.type_name(args);
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "{fname} argument after * must be an iterable, not {tn}"
                ));
            }
        }
        self.push_iterable(args)
    }

    /// Pushes the values of a kwargs mapping and then a kwnames tuple; returns the count.
    fn push_kwargs_for_call(&mut self, kw: Value, cs: usize) -> PyResult<usize> {
        let mark = self.sp();
        let kr = self.push_root(kw)?;
        let d = if self.is_dict(kw) {
            kw
        } else {
            let d = self.new_dict()?;
            let dr = self.push_root(d)?;
            if let Err(e) = self.dict_update_from(dr, self.get(kr)) {
                if self.err_matches(&e, T::AttributeError) {
                    let _ = self.take_exc(e);
                    let f = Value::from_raw_nonnull(self.slot(cs));
                    let fname = self.callable_display_name(f);
                    let tn = self.type_name(self.get(kr));
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "{fname} argument after ** must be a mapping, not {tn}"
                    ));
                }
                return Err(e);
            }
            self.get(dr)
        };
        let dr = self.push_root(d)?;
        // Values go where the keyword block starts; collect keys first.
        let n = self.dict_len(d);
        let vals_start = self.sp();
        let mut pos = 0;
        let mut keys = Vec::with_capacity(n);
        while let Some((next, k, v)) = self.dict_next(self.get(dr), pos) {
            pos = next;
            if !self.is_str(k) && self.as_str_obj(k).is_none() {
                return Err(self.type_error("keywords must be strings"));
            }
            self.push_root(v)?;
            keys.push(k.raw());
        }
        let kstart = self.sp();
        for k in &keys {
            self.push_word(*k)?;
        }
        let names = self.tuple_from_slots(kstart, keys.len())?;
        self.truncate(kstart);
        // Move the values down over the kwargs/dict roots and append the names tuple.
        for i in 0..n {
            let w = self.slot(vals_start + i);
            self.set_slot(mark + i, w);
        }
        self.truncate(mark + n);
        if n > 0 {
            self.push_root(names)?;
        }
        Ok(n)
    }

    /// `f()` display for call errors: `qualname()` for functions, else the type's name.
    pub fn callable_display_name(&mut self, f: Value) -> String {
        // CPython's `_PyObject_FunctionStr`: `module.qualname()` unless the module is
        // `builtins`; when that fails, the short forms below.
        let mark = self.sp();
        let full = self.function_str(f);
        self.truncate(mark);
        if let Some(s) = full {
            return s;
        }
        match self.kind(f) {
            Kind::Function => format!("{}()", self.func_qualname_text(f)),
            Kind::Method => {
                let func = self.ldv1(f, obj_::A);
                self.callable_display_name(func)
            }
            Kind::Builtin => format!("{}()", self.builtin_def(f).name),
            Kind::Type => format!("{}()", self.type_name_str(f)),
            _ => format!("{} object", self.type_name(f)),
        }
    }

    fn function_str(&mut self, f: Value) -> Option<String> {
        use crate::runtime::names::n;
        let fr = match self.push_root(f) {
            Ok(r) => r,
            Err(e) => {
                let _ = self.take_exc(e);
                return None;
            }
        };
        let q = match self.getattr_opt(f, n::QUALNAME) {
            Ok(q) => q?,
            Err(e) => {
                let _ = self.take_exc(e);
                return None;
            }
        };
        let qual = self.str_string(self.as_str_obj(q)?);
        let f = self.get(fr);
        let m = match self.getattr_opt(f, n::MODULE) {
            Ok(m) => m,
            Err(e) => {
                let _ = self.take_exc(e);
                None
            }
        };
        match m
            .and_then(|m| self.as_str_obj(m))
            .map(|m| self.str_string(m))
        {
            Some(module) if module != "builtins" => Some(format!("{module}.{qual}()")),
            _ => Some(format!("{qual}()")),
        }
    }

    /// `MAKE_FUNCTION flags`: `(defaults? kwdefaults? annotations? closure? code)`.
    pub(crate) fn op_make_function(&mut self, fr: *mut Frame, flags: usize) -> PyResult<Value> {
        let nargs = (flags & 0xf).count_ones() as usize;
        let top = self.sp();
        let start = top - 1 - nargs;
        // SAFETY: `fr` is the live top frame record.
        let globals = unsafe { (*fr).globals };
        let gr = self.push_word(globals)?;
        let f = self.new_function(Root((top - 1) as u32), gr)?;
        let frr = self.push_root(f)?;
        let mut i = start;
        if flags & 1 != 0 {
            let v = Value::from_raw(self.slot(i));
            self.st_field(self.get(frr), func_::DEFAULTS, v);
            i += 1;
        }
        if flags & 2 != 0 {
            let v = Value::from_raw(self.slot(i));
            self.st_field(self.get(frr), func_::KWDEFAULTS, v);
            i += 1;
        }
        if flags & 4 != 0 {
            let t = Value::from_raw_nonnull(self.slot(i));
            let d = if self.is_tuple(t) {
                self.annotations_from_tuple(t)?
            } else {
                t
            };
            self.st_field(self.get(frr), func_::ANNOTATIONS, Some(d));
            i += 1;
        }
        if flags & 8 != 0 {
            let v = Value::from_raw(self.slot(i));
            self.st_field(self.get(frr), func_::CLOSURE, v);
        }
        let f = self.get(frr);
        self.truncate(start);
        Ok(f)
    }

    fn annotations_from_tuple(&mut self, t: Value) -> PyResult<Value> {
        let mark = self.sp();
        let tr = self.push_root(t)?;
        let d = self.new_dict()?;
        let dr = self.push_root(d)?;
        let n = self.tuple_len(t);
        let mut k = 0;
        while k + 1 < n {
            let t = self.get(tr);
            let (key, v) = (self.tuple_get(t, k), self.tuple_get(t, k + 1));
            self.dict_set_item(self.get(dr), key, v)?;
            k += 2;
        }
        let d = self.get(dr);
        self.truncate(mark);
        Ok(d)
    }

    /// The builtin constant `None` as a raw word (helper for frame setup).
    pub fn none_word(&self) -> usize {
        self.c(C::None).raw()
    }
}
