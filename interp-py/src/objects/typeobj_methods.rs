//! `type`: class creation (`type.__new__`, `__build_class__`'s metaclass logic), C3 MRO,
//! `__slots__`, `__init_subclass__`, `__set_name__`, and the methods and attributes of type
//! objects.

use crate::objects::builtin_func::{GetSetDef, MethodDef, func, meth};
use crate::runtime::builtin_types::{Kind, T, tf};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::type_;
use crate::runtime::names::n;
use crate::runtime::roots::{C, Root};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

impl Vm {
    /// Allocates a type object with the given parts (all rooted by the caller).
    #[allow(clippy::too_many_arguments)]
    pub fn alloc_type(
        &mut self,
        meta: Root,
        name: Root,
        qualname: Root,
        bases: Root,
        dict: Root,
        flags: u64,
        kind: Kind,
        native: Kind,
        nslots: usize,
    ) -> PyResult<Value> {
        let special = self.new_array(crate::runtime::names::N_SPECIAL)?;
        let sr = self.push_root(special)?;
        let t = self.alloc_r(self.lay.type_, meta)?;
        let bases_v = self.get(bases);
        let base = if self.tuple_len(bases_v) > 0 {
            Some(self.tuple_get(bases_v, 0))
        } else {
            None
        };
        self.init_field(t, type_::DICT, Some(self.get(dict)));
        self.init_field(t, type_::MRO, None);
        self.init_field(t, type_::BASES, Some(bases_v));
        self.init_field(t, type_::BASE, base);
        self.init_field(t, type_::NAME, Some(self.get(name)));
        self.init_field(t, type_::QUALNAME, Some(self.get(qualname)));
        self.init_field(t, type_::SUBCLASSES, None);
        self.init_field(t, type_::SPECIAL, Some(self.get(sr)));
        self.st_scalar::<u64>(t, type_::FLAGS, flags);
        self.st_scalar::<u32>(t, type_::VERSION, 0);
        self.st_scalar::<u32>(t, type_::SPECIAL_VERSION, u32::MAX);
        self.st_scalar::<u32>(t, type_::NSLOTS, nslots as u32);
        let root_map = self.maps.root(nslots as u32);
        self.st_scalar::<u32>(t, type_::ROOT_MAP, root_map);
        self.st_scalar::<u8>(t, type_::KIND, kind as u8);
        self.st_scalar::<u8>(t, type_::NATIVE, native as u8);
        self.st_scalar::<u8>(t, type_::KIND + 2, 0);
        self.st_scalar::<u8>(t, type_::KIND + 3, 0);
        self.st_scalar::<u32>(t, type_::EXPECTED, 0);
        self.truncate(sr.index());
        Ok(t)
    }

