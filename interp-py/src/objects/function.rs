//! Functions, bound methods, cells, `staticmethod`, `classmethod`, `property`, member
//! descriptors and `mappingproxy`: creation and the descriptor operations the attribute
//! protocol calls. Python-level methods of these types are in `function_methods.rs`.

use crate::runtime::builtin_types::T;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{func_, obj_};
use crate::runtime::names::n;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Member descriptor fields (`obj[3][2]`): `[type][name][owner][slot index][flags]`.
pub mod member_ {
    use crate::runtime::layout::obj_;
    /// GC: the attribute name.
    pub const NAME: usize = obj_::A;
    /// GC: the owner type.
    pub const OWNER: usize = obj_::B;
    /// Reserved slot index.
    pub const INDEX: usize = obj_::x(3);
    /// Flags.
    pub const FLAGS: usize = obj_::y(3);
    /// Flag: read-only.
    pub const READONLY: u64 = 1;
    /// Flag: reading an unset slot gives `None` instead of `AttributeError`.
    pub const NONE_DEFAULT: u64 = 2;
}

impl Vm {
    /// A new function object (MAKE_FUNCTION): code in root `cr`, globals in root `gr`.
    pub fn new_function(&mut self, cr: Root, gr: Root) -> PyResult<Value> {
        let f = self.alloc_t(self.lay.function, T::Function)?;
        let (code, globals) = (self.get(cr), self.get(gr));
        let (name, qualname, doc) = {
            let rt = self.code_ref(code);
            let doc = if rt.co.flags.has(crate::bytecode::CodeFlags::OPTIMIZED)
                && !rt.consts.is_empty()
            {
                let c0 = Value::from_raw_nonnull(rt.consts[0].get());
                if self.is_str(c0) { c0 } else { self.none() }
            } else {
                self.none()
            };
            (rt.name.get(), rt.qualname.get(), doc)
        };
        self.init_field(f, func_::CODE, Some(code));
        self.init_field(f, func_::GLOBALS, Some(globals));
        self.init_field(f, func_::NAME, Value::from_raw(name));
        self.init_field(f, func_::QUALNAME, Value::from_raw(qualname));
        self.init_field(f, func_::DOC, Some(doc));
        // __module__ = globals['__name__'] (no Python code: a namespace lookup).
        let module = self.dict_get_name(globals, n::NAME);
        self.init_field(f, func_::MODULE, module);
        Ok(f)
    }

    /// The run-time code of a function.
    #[inline(always)]
    pub fn func_code_rt(&self, f: Value) -> *const crate::objects::code::CodeRt {
        let code = self.ldv1(f, func_::CODE);
        self.code_rt(code)
    }

    /// `__qualname__` of a function as text.
    pub fn func_qualname_text(&self, f: Value) -> String {
        match self.ldv(f, func_::QUALNAME) {
            Some(q) if self.is_str(q) => self.str_string(q),
            _ => "?".into(),
        }
    }

    /// A bound method `func.__get__(self)`.
    pub fn new_method(&mut self, func: Value, self_: Value) -> PyResult<Value> {
        let mark = self.sp();
        let fr = self.push_root(func)?;
        let sr = self.push_root(self_)?;
        let m = self.alloc_t(self.lay.obj[3][0], T::Method)?;
        let (f, s) = (self.get(fr), self.get(sr));
        self.init_field(m, obj_::A, Some(f));
        self.init_field(m, obj_::B, Some(s));
        self.truncate(mark);
        Ok(m)
    }

    /// A new cell holding `v`.
    pub fn new_cell(&mut self, v: Option<Value>) -> PyResult<Value> {
        let mark = self.sp();
        let vr = self.push_opt(v)?;
        let c = self.alloc_t(self.lay.obj[2][0], T::Cell)?;
        let v = self.get_opt(vr);
        self.init_field(c, obj_::A, v);
        self.truncate(mark);
        Ok(c)
    }

    /// The content of a cell.
    #[inline(always)]
    pub fn cell_get(&self, c: Value) -> Option<Value> {
        self.ldv(c, obj_::A)
    }

