//! Direct call stubs: calling common C signatures without libffi.
//!
//! Design: on both supported ABIs (x86-64 System V and AAPCS64), arguments of integer class
//! (integers, bools, enums, pointers) are assigned to integer registers in order and
//! `double`s to vector registers in order, independently of how the two kinds interleave.
//! So any non-variadic C function whose arguments fit in registers (here: up to 6 integer
//! class and up to 4 `double`) and whose result is `void`, integer class or `double` can be
//! called through a Rust `extern "C" fn(u64 x n, f64 x m) -> R` with the integer arguments
//! first, in order, then the doubles in order. Integer arguments are passed fully sign- or
//! zero-extended to 64 bits (which satisfies every callee expectation about the upper bits);
//! integer results are truncated to the declared C type by the caller (`Scalar::decode_int`),
//! since the ABI leaves the upper bits of a narrow result unspecified.
//!
//! This is the cached-signature fast path PyPy's JIT relies on (no libffi on the hot path).
//! The table below is the single source of truth for which shapes have a stub; anything
//! else (variadic, `float`, structs by value, more arguments) goes through libffi.

/// Calls the function at `code` with the given register arguments and returns the raw
/// result register (`double` results as their bits, `void` as 0).
pub(crate) type StubFn = unsafe fn(code: usize, regs: &Regs) -> u64;

pub(crate) const MAX_INT_ARGS: usize = 6;
pub(crate) const MAX_FLOAT_ARGS: usize = 4;

/// Register arguments: integer-class arguments in slots `0..MAX_INT_ARGS`, then the bits of
/// the `double` arguments (so marshalling stores every argument the same way, into the slot
/// precomputed for its parameter).
pub(crate) type Regs = [u64; MAX_INT_ARGS + MAX_FLOAT_ARGS];

/// The slot of the `index`-th `double` argument in [`Regs`].
pub(crate) const fn float_slot(index: usize) -> usize {
    MAX_INT_ARGS + index
}

/// Result register class of a stub.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetClass {
    Void,
    Int,
    Double,
}

macro_rules! stub_set {
    ([$($i:ident $ii:literal),*], [$($f:ident $fi:literal),*]) => {
        [
            {
                /// # Safety
                /// `code` must be a function taking exactly these register classes and
                /// returning void.
                unsafe fn stub(code: usize, regs: &Regs) -> u64 {
                    $(let $i = regs[$ii];)*
                    $(let $f = f64::from_bits(regs[float_slot($fi)]);)*
                    let _ = regs;
                    // SAFETY: the caller guarantees `code` is a C function whose arguments
                    // land in exactly these registers (see the module header); a data
                    // pointer and a function pointer have the same size on these targets.
                    unsafe {
                        let fun: unsafe extern "C" fn($($i: u64,)* $($f: f64,)*) =
                            std::mem::transmute(std::ptr::with_exposed_provenance::<()>(code));
                        fun($($i,)* $($f,)*);
                    }
                    0
                }
                stub as StubFn
            },
            {
                /// # Safety
                /// As above, for an integer-class result.
                unsafe fn stub(code: usize, regs: &Regs) -> u64 {
                    $(let $i = regs[$ii];)*
                    $(let $f = f64::from_bits(regs[float_slot($fi)]);)*
                    let _ = regs;
                    // SAFETY: as above; the result register is read whole and truncated by
                    // the caller to the declared type.
                    unsafe {
                        let fun: unsafe extern "C" fn($($i: u64,)* $($f: f64,)*) -> u64 =
                            std::mem::transmute(std::ptr::with_exposed_provenance::<()>(code));
                        fun($($i,)* $($f,)*)
                    }
                }
                stub as StubFn
            },
            {
                /// # Safety
                /// As above, for a `double` result.
                unsafe fn stub(code: usize, regs: &Regs) -> u64 {
                    $(let $i = regs[$ii];)*
                    $(let $f = f64::from_bits(regs[float_slot($fi)]);)*
                    let _ = regs;
                    // SAFETY: as above, with the result in the first vector register.
                    unsafe {
                        let fun: unsafe extern "C" fn($($i: u64,)* $($f: f64,)*) -> f64 =
                            std::mem::transmute(std::ptr::with_exposed_provenance::<()>(code));
                        fun($($i,)* $($f,)*).to_bits()
                    }
                }
                stub as StubFn
            },
        ]
    };
}

