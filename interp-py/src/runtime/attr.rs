//! Attribute access: instance storage (maps + slot arrays, dict mode) and the generic
//! `__getattribute__` / `__setattr__` / `__delattr__` protocols of objects, types and modules.
//!
//! Instance storage: `[type][map][slots][dict]` (layout `inst_`). Slots `0..nslots` of the
//! slot array are *reserved* (the native payload of builtin-subclass instances at 0, then
//! `__slots__` members and the builtin exception fields); map attributes follow. In dict
//! mode (`map == DICT_MODE`) the attributes live in the `dict` field instead and the
//! reserved slots stay in the array.
//!
//! Invariants: in map mode, slot `i` for every attribute index `i` of the map is non-NULL
//! (attributes are never deleted in map mode: deletion switches to dict mode); the slot
//! array is at least `maps.slot_count(map)` long.

use crate::runtime::builtin_types::{Kind, T, tf};
use crate::runtime::errors::{PyErr, PyResult};
use crate::runtime::layout::{func_, inst_, type_};
use crate::runtime::maps::DICT_MODE;
use crate::runtime::names::{Name, n};
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// How a class attribute found on the type behaves when accessed through an instance.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DescrClass {
    /// Not a descriptor: returned as is.
    Plain,
    /// A Python function (binds to a method).
    Function,
    /// A builtin method descriptor (binds `self`).
    BuiltinMethod,
    /// `staticmethod`.
    StaticMethod,
    /// `classmethod`.
    ClassMethod,
    /// `property`.
    Property,
    /// A member descriptor (`__slots__`, builtin fields).
    Member,
    /// A getset descriptor (builtin computed attribute).
    GetSet,
    /// A user descriptor with `__set__` or `__delete__` (data descriptor).
    UserData,
    /// A user descriptor with only `__get__`.
    UserNonData,
}

impl DescrClass {
    /// Whether instance attributes are shadowed by it.
    pub fn is_data(self) -> bool {
        matches!(
            self,
            DescrClass::Property | DescrClass::Member | DescrClass::GetSet | DescrClass::UserData
        )
    }
}

impl Vm {
    /// Classifies a descriptor found in a type.
    #[inline]
    pub fn descr_class(&mut self, d: Value) -> DescrClass {
        match self.kind(d) {
            Kind::Function => DescrClass::Function,
            Kind::Builtin => {
                if self.is_exact(d, T::MethodDescriptor)
                    || self.is_exact(d, T::WrapperDescriptor)
                    || self.is_exact(d, T::ClassMethodDescriptor)
                {
                    DescrClass::BuiltinMethod
                } else {
                    DescrClass::Plain
                }
            }
            Kind::StaticMethod => DescrClass::StaticMethod,
            Kind::ClassMethod => DescrClass::ClassMethod,
            Kind::Property => DescrClass::Property,
            Kind::Member => DescrClass::Member,
            Kind::GetSet => DescrClass::GetSet,
            Kind::Instance => {
                let t = self.type_of(d);
                if self.lookup_special(t, n::SET).is_some()
                    || self.lookup_special(t, n::DELETE).is_some()
                {
                    DescrClass::UserData
                } else if self.lookup_special(t, n::GET).is_some() {
                    DescrClass::UserNonData
                } else {
                    DescrClass::Plain
                }
            }
            _ => DescrClass::Plain,
        }
    }

    // ----- instance storage ----------------------------------------------------------------

    /// Whether `v` uses the instance layout.
    #[inline(always)]
    pub fn is_instance_layout(&self, v: Value) -> bool {
        self.has_layout(v, self.lay.instance)
    }

    /// Allocates an instance of the type in root `tr` with NULL reserved slots.
    pub fn new_instance(&mut self, tr: Root) -> PyResult<Value> {
        let ty = self.get(tr);
        let nslots = self.type_nslots(ty);
        let expected = self.ld_scalar::<u32>(ty, type_::EXPECTED) as usize;
        let cap = nslots + expected;
        let arr = if cap > 0 {
            Some(self.new_array(cap)?)
        } else {
            None
        };
        let mark = self.sp();
        self.push_opt(arr)?;
        let obj = self.alloc_r(self.lay.instance, tr)?;
        let arr = self.get_opt(Root(mark as u32));
        self.truncate(mark);
        let ty = self.get(tr);
        let map = self.ld_scalar::<u32>(ty, type_::ROOT_MAP);
        self.st_scalar::<u64>(obj, inst_::MAP, map as u64);
        self.init_field(obj, inst_::SLOTS, arr);
        self.init_field(obj, inst_::DICT, None);
        Ok(obj)
    }