    /// C3 linearisation of `ty` with bases tuple `bases`; raises `TypeError` like CPython
    /// when no consistent order exists.
    pub fn compute_mro(&mut self, ty: Value, bases: Value) -> PyResult<Value> {
        let mut seqs: Vec<Vec<Value>> = Vec::new();
        for &b in self.tuple_items(bases) {
            let m = self.type_mro(b);
            seqs.push(self.tuple_items(m).to_vec());
        }
        seqs.push(self.tuple_items(bases).to_vec());
        let mut out = vec![ty];
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                break;
            }
            let mut cand = None;
            for s in &seqs {
                let c = s[0];
                if !seqs.iter().any(|o| o[1..].contains(&c)) {
                    cand = Some(c);
                    break;
                }
            }
            let Some(c) = cand else {
                let mut names: Vec<String> = Vec::new();
                for s in &seqs {
                    let nm = self.type_name_str(s[0]);
                    if !names.contains(&nm) {
                        names.push(nm);
                    }
                }
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                    names.join(", ")
                ));
            };
            out.push(c);
            for s in seqs.iter_mut() {
                if s[0] == c {
                    s.remove(0);
                }
            }
        }
        let mark = self.sp();
        for v in out {
            self.push_root(v)?;
        }
        self.pack_tuple(mark)
    }

    /// The "solid base" of a type: the nearest base that determines the instance layout.
    pub fn solid_base(&self, t: Value) -> Value {
        let mut t = t;
        loop {
            let Some(b) = self.ldv(t, type_::BASE) else {
                return t;
            };
            if self.type_nslots(t) != self.type_nslots(b)
                || self.type_native(t) != self.type_native(b)
            {
                return t;
            }
            t = b;
        }
    }

    /// `type.__new__(meta, name, bases, ns, **kwargs)`: creates a class.
    pub fn type_new(
        &mut self,
        meta: Root,
        name: Root,
        bases: Root,
        ns: Root,
        kwargs: Option<Root>,
    ) -> PyResult<Value> {
        let mark = self.sp();
        let r = self.type_new_inner(meta, name, bases, ns, kwargs);
        self.truncate(mark);
        r
    }

    fn type_new_inner(
        &mut self,
        meta: Root,
        name: Root,
        bases: Root,
        ns: Root,
        kwargs: Option<Root>,
    ) -> PyResult<Value> {
        if self.as_str_obj(self.get(name)).is_none() {
            let tn = self.type_name(self.get(name));
            return Err(crate::raise!(
                self,
                TypeError,
                "type.__new__() argument 1 must be str, not {tn}"
            ));
        }
        let Some(bt) = self.as_tuple_obj(self.get(bases)) else {
            let tn = self.type_name(self.get(bases));
            return Err(crate::raise!(
                self,
                TypeError,
                "type.__new__() argument 2 must be tuple, not {tn}"
            ));
        };
        self.set(bases, bt);
        if self.as_dict_obj(self.get(ns)).is_none() {
            let tn = self.type_name(self.get(ns));
            return Err(crate::raise!(
                self,
                TypeError,
                "type.__new__() argument 3 must be dict, not {tn}"
            ));
        }
        // Bases.
        if self.tuple_len(self.get(bases)) == 0 {
            let o = self.ty(T::Object);
            let t = self.tuple1(o)?;
            self.set(bases, t);
        }
        let nb = self.tuple_len(self.get(bases));
        for i in 0..nb {
            let b = self.tuple_get(self.get(bases), i);
            if !self.is_type(b) {
                let tn = self.type_name(b);
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "bases must be types, not {tn}"
                ));
            }
            if !self.type_has(b, tf::BASETYPE) {
                let bn = self.type_name_str(b);
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "type '{bn}' is not an acceptable base type"
                ));
            }
        }
        for i in 0..nb {
            for j in 0..nb {
                if i != j
                    && self.tuple_get(self.get(bases), i) == self.tuple_get(self.get(bases), j)
                {
                    let bn = self.type_name_str(self.tuple_get(self.get(bases), i));
                    return Err(crate::raise!(self, TypeError, "duplicate base class {bn}"));
                }
            }
        }
        // Layout: find the base whose solid base is the most derived.
        let mut winner = self.tuple_get(self.get(bases), 0);
        for i in 1..nb {
            let b = self.tuple_get(self.get(bases), i);
            let (sw, sb) = (self.solid_base(winner), self.solid_base(b));
            if self.is_subtype(sw, sb) {
                continue;
            }
            if self.is_subtype(sb, sw) {
                winner = b;
                continue;
            }
            return Err(self.type_error("multiple bases have instance lay-out conflict"));
        }
        // The base is read again after the allocations below: keep it rooted.
        let base_r = self.push_root(winner)?;
        // Namespace copy.
        let d = {
            let src = self.as_dict_obj(self.get(ns)).expect("checked");
            let sr = self.push_root(src)?;
            self.dict_copy(sr)?
        };
        let dr = self.push_root(d)?;
        // __qualname__
        let qn_key = self.name_str(n::QUALNAME);
        let qualname = match self.dict_del_item(self.get(dr), qn_key)? {
            Some(q) => {
                if self.as_str_obj(q).is_none() {
                    let tn = self.type_name(q);
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "type __qualname__ must be a str, not {tn}"
                    ));
                }
                q
            }
            None => self.get(name),
        };
        let qr = self.push_root(qualname)?;
        // __module__
        if self.dict_get_name(self.get(dr), n::MODULE).is_none()
            && let Some(g) = self.current_globals()
            && let Some(m) = self.dict_get_name(g, n::NAME)
        {
            self.dict_set_name(self.get(dr), n::MODULE, m)?;
        }
        // Flags and layout (read from `base` before the next allocation).
        let base = self.get(base_r);
        let base_native = self.type_native(base);
        let mut nslots = self.type_nslots(base);
        let base_has_dict = self.type_has(base, tf::HAS_DICT);
        let mut flags = tf::HEAPTYPE | tf::BASETYPE;
        let inherit =
            tf::EXCEPTION | tf::SEQUENCE | tf::MAPPING | tf::TYPE_SUBCLASS | tf::NATIVE_PAYLOAD;
        for i in 0..nb {
            let b = self.tuple_get(self.get(bases), i);
            flags |= self.type_flags(b) & inherit;
        }
        let kind = if base_native == Kind::Type {
            Kind::Type
        } else {
            Kind::Instance
        };
        if !matches!(base_native, Kind::Instance | Kind::Type) {
            flags |= tf::NATIVE_PAYLOAD;
            if nslots == 0 {
                nslots = 1;
            }
        }
        // __slots__.
        let slots_key = self.name_str(n::SLOTS);
        let slots_v = self.dict_get_item(self.get(dr), slots_key)?;
        // Interned names (ids, not `Value`s: the strings may move at the next allocation).
        let mut slot_names: Vec<crate::runtime::names::Name> = Vec::new();
        let mut has_dict = base_has_dict || base_native == Kind::Type;
        let mut add_dict = false;
        if let Some(sv) = slots_v {
            let svr = self.push_root(sv)?;
            let list = if self.as_str_obj(sv).is_some() {
                let l = self.new_list(1)?;
                self.list_append(l, self.get(svr))?;
                l
            } else {
                self.to_list(sv)?
            };
            let lr = self.push_root(list)?;
            for i in 0..self.list_len(list) {
                let s = self.list_get(self.get(lr), i);
                let Some(so) = self.as_str_obj(s) else {
                    let tn = self.type_name(s);
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "__slots__ items must be strings, not '{tn}'"
                    ));
                };
                let text = self.str_string(so);
                if text == "__dict__" {
                    if has_dict || add_dict {
                        return Err(self.type_error("__dict__ slot disallowed: we already got one"));
                    }
                    add_dict = true;
                    continue;
                }
                if text == "__weakref__" {
                    continue;
                }
                if !text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                    || !text.chars().all(|c| c.is_alphanumeric() || c == '_')
                {
                    return Err(self.type_error("__slots__ must be identifiers"));
                }
                let mangled = mangle(&self.str_string(self.get(name)), &text);
                let nm = self.intern(&mangled)?;
                let ns_s = self.name_str(nm);
                if self.dict_get_item(self.get(dr), ns_s)?.is_some() {
                    return Err(crate::raise!(
                        self,
                        ValueError,
                        "'{text}' in __slots__ conflicts with class variable"
                    ));
                }
                slot_names.push(nm);
            }
            if add_dict {
                has_dict = true;
            }
        } else {
            has_dict = true;
        }
        if has_dict {
            flags |= tf::HAS_DICT;
        }
        let first_slot = nslots;
        nslots += slot_names.len();
        // Create the type.
        let t = self.alloc_type(meta, name, qr, bases, dr, flags, kind, base_native, nslots)?;
        let tr = self.push_root(t)?;
        // Member descriptors for __slots__.
        for (i, &nm) in slot_names.iter().enumerate() {
            let m = self.new_member(self.name_str(nm), self.get(tr), first_slot + i, 0)?;
            let key = self.name_str(nm);
            self.dict_set_item(self.get(dr), key, m)?;
        }
        if !slot_names.is_empty() {
            let _ = C::None;
        }
        // `__dict__` / `__weakref__` descriptors when this class introduces the dict.
        if has_dict && !base_has_dict && kind == Kind::Instance {
            for def in [&SUBTYPE_DICT, &SUBTYPE_WEAKREF] {
                let key = self.intern(def.name)?;
                if self.dict_get_name(self.get(dr), key).is_none() {
                    let g = self.new_getset_descriptor(def, self.get(tr))?;
                    self.dict_set_name(self.get(dr), key, g)?;
                }
            }
        }
        // MRO.
        let mro = self.compute_mro(self.get(tr), self.get(bases))?;
        self.st_field(self.get(tr), type_::MRO, Some(mro));
        // A metaclass overriding `mro()` decides the final order (CPython's `mro_invoke`).
        let meta = self.type_of(self.get(tr));
        if meta != self.ty(T::Type) {
            let name = self.intern("mro")?;
            let custom = self.type_lookup(meta, name);
            if let Some(f) = custom
                && self.kind(f) == Kind::Function
            {
                let r = self.call1(f, self.get(tr))?;
                let t = self.to_tuple(r)?;
                self.st_field(self.get(tr), type_::MRO, Some(t));
            }
        }
        // Wrap __new__, __init_subclass__, __class_getitem__.
        let d = self.get(dr);
        if let Some(f) = self.dict_get_name(d, n::NEW)
            && self.kind(f) == Kind::Function
        {
            let smr = self.push_root(self.ty(T::StaticMethod))?;
            let w = self.new_method_wrapper(smr, f)?;
            self.dict_set_name(self.get(dr), n::NEW, w)?;
        }
        for nm in [n::INIT_SUBCLASS, n::CLASS_GETITEM] {
            let d = self.get(dr);
            if let Some(f) = self.dict_get_name(d, nm)
                && self.kind(f) == Kind::Function
            {
                let cmr = self.push_root(self.ty(T::ClassMethod))?;
                let w = self.new_method_wrapper(cmr, f)?;
                self.dict_set_name(self.get(dr), nm, w)?;
            }
        }
        // __eq__ without __hash__ makes instances unhashable.
        let d = self.get(dr);
        if self.dict_get_name(d, n::EQ).is_some() && self.dict_get_name(d, n::HASH).is_none() {
            let none = self.none();
            self.dict_set_name(self.get(dr), n::HASH, none)?;
        }
        // __doc__ default.
        if self.dict_get_name(self.get(dr), n::DOC).is_none() {
            let none = self.none();
            self.dict_set_name(self.get(dr), n::DOC, none)?;
        }
        // __classcell__.
        let cc_key = self.name_str(n::CLASSCELL);
        if let Some(cell) = self.dict_del_item(self.get(dr), cc_key)? {
            if self.kind(cell) != Kind::Cell {
                let tn = self.type_name(cell);
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "__classcell__ must be a nonlocal cell, not {tn}"
                ));
            }
            self.cell_set(cell, Some(self.get(tr)));
        }
        // Version, flags, subclass registration.
        self.type_modified(self.get(tr))?;
        for i in 0..nb {
            let b = self.tuple_get(self.get(bases), i);
            self.add_subclass(b, self.get(tr))?;
        }
        // __set_name__.
        let d = self.get(dr);
        let items = self.dict_items_list(d)?;
        let ir = self.push_root(items)?;
        for i in 0..self.list_len(items) {
            let pair = self.list_get(self.get(ir), i);
            let (k, v) = (self.tuple_get(pair, 0), self.tuple_get(pair, 1));
            let vt = self.type_of(v);
            if let Some(sn) = self.lookup_special(vt, n::SET_NAME) {
                self.call_special_found(sn, v, &[self.get(tr), k])?;
            }
        }
        // __init_subclass__ of the parent.
        self.call_init_subclass(tr, kwargs)?;
        Ok(self.get(tr))
    }

    fn call_init_subclass(&mut self, tr: Root, kwargs: Option<Root>) -> PyResult<()> {
        let t = self.get(tr);
        let mro = self.type_mro(t);
        let name = self.name_str(n::INIT_SUBCLASS);
        let mut found = None;
        for m in self.tuple_items(mro).to_vec().into_iter().skip(1) {
            let d = self.type_dict(m);
            if let Some(f) = self.dict_get_str_pure(d, name) {
                found = Some(f);
                break;
            }
        }
        let Some(f) = found else {
            return Ok(());
        };
        let dc = self.descr_class(f);
        let t = self.get(tr);
        let bound = self.descr_get(f, dc, None, t)?;
        let base = self.sp();
        self.push_root(bound)?;
        self.push_word(0)?;
        let mut nkw = 0;
        if let Some(kr) = kwargs {
            let kw = self.get(kr);
            if self.is_dict(kw) && self.dict_len(kw) > 0 {
                let mut keys = Vec::new();
                let mut pos = 0;
                while let Some((next, k, v)) = self.dict_next(self.get(kr), pos) {
                    pos = next;
                    self.push_root(v)?;
                    keys.push(k.raw());
                }
                let ks = self.sp();
                for k in &keys {
                    self.push_word(*k)?;
                }
                let names = self.tuple_from_slots(ks, keys.len())?;
                self.truncate(ks);
                self.push_root(names)?;
                nkw = keys.len();
            }
        }
        self.call_at(base, nkw, nkw)?;
        Ok(())
    }

    /// Dict lookup by str without caching the key's hash mutation concerns.
    pub fn dict_get_str_pure(&mut self, d: Value, key: Value) -> Option<Value> {
        self.dict_get_str(d, key)
    }

    /// The most derived metaclass among `meta` and the metaclasses of `bases`.
    pub fn calculate_metaclass(&mut self, meta: Value, bases: Value) -> PyResult<Value> {
        let mut winner = meta;
        for &b in self.tuple_items(bases).to_vec().iter() {
            let bt = self.type_of(b);
            if self.is_subtype(winner, bt) {
                continue;
            }
            if self.is_subtype(bt, winner) {
                winner = bt;
                continue;
            }
            return Err(self.type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
            ));
        }
        Ok(winner)
    }
}

