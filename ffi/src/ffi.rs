//! [`Ffi`]: the entry point — declarations, types, memory, libraries, callbacks.
//!
//! Design: an `Ffi` is a cheap, clonable handle on one shared type table (`Arc<Types>`);
//! clones see the same declarations. It is runtime-agnostic: a language runtime wraps these
//! calls (tern's cffi module maps `ffi.new` to [`Ffi::new_cdata`], `ffi.cast` to
//! [`Ffi::cast`], and so on) and converts its own objects to and from [`Value`].
//!
//! Invariants: `cdef` is atomic — it parses into a copy of the name registry and commits
//! only if the whole text is accepted, so a failing `cdef` adds no names (a forward-declared
//! struct it completed stays completed, which is harmless: the body was valid). Type names
//! given as strings are parsed once and cached.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use crate::call::{CallPlan, Function};
use crate::callback::Callback;
use crate::cdata::CData;
use crate::convert::write_value;
use crate::ctype::CType;
use crate::errno;
use crate::error::{CdefError, Error, Result};
use crate::layout::{Scalar, Target};
use crate::library::Library;
use crate::memory::{Owner, Region, write_bits};
use crate::parser::{parse_cdef, parse_type_name};
use crate::types::{Decl, TypeId, TypeKind, Types};
use crate::value::Value;

/// Something that names a C type: a type string like `"struct point *"` or a [`CType`].
pub trait IntoCType {
    /// Resolves the type in `ffi`.
    fn into_ctype(self, ffi: &Ffi) -> Result<CType>;
}

impl IntoCType for &str {
    fn into_ctype(self, ffi: &Ffi) -> Result<CType> {
        ffi.ctype(self)
    }
}

impl IntoCType for &String {
    fn into_ctype(self, ffi: &Ffi) -> Result<CType> {
        ffi.ctype(self)
    }
}

impl IntoCType for CType {
    fn into_ctype(self, ffi: &Ffi) -> Result<CType> {
        (&self).into_ctype(ffi)
    }
}

impl IntoCType for &CType {
    fn into_ctype(self, ffi: &Ffi) -> Result<CType> {
        if self.types.uid != ffi.types.uid {
            return Err(Error::type_error(format!(
                "type `{}` belongs to a different Ffi",
                self.name()
            )));
        }
        Ok(self.clone())
    }
}

/// A set of C declarations and everything built on them.
#[derive(Clone)]
pub struct Ffi {
    types: Arc<Types>,
}

impl Default for Ffi {
    fn default() -> Self {
        Ffi::new()
    }
}

impl std::fmt::Debug for Ffi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "<Ffi for {} with {} types>",
            self.types.target.name(),
            self.types.len()
        )
    }
}

impl Ffi {
    /// An `Ffi` for the host ABI (x86-64 System V layouts on unsupported hosts, where
    /// libraries cannot be loaded).
    pub fn new() -> Ffi {
        Ffi::with_target(Target::host().unwrap_or(Target::X86_64SysV))
    }

    /// An `Ffi` that lays out types for `target`. Only the host target can load libraries
    /// and call functions; any target can compute layouts.
    pub fn with_target(target: Target) -> Ffi {
        Ffi {
            types: Arc::new(Types::new(target)),
        }
    }

    /// The target ABI of the layouts.
    pub fn target(&self) -> Target {
        self.types.target
    }

    /// Adds C declarations. On error nothing is added and the error says where and what.
    pub fn cdef(&self, src: &str) -> std::result::Result<(), CdefError> {
        let mut registry = self.types.registry();
        let mut draft = registry.clone();
        parse_cdef(&self.types, &mut draft, src)?;
        draft.type_cache.clear();
        *registry = draft;
        Ok(())
    }