    /// Reserved slot `i` of an instance.
    #[inline]
    pub fn inst_slot(&self, obj: Value, i: usize) -> Option<Value> {
        let arr = self.ldv(obj, inst_::SLOTS)?;
        if i >= self.array_len(arr) {
            return None;
        }
        Value::from_raw(self.array_get(arr, i))
    }

    /// Stores reserved slot `i` of an instance (the array has the reserved slots).
    #[inline]
    pub fn set_inst_slot(&mut self, obj: Value, i: usize, v: Option<Value>) {
        if let Some(arr) = self.ldv(obj, inst_::SLOTS)
            && i < self.array_len(arr)
        {
            self.array_set(arr, i, crate::runtime::value::opt_raw(v));
        }
    }

    /// An attribute from the instance's own storage (map or dict).
    #[inline]
    pub fn inst_get(&mut self, obj: Value, name: Name) -> Option<Value> {
        let map = self.ld_scalar::<u64>(obj, inst_::MAP);
        if map != DICT_MODE {
            let i = self.maps.lookup(map as u32, name)?;
            let arr = self.ldv1(obj, inst_::SLOTS);
            return Value::from_raw(self.array_get(arr, i as usize));
        }
        let d = self.ldv1(obj, inst_::DICT);
        self.dict_get_name(d, name)
    }

    /// Stores an attribute in the instance's own storage.
    pub fn inst_set(&mut self, obj: Value, name: Name, v: Value) -> PyResult<()> {
        let map = self.ld_scalar::<u64>(obj, inst_::MAP);
        if map != DICT_MODE {
            if let Some(i) = self.maps.lookup(map as u32, name) {
                let arr = self.ldv1(obj, inst_::SLOTS);
                self.array_set(arr, i as usize, v.raw());
                return Ok(());
            }
            if let Some(child) = self.maps.transition(map as u32, name) {
                let need = self.maps.slot_count(child);
                let cap = self.ldv(obj, inst_::SLOTS).map_or(0, |a| self.array_len(a));
                if need <= cap {
                    let arr = self.ldv1(obj, inst_::SLOTS);
                    self.array_set(arr, need - 1, v.raw());
                    self.st_scalar::<u64>(obj, inst_::MAP, child as u64);
                    return Ok(());
                }
                return self.inst_grow_and_set(obj, child, need, v);
            }
            let mark = self.sp();
            let or = self.push_root(obj)?;
            let vr = self.push_root(v)?;
            self.inst_to_dict_mode(obj)?;
            let (obj, v) = (self.get(or), self.get(vr));
            self.truncate(mark);
            return self.inst_set(obj, name, v);
        }
        let mark = self.sp();
        let vr = self.push_root(v)?;
        let d = self.ldv1(obj, inst_::DICT);
        let k = self.name_str(name);
        let v = self.get(vr);
        self.truncate(mark);
        self.dict_set_item(d, k, v)
    }

    #[inline(never)]
    fn inst_grow_and_set(&mut self, obj: Value, child: u32, need: usize, v: Value) -> PyResult<()> {
        let mark = self.sp();
        let or = self.push_root(obj)?;
        let vr = self.push_root(v)?;
        let new_cap = (need + need / 2).max(4);
        let arr = self.new_array(new_cap)?;
        let obj = self.get(or);
        if let Some(old) = self.ldv(obj, inst_::SLOTS) {
            for i in 0..self.array_len(old) {
                let w = self.array_get(old, i);
                self.init_item(arr, crate::runtime::layout::array_::FIXED, i, w);
            }
        }
        let v = self.get(vr);
        self.init_item(
            arr,
            crate::runtime::layout::array_::FIXED,
            need - 1,
            v.raw(),
        );
        self.st_field(obj, inst_::SLOTS, Some(arr));
        self.st_scalar::<u64>(obj, inst_::MAP, child as u64);
        // Learn the size for the next instances of this type.
        let ty = self.type_of(obj);
        let attrs = (need - self.type_nslots(ty)) as u32;
        if attrs > self.ld_scalar::<u32>(ty, type_::EXPECTED) {
            self.st_scalar::<u32>(ty, type_::EXPECTED, attrs.min(64));
        }
        self.truncate(mark);
        Ok(())
    }

