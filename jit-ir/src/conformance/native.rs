//! The native side of the conformance world: real functions compiled code can call.
//!
//! Machine backends call functions by address with the platform ABI, so the suite
//! provides `extern "C"` functions: the GC's slow paths (allocation, write barrier) over
//! the current [`ModelHeap`], and the callees of the test traces. Every memory access
//! they make goes through the heap's checked operations (a bad pointer is recorded as a
//! fault and reported, never undefined behaviour), except the force protocol, whose token
//! is by definition the address of the running frame's force word.
//!
//! The IR interpreter reference calls the very same functions through closures
//! ([`native_functions`]) that translate the exception cells into
//! [`CallContext::raise`](crate::interp::CallContext::raise), so both sides run identical
//! callee code. The current heap, the exception cells and the fault record are
//! thread-local: one conformance run per thread.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::backend::{BackendConfig, GcHooks, RuntimeHooks, WriteBarrier};
use crate::heap::{ModelHeap, SharedHeap, Trap, WB_FLAG};
use crate::interp::Functions;
use crate::tracegen::{EXC_CLASS, EXC_VALUE, FnAddrs, World};
use crate::value::Value;

thread_local! {
    static HEAP: RefCell<Option<Rc<RefCell<ModelHeap>>>> = const { RefCell::new(None) };
    static EXCEPTION: [Cell<u64>; 2] = const { [Cell::new(0), Cell::new(0)] };
    static FAULT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Makes `heap` the current heap of this thread until the guard is dropped.
pub struct CurrentHeap {
    previous: Option<Rc<RefCell<ModelHeap>>>,
}

impl CurrentHeap {
    /// Installs `heap` as the heap the native functions use.
    pub fn enter(heap: &SharedHeap) -> CurrentHeap {
        let previous = HEAP.with(|h| h.borrow_mut().replace(heap.0.clone()));
        CurrentHeap { previous }
    }
}

impl Drop for CurrentHeap {
    fn drop(&mut self) {
        let previous = self.previous.take();
        HEAP.with(|h| *h.borrow_mut() = previous);
    }
}

fn fault(message: String) {
    FAULT.with(|f| {
        let mut f = f.borrow_mut();
        if f.is_none() {
            *f = Some(message);
        }
    });
}

/// Takes the first fault recorded by a native function since the last call.
pub fn take_fault() -> Option<String> {
    FAULT.with(|f| f.borrow_mut().take())
}

/// Takes (and clears) the pending exception in the exception cells.
pub fn take_exception() -> Option<(u64, u64)> {
    EXCEPTION.with(|e| {
        let class = e[0].replace(0);
        let value = e[1].replace(0);
        (class != 0).then_some((class, value))
    })
}

fn with_heap<T>(what: &str, f: impl FnOnce(&mut ModelHeap) -> Result<T, Trap>) -> Option<T> {
    HEAP.with(|h| {
        let h = h.borrow();
        let Some(heap) = h.as_ref() else {
            fault(format!("{what}: no current heap"));
            return None;
        };
        let Ok(mut heap) = heap.try_borrow_mut() else {
            fault(format!("{what}: the heap is busy"));
            return None;
        };
        // A callee may be handed an object compiled code allocated inline since the
        // last sync: discover those first (a no-op for the interpreting backend).
        heap.sync();
        match f(&mut heap) {
            Ok(v) => Some(v),
            Err(t) => {
                fault(format!("{what}: {t}"));
                None
            }
        }
    })
}

fn raise(class: u64, value: u64) {
    EXCEPTION.with(|e| {
        e[0].set(class);
        e[1].set(value);
    });
}

// Offsets of the World's Node fields (checked against `World::new()` in a test).
const NODE_VAL: u64 = 16;
const NODE_NEXT: u64 = 24;
const NODE_FL: u64 = 32;
const NODE_SMALL: u64 = 48;

/// Allocation slow path: `(size, type_id) -> object` (0 and a fault on failure).
pub extern "C" fn rt_malloc(size: u64, type_id: u64) -> u64 {
    with_heap("malloc_slowpath", |h| {
        let addr = h.allocate_by_type_id(type_id as u32, 0)?;
        let real = h.block_at(addr).map_or(0, |b| b.size as u64);
        if real != size {
            return Err(Trap::BadAddress { addr, size });
        }
        Ok(addr)
    })
    .unwrap_or(0)
}

/// Array allocation slow path: `(type_id, length) -> array`.
pub extern "C" fn rt_malloc_array(type_id: u64, length: i64) -> u64 {
    with_heap("malloc_array_slowpath", |h| {
        h.allocate_by_type_id(type_id as u32, length)
    })
    .unwrap_or(0)
}

/// Write barrier slow path: `(object)`.
pub extern "C" fn rt_write_barrier(obj: u64) {
    with_heap("write_barrier", |h| h.write_barrier(obj));
}

/// `f_mix(a, b) = a * 31 ^ b` (elidable).
pub extern "C" fn nf_mix(a: i64, b: i64) -> i64 {
    a.wrapping_mul(31) ^ b
}

/// `f_check(a)`: raises when `a` is a multiple of 5; returns `2a`.
pub extern "C" fn nf_check(a: i64) -> i64 {
    if a.rem_euclid(5) == 0 {
        raise(EXC_CLASS, EXC_VALUE);
    }
    a.wrapping_mul(2)
}

/// `f_store(node, v)`: `node.val = v`.
pub extern "C" fn nf_store(p: u64, v: i64) {
    with_heap("f_store", |h| {
        h.write(p.wrapping_add(NODE_VAL), 8, v as u64)
    });
}

/// `f_read(node) = node.val + 3 * node.small`.
pub extern "C" fn nf_read(p: u64) -> i64 {
    with_heap("f_read", |h| {
        let v = h.read(p.wrapping_add(NODE_VAL), 8)? as i64;
        let s = h.read(p.wrapping_add(NODE_SMALL), 2)? as u16 as i16 as i64;
        Ok(v.wrapping_add(s.wrapping_mul(3)))
    })
    .unwrap_or(0)
}

/// `f_any(node, x)`: `fl += 1; val ^= x; if x % 3 == 0 { next = null }`; returns the
/// old `val`.
pub extern "C" fn nf_any(p: u64, x: i64) -> i64 {
    with_heap("f_any", |h| {
        let fl = f64::from_bits(h.read(p.wrapping_add(NODE_FL), 8)?);
        h.write(p.wrapping_add(NODE_FL), 8, (fl + 1.0).to_bits())?;
        let v = h.read(p.wrapping_add(NODE_VAL), 8)? as i64;
        h.write(p.wrapping_add(NODE_VAL), 8, (v ^ x) as u64)?;
        if x.rem_euclid(3) == 0 {
            h.write(p.wrapping_add(NODE_NEXT), 8, 0)?;
        }
        Ok(v)
    })
    .unwrap_or(0)
}

/// `f_float(a, b) = a * 0.5 + b` (elidable).
pub extern "C" fn nf_float(a: f64, b: f64) -> f64 {
    a * 0.5 + b
}

/// `f_force_token(token, x)`: forces the frame when `x` is a multiple of 7; returns
/// `x + 1`.
pub extern "C" fn nf_force_token(token: u64, x: i64) -> i64 {
    if x.rem_euclid(7) == 0 {
        if token == 0 || !token.is_multiple_of(8) {
            fault(format!("f_force_token: bad force token {token:#x}"));
        } else {
            // SAFETY: by the force protocol (see `crate::interp`), a force token is the
            // address of the running frame's 8-byte force word, alive during the call.
            unsafe { *(token as *mut u64) = 1 };
        }
    }
    x.wrapping_add(1)
}

/// `f_sum8(a..h) = a + 2b + 3c + ... + 8h` (position-sensitive, 8 integer arguments).
#[allow(clippy::too_many_arguments)]
pub extern "C" fn nf_sum8(a: i64, b: i64, c: i64, d: i64, e: i64, f: i64, g: i64, h: i64) -> i64 {
    [a, b, c, d, e, f, g, h]
        .iter()
        .enumerate()
        .fold(0i64, |acc, (i, &x)| {
            acc.wrapping_add(x.wrapping_mul(i as i64 + 1))
        })
}

/// `f_mixed(a, b, c, d, e) = a - 2c + 4e + (b - 3d)` (interleaved float/int arguments).
pub extern "C" fn nf_mixed(a: f64, b: i64, c: f64, d: i64, e: f64) -> f64 {
    a - 2.0 * c + 4.0 * e + b.wrapping_sub(d.wrapping_mul(3)) as f64
}

/// `f_small(x)`: returns a 2-byte signed result whose upper bits are garbage; the caller
/// must sign-extend the low 16 bits.
pub extern "C" fn nf_small(x: i64) -> i64 {
    (x.wrapping_mul(40503) & 0xffff) | 0x5a5a_0000_0000_0000u64 as i64 | ((x & 1) << 40)
}

/// The conformance world: the tracegen [`World`] with native function addresses.
pub fn native_world() -> World {
    let mut w = World::new();
    w.addrs = FnAddrs {
        mix: nf_mix as extern "C" fn(i64, i64) -> i64 as usize as u64,
        check: nf_check as extern "C" fn(i64) -> i64 as usize as u64,
        store: nf_store as extern "C" fn(u64, i64) as usize as u64,
        read: nf_read as extern "C" fn(u64) -> i64 as usize as u64,
        any: nf_any as extern "C" fn(u64, i64) -> i64 as usize as u64,
        float: nf_float as extern "C" fn(f64, f64) -> f64 as usize as u64,
        force: nf_force_token as extern "C" fn(u64, i64) -> i64 as usize as u64,
    };
    w
}

/// Addresses of the extra functions the fixed cases call.
pub fn extra_addrs() -> [(&'static str, u64); 3] {
    type Sum8 = extern "C" fn(i64, i64, i64, i64, i64, i64, i64, i64) -> i64;
    [
        ("sum8", nf_sum8 as Sum8 as usize as u64),
        (
            "mixed",
            nf_mixed as extern "C" fn(f64, i64, f64, i64, f64) -> f64 as usize as u64,
        ),
        (
            "small",
            nf_small as extern "C" fn(i64) -> i64 as usize as u64,
        ),
    ]
}

fn int(args: &[Value], i: usize) -> Result<i64, String> {
    args.get(i)
        .and_then(|v| v.as_int())
        .ok_or_else(|| format!("argument {i} should be an int, got {:?}", args.get(i)))
}

fn float(args: &[Value], i: usize) -> Result<f64, String> {
    args.get(i)
        .and_then(|v| v.as_float())
        .ok_or_else(|| format!("argument {i} should be a float, got {:?}", args.get(i)))
}

fn reference(args: &[Value], i: usize) -> Result<u64, String> {
    args.get(i)
        .and_then(|v| v.as_ref())
        .ok_or_else(|| format!("argument {i} should be a ref, got {:?}", args.get(i)))
}

/// Closures calling the native functions, for the IR interpreter reference.
pub fn native_functions(world: &World) -> Functions {
    let mut f = Functions::new();
    let a = world.addrs;
    let checked = |r: Option<Value>| -> Result<Option<Value>, String> {
        match take_fault() {
            Some(m) => Err(m),
            None => Ok(r),
        }
    };
    f.register(a.mix, move |_, x| {
        checked(Some(Value::Int(nf_mix(int(x, 0)?, int(x, 1)?))))
    });
    f.register(a.check, move |ctx, x| {
        let r = nf_check(int(x, 0)?);
        if let Some((class, value)) = take_exception() {
            ctx.raise(class, value);
        }
        checked(Some(Value::Int(r)))
    });
    f.register(a.store, move |_, x| {
        nf_store(reference(x, 0)?, int(x, 1)?);
        checked(None)
    });
    f.register(a.read, move |_, x| {
        checked(Some(Value::Int(nf_read(reference(x, 0)?))))
    });
    f.register(a.any, move |_, x| {
        checked(Some(Value::Int(nf_any(reference(x, 0)?, int(x, 1)?))))
    });
    f.register(a.float, move |_, x| {
        checked(Some(Value::Float(nf_float(float(x, 0)?, float(x, 1)?))))
    });
    f.register(a.force, move |_, x| {
        checked(Some(Value::Int(nf_force_token(
            reference(x, 0)?,
            int(x, 1)?,
        ))))
    });
    let [(_, sum8), (_, mixed), (_, small)] = extra_addrs();
    f.register(sum8, move |_, x| {
        let v: Vec<i64> = (0..8).map(|i| int(x, i)).collect::<Result<_, _>>()?;
        checked(Some(Value::Int(nf_sum8(
            v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
        ))))
    });
    f.register(mixed, move |_, x| {
        checked(Some(Value::Float(nf_mixed(
            float(x, 0)?,
            int(x, 1)?,
            float(x, 2)?,
            int(x, 3)?,
            float(x, 4)?,
        ))))
    });
    f.register(small, move |_, x| {
        checked(Some(Value::Int(nf_small(int(x, 0)?))))
    });
    f
}

/// The [`BackendConfig`] for running compiled code on `heap` in this thread.
pub fn backend_config(heap: &ModelHeap) -> BackendConfig {
    let (free, top) = heap.nursery_cells();
    let layout = heap.object_layout();
    let (exc_class, exc_value) = EXCEPTION.with(|e| (e[0].as_ptr() as u64, e[1].as_ptr() as u64));
    BackendConfig {
        layout,
        gc: GcHooks {
            nursery_free: free,
            nursery_top: top,
            malloc_slowpath: rt_malloc as extern "C" fn(u64, u64) -> u64 as usize as u64,
            malloc_array_slowpath: rt_malloc_array as extern "C" fn(u64, i64) -> u64 as usize
                as u64,
            nursery_zeroed: true,
            write_barrier: Some(WriteBarrier {
                flag_offset: layout.flags_offset,
                flag_mask: WB_FLAG,
                slowpath: rt_write_barrier as extern "C" fn(u64) as usize as u64,
            }),
            moving: false,
        },
        runtime: RuntimeHooks {
            exc_class,
            exc_value,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_offsets_match_the_world() {
        let w = World::new();
        assert_eq!(w.node_val.offset as u64, NODE_VAL);
        assert_eq!(w.node_next.offset as u64, NODE_NEXT);
        assert_eq!(w.node_fl.offset as u64, NODE_FL);
        assert_eq!(w.node_small.offset as u64, NODE_SMALL);
    }

    #[test]
    fn native_functions_fault_instead_of_crashing() {
        let heap = SharedHeap::new(ModelHeap::new(256));
        let _current = CurrentHeap::enter(&heap);
        assert_eq!(nf_read(0x10), 0);
        assert!(take_fault().unwrap().contains("f_read"));
        assert_eq!(nf_check(10), 20);
        assert_eq!(take_exception(), Some((EXC_CLASS, EXC_VALUE)));
        assert_eq!(take_exception(), None);
    }
}