fn subtype_dict_get(vm: &mut Vm, obj: Value) -> PyResult<Value> {
    match vm.object_dict(obj)? {
        Some(d) => Ok(d),
        None => {
            let tn = vm.type_name(obj);
            Err(crate::raise!(
                vm,
                AttributeError,
                "'{tn}' object has no attribute '__dict__'"
            ))
        }
    }
}

fn subtype_dict_set(vm: &mut Vm, obj: Value, v: Option<Value>) -> PyResult<()> {
    let Some(v) = v else {
        return Err(vm.type_error("cannot delete __dict__"));
    };
    if !vm.is_dict(v) && vm.as_dict_obj(v).is_none() {
        let tn = vm.type_name(v);
        return Err(crate::raise!(
            vm,
            TypeError,
            "__dict__ must be set to a dictionary, not a '{tn}'"
        ));
    }
    if !vm.is_instance_layout(obj) {
        let tn = vm.type_name(obj);
        return Err(crate::raise!(
            vm,
            AttributeError,
            "'{tn}' object has no attribute '__dict__'"
        ));
    }
    let mark = vm.sp();
    let or = vm.push_root(obj)?;
    let vr = vm.push_root(v)?;
    vm.inst_to_dict_mode(obj)?;
    let (obj, v) = (vm.get(or), vm.get(vr));
    vm.st_field(obj, crate::runtime::layout::inst_::DICT, Some(v));
    vm.truncate(mark);
    Ok(())
}

