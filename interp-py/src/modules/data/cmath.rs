//! `cmath`: complex math with CPython's algorithms and C99 Annex G special values.
//!
//! Every function follows CPython 3.11's `cmathmodule.c` formula for formula (the tables are
//! 3.11's: `acosh(±0+nanj)` and `tanh(±0+nanj)` are `nan+nanj`, changed in later versions) (so results
//! agree to the last bit on the same libm): special inputs (an infinite or NaN part) are
//! answered from 7x7 tables indexed by the [`Class`] of the real and imaginary parts; each
//! function returns its value with an [`Errno`] that the glue maps to `ValueError("math
//! domain error")` or `OverflowError("math range error")`.

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// A complex value.
pub type C = (f64, f64);

/// The floating-point condition a function reports.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Errno {
    /// No error.
    Ok,
    /// Domain error (`ValueError`).
    Dom,
    /// Range error (`OverflowError`).
    Range,
}

const PI: f64 = std::f64::consts::PI;
const INF: f64 = f64::INFINITY;
const NAN: f64 = f64::NAN;
const P: f64 = PI;
const P14: f64 = 0.25 * PI;
const P12: f64 = 0.5 * PI;
const P34: f64 = 0.75 * PI;
/// Placeholder for table entries that finite inputs never reach.
const U: f64 = -9.542_631_940_771_103e33;
const LARGE: f64 = f64::MAX / 4.0;
const LN2: f64 = std::f64::consts::LN_2;
const LN10: f64 = std::f64::consts::LN_10;
const MANT_DIG: i32 = 53;
const SCALE_UP: i32 = 2 * (MANT_DIG / 2) + 1;
const SCALE_DOWN: i32 = -(SCALE_UP + 1) / 2;

fn sqrt_large() -> f64 {
    LARGE.sqrt()
}
fn log_large() -> f64 {
    LARGE.ln()
}
fn sqrt_dbl_min() -> f64 {
    f64::MIN_POSITIVE.sqrt()
}

unsafe extern "C" {
    // The C library's asinh: Rust's `f64::asinh` is its own formula and can differ from
    // glibc's by an ulp, and CPython calls the C one.
    fn asinh(x: f64) -> f64;
}

fn c_asinh_real(x: f64) -> f64 {
    // SAFETY: `asinh` is a pure C math function taking and returning a double.
    unsafe { asinh(x) }
}

/// The class of a double for the special-value tables.
#[derive(Clone, Copy)]
enum Class {
    NInf = 0,
    Neg,
    NZero,
    PZero,
    Pos,
    PInf,
    Nan,
}

fn class(d: f64) -> Class {
    if d.is_finite() {
        match (d != 0.0, d.is_sign_positive()) {
            (true, true) => Class::Pos,
            (true, false) => Class::Neg,
            (false, true) => Class::PZero,
            (false, false) => Class::NZero,
        }
    } else if d.is_nan() {
        Class::Nan
    } else if d > 0.0 {
        Class::PInf
    } else {
        Class::NInf
    }
}

type Table = [[C; 7]; 7];

fn special(t: &Table, z: C) -> C {
    t[class(z.0) as usize][class(z.1) as usize]
}

fn not_finite(z: C) -> bool {
    !z.0.is_finite() || !z.1.is_finite()
}

const N: f64 = NAN;