    /// Switches an instance to dict mode (its attributes move into a new dict).
    pub fn inst_to_dict_mode(&mut self, obj: Value) -> PyResult<()> {
        let map = self.ld_scalar::<u64>(obj, inst_::MAP);
        if map == DICT_MODE {
            return Ok(());
        }
        let mark = self.sp();
        let or = self.push_root(obj)?;
        let d = self.new_dict()?;
        let dr = self.push_root(d)?;
        let m = self.maps.get(map as u32).clone();
        for (k, &name) in m.attrs.iter().enumerate() {
            let obj = self.get(or);
            let arr = self.ldv1(obj, inst_::SLOTS);
            let i = m.base as usize + k;
            let w = self.array_get(arr, i);
            self.array_set(arr, i, 0);
            if let Some(v) = Value::from_raw(w) {
                let key = self.name_str(name);
                self.dict_set_item(self.get(dr), key, v)?;
            }
        }
        let obj = self.get(or);
        let d = self.get(dr);
        self.st_field(obj, inst_::DICT, Some(d));
        self.st_scalar::<u64>(obj, inst_::MAP, DICT_MODE);
        self.truncate(mark);
        Ok(())
    }

    /// Deletes an instance attribute; returns whether it existed.
    pub fn inst_del(&mut self, obj: Value, name: Name) -> PyResult<bool> {
        let map = self.ld_scalar::<u64>(obj, inst_::MAP);
        if map != DICT_MODE {
            if self.maps.lookup(map as u32, name).is_none() {
                return Ok(false);
            }
            let mark = self.sp();
            let or = self.push_root(obj)?;
            self.inst_to_dict_mode(obj)?;
            let obj = self.get(or);
            self.truncate(mark);
            return self.inst_del(obj, name);
        }
        let d = self.ldv1(obj, inst_::DICT);
        let k = self.name_str(name);
        Ok(self.dict_del_item(d, k)?.is_some())
    }

    /// The `__dict__` of an object that has one (instances switch to dict mode).
    pub fn object_dict(&mut self, obj: Value) -> PyResult<Option<Value>> {
        match self.kind(obj) {
            Kind::Instance => {
                let ty = self.type_of(obj);
                if !self.type_has(ty, tf::HAS_DICT) {
                    return Ok(None);
                }
                let mark = self.sp();
                let or = self.push_root(obj)?;
                self.inst_to_dict_mode(obj)?;
                let obj = self.get(or);
                self.truncate(mark);
                Ok(self.ldv(obj, inst_::DICT))
            }
            Kind::Function => {
                if let Some(d) = self.ldv(obj, func_::DICT) {
                    return Ok(Some(d));
                }
                let mark = self.sp();
                let or = self.push_root(obj)?;
                let d = self.new_dict()?;
                let obj = self.get(or);
                self.st_field(obj, func_::DICT, Some(d));
                self.truncate(mark);
                Ok(Some(d))
            }
            Kind::Module => Ok(Some(self.module_dict(obj))),
            Kind::Type => Ok(Some(self.type_dict(obj))),
            _ => Ok(None),
        }
    }

    /// Looks a name up in an object's own attributes (instance storage, function dict,
    /// module dict), without descriptors. Never runs Python code.
    #[inline]
    pub fn own_attr(&mut self, obj: Value, name: Name) -> Option<Value> {
        if obj.is_small() {
            return None;
        }
        let lay = self.layout_of(obj.gc());
        if lay == self.lay.instance {
            return self.inst_get(obj, name);
        }
        if lay == self.lay.function {
            let d = self.ldv(obj, func_::DICT)?;
            return self.dict_get_name(d, name);
        }
        if self.kind(obj) == Kind::Module {
            let d = self.module_dict(obj);
            return self.dict_get_name(d, name);
        }
        None
    }

    // ----- getattr ---------------------------------------------------------------------------

    /// `getattr(obj, name)`.
    #[inline]
    pub fn getattr(&mut self, obj: Value, name: Name) -> PyResult<Value> {
        let ty = self.type_of(obj);
        if self.type_flags(ty) & (tf::CUSTOM_GETATTRIBUTE | tf::HAS_GETATTR) != 0 {
            // A user hook's own AttributeError (its message) reaches the caller.
            return match self.getattr_hooks(obj, name, false)? {
                Some(v) => Ok(v),
                None => Err(self.attribute_error(obj, name)),
            };
        }
        match self.getattr_opt(obj, name)? {
            Some(v) => Ok(v),
            None => Err(self.attribute_error(obj, name)),
        }
    }

