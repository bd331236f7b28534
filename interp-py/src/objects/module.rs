//! Module objects: `obj[2][1]` layout `[type][dict][flags]`. A module's attributes are its
//! dict; the `INITIALIZING` flag is set while its code runs (for CPython's "partially
//! initialized module" message).

use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::obj_;
use crate::runtime::names::n;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Flags field of modules.
pub const MOD_FLAGS: usize = obj_::x(2);
/// The module's code is running (import in progress).
pub const INITIALIZING: u64 = 1;

impl Vm {
    /// A new module named `name` with a fresh dict (`__name__`, `__doc__ = None`,
    /// `__package__`/`__loader__`/`__spec__` = None).
    pub fn new_module(&mut self, name: &str) -> PyResult<Value> {
        let mark = self.sp();
        let d = self.new_dict()?;
        let dr = self.push_root(d)?;
        let nm = self.new_str(name)?;
        self.dict_set_name(self.get(dr), n::NAME, nm)?;
        for k in [n::DOC, n::PACKAGE, n::LOADER, n::SPEC] {
            let none = self.none();
            self.dict_set_name(self.get(dr), k, none)?;
        }
        let m = self.module_with_dict(dr)?;
        self.truncate(mark);
        Ok(m)
    }

    /// A module object around the dict in root `dr`.
    pub fn module_with_dict(&mut self, dr: Root) -> PyResult<Value> {
        let m = self.alloc_t(self.lay.obj[2][1], T::Module)?;
        let d = self.get(dr);
        self.init_field(m, obj_::A, Some(d));
        self.st_scalar::<u64>(m, MOD_FLAGS, 0);
        Ok(m)
    }

    /// A module's dict.
    #[inline]
    pub fn module_dict(&self, m: Value) -> Value {
        let m = if self.kind(m) == Kind::Module {
            m
        } else {
            self.any_payload(m).unwrap_or(m)
        };
        self.ldv1(m, obj_::A)
    }

    /// Whether the module's code is still running.
    pub fn module_is_initializing(&self, m: Value) -> bool {
        self.kind(m) == Kind::Module && self.ld_scalar::<u64>(m, MOD_FLAGS) & INITIALIZING != 0
    }

    /// Sets or clears the initializing flag.
    pub fn set_module_initializing(&mut self, m: Value, on: bool) {
        if self.kind(m) == Kind::Module {
            let f = self.ld_scalar::<u64>(m, MOD_FLAGS);
            let f = if on {
                f | INITIALIZING
            } else {
                f & !INITIALIZING
            };
            self.st_scalar::<u64>(m, MOD_FLAGS, f);
        }
    }

    /// A module's `__name__` as text.
    pub fn module_name(&mut self, m: Value) -> Option<String> {
        let d = self.module_dict(m);
        let v = self.dict_get_name(d, n::NAME)?;
        self.is_str(v).then(|| self.str_string(v))
    }
}