static ACOS: Table = [
    [
        (P34, INF),
        (P, INF),
        (P, INF),
        (P, -INF),
        (P, -INF),
        (P34, -INF),
        (N, INF),
    ],
    [
        (P12, INF),
        (U, U),
        (U, U),
        (U, U),
        (U, U),
        (P12, -INF),
        (N, N),
    ],
    [
        (P12, INF),
        (U, U),
        (P12, 0.),
        (P12, -0.),
        (U, U),
        (P12, -INF),
        (P12, N),
    ],
    [
        (P12, INF),
        (U, U),
        (P12, 0.),
        (P12, -0.),
        (U, U),
        (P12, -INF),
        (P12, N),
    ],
    [
        (P12, INF),
        (U, U),
        (U, U),
        (U, U),
        (U, U),
        (P12, -INF),
        (N, N),
    ],
    [
        (P14, INF),
        (0., INF),
        (0., INF),
        (0., -INF),
        (0., -INF),
        (P14, -INF),
        (N, INF),
    ],
    [(N, INF), (N, N), (N, N), (N, N), (N, N), (N, -INF), (N, N)],
];
static ACOSH: Table = [
    [
        (INF, -P34),
        (INF, -P),
        (INF, -P),
        (INF, P),
        (INF, P),
        (INF, P34),
        (INF, N),
    ],
    [
        (INF, -P12),
        (U, U),
        (U, U),
        (U, U),
        (U, U),
        (INF, P12),
        (N, N),
    ],
    [
        (INF, -P12),
        (U, U),
        (0., -P12),
        (0., P12),
        (U, U),
        (INF, P12),
        (N, N),
    ],
    [
        (INF, -P12),
        (U, U),
        (0., -P12),
        (0., P12),
        (U, U),
        (INF, P12),
        (N, N),
    ],
    [
        (INF, -P12),
        (U, U),
        (U, U),
        (U, U),
        (U, U),
        (INF, P12),
        (N, N),
    ],
    [
        (INF, -P14),
        (INF, -0.),
        (INF, -0.),
        (INF, 0.),
        (INF, 0.),
        (INF, P14),
        (INF, N),
    ],
    [(INF, N), (N, N), (N, N), (N, N), (N, N), (INF, N), (N, N)],
];
static ASINH: Table = [
    [
        (-INF, -P14),
        (-INF, -0.),
        (-INF, -0.),
        (-INF, 0.),
        (-INF, 0.),
        (-INF, P14),
        (-INF, N),
    ],
    [
        (-INF, -P12),
        (U, U),
        (U, U),
        (U, U),
        (U, U),
        (-INF, P12),
        (N, N),
    ],
    [
        (-INF, -P12),
        (U, U),
        (-0., -0.),
        (-0., 0.),
        (U, U),
        (-INF, P12),
        (N, N),
    ],
    [
        (INF, -P12),
        (U, U),
        (0., -0.),
        (0., 0.),
        (U, U),
        (INF, P12),
        (N, N),
    ],
    [
        (INF, -P12),
        (U, U),
        (U, U),
        (U, U),
        (U, U),
        (INF, P12),
        (N, N),
    ],
    [
        (INF, -P14),
        (INF, -0.),
        (INF, -0.),
        (INF, 0.),
        (INF, 0.),
        (INF, P14),
        (INF, N),
    ],
    [
        (INF, N),
        (N, N),
        (N, -0.),
        (N, 0.),
        (N, N),
        (INF, N),
        (N, N),
    ],
];
static ATANH: Table = [
    [
        (-0., -P12),
        (-0., -P12),
        (-0., -P12),
        (-0., P12),
        (-0., P12),
        (-0., P12),
        (-0., N),
    ],
    [
        (-0., -P12),
        (U, U),
        (U, U),
        (U, U),
        (U, U),
        (-0., P12),
        (N, N),
    ],
    [
        (-0., -P12),
        (U, U),
        (-0., -0.),
        (-0., 0.),
        (U, U),
        (-0., P12),
        (-0., N),
    ],
    [
        (0., -P12),
        (U, U),
        (0., -0.),
        (0., 0.),
        (U, U),
        (0., P12),
        (0., N),
    ],
    [
        (0., -P12),
        (U, U),
        (U, U),
        (U, U),
        (U, U),
        (0., P12),
        (N, N),
    ],
    [
        (0., -P12),
        (0., -P12),
        (0., -P12),
        (0., P12),
        (0., P12),
        (0., P12),
        (0., N),
    ],
    [
        (0., -P12),
        (N, N),
        (N, N),
        (N, N),
        (N, N),
        (0., P12),
        (N, N),
    ],
];
static COSH: Table = [
    [
        (INF, N),
        (U, U),
        (INF, 0.),
        (INF, -0.),
        (U, U),
        (INF, N),
        (INF, N),
    ],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [
        (N, 0.),
        (U, U),
        (1., 0.),
        (1., -0.),
        (U, U),
        (N, 0.),
        (N, 0.),
    ],
    [
        (N, 0.),
        (U, U),
        (1., -0.),
        (1., 0.),
        (U, U),
        (N, 0.),
        (N, 0.),
    ],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [
        (INF, N),
        (U, U),
        (INF, -0.),
        (INF, 0.),
        (U, U),
        (INF, N),
        (INF, N),
    ],
    [(N, N), (N, N), (N, 0.), (N, 0.), (N, N), (N, N), (N, N)],
];
static EXP: Table = [
    [
        (0., 0.),
        (U, U),
        (0., -0.),
        (0., 0.),
        (U, U),
        (0., 0.),
        (0., 0.),
    ],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [(N, N), (U, U), (1., -0.), (1., 0.), (U, U), (N, N), (N, N)],
    [(N, N), (U, U), (1., -0.), (1., 0.), (U, U), (N, N), (N, N)],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [
        (INF, N),
        (U, U),
        (INF, -0.),
        (INF, 0.),
        (U, U),
        (INF, N),
        (INF, N),
    ],
    [(N, N), (N, N), (N, -0.), (N, 0.), (N, N), (N, N), (N, N)],
];
static LOG: Table = [
    [
        (INF, -P34),
        (INF, -P),
        (INF, -P),
        (INF, P),
        (INF, P),
        (INF, P34),
        (INF, N),
    ],
    [
        (INF, -P12),
        (U, U),
        (U, U),
        (U, U),
        (U, U),
        (INF, P12),
        (N, N),
    ],
    [
        (INF, -P12),
        (U, U),
        (-INF, -P),
        (-INF, P),
        (U, U),
        (INF, P12),
        (N, N),
    ],
    [
        (INF, -P12),
        (U, U),
        (-INF, -0.),
        (-INF, 0.),
        (U, U),
        (INF, P12),
        (N, N),
    ],
    [
        (INF, -P12),
        (U, U),
        (U, U),
        (U, U),
        (U, U),
        (INF, P12),
        (N, N),
    ],
    [
        (INF, -P14),
        (INF, -0.),
        (INF, -0.),
        (INF, 0.),
        (INF, 0.),
        (INF, P14),
        (INF, N),
    ],
    [(INF, N), (N, N), (N, N), (N, N), (N, N), (INF, N), (N, N)],
];
static SINH: Table = [
    [
        (INF, N),
        (U, U),
        (-INF, -0.),
        (-INF, 0.),
        (U, U),
        (INF, N),
        (INF, N),
    ],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [
        (0., N),
        (U, U),
        (-0., -0.),
        (-0., 0.),
        (U, U),
        (0., N),
        (0., N),
    ],
    [
        (0., N),
        (U, U),
        (0., -0.),
        (0., 0.),
        (U, U),
        (0., N),
        (0., N),
    ],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [
        (INF, N),
        (U, U),
        (INF, -0.),
        (INF, 0.),
        (U, U),
        (INF, N),
        (INF, N),
    ],
    [(N, N), (N, N), (N, -0.), (N, 0.), (N, N), (N, N), (N, N)],
];
static SQRT: Table = [
    [
        (INF, -INF),
        (0., -INF),
        (0., -INF),
        (0., INF),
        (0., INF),
        (INF, INF),
        (N, INF),
    ],
    [
        (INF, -INF),
        (U, U),
        (U, U),
        (U, U),
        (U, U),
        (INF, INF),
        (N, N),
    ],
    [
        (INF, -INF),
        (U, U),
        (0., -0.),
        (0., 0.),
        (U, U),
        (INF, INF),
        (N, N),
    ],
    [
        (INF, -INF),
        (U, U),
        (0., -0.),
        (0., 0.),
        (U, U),
        (INF, INF),
        (N, N),
    ],
    [
        (INF, -INF),
        (U, U),
        (U, U),
        (U, U),
        (U, U),
        (INF, INF),
        (N, N),
    ],
    [
        (INF, -INF),
        (INF, -0.),
        (INF, -0.),
        (INF, 0.),
        (INF, 0.),
        (INF, INF),
        (INF, N),
    ],
    [
        (INF, -INF),
        (N, N),
        (N, N),
        (N, N),
        (N, N),
        (INF, INF),
        (N, N),
    ],
];
static TANH: Table = [
    [
        (-1., 0.),
        (U, U),
        (-1., -0.),
        (-1., 0.),
        (U, U),
        (-1., 0.),
        (-1., 0.),
    ],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [
        (N, N),
        (U, U),
        (-0., -0.),
        (-0., 0.),
        (U, U),
        (N, N),
        (N, N),
    ],
    [(N, N), (U, U), (0., -0.), (0., 0.), (U, U), (N, N), (N, N)],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [
        (1., 0.),
        (U, U),
        (1., -0.),
        (1., 0.),
        (U, U),
        (1., 0.),
        (1., 0.),
    ],
    [(N, N), (N, N), (N, -0.), (N, 0.), (N, N), (N, N), (N, N)],
];
static RECT: Table = [
    [
        (INF, N),
        (U, U),
        (-INF, 0.),
        (-INF, -0.),
        (U, U),
        (INF, N),
        (INF, N),
    ],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [
        (0., 0.),
        (U, U),
        (-0., 0.),
        (-0., -0.),
        (U, U),
        (0., 0.),
        (0., 0.),
    ],
    [
        (0., 0.),
        (U, U),
        (0., -0.),
        (0., 0.),
        (U, U),
        (0., 0.),
        (0., 0.),
    ],
    [(N, N), (U, U), (U, U), (U, U), (U, U), (N, N), (N, N)],
    [
        (INF, N),
        (U, U),
        (INF, -0.),
        (INF, 0.),
        (U, U),
        (INF, N),
        (INF, N),
    ],
    [(N, N), (N, N), (N, 0.), (N, 0.), (N, N), (N, N), (N, N)],
];