    /// `getattr(obj, name, <missing>)`: `None` when the attribute does not exist
    /// (`AttributeError` is swallowed, other errors propagate).
    pub fn getattr_opt(&mut self, obj: Value, name: Name) -> PyResult<Option<Value>> {
        let ty = self.type_of(obj);
        let flags = self.type_flags(ty);
        if flags & (tf::CUSTOM_GETATTRIBUTE | tf::HAS_GETATTR) == 0 {
            return match self.type_kind(ty) {
                Kind::Type => self.type_getattr(obj, name),
                Kind::Module => self.module_getattr(obj, name),
                Kind::Super => self.super_getattr(obj, name),
                Kind::Method => self.method_getattr(obj, name),
                _ => self.generic_getattr(obj, name),
            };
        }
        self.getattr_hooks(obj, name, true)
    }

    /// Attribute lookup through `__getattribute__`/`__getattr__`. With `swallow`, an
    /// `AttributeError` from the hooks becomes `None`; without, the last one propagates (as
    /// CPython reports it).
    #[inline(never)]
    fn getattr_hooks(&mut self, obj: Value, name: Name, swallow: bool) -> PyResult<Option<Value>> {
        let mark = self.sp();
        let or = self.push_root(obj)?;
        let ty = self.type_of(obj);
        let r = if self.type_has(ty, tf::CUSTOM_GETATTRIBUTE) {
            let ga = self
                .lookup_special(ty, n::GETATTRIBUTE)
                .expect("flag says it exists");
            let nm = self.name_str(name);
            match self.call_method_value(ga, obj, &[nm]) {
                Ok(v) => Ok(Some(v)),
                Err(e) if self.err_matches(&e, T::AttributeError) => {
                    let obj = self.get(or);
                    let ty = self.type_of(obj);
                    if swallow || self.type_has(ty, tf::HAS_GETATTR) {
                        let _ = self.take_exc(e);
                        Ok(None)
                    } else {
                        Err(e)
                    }
                }
                Err(e) => Err(e),
            }
        } else {
            match self.type_kind(ty) {
                Kind::Type => self.type_getattr(obj, name),
                Kind::Module => self.module_getattr(obj, name),
                Kind::Super => self.super_getattr(obj, name),
                Kind::Method => self.method_getattr(obj, name),
                _ => self.generic_getattr(obj, name),
            }
        };
        let r = match r {
            Ok(None) => {
                let obj = self.get(or);
                let ty = self.type_of(obj);
                if self.type_has(ty, tf::HAS_GETATTR) {
                    let hook = self
                        .lookup_special(ty, n::GETATTR)
                        .expect("flag says it exists");
                    let nm = self.name_str(name);
                    match self.call_method_value(hook, obj, &[nm]) {
                        Ok(v) => Ok(Some(v)),
                        Err(e) if swallow && self.err_matches(&e, T::AttributeError) => {
                            let _ = self.take_exc(e);
                            Ok(None)
                        }
                        Err(e) => Err(e),
                    }
                } else {
                    Ok(None)
                }
            }
            other => other,
        };
        self.truncate(mark);
        r
    }

    /// A bound method's attributes: its type's, then those of its function (CPython's
    /// `method_getattro`, so `m.__unittest_expecting_failure__` sees the function's flag).
    fn method_getattr(&mut self, obj: Value, name: Name) -> PyResult<Option<Value>> {
        if let Some(v) = self.generic_getattr(obj, name)? {
            return Ok(Some(v));
        }
        let func = self.ldv1(obj, crate::runtime::layout::obj_::A);
        self.getattr_opt(func, name)
    }

    /// `object.__getattribute__`: `None` if not found.
    pub fn generic_getattr(&mut self, obj: Value, name: Name) -> PyResult<Option<Value>> {
        let ty = self.type_of(obj);
        let descr = self.type_lookup(ty, name);
        let mut dclass = DescrClass::Plain;
        if let Some(d) = descr {
            dclass = self.descr_class(d);
            if dclass.is_data() {
                return self.descr_get(d, dclass, Some(obj), ty).map(Some);
            }
        }
        if let Some(v) = self.own_attr(obj, name) {
            return Ok(Some(v));
        }
        match descr {
            Some(d) => self.descr_get(d, dclass, Some(obj), ty).map(Some),
            None => {
                if name == n::DICT
                    && let Some(d) = self.object_dict(obj)?
                {
                    return Ok(Some(d));
                }
                Ok(None)
            }
        }
    }