    /// Parses a type name such as `"int[10]"`, `"struct point *"` or `"int(*)(int)"`.
    pub fn ctype(&self, name: &str) -> Result<CType> {
        let mut registry = self.types.registry();
        if let Some(id) = registry.type_cache.get(name) {
            return Ok(CType::new(self.types.clone(), *id));
        }
        let id = parse_type_name(&self.types, &mut registry, name)?;
        registry.type_cache.insert(name.to_string(), id);
        Ok(CType::new(self.types.clone(), id))
    }

    fn resolve(&self, ty: impl IntoCType) -> Result<TypeId> {
        Ok(ty.into_ctype(self)?.id)
    }

    /// `sizeof(type)`.
    pub fn sizeof(&self, ty: impl IntoCType) -> Result<usize> {
        let ty = ty.into_ctype(self)?;
        ty.size()
            .ok_or_else(|| Error::type_error(format!("`{}` has no known size", ty.name())))
    }

    /// `_Alignof(type)`.
    pub fn alignof(&self, ty: impl IntoCType) -> Result<usize> {
        let ty = ty.into_ctype(self)?;
        ty.align()
            .ok_or_else(|| Error::type_error(format!("`{}` has no known alignment", ty.name())))
    }

    /// `offsetof(type, path)`, where `path` is a member name or a dotted path into nested
    /// members (`"inner.x"`).
    pub fn offsetof(&self, ty: impl IntoCType, path: &str) -> Result<usize> {
        let mut current = self.resolve(ty)?;
        let mut offset = 0u64;
        for name in path.split('.') {
            let body = self.types.record_body(current).ok_or_else(|| {
                Error::type_error(format!(
                    "`{}` is not a complete struct or union",
                    self.types.name(current)
                ))
            })?;
            let field = body.flat.get(name).ok_or_else(|| {
                Error::type_error(format!(
                    "`{}` has no member named `{name}`",
                    self.types.name(current)
                ))
            })?;
            if field.bits.is_some() {
                return Err(Error::type_error(format!(
                    "`{name}` is a bit-field, which has no byte offset"
                )));
            }
            offset += field.offset;
            current = field.ty;
        }
        Ok(offset as usize)
    }

    /// The value of a `#define` constant or an enumerator.
    pub fn constant(&self, name: &str) -> Option<i128> {
        self.types.registry().constants.get(name).copied()
    }

    /// All `#define` constants and enumerators, sorted by name.
    pub fn constants(&self) -> Vec<(String, i128)> {
        let mut out: Vec<(String, i128)> = self
            .types
            .registry()
            .constants
            .iter()
            .map(|(name, value)| (name.clone(), *value))
            .collect();
        out.sort();
        out
    }

    /// Named types in declaration order: `struct x`, `union x`, `enum x` and typedef names.
    pub fn declared_types(&self) -> Vec<String> {
        self.types.registry().declared_order.clone()
    }