fn subtype_weakref_get(vm: &mut Vm, _obj: Value) -> PyResult<Value> {
    Ok(vm.none())
}

/// The `__dict__` descriptor of classes whose instances have a dict.
pub const SUBTYPE_DICT: GetSetDef = GetSetDef {
    name: "__dict__",
    get: subtype_dict_get,
    set: Some(subtype_dict_set),
    doc: "dictionary for instance variables (if defined)",
};

/// The `__weakref__` descriptor (weak references are not tracked per object: always `None`).
pub const SUBTYPE_WEAKREF: GetSetDef = GetSetDef {
    name: "__weakref__",
    get: subtype_weakref_get,
    set: None,
    doc: "list of weak references to the object (if defined)",
};

/// Private name mangling (`__x` in class `C` -> `_C__x`).
pub fn mangle(class_name: &str, name: &str) -> String {
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_string();
    }
    let stripped = class_name.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_string();
    }
    format!("_{stripped}{name}")
}

fn type_new_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // type.__new__(meta, name, bases, ns, **kw) or type(x).
    let n = args.len();
    if n == 2 && !args.has_kw() {
        let meta = args.get(vm, 0);
        if meta == vm.ty(T::Type) {
            let x = args.get(vm, 1);
            return Ok(vm.type_of(x));
        }
    }
    if n != 4 {
        return Err(vm.type_error("type() takes 1 or 3 arguments"));
    }
    let kwargs = if args.has_kw() {
        let d = vm.new_dict()?;
        let dr = vm.push_root(d)?;
        for j in 0..args.nkw as usize {
            let (k, vr) = args.kw(vm, j);
            let v = vm.get(vr);
            vm.dict_set_item(vm.get(dr), k, v)?;
        }
        Some(dr)
    } else {
        None
    };
    let meta = args.get(vm, 0);
    let bases = args.get(vm, 2);
    let Some(bt) = vm.as_tuple_obj(bases) else {
        let tn = vm.type_name(bases);
        return Err(crate::raise!(
            vm,
            TypeError,
            "type.__new__() argument 2 must be tuple, not {tn}"
        ));
    };
    let winner = vm.calculate_metaclass(meta, bt)?;
    let mr = vm.push_root(winner)?;
    // Like CPython's type_new: a more derived metaclass with its own __new__ gets the call
    // (e.g. `type(name, (SomeEnum,), ns, boundary=...)` runs `EnumType.__new__`).
    if winner != meta {
        let new_name = vm.name_str(n::NEW);
        let own = vm.type_lookup_str(winner, new_name);
        let new_name = vm.name_str(n::NEW);
        let base_new = vm.type_lookup_str(vm.ty(T::Type), new_name);
        if own.is_some() && own != base_new {
            let f = vm.getattr(vm.get(mr), n::NEW)?;
            return vm.call_forward_with(f, vm.get(mr), args, 1);
        }
    }
    vm.type_new(mr, args.root(1), args.root(2), args.root(3), kwargs)
}

