//! Builtin functions and method descriptors: Rust functions callable from Python.
//!
//! A builtin is described once by a static [`MethodDef`] (name, Rust function, how `self` is
//! passed, docstring); the heap object (`obj[3][2]` layout: `[type][A][B][def ptr][flags]`)
//! just points at it:
//! * `method_descriptor` / `wrapper_descriptor` / `classmethod_descriptor` (unbound methods
//!   in a builtin type's dict): `A` = owner type;
//! * `builtin_function_or_method`: `A` = `__self__` (the bound object, the module of a
//!   module function, or the type of a `__new__`), and the `BOUND` flag says whether `A` is
//!   passed as the first argument.
//!
//! All builtins share one calling convention: `fn(&mut Vm, Args) -> PyResult<Value>`, the
//! arguments being rooted stack slots (see `runtime::call::Args`).

use crate::runtime::builtin_types::T;
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::obj_;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// The Rust signature of every builtin.
pub type BuiltinFn = fn(&mut Vm, Args) -> PyResult<Value>;

/// How a builtin receives `self`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MethKind {
    /// Instance method: `self` is argument 0.
    Method,
    /// Class method: the class is argument 0.
    Class,
    /// Static method / module function / `__new__`: arguments as given.
    Static,
}

/// A builtin's static description.
#[derive(Debug)]
pub struct MethodDef {
    /// `__name__`.
    pub name: &'static str,
    /// The implementation.
    pub fun: BuiltinFn,
    /// How `self` is passed.
    pub kind: MethKind,
    /// `__doc__`.
    pub doc: &'static str,
}

/// A getset descriptor's setter (`None` value: delete).
pub type GetSetSetter = fn(&mut Vm, Value, Option<Value>) -> PyResult<()>;

/// A computed attribute of a builtin type.
#[derive(Debug)]
pub struct GetSetDef {
    /// Attribute name.
    pub name: &'static str,
    /// Getter.
    pub get: fn(&mut Vm, Value) -> PyResult<Value>,
    /// Setter (`None` value: delete); `None`: read-only.
    pub set: Option<GetSetSetter>,
    /// `__doc__`.
    pub doc: &'static str,
}

/// Shorthand constructors for the method tables.
pub const fn meth(name: &'static str, fun: BuiltinFn) -> MethodDef {
    MethodDef {
        name,
        fun,
        kind: MethKind::Method,
        doc: "",
    }
}

/// A class method.
pub const fn classmeth(name: &'static str, fun: BuiltinFn) -> MethodDef {
    MethodDef {
        name,
        fun,
        kind: MethKind::Class,
        doc: "",
    }
}

/// A static method, module function or `__new__`.
pub const fn func(name: &'static str, fun: BuiltinFn) -> MethodDef {
    MethodDef {
        name,
        fun,
        kind: MethKind::Static,
        doc: "",
    }
}

/// A read-only computed attribute.
pub const fn getter(name: &'static str, get: fn(&mut Vm, Value) -> PyResult<Value>) -> GetSetDef {
    GetSetDef {
        name,
        get,
        set: None,
        doc: "",
    }
}

/// Builtin object fields.
pub mod bf {
    use crate::runtime::layout::obj_;
    /// GC: `__self__` (bound object / module / type) or owner type of a descriptor.
    pub const SELF: usize = obj_::A;
    /// GC: owner type (bound methods of builtin types), or NULL.
    pub const OWNER: usize = obj_::B;
    /// Raw `*const MethodDef`.
    pub const DEF: usize = obj_::x(3);
    /// Flags.
    pub const FLAGS: usize = obj_::y(3);
    /// Flag: pass `SELF` as the first argument.
    pub const BOUND: u64 = 1;
}

impl Vm {
    /// A builtin object of type `t` for `def`, with `__self__`/owner `a` and flags.
    pub fn new_builtin(
        &mut self,
        t: T,
        def: &'static MethodDef,
        a: Option<Value>,
        owner: Option<Value>,
        flags: u64,
    ) -> PyResult<Value> {
        let mark = self.sp();
        let ar = self.push_opt(a)?;
        let or = self.push_opt(owner)?;
        let f = self.alloc_t(self.lay.obj[3][2], t)?;
        let (a, owner) = (self.get_opt(ar), self.get_opt(or));
        self.init_field(f, bf::SELF, a);
        self.init_field(f, bf::OWNER, owner);
        self.st_scalar::<usize>(f, bf::DEF, def as *const MethodDef as usize);
        self.st_scalar::<u64>(f, bf::FLAGS, flags);
        self.truncate(mark);
        Ok(f)
    }

