//! Type objects: attribute lookup along the MRO, version tags, the special-method cache,
//! subtype tests, and invalidation when a class changes.
//!
//! * **Version tags**: every type has a `u32` version, unique across all types of the VM
//!   (CPython's `tp_version_tag` scheme). Any change to a type's namespace, bases or MRO
//!   gives it and all its subclasses a fresh version, so a cache keyed on a version can never
//!   see stale data. Version 0 means "do not cache".
//! * **Global attribute cache** (`State::method_cache`): `(version, name) -> value or
//!   NotFound`, the result of the MRO walk, as CPython's type method cache.
//! * **Special-method cache**: per type, an array indexed by the special name ids
//!   (`names::N_SPECIAL`), valid while `SPECIAL_VERSION == VERSION`.
//! * **Flags** computed from the MRO (custom `__getattribute__`, `__getattr__`,
//!   `__setattr__`, ...) are recomputed with the version.
//!
//! Invariants: `mro[0]` is the type itself; a type's subclasses list holds weak cells to its
//! direct subclasses; `VERSION` of a type changes whenever the result of an MRO lookup on it
//! may change.

use crate::runtime::builtin_types::{Kind, T, tf};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{inst_, type_, weak_};
use crate::runtime::names::{N_SPECIAL, Name, n};
use crate::runtime::roots::{C, METHOD_CACHE_SIZE};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

impl Vm {
    /// Whether `v` is a type object.
    #[inline(always)]
    pub fn is_type(&self, v: Value) -> bool {
        self.has_layout(v, self.lay.type_)
    }

    /// A type's flags.
    #[inline(always)]
    pub fn type_flags(&self, ty: Value) -> u64 {
        self.ld_scalar::<u64>(ty, type_::FLAGS)
    }

    /// Whether a type has a flag.
    #[inline(always)]
    pub fn type_has(&self, ty: Value, flag: u64) -> bool {
        self.type_flags(ty) & flag != 0
    }

    /// Sets or clears type flags.
    pub fn set_type_flags(&mut self, ty: Value, flags: u64) {
        self.st_scalar::<u64>(ty, type_::FLAGS, flags);
    }

    /// The version tag.
    #[inline(always)]
    pub fn type_version(&self, ty: Value) -> u32 {
        self.ld_scalar::<u32>(ty, type_::VERSION)
    }

    /// The namespace dict of a type.
    #[inline(always)]
    pub fn type_dict(&self, ty: Value) -> Value {
        self.ldv1(ty, type_::DICT)
    }

    /// `__mro__`.
    #[inline(always)]
    pub fn type_mro(&self, ty: Value) -> Value {
        self.ldv1(ty, type_::MRO)
    }

    /// `__name__` (a str).
    #[inline]
    pub fn type_name_of(&self, ty: Value) -> Value {
        self.ldv1(ty, type_::NAME)
    }

    /// `type(v).__name__` as Rust text.
    pub fn type_name(&self, v: Value) -> String {
        let t = self.type_of(v);
        self.str_string(self.type_name_of(t))
    }

    /// `ty.__name__` as Rust text.
    pub fn type_name_str(&self, ty: Value) -> String {
        self.str_string(self.type_name_of(ty))
    }

    /// `ty.__qualname__` as Rust text.
    pub fn type_qualname_str(&self, ty: Value) -> String {
        self.str_string(self.ldv1(ty, type_::QUALNAME))
    }

    /// Number of reserved instance slots.
    #[inline(always)]
    pub fn type_nslots(&self, ty: Value) -> usize {
        self.ld_scalar::<u32>(ty, type_::NSLOTS) as usize
    }

    /// The native base kind (kind of the nearest builtin base's instances).
    #[inline(always)]
    pub fn type_native(&self, ty: Value) -> Kind {
        Kind::from_u8(self.ld_scalar::<u8>(ty, type_::NATIVE))
    }

    /// `issubclass(a, b)` by MRO (no `__subclasscheck__`).
    #[inline]
    pub fn is_subtype(&self, a: Value, b: Value) -> bool {
        if a == b {
            return true;
        }
        let mro = self.type_mro(a);
        self.tuple_items(mro).contains(&b)
    }

    /// `isinstance(v, t)` for a builtin type `t` (no `__instancecheck__`).
    #[inline]
    pub fn isinstance_builtin(&self, v: Value, t: T) -> bool {
        let ty = self.type_of(v);
        self.is_subtype(ty, self.ty(t))
    }

    /// The native payload of an instance of a user subclass of a builtin type of `kind`.
    #[inline]
    pub fn native_payload(&self, v: Value, kind: Kind) -> Option<Value> {
        if v.is_small() || self.layout_of(v.gc()) != self.lay.instance {
            return None;
        }
        let ty = self.type_of(v);
        if self.type_flags(ty) & tf::NATIVE_PAYLOAD == 0 || self.type_native(ty) != kind {
            return None;
        }
        let slots = self.ldv(v, inst_::SLOTS)?;
        Value::from_raw(self.array_get(slots, 0))
    }