fn type_init_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let n = args.len();
    if n != 2 && n != 4 {
        return Err(vm.type_error("type.__init__() takes 1 or 3 arguments"));
    }
    Ok(vm.none())
}

fn type_call_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // type.__call__(cls, *args, **kw): instantiate through the normal type call path.
    let cls = args.get(vm, 0);
    if !vm.is_type(cls) {
        return Err(vm.type_error("descriptor '__call__' requires a 'type' object"));
    }
    let base = vm.sp();
    let npos = args.len() - 1;
    let nkw = args.nkw as usize;
    vm.ensure_stack(npos + nkw + 3)?;
    vm.push_unchecked(cls.raw());
    vm.push_unchecked(0);
    for i in 0..npos {
        let w = vm.slot(args.start as usize + 1 + i);
        vm.push_unchecked(w);
    }
    for j in 0..nkw {
        let w = vm.slot(args.start as usize + args.npos as usize + j);
        vm.push_unchecked(w);
    }
    if nkw > 0 {
        let w = vm.slot(args.kwnames as usize);
        vm.push_unchecked(w);
    }
    // Bypass the metaclass __call__ (we *are* type.__call__).
    let r = vm.call_type_default(base, npos + nkw, nkw);
    vm.truncate(base);
    r
}

impl Vm {
    /// `type.__call__` without looking for a metaclass override.
    pub fn call_type_default(&mut self, base: usize, nargs: usize, nkw: usize) -> PyResult<Value> {
        let ty = Value::from_raw_nonnull(self.slot(base));
        let meta = self.type_of(ty);
        // Temporarily treat as a plain type call.
        if meta == self.ty(T::Type) {
            return self.call_type(base, nargs, nkw);
        }
        self.call_type_no_meta(base, nargs, nkw)
    }
}