    /// Declared functions and variables with their types, sorted by name.
    pub fn declarations(&self) -> Vec<(String, CType)> {
        let registry = self.types.registry();
        let mut out: Vec<(String, CType)> = registry
            .decls
            .iter()
            .map(|(name, decl)| {
                let (Decl::Function(id) | Decl::Variable(id)) = decl;
                (name.clone(), CType::new(self.types.clone(), *id))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// Allocates zeroed C memory, as cffi's `ffi.new`: `"T *"` allocates one `T` and returns
    /// a pointer to it; `"T[n]"` allocates an array; `"T[]"` takes its length from `init`
    /// (an `Int` length, a `List`, or `Bytes` for a char array, which get a terminating NUL).
    /// `init`, when given, is written into the new memory with full type checking. The
    /// memory lives as long as the returned cdata or anything derived from it.
    pub fn new_cdata(&self, ty: impl IntoCType, init: Option<&Value>) -> Result<CData> {
        let ty = self.resolve(ty)?;
        let types = &self.types;
        let (object_ty, data_ty) = match types.kind(ty) {
            TypeKind::Pointer(target) => (*target, ty),
            TypeKind::Array { elem, len: None } => {
                let elem = *elem;
                let len = match init {
                    Some(Value::Int(n)) => u64::try_from(*n)
                        .map_err(|_| Error::type_error(format!("negative array length {n}")))?,
                    Some(Value::List(items)) => items.len() as u64,
                    Some(Value::Bytes(bytes)) if types.is_char_like(elem) => bytes.len() as u64 + 1,
                    _ => {
                        return Err(Error::type_error(format!(
                            "`{}` needs a length or an initializer list",
                            types.name(ty)
                        )));
                    }
                };
                let array = self.array_type(elem, len)?;
                (array, array)
            }
            TypeKind::Array { .. } => (ty, ty),
            _ => {
                return Err(Error::type_error(format!(
                    "new_cdata needs a pointer or array type, got `{}` (use `{0} *` or `{0}[1]`)",
                    types.name(ty)
                )));
            }
        };
        let layout = types.layout(object_ty).ok_or_else(|| {
            Error::type_error(format!(
                "cannot allocate `{}`: it has no known size",
                types.name(object_ty)
            ))
        })?;
        let region = Region::allocate(layout.size as usize, layout.align as usize)?;
        let addr = region.start();
        match init {
            Some(Value::Int(_)) if matches!(types.kind(ty), TypeKind::Array { len: None, .. }) => {}
            Some(value) => write_value(types, object_ty, addr, &region, value)?,
            None => {}
        }
        Ok(CData::new(types.clone(), data_ty, addr, region))
    }

    /// A `char[]` holding `bytes` and a terminating NUL (a C string to pass in).
    pub fn new_c_string(&self, bytes: &[u8]) -> Result<CData> {
        self.new_cdata("char[]", Some(&Value::Bytes(bytes.to_vec())))
    }

    fn array_type(&self, elem: TypeId, len: u64) -> Result<TypeId> {
        let elem_layout = self.types.layout(elem).ok_or_else(|| {
            Error::type_error(format!("`{}` has no known size", self.types.name(elem)))
        })?;
        let layout = crate::layout::array_layout(elem_layout, len).map_err(Error::memory)?;
        Ok(self
            .types
            .registry()
            .array(&self.types, elem, Some(len), Some(layout)))
    }

    /// C's cast, as cffi's `ffi.cast`: to an integer, bool, enum or floating type (returns a
    /// typed primitive cdata holding the converted value, with C's modular conversion for
    /// integers), or to a pointer type (from an address, NULL, or other pointer/array data,
    /// keeping that data's bounds and owner).
    pub fn cast(&self, ty: impl IntoCType, value: &Value) -> Result<Value> {
        let ty = self.resolve(ty)?;
        let types = &self.types;
        let Some(scalar) = types.scalar(ty) else {
            return Err(Error::type_error(format!(
                "cannot cast to `{}` (only to integer, floating and pointer types)",
                types.name(ty)
            )));
        };
        if scalar == Scalar::Ptr {
            return self.cast_to_pointer(ty, value);
        }
        let source = match value {
            Value::CData(data) => match data.primitive_value()? {
                Some(v) => v,
                None => Value::Int(i128::from(data.addr as u64)),
            },
            Value::Bytes(bytes) if bytes.len() == 1 => Value::Int(i128::from(bytes[0])),
            Value::Null => Value::Int(0),
            other => other.clone(),
        };
        let bits = match (scalar, &source) {
            (Scalar::F32, _) | (Scalar::F64, _) => {
                let f = match source {
                    Value::Float(f) => f,
                    Value::Int(i) => i as f64,
                    Value::Bool(b) => f64::from(u8::from(b)),
                    _ => return Err(cast_error(types, ty, value)),
                };
                if scalar == Scalar::F32 {
                    u64::from((f as f32).to_bits())
                } else {
                    f.to_bits()
                }
            }
            (_, Value::Int(i)) => scalar.wrap(*i) as u64,
            (_, Value::Bool(b)) => u64::from(*b),
            (_, Value::Float(f)) => {
                if !f.is_finite() {
                    return Err(Error::overflow(format!(
                        "cannot convert {f} to `{}`",
                        types.name(ty)
                    )));
                }
                if scalar == Scalar::Bool {
                    u64::from(*f != 0.0)
                } else {
                    scalar.wrap(f.trunc() as i128) as u64
                }
            }
            _ => return Err(cast_error(types, ty, value)),
        };
        let region = Region::allocate(8, 8)?;
        let addr = region.start();
        region.check(addr, scalar.size())?;
        // SAFETY: a fresh 8-byte block, checked just above.
        unsafe { write_bits(addr, scalar.size(), bits) };
        Ok(Value::CData(CData::new(types.clone(), ty, addr, region)))
    }

    fn cast_to_pointer(&self, ty: TypeId, value: &Value) -> Result<Value> {
        let types = &self.types;
        let (addr, region) = match value {
            Value::Null => (0, Region::foreign()),
            Value::Int(i) => (*i as u64 as usize, Region::foreign()),
            Value::CData(data) => match types.kind(data.ty) {
                TypeKind::Pointer(_) | TypeKind::Array { .. } => (data.addr, data.region.clone()),
                _ => match data.primitive_value()? {
                    Some(Value::Int(i)) => (i as u64 as usize, Region::foreign()),
                    _ => return Err(cast_error(types, ty, value)),
                },
            },
            _ => return Err(cast_error(types, ty, value)),
        };
        Ok(Value::CData(CData::new(types.clone(), ty, addr, region)))
    }

    /// cffi's `ffi.string`: the bytes of a NUL-terminated `char` pointer or array.
    pub fn string(&self, data: &CData, max_len: Option<usize>) -> Result<Vec<u8>> {
        data.string(max_len)
    }

    fn buffer_view(&self, ty: TypeId, addr: usize, len: usize) -> Result<TypeId> {
        let types = &self.types;
        let elem = match types.kind(ty) {
            TypeKind::Array { elem, .. } => *elem,
            TypeKind::Pointer(target) => *target,
            _ => {
                return Err(Error::type_error(format!(
                    "a buffer view needs an array or pointer type, got `{}`",
                    types.name(ty)
                )));
            }
        };
        let layout = types.layout(elem).ok_or_else(|| {
            Error::type_error(format!("`{}` has no known size", types.name(elem)))
        })?;
        if !addr.is_multiple_of(layout.align as usize) {
            return Err(Error::type_error(format!(
                "the buffer at {addr:#x} is not aligned for `{}` ({} bytes)",
                types.name(elem),
                layout.align
            )));
        }
        match types.kind(ty) {
            TypeKind::Array { len: Some(n), .. } => {
                if n.saturating_mul(layout.size) > len as u64 {
                    return Err(Error::bounds(format!(
                        "a buffer of {len} bytes is too small for `{}`",
                        types.name(ty)
                    )));
                }
                Ok(ty)
            }
            TypeKind::Array { len: None, .. } => {
                let count = (len as u64).checked_div(layout.size).unwrap_or(0);
                self.array_type(elem, count)
            }
            _ => Ok(ty),
        }
    }

    /// Lends `buffer` to C without copying: `f` gets cdata of type `ty` (an array type —
    /// `"char[]"` takes the buffer's whole length — or a pointer type) over the buffer's
    /// memory, which can be passed to calls and read and written with bounds checks. When
    /// `f` returns, every cdata made from the buffer stops working (accesses are errors).
    pub fn with_buffer<R>(
        &self,
        ty: impl IntoCType,
        buffer: &mut [u8],
        f: impl FnOnce(&CData) -> R,
    ) -> Result<R> {
        let ty = self.resolve(ty)?;
        let addr = buffer.as_mut_ptr().expose_provenance();
        let view = self.buffer_view(ty, addr, buffer.len())?;
        struct EndOfScope(Rc<Owner>);
        impl Drop for EndOfScope {
            fn drop(&mut self) {
                if let Owner::Scoped(alive) = &*self.0 {
                    alive.set(false);
                }
            }
        }
        let owner = Rc::new(Owner::Scoped(Cell::new(true)));
        let _end = EndOfScope(owner.clone());
        let region = Region::bounded(addr, buffer.len(), Some(owner));
        let data = CData::new(self.types.clone(), view, addr, region);
        Ok(f(&data))
    }

    /// Wraps memory owned elsewhere (for tern: a pinned GC object) as cdata of type `ty`
    /// (array or pointer type, as in [`Ffi::with_buffer`]) without copying. `keep_alive` is
    /// dropped when the last cdata derived from the result is dropped (unpin there).
    ///
    /// # Safety
    /// `ptr` must be valid for reads and writes of `len` bytes, and must neither move nor
    /// be freed, nor be accessed through Rust references, until `keep_alive` is dropped.
    pub unsafe fn from_raw_buffer(
        &self,
        ty: impl IntoCType,
        ptr: *mut u8,
        len: usize,
        keep_alive: Box<dyn std::any::Any>,
    ) -> Result<CData> {
        let ty = self.resolve(ty)?;
        let addr = ptr.expose_provenance();
        if addr == 0 {
            return Err(Error::null("from_raw_buffer got a NULL pointer"));
        }
        let view = self.buffer_view(ty, addr, len)?;
        let region = Region::bounded(addr, len, Some(Rc::new(Owner::External(keep_alive))));
        Ok(CData::new(self.types.clone(), view, addr, region))
    }

    /// Loads a shared library (`Some(path)`) or opens the running program's global
    /// symbols, which include the C library (`None`, like `ffi.dlopen(None)`).
    pub fn dlopen(&self, path: Option<&str>) -> Result<Library> {
        Library::open(self.types.clone(), path)
    }

    /// Makes a Rust closure callable from C through a function pointer of type `ty`
    /// (e.g. `"int(*)(const void *, const void *)"`). See [`Callback`] for what happens when
    /// the closure fails.
    pub fn callback(
        &self,
        ty: impl IntoCType,
        f: impl Fn(&[Value]) -> Result<Value> + 'static,
    ) -> Result<Callback> {
        if Target::host() != Some(self.types.target) {
            return Err(Error::unsupported(
                "callbacks need an Ffi for the host target",
            ));
        }
        let ty = self.resolve(ty)?;
        Callback::new(&self.types, ty, Box::new(f))
    }

    /// A callable for a function-pointer cdata (from C, a struct member, or a callback).
    pub fn function_pointer(&self, data: &CData) -> Result<Function> {
        if Target::host() != Some(self.types.target) {
            return Err(Error::unsupported("calls need an Ffi for the host target"));
        }
        if data.types.uid != self.types.uid {
            return Err(Error::type_error("cdata from a different Ffi"));
        }
        let Some(fn_ty) = self.types.pointee(data.ty) else {
            return Err(Error::type_error(format!(
                "cdata `{}` is not a function pointer",
                data.type_name()
            )));
        };
        if data.is_null() {
            return Err(Error::null("cannot call a NULL function pointer"));
        }
        data.region.ensure_alive()?;
        let plan = CallPlan::new(self.types.clone(), fn_ty, "function pointer")?;
        Ok(Function {
            plan: Rc::new(plan),
            code: data.addr,
            _keep: Some(Rc::new(data.region.clone())),
        })
    }

    /// The errno saved after the most recent foreign call on this thread.
    pub fn errno(&self) -> i32 {
        errno::errno()
    }

    /// Sets the errno the next foreign call on this thread starts with.
    pub fn set_errno(&self, value: i32) {
        errno::set_errno(value);
    }
}

fn cast_error(types: &Types, ty: TypeId, value: &Value) -> Error {
    Error::type_error(format!(
        "cannot cast {} to `{}`",
        value.describe(),
        types.name(ty)
    ))
}