    /// Replaces the content of a cell.
    #[inline(always)]
    pub fn cell_set(&mut self, c: Value, v: Option<Value>) {
        self.st_field(c, obj_::A, v)
    }

    /// A `staticmethod`/`classmethod` wrapper of type `t` (or a subclass in root `tr`).
    pub fn new_method_wrapper(&mut self, tr: Root, func: Value) -> PyResult<Value> {
        let mark = self.sp();
        let fr = self.push_root(func)?;
        let w = self.alloc_r(self.lay.obj[3][0], tr)?;
        let f = self.get(fr);
        self.init_field(w, obj_::A, Some(f));
        self.init_field(w, obj_::B, None);
        self.truncate(mark);
        Ok(w)
    }

    /// The function wrapped by a `staticmethod`.
    pub fn staticmethod_func(&self, d: Value) -> Value {
        let d = self.payload_or_self(d);
        self.ldv1(d, obj_::A)
    }

    /// The function wrapped by a `classmethod`.
    pub fn classmethod_func(&self, d: Value) -> Value {
        let d = self.payload_or_self(d);
        self.ldv1(d, obj_::A)
    }

    /// The native payload of `v` if it is a builtin-subclass instance, else `v`.
    pub fn payload_or_self(&self, v: Value) -> Value {
        self.any_payload(v).unwrap_or(v)
    }

    /// A `property` (fields: fget, fset, fdel, doc, name as `obj[6][1]`).
    pub fn new_property(
        &mut self,
        tr: Root,
        fget: Option<Value>,
        fset: Option<Value>,
        fdel: Option<Value>,
        doc: Option<Value>,
    ) -> PyResult<Value> {
        let mark = self.sp();
        let a = self.push_opt(fget)?;
        let b = self.push_opt(fset)?;
        let c = self.push_opt(fdel)?;
        let d = self.push_opt(doc)?;
        let p = self.alloc_r(self.lay.obj[6][1], tr)?;
        for (off, r) in [(obj_::A, a), (obj_::B, b), (obj_::C, c), (obj_::D, d)] {
            let v = self.get_opt(r);
            self.init_field(p, off, v);
        }
        self.init_field(p, 40, None);
        self.st_scalar::<u64>(p, obj_::x(6), 0);
        self.truncate(mark);
        Ok(p)
    }

    /// `property.__get__(obj)`.
    pub fn property_get(&mut self, p: Value, obj: Value) -> PyResult<Value> {
        let pp = self.payload_or_self(p);
        match self.ldv(pp, obj_::A) {
            Some(fget) if !self.is_none(fget) => self.call1(fget, obj),
            _ => {
                let name = self.property_name(pp);
                let tn = self.type_name(obj);
                Err(match name {
                    Some(nm) => crate::raise!(
                        self,
                        AttributeError,
                        "property '{nm}' of '{tn}' object has no getter"
                    ),
                    None => crate::raise!(
                        self,
                        AttributeError,
                        "property of '{tn}' object has no getter"
                    ),
                })
            }
        }
    }

    /// The name a property was assigned to (from `__set_name__` or its getter).
    pub fn property_name(&self, pp: Value) -> Option<String> {
        if let Some(nm) = self.ldv(pp, 40)
            && self.is_str(nm)
        {
            return Some(self.str_string(nm));
        }
        let fget = self.ldv(pp, obj_::A)?;
        if self.kind(fget) == crate::runtime::builtin_types::Kind::Function {
            let nm = self.ldv(fget, func_::NAME)?;
            return Some(self.str_string(nm));
        }
        None
    }

    /// `property.__set__` / `__delete__`.
    pub fn property_set(&mut self, p: Value, obj: Value, v: Option<Value>) -> PyResult<()> {
        let pp = self.payload_or_self(p);
        let (off, what) = if v.is_some() {
            (obj_::B, "setter")
        } else {
            (obj_::C, "deleter")
        };
        match self.ldv(pp, off) {
            Some(f) if !self.is_none(f) => {
                match v {
                    Some(v) => self.call2(f, obj, v)?,
                    None => self.call1(f, obj)?,
                };
                Ok(())
            }
            _ => {
                let name = self.property_name(pp);
                let tn = self.type_name(obj);
                Err(match name {
                    Some(nm) => crate::raise!(
                        self,
                        AttributeError,
                        "property '{nm}' of '{tn}' object has no {what}"
                    ),
                    None => crate::raise!(
                        self,
                        AttributeError,
                        "property of '{tn}' object has no {what}"
                    ),
                })
            }
        }
    }