fn type_repr_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.get(vm, 0);
    let q = vm.type_qualname_str(t);
    let m = vm.type_module_name(t);
    let s = match m {
        Some(m) if m != "builtins" => format!("<class '{m}.{q}'>"),
        _ => format!("<class '{q}'>"),
    };
    vm.new_str(&s)
}

fn type_mro_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.get(vm, 0);
    let mro = vm.type_mro(t);
    vm.to_list(mro)
}

fn type_subclasses_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.get(vm, 0);
    vm.type_subclasses(t)
}

fn type_instancecheck_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "type.__instancecheck__", 2, 2)?;
    let (t, x) = (args.get(vm, 0), args.get(vm, 1));
    let r = vm.isinstance_plain(x, t)?;
    Ok(vm.bool_val(r))
}

fn type_subclasscheck_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "type.__subclasscheck__", 2, 2)?;
    let (t, x) = (args.get(vm, 0), args.get(vm, 1));
    if !vm.is_type(x) {
        return Err(vm.type_error("issubclass() arg 1 must be a class"));
    }
    Ok(vm.bool_val(vm.is_subtype(x, t)))
}

fn type_prepare_m(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    vm.new_dict()
}

fn type_dir_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let t = args.get(vm, 0);
    let mark = vm.sp();
    let d = vm.new_dict()?;
    let dr = vm.push_root(d)?;
    let mro = vm.type_mro(t);
    let mr = vm.push_root(mro)?;
    for i in 0..vm.tuple_len(mro) {
        let c = vm.tuple_get(vm.get(mr), i);
        let cd = vm.type_dict(c);
        let cr = vm.push_root(cd)?;
        vm.dict_merge(dr, cr)?;
        vm.truncate(cr.index());
    }
    let r = vm.dict_keys_list(vm.get(dr));
    vm.truncate(mark);
    r
}

fn type_or_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // `int | str` (types.UnionType): represented as a tuple-like GenericAlias of `Union`.
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    let ok = |vm: &Vm, v: Value| vm.is_type(v) || vm.is_none(v) || vm.is_exact(v, T::GenericAlias);
    if !ok(vm, a) || !ok(vm, b) {
        return Ok(vm.not_implemented());
    }
    crate::builtins::union::make_union(vm, a, b)
}