    /// The native payload of any kind, if `v` is a native-subclass instance.
    pub fn any_payload(&self, v: Value) -> Option<Value> {
        if v.is_small() || self.layout_of(v.gc()) != self.lay.instance {
            return None;
        }
        let ty = self.type_of(v);
        if self.type_flags(ty) & tf::NATIVE_PAYLOAD == 0 {
            return None;
        }
        let slots = self.ldv(v, inst_::SLOTS)?;
        Value::from_raw(self.array_get(slots, 0))
    }

    // ----- MRO lookup ----------------------------------------------------------------------

    /// Looks `name` (an exact str) up along the MRO of `ty` without caching. Pure.
    pub fn type_lookup_str(&mut self, ty: Value, name: Value) -> Option<Value> {
        let mro = self.type_mro(ty);
        let n = self.tuple_len(mro);
        for i in 0..n {
            let t = self.tuple_get(self.type_mro(ty), i);
            let d = self.type_dict(t);
            if let Some(v) = self.dict_get_str(d, name) {
                return Some(v);
            }
        }
        None
    }

    /// Looks an interned name up along the MRO, through the global attribute cache.
    #[inline]
    pub fn type_lookup(&mut self, ty: Value, name: Name) -> Option<Value> {
        let version = self.type_version(ty);
        let slot =
            ((version as usize).wrapping_mul(0x9E37) ^ (name.0 as usize)) & (METHOD_CACHE_SIZE - 1);
        if version != 0 {
            let e = self.st().method_cache[slot];
            if e.version == version && e.name == name.0 {
                let v = Value::from_raw_nonnull(e.value);
                return if v == self.c(C::NotFound) {
                    None
                } else {
                    Some(v)
                };
            }
        }
        let s = self.name_str(name);
        let found = self.type_lookup_str(ty, s);
        if version != 0 {
            let nf = self.c(C::NotFound);
            let e = &mut self.stm().method_cache[slot];
            e.version = version;
            e.name = name.0;
            e.value = found.unwrap_or(nf).raw();
        }
        found
    }

    /// Looks up a special method through the per-type cache.
    #[inline]
    pub fn lookup_special(&mut self, ty: Value, name: Name) -> Option<Value> {
        debug_assert!((name.0 as usize) < N_SPECIAL);
        let version = self.type_version(ty);
        if version != 0 && self.ld_scalar::<u32>(ty, type_::SPECIAL_VERSION) == version {
            let arr = self.ldv1(ty, type_::SPECIAL);
            let w = self.array_get(arr, name.0 as usize);
            if w != 0 {
                let v = Value::from_raw_nonnull(w);
                return if v == self.c(C::NotFound) {
                    None
                } else {
                    Some(v)
                };
            }
        }
        self.lookup_special_slow(ty, name)
    }

    #[inline(never)]
    fn lookup_special_slow(&mut self, ty: Value, name: Name) -> Option<Value> {
        let version = self.type_version(ty);
        let arr = self.ldv1(ty, type_::SPECIAL);
        if self.ld_scalar::<u32>(ty, type_::SPECIAL_VERSION) != version {
            for i in 0..N_SPECIAL {
                self.array_set(arr, i, 0);
            }
            self.st_scalar::<u32>(ty, type_::SPECIAL_VERSION, version);
        }
        let s = self.name_str(name);
        let found = self.type_lookup_str(ty, s);
        if version != 0 {
            let nf = self.c(C::NotFound);
            self.array_set(arr, name.0 as usize, found.unwrap_or(nf).raw());
        }
        found
    }

    /// Looks up a special method on `type(v)`.
    #[inline]
    pub fn special_of(&mut self, v: Value, name: Name) -> Option<Value> {
        let ty = self.type_of(v);
        self.lookup_special(ty, name)
    }

    // ----- invalidation --------------------------------------------------------------------

    /// Gives `ty` and all its subclasses fresh versions and recomputes their flags. Call
    /// after any change of a type's namespace, bases or MRO.
    pub fn type_modified(&mut self, ty: Value) -> PyResult<()> {
        let mark = self.sp();
        self.push_root(ty)?;
        let mut i = mark;
        while i < self.sp() {
            let t = Value::from_raw_nonnull(self.slot(i));
            let v = self.fresh_version();
            self.st_scalar::<u32>(t, type_::VERSION, v);
            self.recompute_type_flags(t);
            if let Some(subs) = self.ldv(t, type_::SUBCLASSES) {
                let n = self.list_len(subs);
                for k in 0..n {
                    let subs = self.ldv1(Value::from_raw_nonnull(self.slot(i)), type_::SUBCLASSES);
                    if k >= self.list_len(subs) {
                        break;
                    }
                    let cell = self.list_get(subs, k);
                    if let Some(sub) = self.ldv(cell, weak_::TARGET) {
                        self.push_root(sub)?;
                    }
                }
            }
            i += 1;
        }
        self.truncate(mark);
        Ok(())
    }