fn ldexp(x: f64, e: i32) -> f64 {
    x * 2f64.powi(e)
}

/// `sqrt(z)`.
pub fn sqrt(z: C) -> (C, Errno) {
    if not_finite(z) {
        return (special(&SQRT, z), Errno::Ok);
    }
    if z.0 == 0.0 && z.1 == 0.0 {
        return ((0.0, z.1), Errno::Ok);
    }
    let (mut ax, ay) = (z.0.abs(), z.1.abs());
    let s = if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        ax = ldexp(ax, SCALE_UP);
        ldexp((ax + ax.hypot(ldexp(ay, SCALE_UP))).sqrt(), SCALE_DOWN)
    } else {
        ax /= 8.0;
        2.0 * (ax + ax.hypot(ay / 8.0)).sqrt()
    };
    let d = ay / (2.0 * s);
    if z.0 >= 0.0 {
        ((s, d.copysign(z.1)), Errno::Ok)
    } else {
        ((d, s.copysign(z.1)), Errno::Ok)
    }
}

/// `acos(z)`.
pub fn acos(z: C) -> (C, Errno) {
    if not_finite(z) {
        return (special(&ACOS, z), Errno::Ok);
    }
    let r = if z.0.abs() > LARGE || z.1.abs() > LARGE {
        (
            z.1.abs().atan2(z.0),
            -((z.0 / 2.0).hypot(z.1 / 2.0).ln() + LN2 * 2.0).copysign(z.1),
        )
    } else {
        let s1 = sqrt((1.0 - z.0, -z.1)).0;
        let s2 = sqrt((1.0 + z.0, z.1)).0;
        (
            2.0 * s1.0.atan2(s2.0),
            c_asinh_real(s2.0 * s1.1 - s2.1 * s1.0),
        )
    };
    (r, Errno::Ok)
}

