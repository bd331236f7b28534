//! The buffer protocol as the data modules see it: read the bytes of any bytes-like object
//! (`bytes`, `bytearray`, `memoryview`, `array.array`), and write into the writable ones
//! (`bytearray`, `array.array`). Reads copy: the VM's objects may move at the next
//! allocation, so no slice outlives the call that made it.

use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::array::array_bytes_mut;

/// The bytes of a bytes-like object, or `None`.
pub fn try_read(vm: &mut Vm, v: Value) -> Option<Vec<u8>> {
    if let Some(b) = vm.bytes_like(v) {
        return Some(b);
    }
    array_bytes_mut(vm, v).map(|b| b.clone())
}

/// The bytes of a bytes-like object, else CPython's `TypeError`.
pub fn read(vm: &mut Vm, v: Value) -> PyResult<Vec<u8>> {
    match try_read(vm, v) {
        Some(b) => Ok(b),
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "a bytes-like object is required, not '{tn}'"
            ))
        }
    }
}

/// The length of a writable buffer, or `None` if `v` is not one.
pub fn writable_len(vm: &mut Vm, v: Value) -> Option<usize> {
    if let Some(b) = vm.bytearray_data(v) {
        return Some(b.len());
    }
    array_bytes_mut(vm, v).map(|b| b.len())
}

/// Copies `data` into the writable buffer `v` at `off` (bounds checked by the caller).
pub fn write_at(vm: &mut Vm, v: Value, off: usize, data: &[u8]) {
    if let Some(b) = vm.bytearray_vec(v) {
        b[off..off + data.len()].copy_from_slice(data);
        return;
    }
    if let Some(b) = array_bytes_mut(vm, v) {
        b[off..off + data.len()].copy_from_slice(data);
    }
}