    /// Recomputes the MRO-derived flags of a type (no allocation).
    pub fn recompute_type_flags(&mut self, ty: Value) {
        let mut flags = self.type_flags(ty)
            & !(tf::CUSTOM_GETATTRIBUTE
                | tf::HAS_GETATTR
                | tf::CUSTOM_SETATTR
                | tf::CUSTOM_DELATTR
                | tf::DEFAULT_INIT
                | tf::DEFAULT_NEW
                | tf::CUSTOM_RICHCMP);
        let is_builtin = |vm: &Vm, v: Option<Value>| v.is_none_or(|v| vm.kind(v) == Kind::Builtin);
        let ga = self.type_lookup_str(ty, self.name_str(n::GETATTRIBUTE));
        if !is_builtin(self, ga) {
            flags |= tf::CUSTOM_GETATTRIBUTE;
        }
        if self
            .type_lookup_str(ty, self.name_str(n::GETATTR))
            .is_some()
        {
            flags |= tf::HAS_GETATTR;
        }
        let sa = self.type_lookup_str(ty, self.name_str(n::SETATTR));
        if !is_builtin(self, sa) {
            flags |= tf::CUSTOM_SETATTR;
        }
        let da = self.type_lookup_str(ty, self.name_str(n::DELATTR));
        if !is_builtin(self, da) {
            flags |= tf::CUSTOM_DELATTR;
        }
        let obj = self.ty(T::Object);
        let object_init = self.dict_get_str(self.type_dict(obj), self.name_str(n::INIT));
        if self.type_lookup_str(ty, self.name_str(n::INIT)) == object_init {
            flags |= tf::DEFAULT_INIT;
        }
        let object_new = self.dict_get_str(self.type_dict(obj), self.name_str(n::NEW));
        if self.type_lookup_str(ty, self.name_str(n::NEW)) == object_new {
            flags |= tf::DEFAULT_NEW;
        }
        for nm in [n::EQ, n::NE, n::LT, n::LE, n::GT, n::GE, n::HASH] {
            let f = self.type_lookup_str(ty, self.name_str(nm));
            if !is_builtin(self, f) {
                flags |= tf::CUSTOM_RICHCMP;
            }
        }
        self.set_type_flags(ty, flags);
    }

    /// Registers `sub` in the subclass list of `base` (weakly).
    pub fn add_subclass(&mut self, base: Value, sub: Value) -> PyResult<()> {
        let mark = self.sp();
        let br = self.push_root(base)?;
        let cell = self.new_weak_cell(sub)?;
        let cr = self.push_root(cell)?;
        let list = match self.ldv(self.get(br), type_::SUBCLASSES) {
            Some(l) => l,
            None => {
                let l = self.new_list(0)?;
                let b = self.get(br);
                self.st_field(b, type_::SUBCLASSES, Some(l));
                l
            }
        };
        // Drop cells of dead subclasses while we are here.
        let mut k = 0;
        while k < self.list_len(list) {
            let c = self.list_get(list, k);
            if self.ldv(c, weak_::TARGET).is_none() {
                self.list_remove_at(list, k);
            } else {
                k += 1;
            }
        }
        let cell = self.get(cr);
        self.list_append(list, cell)?;
        self.truncate(mark);
        Ok(())
    }

    /// A weak cell pointing at `target`.
    pub fn new_weak_cell(&mut self, target: Value) -> PyResult<Value> {
        let mark = self.sp();
        let tr = self.push_root(target)?;
        let c = self.alloc_t(self.lay.weak, T::WeakRef)?;
        let t = self.get(tr);
        self.init_field(c, weak_::TARGET, Some(t));
        self.init_field(c, weak_::CALLBACK, None);
        self.st_scalar::<i64>(c, weak_::HASH, -1);
        self.truncate(mark);
        Ok(c)
    }

    /// The direct subclasses of a type that are still alive.
    pub fn type_subclasses(&mut self, ty: Value) -> PyResult<Value> {
        let mark = self.sp();
        let tr = self.push_root(ty)?;
        if let Some(subs) = self.ldv(self.get(tr), type_::SUBCLASSES) {
            let n = self.list_len(subs);
            for k in 0..n {
                let subs = self.ldv1(self.get(tr), type_::SUBCLASSES);
                let c = self.list_get(subs, k);
                if let Some(t) = self.ldv(c, weak_::TARGET) {
                    self.push_root(t)?;
                }
            }
        }
        let start = tr.index() + 1;
        let n = self.sp() - start;
        let l = self.new_list(n)?;
        for k in 0..n {
            let v = Value::from_raw_nonnull(self.slot(start + k));
            self.list_append(l, v)?;
        }
        self.truncate(mark);
        Ok(l)
    }
}