fn get_name(vm: &mut Vm, t: Value) -> PyResult<Value> {
    Ok(vm.type_name_of(t))
}
fn set_name(vm: &mut Vm, t: Value, v: Option<Value>) -> PyResult<()> {
    let Some(v) = v.and_then(|v| vm.as_str_obj(v)) else {
        return Err(vm.type_error("can only assign string to __name__"));
    };
    if !vm.type_has(t, tf::HEAPTYPE) {
        let tn = vm.type_name_str(t);
        return Err(crate::raise!(
            vm,
            TypeError,
            "cannot set '__name__' attribute of immutable type '{tn}'"
        ));
    }
    vm.st_field(t, type_::NAME, Some(v));
    Ok(())
}
fn get_qualname(vm: &mut Vm, t: Value) -> PyResult<Value> {
    Ok(vm.ldv1(t, type_::QUALNAME))
}
fn set_qualname(vm: &mut Vm, t: Value, v: Option<Value>) -> PyResult<()> {
    let Some(v) = v.and_then(|v| vm.as_str_obj(v)) else {
        return Err(vm.type_error("can only assign string to __qualname__"));
    };
    vm.st_field(t, type_::QUALNAME, Some(v));
    Ok(())
}
fn get_mro(vm: &mut Vm, t: Value) -> PyResult<Value> {
    Ok(vm.type_mro(t))
}
fn get_bases(vm: &mut Vm, t: Value) -> PyResult<Value> {
    Ok(vm.ldv1(t, type_::BASES))
}
/// `cls.__bases__ = (B, ...)` for heap types: the new bases must keep the instance layout
/// (same solid base) and not create a cycle; the MROs of the class and its subclasses are
/// recomputed.
fn set_bases(vm: &mut Vm, t: Value, v: Option<Value>) -> PyResult<()> {
    let tn = vm.type_name_str(t);
    let Some(v) = v else {
        return Err(crate::raise!(
            vm,
            TypeError,
            "cannot delete '__bases__' attribute of immutable type '{tn}'"
        ));
    };
    if !vm.type_has(t, tf::HEAPTYPE) {
        return Err(crate::raise!(
            vm,
            TypeError,
            "cannot set '__bases__' attribute of immutable type '{tn}'"
        ));
    }
    let Some(bases) = vm.as_tuple_obj(v) else {
        let vn = vm.type_name(v);
        return Err(crate::raise!(
            vm,
            TypeError,
            "can only assign tuple to {tn}.__bases__, not {vn}"
        ));
    };
    if vm.tuple_len(bases) == 0 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "can only assign non-empty tuple to {tn}.__bases__, not ()"
        ));
    }
    let items = vm.tuple_items(bases).to_vec();
    let old_solid = match vm.ldv(t, type_::BASE) {
        Some(b) => vm.solid_base(b),
        None => vm.ty(T::Object),
    };
    let mut new_base = None;
    for &b in &items {
        if !vm.is_type(b) {
            let bn = vm.type_name(b);
            return Err(crate::raise!(
                vm,
                TypeError,
                "{tn}.__bases__ must be tuple of classes, not '{bn}'"
            ));
        }
        if vm.is_subtype(b, t) {
            return Err(vm.type_error("a __bases__ item causes an inheritance cycle"));
        }
        let sb = vm.solid_base(b);
        if sb == old_solid && new_base.is_none() {
            new_base = Some(b);
        } else if sb != old_solid && sb != vm.ty(T::Object) {
            let bn = vm.type_name_str(b);
            let on = vm.type_name_str(old_solid);
            return Err(crate::raise!(
                vm,
                TypeError,
                "__bases__ assignment: '{bn}' object layout differs from '{on}'"
            ));
        }
    }
    let new_base = new_base.unwrap_or(items[0]);
    let mark = vm.sp();
    let tr = vm.push_root(t)?;
    let br = vm.push_root(bases)?;
    let nbr = vm.push_root(new_base)?;
    let mro = vm.compute_mro(vm.get(tr), vm.get(br))?;
    let mr = vm.push_root(mro)?;
    vm.st_field(vm.get(tr), type_::BASES, Some(vm.get(br)));
    vm.st_field(vm.get(tr), type_::BASE, Some(vm.get(nbr)));
    vm.st_field(vm.get(tr), type_::MRO, Some(vm.get(mr)));
    vm.type_modified(vm.get(tr))?;
    // Subclasses inherit the new order.
    let subs = vm.type_subclasses(vm.get(tr))?;
    let sr = vm.push_root(subs)?;
    let n = vm.list_len(vm.get(sr));
    for i in 0..n {
        let sub = vm.list_get(vm.get(sr), i);
        let subr = vm.push_root(sub)?;
        let sbases = vm.ldv1(vm.get(subr), type_::BASES);
        let sbr = vm.push_root(sbases)?;
        let m = vm.compute_mro(vm.get(subr), vm.get(sbr))?;
        vm.st_field(vm.get(subr), type_::MRO, Some(m));
        vm.type_modified(vm.get(subr))?;
    }
    vm.truncate(mark);
    Ok(())
}
fn get_base(vm: &mut Vm, t: Value) -> PyResult<Value> {
    Ok(vm.ldv(t, type_::BASE).unwrap_or_else(|| vm.none()))
}
fn get_dict(vm: &mut Vm, t: Value) -> PyResult<Value> {
    let d = vm.type_dict(t);
    vm.new_mappingproxy(d)
}
fn get_doc(vm: &mut Vm, t: Value) -> PyResult<Value> {
    let d = vm.type_dict(t);
    let doc = vm.dict_get_name(d, n::DOC).unwrap_or_else(|| vm.none());
    let dc = vm.descr_class(doc);
    if matches!(dc, crate::runtime::attr::DescrClass::Plain) {
        return Ok(doc);
    }
    vm.descr_get(doc, dc, None, t)
}
/// `cls.__doc__ = v` (heap types only, like CPython).
fn set_doc(vm: &mut Vm, t: Value, v: Option<Value>) -> PyResult<()> {
    if !vm.is_heap_type(t) {
        let tn = vm.type_name_str(t);
        return Err(crate::raise!(
            vm,
            TypeError,
            "cannot set '__doc__' attribute of immutable type '{tn}'"
        ));
    }
    let d = vm.type_dict(t);
    match v {
        Some(v) => vm.dict_set_name(d, n::DOC, v),
        None => {
            let k = vm.name_str(n::DOC);
            vm.dict_del_item(d, k)?;
            Ok(())
        }
    }?;
    vm.type_modified(t)
}
fn get_module(vm: &mut Vm, t: Value) -> PyResult<Value> {
    let d = vm.type_dict(t);
    match vm.dict_get_name(d, n::MODULE) {
        Some(m) => Ok(m),
        None => vm.new_str("builtins"),
    }
}
fn set_module(vm: &mut Vm, t: Value, v: Option<Value>) -> PyResult<()> {
    let d = vm.type_dict(t);
    match v {
        Some(v) => vm.dict_set_name(d, n::MODULE, v),
        None => {
            let k = vm.name_str(n::MODULE);
            vm.dict_del_item(d, k)?;
            Ok(())
        }
    }?;
    vm.type_modified(t)
}
fn get_abstract(vm: &mut Vm, t: Value) -> PyResult<Value> {
    let d = vm.type_dict(t);
    match vm.dict_get_name(d, n::ABSTRACTMETHODS) {
        Some(v) if t != vm.ty(T::Type) => Ok(v),
        _ => Err(vm.new_error(T::AttributeError, "__abstractmethods__")),
    }
}
fn set_abstract(vm: &mut Vm, t: Value, v: Option<Value>) -> PyResult<()> {
    let mark = vm.sp();
    let tr = vm.push_root(t)?;
    let abs = match v {
        Some(v) => {
            let r = vm.truthy(v)?;
            let d = vm.type_dict(vm.get(tr));
            vm.dict_set_name(d, n::ABSTRACTMETHODS, v)?;
            r
        }
        None => {
            let d = vm.type_dict(vm.get(tr));
            let k = vm.name_str(n::ABSTRACTMETHODS);
            vm.dict_del_item(d, k)?;
            false
        }
    };
    let t = vm.get(tr);
    let f = vm.type_flags(t);
    vm.set_type_flags(
        t,
        if abs {
            f | tf::ABSTRACT
        } else {
            f & !tf::ABSTRACT
        },
    );
    vm.type_modified(t)?;
    vm.truncate(mark);
    Ok(())
}
/// `cls.__annotations__ = v` / `del cls.__annotations__` (heap types only).
fn set_annotations(vm: &mut Vm, t: Value, v: Option<Value>) -> PyResult<()> {
    if !vm.type_has(t, tf::HEAPTYPE) {
        let tn = vm.type_name_str(t);
        return Err(crate::raise!(
            vm,
            TypeError,
            "cannot set '__annotations__' attribute of immutable type '{tn}'"
        ));
    }
    let d = vm.type_dict(t);
    match v {
        Some(v) => vm.dict_set_name(d, n::ANNOTATIONS, v)?,
        None => {
            let k = vm.name_str(n::ANNOTATIONS);
            if vm.dict_del_item(d, k)?.is_none() {
                return Err(vm.new_error(T::AttributeError, "__annotations__"));
            }
        }
    }
    vm.type_modified(t)
}
fn get_annotations(vm: &mut Vm, t: Value) -> PyResult<Value> {
    let d = vm.type_dict(t);
    match vm.dict_get_name(d, n::ANNOTATIONS) {
        Some(a) => Ok(a),
        None => {
            if !vm.type_has(t, tf::HEAPTYPE) {
                let tn = vm.type_name_str(t);
                return Err(crate::raise!(
                    vm,
                    AttributeError,
                    "type object '{tn}' has no attribute '__annotations__'"
                ));
            }
            let mark = vm.sp();
            let tr = vm.push_root(t)?;
            let a = vm.new_dict()?;
            let d = vm.type_dict(vm.get(tr));
            vm.dict_set_name(d, n::ANNOTATIONS, a)?;
            vm.truncate(mark);
            Ok(a)
        }
    }
}