    /// Applies a descriptor's `__get__` (for `obj` = `None`: class access).
    pub fn descr_get(
        &mut self,
        d: Value,
        dclass: DescrClass,
        obj: Option<Value>,
        ty: Value,
    ) -> PyResult<Value> {
        match dclass {
            DescrClass::Plain => Ok(d),
            DescrClass::Function => match obj {
                Some(o) => self.new_method(d, o),
                None => Ok(d),
            },
            DescrClass::BuiltinMethod => {
                if self.is_exact(d, T::ClassMethodDescriptor) {
                    let owner = match obj {
                        Some(o) => self.type_of(o),
                        None => ty,
                    };
                    return self.bind_builtin(d, owner);
                }
                match obj {
                    Some(o) => self.bind_builtin(d, o),
                    None => Ok(d),
                }
            }
            DescrClass::StaticMethod => Ok(self.staticmethod_func(d)),
            DescrClass::ClassMethod => {
                let f = self.classmethod_func(d);
                let owner = match obj {
                    Some(o) => self.type_of(o),
                    None => ty,
                };
                // A classmethod wrapping a descriptor chains to it (3.9-3.12 behaviour).
                if self.kind(f) == Kind::Property || self.kind(f) == Kind::Instance {
                    let mark = self.sp();
                    let fr = self.push_root(f)?;
                    let or = self.push_root(owner)?;
                    let fc = self.descr_class(self.get(fr));
                    let r = if fc == DescrClass::Plain {
                        self.new_method(self.get(fr), self.get(or))
                    } else {
                        let (f, o) = (self.get(fr), self.get(or));
                        let ot = self.type_of(o);
                        let _ = ot;
                        self.descr_get(f, fc, Some(o), o)
                    };
                    self.truncate(mark);
                    return r;
                }
                self.new_method(f, owner)
            }
            DescrClass::Property => match obj {
                Some(o) => self.property_get(d, o),
                None => Ok(d),
            },
            DescrClass::Member => match obj {
                Some(o) => self.member_get(d, o),
                None => Ok(d),
            },
            DescrClass::GetSet => match obj {
                Some(o) => self.getset_get(d, o),
                None => Ok(d),
            },
            DescrClass::UserData | DescrClass::UserNonData => {
                let t = self.type_of(d);
                let get = self.lookup_special(t, n::GET);
                match get {
                    None => Ok(d),
                    Some(g) => {
                        let o = obj.unwrap_or_else(|| self.none());
                        self.call_method_value(g, d, &[o, ty])
                    }
                }
            }
        }
    }

    /// `type.__getattribute__`.
    pub fn type_getattr(&mut self, ty: Value, name: Name) -> PyResult<Option<Value>> {
        let meta = self.type_of(ty);
        let mark = self.sp();
        let tr = self.push_root(ty)?;
        let mut meta_dclass = DescrClass::Plain;
        let meta_attr = self.type_lookup(meta, name);
        let mr = self.push_opt(meta_attr)?;
        if let Some(ma) = meta_attr {
            meta_dclass = self.descr_class(ma);
            if meta_dclass.is_data() {
                let meta = self.type_of(self.get(tr));
                let r = self.descr_get(ma, meta_dclass, Some(self.get(tr)), meta);
                self.truncate(mark);
                return r.map(Some);
            }
        }
        let ty = self.get(tr);
        if let Some(a) = self.type_lookup(ty, name) {
            let dc = self.descr_class(a);
            let r = self.descr_get(a, dc, None, self.get(tr));
            self.truncate(mark);
            return r.map(Some);
        }
        let r = match self.get_opt(mr) {
            Some(ma) => {
                let meta = self.type_of(self.get(tr));
                self.descr_get(ma, meta_dclass, Some(self.get(tr)), meta)
                    .map(Some)
            }
            None => {
                if name == n::DICT {
                    let d = self.type_dict(self.get(tr));
                    self.new_mappingproxy(d).map(Some)
                } else {
                    Ok(None)
                }
            }
        };
        self.truncate(mark);
        r
    }