/// `acosh(z)`.
pub fn acosh(z: C) -> (C, Errno) {
    if not_finite(z) {
        return (special(&ACOSH, z), Errno::Ok);
    }
    let r = if z.0.abs() > LARGE || z.1.abs() > LARGE {
        (
            (z.0 / 2.0).hypot(z.1 / 2.0).ln() + LN2 * 2.0,
            z.1.atan2(z.0),
        )
    } else {
        let s1 = sqrt((z.0 - 1.0, z.1)).0;
        let s2 = sqrt((z.0 + 1.0, z.1)).0;
        (
            c_asinh_real(s1.0 * s2.0 + s1.1 * s2.1),
            2.0 * s1.1.atan2(s2.0),
        )
    };
    (r, Errno::Ok)
}

/// `asinh(z)`.
pub fn asinh_c(z: C) -> (C, Errno) {
    if not_finite(z) {
        return (special(&ASINH, z), Errno::Ok);
    }
    let r = if z.0.abs() > LARGE || z.1.abs() > LARGE {
        let m = (z.0 / 2.0).hypot(z.1 / 2.0).ln() + LN2 * 2.0;
        let re = if z.1 >= 0.0 {
            m.copysign(z.0)
        } else {
            -m.copysign(-z.0)
        };
        (re, z.1.atan2(z.0.abs()))
    } else {
        let s1 = sqrt((1.0 + z.1, -z.0)).0;
        let s2 = sqrt((1.0 - z.1, z.0)).0;
        (
            c_asinh_real(s1.0 * s2.1 - s2.0 * s1.1),
            z.1.atan2(s1.0 * s2.0 - s1.1 * s2.1),
        )
    };
    (r, Errno::Ok)
}

/// `asin(z) = -i asinh(iz)`.
pub fn asin(z: C) -> (C, Errno) {
    let (s, e) = asinh_c((-z.1, z.0));
    ((s.1, -s.0), e)
}