macro_rules! stub_row {
    ($($i:ident $ii:literal),*) => {
        [
            stub_set!([$($i $ii),*], []),
            stub_set!([$($i $ii),*], [f0 0]),
            stub_set!([$($i $ii),*], [f0 0, f1 1]),
            stub_set!([$($i $ii),*], [f0 0, f1 1, f2 2]),
            stub_set!([$($i $ii),*], [f0 0, f1 1, f2 2, f3 3]),
        ]
    };
}

/// `STUBS[integer args][double args][result class]`.
static STUBS: [[[StubFn; 3]; MAX_FLOAT_ARGS + 1]; MAX_INT_ARGS + 1] = [
    stub_row!(),
    stub_row!(i0 0),
    stub_row!(i0 0, i1 1),
    stub_row!(i0 0, i1 1, i2 2),
    stub_row!(i0 0, i1 1, i2 2, i3 3),
    stub_row!(i0 0, i1 1, i2 2, i3 3, i4 4),
    stub_row!(i0 0, i1 1, i2 2, i3 3, i4 4, i5 5),
];

/// The stub for a signature shape, if there is one and the host ABI is supported.
pub(crate) fn stub_for(int_args: usize, float_args: usize, ret: RetClass) -> Option<StubFn> {
    if !cfg!(all(
        any(target_arch = "x86_64", target_arch = "aarch64"),
        target_os = "linux"
    )) {
        return None;
    }
    let ret_index = match ret {
        RetClass::Void => 0,
        RetClass::Int => 1,
        RetClass::Double => 2,
    };
    STUBS
        .get(int_args)?
        .get(float_args)
        .map(|row| row[ret_index])
}

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" fn mixed(a: i32, x: f64, b: u8, y: f64, c: i64) -> f64 {
        f64::from(a) * 1000.0 + x * 100.0 + f64::from(b) * 10.0 + y + c as f64 * 0.5
    }

    extern "C" fn narrow(a: i8, b: u16) -> i32 {
        i32::from(a) * 100_000 + i32::from(b)
    }

    #[test]
    fn interleaved_arguments_land_in_the_right_registers() {
        let stub = stub_for(3, 2, RetClass::Double).unwrap();
        let code = (mixed as extern "C" fn(i32, f64, u8, f64, i64) -> f64 as *const ())
            .expose_provenance();
        let mut regs: Regs = [0; MAX_INT_ARGS + MAX_FLOAT_ARGS];
        regs[..3].copy_from_slice(&[(-3i64) as u64, 7, 9]);
        regs[float_slot(0)] = 2.0f64.to_bits();
        regs[float_slot(1)] = 0.25f64.to_bits();
        // SAFETY: `mixed` takes three integer-class and two double arguments.
        let bits = unsafe { stub(code, &regs) };
        assert_eq!(f64::from_bits(bits), mixed(-3, 2.0, 7, 0.25, 9));
    }

    #[test]
    fn narrow_integers_are_extended_and_results_truncated_by_caller() {
        let stub = stub_for(2, 0, RetClass::Int).unwrap();
        let code = (narrow as extern "C" fn(i8, u16) -> i32 as *const ()).expose_provenance();
        let mut regs: Regs = [0; MAX_INT_ARGS + MAX_FLOAT_ARGS];
        regs[..2].copy_from_slice(&[(-5i64) as u64, 65535]);
        // SAFETY: `narrow` takes two integer-class arguments.
        let raw = unsafe { stub(code, &regs) };
        assert_eq!(raw as u32 as i32, narrow(-5, 65535));
    }

    #[test]
    fn shapes_beyond_the_table_have_no_stub() {
        assert!(stub_for(7, 0, RetClass::Int).is_none());
        assert!(stub_for(0, 5, RetClass::Int).is_none());
    }
}