    /// `module.__getattribute__` (including a module-level `__getattr__`).
    pub fn module_getattr(&mut self, m: Value, name: Name) -> PyResult<Option<Value>> {
        let d = self.module_dict(m);
        if let Some(v) = self.dict_get_name(d, name) {
            return Ok(Some(v));
        }
        let mark = self.sp();
        let mr = self.push_root(m)?;
        let r = self.generic_getattr(m, name)?;
        if r.is_some() {
            self.truncate(mark);
            return Ok(r);
        }
        let d = self.module_dict(self.get(mr));
        let r = match self.dict_get_name(d, n::GETATTR) {
            Some(hook) => {
                let nm = self.name_str(name);
                match self.call1(hook, nm) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if self.err_matches(&e, T::AttributeError) => {
                        let _ = self.take_exc(e);
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
            None => Ok(None),
        };
        self.truncate(mark);
        r
    }

    /// Raises CPython's `AttributeError` for a missing attribute (with `name`/`obj` set for
    /// the "Did you mean" suggestion).
    #[cold]
    pub fn attribute_error(&mut self, obj: Value, name: Name) -> PyErr {
        let attr = self.name_text(name);
        let msg = match self.kind(obj) {
            Kind::Module => {
                let d = self.module_dict(obj);
                let mname = self
                    .dict_get_name(d, n::NAME)
                    .filter(|v| self.is_str(*v))
                    .map(|v| self.str_string(v));
                let initializing = self.module_is_initializing(obj);
                match mname {
                    Some(m) if initializing => format!(
                        "partially initialized module '{m}' has no attribute '{attr}' (most likely due to a circular import)"
                    ),
                    Some(m) => format!("module '{m}' has no attribute '{attr}'"),
                    None => format!("module has no attribute '{attr}'"),
                }
            }
            Kind::Type => format!(
                "type object '{}' has no attribute '{attr}'",
                self.type_name_str(obj)
            ),
            _ => format!("'{}' object has no attribute '{attr}'", self.type_name(obj)),
        };
        let mark = self.sp();
        let r = (|| -> PyResult<Value> {
            let or = self.push_root(obj)?;
            let m = self.new_str(&msg)?;
            let exc = self.new_exception1(T::AttributeError, m)?;
            let er = self.push_root(exc)?;
            let nm = self.name_str(name);
            self.exc_set_field(self.get(er), crate::objects::exceptions::EXC_NAME, Some(nm));
            let (e, o) = (self.get(er), self.get(or));
            self.exc_set_field(e, crate::objects::exceptions::EXC_OBJ, Some(o));
            Ok(self.get(er))
        })();
        self.truncate(mark);
        match r {
            Ok(exc) => self.raise(exc),
            Err(e) => e,
        }
    }

    // ----- setattr / delattr -------------------------------------------------------------

    /// `setattr(obj, name, v)`.
    pub fn setattr(&mut self, obj: Value, name: Name, v: Value) -> PyResult<()> {
        let ty = self.type_of(obj);
        if self.type_has(ty, tf::CUSTOM_SETATTR) {
            let hook = self
                .lookup_special(ty, n::SETATTR)
                .expect("flag says it exists");
            let nm = self.name_str(name);
            self.call_method_value(hook, obj, &[nm, v])?;
            return Ok(());
        }
        match self.type_kind(ty) {
            Kind::Type => self.type_setattr(obj, name, Some(v)),
            _ => self.generic_setattr(obj, name, Some(v)),
        }
    }

    /// `delattr(obj, name)`.
    pub fn delattr(&mut self, obj: Value, name: Name) -> PyResult<()> {
        let ty = self.type_of(obj);
        if self.type_has(ty, tf::CUSTOM_DELATTR) {
            let hook = self
                .lookup_special(ty, n::DELATTR)
                .expect("flag says it exists");
            let nm = self.name_str(name);
            self.call_method_value(hook, obj, &[nm])?;
            return Ok(());
        }
        match self.type_kind(ty) {
            Kind::Type => self.type_setattr(obj, name, None),
            _ => self.generic_setattr(obj, name, None),
        }
    }

    /// `object.__setattr__` / `object.__delattr__` (`v == None`: delete).
    pub fn generic_setattr(&mut self, obj: Value, name: Name, v: Option<Value>) -> PyResult<()> {
        let ty = self.type_of(obj);
        if let Some(d) = self.type_lookup(ty, name) {
            let dc = self.descr_class(d);
            if dc.is_data() {
                return self.descr_set(d, dc, obj, v);
            }
        }
        let lay = if obj.is_small() {
            None
        } else {
            Some(self.layout_of(obj.gc()))
        };
        if lay == Some(self.lay.instance) && self.type_has(ty, tf::HAS_DICT) {
            return match v {
                Some(v) => self.inst_set(obj, name, v),
                None => {
                    if self.inst_del(obj, name)? {
                        Ok(())
                    } else {
                        Err(self.attribute_error(obj, name))
                    }
                }
            };
        }
        if lay == Some(self.lay.function) || self.kind(obj) == Kind::Module {
            let mark = self.sp();
            let vr = self.push_opt(v)?;
            let d = self
                .object_dict(obj)?
                .expect("functions and modules have a dict");
            let k = self.name_str(name);
            let r = match self.get_opt(vr) {
                Some(v) => self.dict_set_item(d, k, v),
                None => match self.dict_del_item(d, k)? {
                    Some(_) => Ok(()),
                    None => {
                        let o = obj;
                        let _ = o;
                        Err(self.attribute_error(obj, name))
                    }
                },
            };
            self.truncate(mark);
            return r;
        }
        let attr = self.name_text(name);
        let tn = self.type_name(obj);
        if v.is_none() {
            return Err(crate::raise!(
                self,
                AttributeError,
                "'{tn}' object has no attribute '{attr}'"
            ));
        }
        if self.type_lookup(ty, name).is_some() {
            return Err(crate::raise!(
                self,
                AttributeError,
                "'{tn}' object attribute '{attr}' is read-only"
            ));
        }
        Err(crate::raise!(
            self,
            AttributeError,
            "'{tn}' object has no attribute '{attr}'"
        ))
    }

    /// Applies a data descriptor's `__set__`/`__delete__`.
    pub fn descr_set(
        &mut self,
        d: Value,
        dc: DescrClass,
        obj: Value,
        v: Option<Value>,
    ) -> PyResult<()> {
        match dc {
            DescrClass::Property => self.property_set(d, obj, v),
            DescrClass::Member => self.member_set(d, obj, v),
            DescrClass::GetSet => self.getset_set(d, obj, v),
            _ => {
                let t = self.type_of(d);
                let (hook, args_v) = match v {
                    Some(v) => (self.lookup_special(t, n::SET), Some(v)),
                    None => (self.lookup_special(t, n::DELETE), None),
                };
                match hook {
                    Some(h) => {
                        match args_v {
                            Some(v) => self.call_method_value(h, d, &[obj, v])?,
                            None => self.call_method_value(h, d, &[obj])?,
                        };
                        Ok(())
                    }
                    None => {
                        let what = if v.is_some() { "__set__" } else { "__delete__" };
                        Err(crate::raise!(self, AttributeError, "{what}"))
                    }
                }
            }
        }
    }

    /// `type.__setattr__` / `type.__delattr__`.
    pub fn type_setattr(&mut self, ty: Value, name: Name, v: Option<Value>) -> PyResult<()> {
        if self.type_has(ty, tf::IMMUTABLE) {
            let attr = self.name_text(name);
            let tn = self.type_name_str(ty);
            return Err(crate::raise!(
                self,
                TypeError,
                "cannot set '{attr}' attribute of immutable type '{tn}'"
            ));
        }
        let meta = self.type_of(ty);
        if let Some(d) = self.type_lookup(meta, name) {
            let dc = self.descr_class(d);
            if dc.is_data() {
                return self.descr_set(d, dc, ty, v);
            }
        }
        let mark = self.sp();
        let tr = self.push_root(ty)?;
        let r = match v {
            Some(v) => {
                let d = self.type_dict(ty);
                let k = self.name_str(name);
                self.dict_set_item(d, k, v)
            }
            None => {
                let d = self.type_dict(ty);
                let k = self.name_str(name);
                match self.dict_del_item(d, k)? {
                    Some(_) => Ok(()),
                    None => {
                        let attr = self.name_text(name);
                        let tn = self.type_name_str(self.get(tr));
                        Err(crate::raise!(
                            self,
                            AttributeError,
                            "type object '{tn}' has no attribute '{attr}'"
                        ))
                    }
                }
            }
        };
        if r.is_ok() {
            self.type_modified(self.get(tr))?;
        }
        self.truncate(mark);
        r
    }
}