/// `atanh(z)`.
pub fn atanh(z: C) -> (C, Errno) {
    if not_finite(z) {
        return (special(&ATANH, z), Errno::Ok);
    }
    if z.0 < 0.0 {
        let (r, e) = atanh((-z.0, -z.1));
        return ((-r.0, -r.1), e);
    }
    let ay = z.1.abs();
    if z.0 > sqrt_large() || ay > sqrt_large() {
        let h = (z.0 / 2.0).hypot(z.1 / 2.0);
        ((z.0 / 4.0 / h / h, (PI / 2.0).copysign(z.1)), Errno::Ok)
    } else if z.0 == 1.0 && ay < sqrt_dbl_min() {
        if ay == 0.0 {
            ((INF, z.1), Errno::Dom)
        } else {
            (
                (
                    -(ay.sqrt() / ay.hypot(2.0).sqrt()).ln(),
                    (2f64.atan2(-ay) / 2.0).copysign(z.1),
                ),
                Errno::Ok,
            )
        }
    } else {
        (
            (
                (4.0 * z.0 / ((1.0 - z.0) * (1.0 - z.0) + ay * ay)).ln_1p() / 4.0,
                -(-2.0 * z.1).atan2((1.0 - z.0) * (1.0 + z.0) - ay * ay) / 2.0,
            ),
            Errno::Ok,
        )
    }
}

/// `atan(z) = -i atanh(iz)`.
pub fn atan(z: C) -> (C, Errno) {
    let (s, e) = atanh((-z.1, z.0));
    ((s.1, -s.0), e)
}

fn overflow_check(r: C) -> Errno {
    if r.0.is_infinite() || r.1.is_infinite() {
        Errno::Range
    } else {
        Errno::Ok
    }
}

/// `cosh(z)`.
pub fn cosh(z: C) -> (C, Errno) {
    if not_finite(z) {
        let r = if z.0.is_infinite() && z.1.is_finite() && z.1 != 0.0 {
            if z.0 > 0.0 {
                (INF.copysign(z.1.cos()), INF.copysign(z.1.sin()))
            } else {
                (INF.copysign(z.1.cos()), -INF.copysign(z.1.sin()))
            }
        } else {
            special(&COSH, z)
        };
        let e = if z.1.is_infinite() && !z.0.is_nan() {
            Errno::Dom
        } else {
            Errno::Ok
        };
        return (r, e);
    }
    let r = if z.0.abs() > log_large() {
        let x1 = z.0 - 1f64.copysign(z.0);
        (
            z.1.cos() * x1.cosh() * std::f64::consts::E,
            z.1.sin() * x1.sinh() * std::f64::consts::E,
        )
    } else {
        (z.1.cos() * z.0.cosh(), z.1.sin() * z.0.sinh())
    };
    (r, overflow_check(r))
}

/// `cos(z) = cosh(iz)`.
pub fn cos(z: C) -> (C, Errno) {
    cosh((-z.1, z.0))
}

/// `sinh(z)`.
pub fn sinh(z: C) -> (C, Errno) {
    if not_finite(z) {
        let r = if z.0.is_infinite() && z.1.is_finite() && z.1 != 0.0 {
            if z.0 > 0.0 {
                (INF.copysign(z.1.cos()), INF.copysign(z.1.sin()))
            } else {
                (-INF.copysign(z.1.cos()), INF.copysign(z.1.sin()))
            }
        } else {
            special(&SINH, z)
        };
        let e = if z.1.is_infinite() && !z.0.is_nan() {
            Errno::Dom
        } else {
            Errno::Ok
        };
        return (r, e);
    }
    let r = if z.0.abs() > log_large() {
        let x1 = z.0 - 1f64.copysign(z.0);
        (
            z.1.cos() * x1.sinh() * std::f64::consts::E,
            z.1.sin() * x1.cosh() * std::f64::consts::E,
        )
    } else {
        (z.1.cos() * z.0.sinh(), z.1.sin() * z.0.cosh())
    };
    (r, overflow_check(r))
}

/// `sin(z) = -i sinh(iz)`.
pub fn sin(z: C) -> (C, Errno) {
    let (s, e) = sinh((-z.1, z.0));
    ((s.1, -s.0), e)
}

/// `tanh(z)`.
pub fn tanh(z: C) -> (C, Errno) {
    if not_finite(z) {
        let r = if z.0.is_infinite() && z.1.is_finite() && z.1 != 0.0 {
            let im = 0f64.copysign(2.0 * z.1.sin() * z.1.cos());
            if z.0 > 0.0 { (1.0, im) } else { (-1.0, im) }
        } else {
            special(&TANH, z)
        };
        let e = if z.1.is_infinite() && z.0.is_finite() {
            Errno::Dom
        } else {
            Errno::Ok
        };
        return (r, e);
    }
    let r = if z.0.abs() > log_large() {
        (
            1f64.copysign(z.0),
            4.0 * z.1.sin() * z.1.cos() * (-2.0 * z.0.abs()).exp(),
        )
    } else {
        let tx = z.0.tanh();
        let ty = z.1.tan();
        let cx = 1.0 / z.0.cosh();
        let txty = tx * ty;
        let denom = 1.0 + txty * txty;
        (tx * (1.0 + ty * ty) / denom, ((ty / denom) * cx) * cx)
    };
    (r, Errno::Ok)
}