    /// A member descriptor for reserved slot `index` of instances of `owner`.
    pub fn new_member(
        &mut self,
        name: Value,
        owner: Value,
        index: usize,
        flags: u64,
    ) -> PyResult<Value> {
        let mark = self.sp();
        let nr = self.push_root(name)?;
        let or = self.push_root(owner)?;
        let m = self.alloc_t(self.lay.obj[3][2], T::MemberDescriptor)?;
        let (name, owner) = (self.get(nr), self.get(or));
        self.init_field(m, member_::NAME, Some(name));
        self.init_field(m, member_::OWNER, Some(owner));
        self.st_scalar::<u64>(m, member_::INDEX, index as u64);
        self.st_scalar::<u64>(m, member_::FLAGS, flags);
        self.truncate(mark);
        Ok(m)
    }

    fn member_check(&mut self, d: Value, obj: Value) -> PyResult<usize> {
        let owner = self.ldv1(d, member_::OWNER);
        let ot = self.type_of(obj);
        if !self.is_subtype(ot, owner) || !self.is_instance_layout(obj) {
            let nm = self.str_string(self.ldv1(d, member_::NAME));
            let on = self.type_name_str(owner);
            let tn = self.type_name(obj);
            return Err(crate::raise!(
                self,
                TypeError,
                "descriptor '{nm}' for '{on}' objects doesn't apply to a '{tn}' object"
            ));
        }
        Ok(self.ld_scalar::<u64>(d, member_::INDEX) as usize)
    }

    /// Reads a member descriptor's slot.
    pub fn member_get(&mut self, d: Value, obj: Value) -> PyResult<Value> {
        let i = self.member_check(d, obj)?;
        match self.inst_slot(obj, i) {
            Some(v) => Ok(v),
            None => {
                if self.ld_scalar::<u64>(d, member_::FLAGS) & member_::NONE_DEFAULT != 0 {
                    return Ok(self.none());
                }
                let nm = self.str_string(self.ldv1(d, member_::NAME));
                let tn = self.type_name(obj);
                let _ = tn;
                let owner = self.ldv1(d, member_::OWNER);
                let on = self.type_name_str(owner);
                Err(crate::raise!(
                    self,
                    AttributeError,
                    "'{on}' object has no attribute '{nm}'"
                ))
            }
        }
    }

    /// Writes (or clears) a member descriptor's slot.
    pub fn member_set(&mut self, d: Value, obj: Value, v: Option<Value>) -> PyResult<()> {
        let i = self.member_check(d, obj)?;
        if self.ld_scalar::<u64>(d, member_::FLAGS) & member_::READONLY != 0 {
            let nm = self.str_string(self.ldv1(d, member_::NAME));
            let tn = self.type_name(obj);
            return Err(crate::raise!(
                self,
                AttributeError,
                "attribute '{nm}' of '{tn}' objects is not writable"
            ));
        }
        if v.is_none() && self.inst_slot(obj, i).is_none() {
            let nm = self.str_string(self.ldv1(d, member_::NAME));
            let owner = self.ldv1(d, member_::OWNER);
            let on = self.type_name_str(owner);
            return Err(crate::raise!(
                self,
                AttributeError,
                "'{on}' object has no attribute '{nm}'"
            ));
        }
        self.set_inst_slot(obj, i, v);
        Ok(())
    }

    /// A read-only `mappingproxy` over `mapping`.
    pub fn new_mappingproxy(&mut self, mapping: Value) -> PyResult<Value> {
        let mark = self.sp();
        let mr = self.push_root(mapping)?;
        let p = self.alloc_t(self.lay.obj[2][0], T::MappingProxy)?;
        let m = self.get(mr);
        self.init_field(p, obj_::A, Some(m));
        self.truncate(mark);
        Ok(p)
    }
}
