//! Shared libraries: `dlopen` through libloading and symbol lookup.
//!
//! Design: a [`Library`] is a loaded shared object plus the `Ffi` whose declarations say
//! what its symbols are. `function(name)` needs a function declaration and the symbol, and
//! builds the call plan once; keep the returned [`Function`] to call it repeatedly (that is
//! the cached-signature fast path). `variable(name)` returns a pointer to a global.
//! `Ffi::dlopen(None)` opens the running program's global namespace, which includes the C
//! library (and the math library when the program links it).
//!
//! Invariant: every `Function` and variable cdata keeps the library loaded (they hold an
//! `Arc` of it), so code and data addresses never outlive the mapping.

use std::any::Any;
use std::ffi::c_void;
use std::rc::Rc;
use std::sync::Arc;

use crate::call::{CallPlan, Function};
use crate::cdata::CData;
use crate::error::{Error, ErrorKind, Result};
use crate::layout::Target;
use crate::memory::{Owner, Region};
use crate::types::{Decl, Types};

/// A loaded shared library.
pub struct Library {
    types: Arc<Types>,
    lib: Arc<libloading::Library>,
    name: String,
}

impl Library {
    pub(crate) fn open(types: Arc<Types>, path: Option<&str>) -> Result<Library> {
        if Target::host() != Some(types.target) {
            return Err(Error::unsupported(format!(
                "this Ffi lays out types for {}, which is not the host; it cannot load libraries",
                types.target.name()
            )));
        }
        let (lib, name) = match path {
            None => {
                let this: libloading::Library = libloading::os::unix::Library::this().into();
                (this, "<the running program>".to_string())
            }
            Some(path) => {
                // SAFETY: loading a library runs its initialisers; choosing which library to
                // trust is the caller's decision, as with `dlopen` in C or cffi.
                let lib = unsafe { libloading::Library::new(path) }.map_err(|e| {
                    Error::new(ErrorKind::Library, format!("cannot load `{path}`: {e}"))
                })?;
                (lib, path.to_string())
            }
        };
        Ok(Library {
            types,
            lib: Arc::new(lib),
            name,
        })
    }

    /// The path the library was opened with.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The address of symbol `name`.
    pub fn symbol_address(&self, name: &str) -> Result<usize> {
        // SAFETY: we only read the symbol's address, never call or dereference it here.
        let symbol = unsafe { self.lib.get::<*mut c_void>(name) }.map_err(|e| {
            Error::new(
                ErrorKind::Symbol,
                format!("symbol `{name}` not found in `{}`: {e}", self.name),
            )
        })?;
        let addr = (*symbol).expose_provenance();
        if addr == 0 {
            return Err(Error::new(
                ErrorKind::Symbol,
                format!("symbol `{name}` in `{}` resolves to NULL", self.name),
            ));
        }
        Ok(addr)
    }

    fn declaration(&self, name: &str) -> Result<Decl> {
        self.types
            .registry()
            .decls
            .get(name)
            .copied()
            .ok_or_else(|| {
                Error::type_error(format!(
                    "`{name}` is not declared (declare it with cdef before looking it up)"
                ))
            })
    }

    fn keep_alive(&self) -> Rc<dyn Any> {
        Rc::new(self.lib.clone())
    }

    /// The declared function `name`, ready to call.
    pub fn function(&self, name: &str) -> Result<Function> {
        let Decl::Function(fn_ty) = self.declaration(name)? else {
            return Err(Error::type_error(format!(
                "`{name}` is declared as a variable, not a function (use `variable`)"
            )));
        };
        let code = self.symbol_address(name)?;
        let plan = CallPlan::new(self.types.clone(), fn_ty, name)?;
        Ok(Function {
            plan: Rc::new(plan),
            code,
            _keep: Some(self.keep_alive()),
        })
    }

    /// A pointer to the declared global variable `name` (`T *` for a variable of type `T`);
    /// accesses are bounded by the variable's size when it is known.
    pub fn variable(&self, name: &str) -> Result<CData> {
        let Decl::Variable(ty) = self.declaration(name)? else {
            return Err(Error::type_error(format!(
                "`{name}` is declared as a function, not a variable (use `function`)"
            )));
        };
        let addr = self.symbol_address(name)?;
        let ptr_ty = self.types.registry().pointer(&self.types, ty);
        let owner = Some(Rc::new(Owner::External(Box::new(self.lib.clone()))));
        let region = match self.types.layout(ty) {
            Some(layout) => Region::bounded(addr, layout.size as usize, owner),
            None => Region::unbounded(owner),
        };
        Ok(CData::new(self.types.clone(), ptr_ty, addr, region))
    }
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<library {}>", self.name)
    }
}