/// `tan(z) = -i tanh(iz)`.
pub fn tan(z: C) -> (C, Errno) {
    let (s, e) = tanh((-z.1, z.0));
    ((s.1, -s.0), e)
}

/// `exp(z)`.
pub fn exp(z: C) -> (C, Errno) {
    if not_finite(z) {
        let r = if z.0.is_infinite() && z.1.is_finite() && z.1 != 0.0 {
            if z.0 > 0.0 {
                (INF.copysign(z.1.cos()), INF.copysign(z.1.sin()))
            } else {
                (0f64.copysign(z.1.cos()), 0f64.copysign(z.1.sin()))
            }
        } else {
            special(&EXP, z)
        };
        let e = if z.1.is_infinite() && (z.0.is_finite() || (z.0.is_infinite() && z.0 > 0.0)) {
            Errno::Dom
        } else {
            Errno::Ok
        };
        return (r, e);
    }
    let r = if z.0 > log_large() {
        let l = (z.0 - 1.0).exp();
        (
            l * z.1.cos() * std::f64::consts::E,
            l * z.1.sin() * std::f64::consts::E,
        )
    } else {
        let l = z.0.exp();
        (l * z.1.cos(), l * z.1.sin())
    };
    (r, overflow_check(r))
}

/// `log(z)` (natural).
pub fn log(z: C) -> (C, Errno) {
    if not_finite(z) {
        return (special(&LOG, z), Errno::Ok);
    }
    let (ax, ay) = (z.0.abs(), z.1.abs());
    let re = if ax > LARGE || ay > LARGE {
        (ax / 2.0).hypot(ay / 2.0).ln() + LN2
    } else if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        if ax > 0.0 || ay > 0.0 {
            ldexp(ax, MANT_DIG).hypot(ldexp(ay, MANT_DIG)).ln() - MANT_DIG as f64 * LN2
        } else {
            return ((-INF, z.1.atan2(z.0)), Errno::Dom);
        }
    } else {
        let h = ax.hypot(ay);
        if (0.71..=1.73).contains(&h) {
            let am = ax.max(ay);
            let an = ax.min(ay);
            ((am - 1.0) * (am + 1.0) + an * an).ln_1p() / 2.0
        } else {
            h.ln()
        }
    };
    ((re, z.1.atan2(z.0)), Errno::Ok)
}

/// `log10(z)`.
pub fn log10(z: C) -> (C, Errno) {
    let (r, e) = log(z);
    ((r.0 / LN10, r.1 / LN10), e)
}