/// `type` methods.
pub static TYPE_METHODS: &[MethodDef] = &[
    func("__new__", type_new_m),
    meth("__init__", type_init_m),
    meth("__call__", type_call_m),
    meth("__repr__", type_repr_m),
    meth("mro", type_mro_m),
    meth("__subclasses__", type_subclasses_m),
    meth("__instancecheck__", type_instancecheck_m),
    meth("__subclasscheck__", type_subclasscheck_m),
    crate::objects::builtin_func::classmeth("__prepare__", type_prepare_m),
    meth("__dir__", type_dir_m),
    meth("__or__", type_or_m),
    meth("__ror__", type_or_m),
];

/// `type` attributes.
pub static TYPE_GETSETS: &[GetSetDef] = &[
    GetSetDef {
        name: "__name__",
        get: get_name,
        set: Some(set_name),
        doc: "",
    },
    GetSetDef {
        name: "__qualname__",
        get: get_qualname,
        set: Some(set_qualname),
        doc: "",
    },
    GetSetDef {
        name: "__mro__",
        get: get_mro,
        set: None,
        doc: "",
    },
    GetSetDef {
        name: "__bases__",
        get: get_bases,
        set: Some(set_bases),
        doc: "",
    },
    GetSetDef {
        name: "__base__",
        get: get_base,
        set: None,
        doc: "",
    },
    GetSetDef {
        name: "__dict__",
        get: get_dict,
        set: None,
        doc: "",
    },
    GetSetDef {
        name: "__doc__",
        get: get_doc,
        set: Some(set_doc),
        doc: "",
    },
    GetSetDef {
        name: "__module__",
        get: get_module,
        set: Some(set_module),
        doc: "",
    },
    GetSetDef {
        name: "__abstractmethods__",
        get: get_abstract,
        set: Some(set_abstract),
        doc: "",
    },
    GetSetDef {
        name: "__annotations__",
        get: get_annotations,
        set: Some(set_annotations),
        doc: "",
    },
];