    /// The static description of a builtin object.
    #[inline(always)]
    pub fn builtin_def(&self, f: Value) -> &'static MethodDef {
        let p = self.ld_scalar::<usize>(f, bf::DEF) as *const MethodDef;
        // SAFETY: the field holds a pointer to a `'static` MethodDef written at creation.
        unsafe { &*p }
    }

    /// Binds a method descriptor to `obj` (a `builtin_function_or_method` with `BOUND`).
    pub fn bind_builtin(&mut self, d: Value, obj: Value) -> PyResult<Value> {
        let def = self.builtin_def(d);
        let owner = self.ldv(d, bf::SELF);
        let t = if self.is_exact(d, T::WrapperDescriptor) {
            T::MethodWrapper
        } else {
            T::BuiltinFunction
        };
        self.new_builtin(t, def, Some(obj), owner, bf::BOUND)
    }

    /// Whether `f` is a builtin object whose def is `fun`.
    pub fn is_builtin_fn(&self, f: Value, fun: crate::objects::builtin_func::BuiltinFn) -> bool {
        self.kind(f) == crate::runtime::builtin_types::Kind::Builtin
            && std::ptr::fn_addr_eq(self.builtin_def(f).fun, fun)
    }

    /// A module-level function object for `def` with `__self__ = module`.
    pub fn new_module_function(
        &mut self,
        def: &'static MethodDef,
        module: Option<Value>,
    ) -> PyResult<Value> {
        self.new_builtin(T::BuiltinFunction, def, module, None, 0)
    }

    /// Creates the descriptor stored in a builtin type's dict for `def`.
    pub fn new_method_descriptor(
        &mut self,
        def: &'static MethodDef,
        owner: Value,
    ) -> PyResult<Value> {
        let t = match def.kind {
            MethKind::Method => {
                if def.name.starts_with("__") && def.name.ends_with("__") {
                    T::WrapperDescriptor
                } else {
                    T::MethodDescriptor
                }
            }
            MethKind::Class => T::ClassMethodDescriptor,
            MethKind::Static => T::BuiltinFunction,
        };
        self.new_builtin(t, def, Some(owner), None, 0)
    }

    /// A getset descriptor for `def` owned by `owner` (`obj[3][1]`: `[type][name][owner][def]`).
    pub fn new_getset_descriptor(
        &mut self,
        def: &'static GetSetDef,
        owner: Value,
    ) -> PyResult<Value> {
        let mark = self.sp();
        let or = self.push_root(owner)?;
        let name = self.new_str(def.name)?;
        let nr = self.push_root(name)?;
        let d = self.alloc_t(self.lay.obj[3][1], T::GetSetDescriptor)?;
        let (name, owner) = (self.get(nr), self.get(or));
        self.init_field(d, obj_::A, Some(name));
        self.init_field(d, obj_::B, Some(owner));
        self.st_scalar::<usize>(d, obj_::x(3), def as *const GetSetDef as usize);
        self.truncate(mark);
        Ok(d)
    }

    /// The static description of a getset descriptor.
    pub fn getset_def(&self, d: Value) -> &'static GetSetDef {
        let p = self.ld_scalar::<usize>(d, obj_::x(3)) as *const GetSetDef;
        // SAFETY: the field holds a pointer to a `'static` GetSetDef written at creation.
        unsafe { &*p }
    }

    /// Applies a getset descriptor's getter.
    pub fn getset_get(&mut self, d: Value, obj: Value) -> PyResult<Value> {
        let def = self.getset_def(d);
        let owner = self.ldv1(d, obj_::B);
        let ot = self.type_of(obj);
        if !self.is_subtype(ot, owner) {
            let on = self.type_name_str(owner);
            let tn = self.type_name(obj);
            return Err(crate::raise!(
                self,
                TypeError,
                "descriptor '{}' for '{on}' objects doesn't apply to a '{tn}' object",
                def.name
            ));
        }
        // Getters may push roots freely (rule 3): the stack is reset here.
        let mark = self.sp();
        let r = (def.get)(self, obj);
        self.truncate(mark);
        r
    }

    /// Applies a getset descriptor's setter.
    pub fn getset_set(&mut self, d: Value, obj: Value, v: Option<Value>) -> PyResult<()> {
        let def = self.getset_def(d);
        match def.set {
            Some(set) => {
                let mark = self.sp();
                let r = set(self, obj, v);
                self.truncate(mark);
                r
            }
            None => {
                let _ = v;
                let tn = self.type_name(obj);
                Err(crate::raise!(
                    self,
                    AttributeError,
                    "attribute '{}' of '{tn}' objects is not writable",
                    def.name
                ))
            }
        }
    }
}