/// CPython's `_Py_c_quot` (EDOM on division by zero).
pub fn quot(a: C, b: C) -> (C, Errno) {
    let (abr, abi) = (b.0.abs(), b.1.abs());
    if abr >= abi {
        if abr == 0.0 {
            return ((0.0, 0.0), Errno::Dom);
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        (
            ((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom),
            Errno::Ok,
        )
    } else if abi >= abr {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        (
            ((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom),
            Errno::Ok,
        )
    } else {
        ((NAN, NAN), Errno::Ok)
    }
}

/// CPython's `_Py_c_abs`.
pub fn c_abs(z: C) -> (f64, Errno) {
    if not_finite(z) {
        if z.0.is_infinite() {
            return (z.0.abs(), Errno::Ok);
        }
        if z.1.is_infinite() {
            return (z.1.abs(), Errno::Ok);
        }
        return (NAN, Errno::Ok);
    }
    let r = z.0.hypot(z.1);
    (
        r,
        if r.is_finite() {
            Errno::Ok
        } else {
            Errno::Range
        },
    )
}

/// `rect(r, phi)`.
pub fn rect(r: f64, phi: f64) -> (C, Errno) {
    if !r.is_finite() || !phi.is_finite() {
        let z = if r.is_infinite() && phi.is_finite() && phi != 0.0 {
            if r > 0.0 {
                (INF.copysign(phi.cos()), INF.copysign(phi.sin()))
            } else {
                (-INF.copysign(phi.cos()), -INF.copysign(phi.sin()))
            }
        } else {
            special(&RECT, (r, phi))
        };
        let e = if r != 0.0 && !r.is_nan() && phi.is_infinite() {
            Errno::Dom
        } else {
            Errno::Ok
        };
        return (z, e);
    }
    if phi == 0.0 {
        return ((r, r * phi), Errno::Ok);
    }
    ((r * phi.cos(), r * phi.sin()), Errno::Ok)
}

// ----- Python glue ----------------------------------------------------------------------------

fn math_error(vm: &mut Vm, e: Errno) -> crate::runtime::errors::PyErr {
    match e {
        Errno::Range => vm.overflow_error("math range error"),
        _ => vm.value_error("math domain error"),
    }
}

/// `PyComplex_AsCComplex`: complex, `__complex__`, then real numbers.
fn to_complex(vm: &mut Vm, v: Value) -> PyResult<C> {
    if let Some(c) = vm.complex_of(v) {
        return Ok(c);
    }
    let complex_name = vm.intern("__complex__")?;
    let ty = vm.type_of(v);
    if let Some(m) = vm.type_lookup(ty, complex_name) {
        let r = vm.call_special_found(m, v, &[])?;
        return match vm.complex_of(r) {
            Some(c) => Ok(c),
            None => {
                let tn = vm.type_name(r);
                Err(crate::raise!(
                    vm,
                    TypeError,
                    "__complex__ returned non-complex (type {tn})"
                ))
            }
        };
    }
    Ok((to_double(vm, v)?, 0.0))
}

/// `PyFloat_AsDouble` with the "must be real number" message.
fn to_double(vm: &mut Vm, v: Value) -> PyResult<f64> {
    if let Some(f) = vm.float_of(v) {
        return Ok(f);
    }
    if let Some(iv) = vm.int_val(v) {
        let iv = crate::objects::number::own(iv);
        return vm.int_to_float(iv.as_ref());
    }
    if let Some(r) = vm.call_special0(v, n::FLOAT)? {
        if let Some(f) = vm.float_of(r) {
            return Ok(f);
        }
        let tn = vm.type_name(r);
        return Err(crate::raise!(
            vm,
            TypeError,
            "__float__ returned non-float (type {tn})"
        ));
    }
    let ty = vm.type_of(v);
    if vm.lookup_special(ty, n::INDEX).is_some() {
        let i = vm.index_value(v)?;
        let iv = vm.int_val(i).map(crate::objects::number::own);
        if let Some(iv) = iv {
            return vm.int_to_float(iv.as_ref());
        }
    }
    let tn = vm.type_name(v);
    Err(crate::raise!(
        vm,
        TypeError,
        "must be real number, not {tn}"
    ))
}

fn one_arg(vm: &mut Vm, args: Args, name: &str, f: fn(C) -> (C, Errno)) -> PyResult<Value> {
    vm.check_args(args, name, 1, 1)?;
    let z = to_complex(vm, args.get(vm, 0))?;
    let (r, e) = f(z);
    if e != Errno::Ok {
        return Err(math_error(vm, e));
    }
    vm.new_complex(r.0, r.1)
}

macro_rules! wrappers {
    ($($py:ident => $name:literal, $f:path;)*) => {
        $(fn $py(vm: &mut Vm, args: Args) -> PyResult<Value> {
            one_arg(vm, args, $name, $f)
        })*
        static FUNCTIONS: &[MethodDef] = &[
            $(func($name, $py),)*
            func("log", py_log),
            func("phase", py_phase),
            func("polar", py_polar),
            func("rect", py_rect),
            func("isfinite", py_isfinite),
            func("isnan", py_isnan),
            func("isinf", py_isinf),
            func("isclose", py_isclose),
        ];
    };
}

wrappers! {
    py_acos => "acos", acos;
    py_acosh => "acosh", acosh;
    py_asin => "asin", asin;
    py_asinh => "asinh", asinh_c;
    py_atan => "atan", atan;
    py_atanh => "atanh", atanh;
    py_cos => "cos", cos;
    py_cosh => "cosh", cosh;
    py_exp => "exp", exp;
    py_log10 => "log10", log10;
    py_sin => "sin", sin;
    py_sinh => "sinh", sinh;
    py_sqrt => "sqrt", sqrt;
    py_tan => "tan", tan;
    py_tanh => "tanh", tanh;
}

fn py_log(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "log", 1, 2)?;
    let x = to_complex(vm, args.get(vm, 0))?;
    let (mut r, mut e) = log(x);
    if let Some(b) = args.opt(vm, 1) {
        let y = to_complex(vm, b)?;
        // Like CPython, the base's log overwrites the errno of the first one.
        let (ly, e2) = log(y);
        let (q, e3) = quot(r, ly);
        e = if e3 != Errno::Ok { e3 } else { e2 };
        r = q;
    }
    if e != Errno::Ok {
        return Err(math_error(vm, e));
    }
    vm.new_complex(r.0, r.1)
}

fn py_phase(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "phase", 1, 1)?;
    let z = to_complex(vm, args.get(vm, 0))?;
    let phi = z.1.atan2(z.0);
    // glibc's atan2 reports an underflow to zero as ERANGE, which CPython turns into
    // OverflowError here.
    if phi == 0.0 && z.1 != 0.0 && z.0.is_finite() {
        return Err(math_error(vm, Errno::Range));
    }
    vm.new_float(phi)
}

fn py_polar(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "polar", 1, 1)?;
    let z = to_complex(vm, args.get(vm, 0))?;
    let phi = z.1.atan2(z.0);
    let (r, e) = c_abs(z);
    if e != Errno::Ok {
        return Err(math_error(vm, e));
    }
    let mark = vm.sp();
    let a = vm.new_float(r)?;
    vm.push_root(a)?;
    let b = vm.new_float(phi)?;
    vm.push_root(b)?;
    let t = vm.pack_tuple(mark);
    vm.truncate(mark);
    t
}

