//! Typed member access: [`TypedField`] (a member checked once against a Rust scalar type)
//! and [`BoundField`] (that member of one particular object, checked once).
//!
//! Design: a [`FieldAccessor`] resolves a name to an offset; [`FieldAccessor::typed`] then
//! checks that the member is exactly the C scalar of `T` (not a bit-field), so reads and
//! writes need no `Value`, no range check and no conversion. [`TypedField::bind`] does the
//! type, NULL and bounds checks for one cdata and keeps its memory alive; what is left per
//! access on a [`BoundField`] is one test of a flag (whether the memory is a scoped borrow,
//! `Ffi::with_buffer`, whose scope may have ended) and the load or store at a known address
//! — the software form of the single instruction PyPy's JIT emits.
//!
//! Invariants: a `BoundField` holds the region (and so the owner) of the memory it points
//! into, its address range was checked against the region when it was bound and regions
//! never shrink, so the address stays valid for its whole life unless the region is a
//! scoped borrow, which is tested on every access.

use std::marker::PhantomData;

use crate::access::FieldAccessor;
use crate::cdata::CData;
use crate::error::{Error, Result};
use crate::memory::{Region, dangling};
use crate::typed::CScalar;

/// A struct member known to be exactly the C scalar type of `T`.
pub struct TypedField<T> {
    accessor: FieldAccessor,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for TypedField<T> {
    fn clone(&self) -> Self {
        TypedField {
            accessor: self.accessor.clone(),
            _type: PhantomData,
        }
    }
}

impl<T: CScalar> TypedField<T> {
    pub(crate) fn new(accessor: &FieldAccessor) -> Result<TypedField<T>> {
        match accessor.plain_scalar() {
            Some(scalar) if scalar == T::scalar().0 => Ok(TypedField {
                accessor: accessor.clone(),
                _type: PhantomData,
            }),
            _ => Err(Error::type_error(format!(
                "member `{}` has type `{}`, which `{}` does not match{}",
                accessor.name(),
                accessor.type_name(),
                std::any::type_name::<T>(),
                if accessor.is_bitfield() {
                    " (bit-fields have no typed access: use `read_int`/`write_int`)"
                } else {
                    ""
                }
            ))),
        }
    }

    /// The untyped accessor this was made from.
    pub fn accessor(&self) -> &FieldAccessor {
        &self.accessor
    }

    /// Reads the member of `data` (a struct/union or a pointer to one).
    #[inline]
    pub fn read(&self, data: &CData) -> Result<T> {
        let at = self.accessor.address(data)?;
        // SAFETY: `address` checked the member's full size against the data's extent and
        // that the memory is alive; the member's scalar is `T`'s.
        Ok(unsafe { T::load(at) })
    }

    /// Writes the member of `data`.
    #[inline]
    pub fn write(&self, data: &CData, value: T) -> Result<()> {
        let at = self.accessor.address(data)?;
        // SAFETY: as in `read`.
        unsafe { value.store(at) };
        Ok(())
    }

    /// Checks `data` once (type, NULL, bounds) and returns the member of that object as a
    /// [`BoundField`], whose accesses are a load or store at a known address.
    pub fn bind(&self, data: &CData) -> Result<BoundField<T>> {
        let addr = self.accessor.address(data)?;
        Ok(BoundField {
            addr,
            region: data.region.clone(),
            _type: PhantomData,
        })
    }
}

impl<T> std::fmt::Debug for TypedField<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "<typed field {:?} as {}>",
            self.accessor,
            std::any::type_name::<T>()
        )
    }
}

/// One member of one object, checked when it was bound; keeps the object's memory alive.
pub struct BoundField<T> {
    addr: usize,
    region: Region,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for BoundField<T> {
    fn clone(&self) -> Self {
        BoundField {
            addr: self.addr,
            region: self.region.clone(),
            _type: PhantomData,
        }
    }
}

impl<T: CScalar> BoundField<T> {
    /// Reads the member. Fails only if the memory is a `with_buffer` borrow whose scope
    /// has ended (a `Dangling` error).
    #[inline]
    pub fn get(&self) -> Result<T> {
        if self.region.is_alive() {
            // SAFETY: the range was checked against the region when binding; the region
            // keeps the memory alive and, being alive, it is still lent to us.
            Ok(unsafe { T::load(self.addr) })
        } else {
            Err(dangling())
        }
    }

    /// Writes the member (fails like [`BoundField::get`]).
    #[inline]
    pub fn set(&self, value: T) -> Result<()> {
        if self.region.is_alive() {
            // SAFETY: as in `get`.
            unsafe { value.store(self.addr) };
            Ok(())
        } else {
            Err(dangling())
        }
    }

    /// The member's address.
    pub fn address(&self) -> usize {
        self.addr
    }
}

impl<T> std::fmt::Debug for BoundField<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "<bound field {} at {:#x}>",
            std::any::type_name::<T>(),
            self.addr
        )
    }
}