fn py_rect(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "rect", 2, 2)?;
    let r = to_double(vm, args.get(vm, 0))?;
    let phi = to_double(vm, args.get(vm, 1))?;
    let (z, e) = rect(r, phi);
    if e != Errno::Ok {
        return Err(math_error(vm, e));
    }
    vm.new_complex(z.0, z.1)
}

fn py_isfinite(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "isfinite", 1, 1)?;
    let z = to_complex(vm, args.get(vm, 0))?;
    Ok(vm.bool_val(z.0.is_finite() && z.1.is_finite()))
}

fn py_isnan(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "isnan", 1, 1)?;
    let z = to_complex(vm, args.get(vm, 0))?;
    Ok(vm.bool_val(z.0.is_nan() || z.1.is_nan()))
}

fn py_isinf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "isinf", 1, 1)?;
    let z = to_complex(vm, args.get(vm, 0))?;
    Ok(vm.bool_val(z.0.is_infinite() || z.1.is_infinite()))
}

fn py_isclose(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "isclose",
        params: &["a", "b", "rel_tol", "abs_tol"],
        posonly: 0,
        kwonly: 2,
        required: 2,
    };
    let [a, b, rt, at] = vm.bind::<4>(args, &SIG)?;
    let a = to_complex(vm, vm.get(a.expect("required")))?;
    let b = to_complex(vm, vm.get(b.expect("required")))?;
    let rel = match rt {
        Some(r) => to_double(vm, vm.get(r))?,
        None => 1e-9,
    };
    let abs = match at {
        Some(r) => to_double(vm, vm.get(r))?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(vm.value_error("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(vm.bool_val(true));
    }
    if a.0.is_infinite() || a.1.is_infinite() || b.0.is_infinite() || b.1.is_infinite() {
        return Ok(vm.bool_val(false));
    }
    let diff = c_abs((a.0 - b.0, a.1 - b.1)).0;
    let close = diff <= rel * c_abs(b).0 || diff <= rel * c_abs(a).0 || diff <= abs;
    Ok(vm.bool_val(close))
}

/// Builds `cmath`.
pub fn init_cmath(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module(
        "cmath",
        "This module provides access to mathematical functions for complex\nnumbers.",
        FUNCTIONS,
    )?;
    let mr = vm.push_root(m)?;
    for (name, v) in [
        ("pi", PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", INF),
        ("nan", NAN.abs()),
    ] {
        let f = vm.new_float(v)?;
        vm.module_set(vm.get(mr), name, f)?;
    }
    let infj = vm.new_complex(0.0, INF)?;
    vm.module_set(vm.get(mr), "infj", infj)?;
    let nanj = vm.new_complex(0.0, NAN.abs())?;
    vm.module_set(vm.get(mr), "nanj", nanj)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principal_values() {
        assert_eq!(sqrt((-4.0, 0.0)).0, (0.0, 2.0));
        assert_eq!(sqrt((-4.0, -0.0)).0, (0.0, -2.0));
        assert_eq!(log((0.0, 0.0)).1, Errno::Dom);
        assert_eq!(exp((1000.0, 0.0)).1, Errno::Range);
        assert_eq!(atanh((1.0, 0.0)).1, Errno::Dom);
        let (r, e) = exp((0.0, PI));
        assert_eq!(e, Errno::Ok);
        assert!((r.0 + 1.0).abs() < 1e-15);
    }

    #[test]
    fn special_tables() {
        assert_eq!(sqrt((f64::NEG_INFINITY, 1.0)).0, (0.0, INF));
        assert!(acos((INF, NAN)).0.0.is_nan());
        assert_eq!(rect(INF, 0.0).0, (INF, 0.0));
    }
}
