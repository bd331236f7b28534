//! `_random`: the Mersenne Twister core under `random.Random`, bit-for-bit CPython's
//! `_randommodule.c` so that a seeded `random` module produces CPython's sequences.
//!
//! [`Mt19937`] is the generator (Matsumoto and Nishimura's reference algorithm with
//! `init_genrand`/`init_by_array`); the `Random` type owns one in a boxed state. Seeding
//! follows CPython exactly: `None` reads 624 words from the OS (time and pid if that
//! fails); an int seeds with the 32-bit little-endian chunks of `abs(n)`; any other object
//! with its hash reinterpreted as an unsigned 64-bit number.

use num_bigint::{BigInt, Sign};

use crate::objects::builtin_func::{MethodDef, func, meth};
use crate::runtime::builtin_types::T;
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::native::{self, TypeSpec};

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// The MT19937 generator state: 624 words and the index of the next word to temper.
#[derive(Clone)]
pub struct Mt19937 {
    state: [u32; N],
    index: usize,
}

impl Default for Mt19937 {
    fn default() -> Self {
        let mut m = Mt19937 {
            state: [0; N],
            index: N + 1,
        };
        m.init_genrand(19_650_218);
        m
    }
}

impl Mt19937 {
    /// Seeds from one word (`init_genrand`).
    pub fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    /// Seeds from a key of words (`init_by_array`).
    pub fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let mut i = 1usize;
        let mut j = 0usize;
        let len = key.len().max(1);
        let k0 = if N > len { N } else { len };
        for _ in 0..k0 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key.get(j).copied().unwrap_or(0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
    }

    fn twist(&mut self) {
        let mag = |y: u32| if y & 1 != 0 { MATRIX_A } else { 0 };
        for kk in 0..N - M {
            let y = (self.state[kk] & UPPER_MASK) | (self.state[kk + 1] & LOWER_MASK);
            self.state[kk] = self.state[kk + M] ^ (y >> 1) ^ mag(y);
        }
        for kk in N - M..N - 1 {
            let y = (self.state[kk] & UPPER_MASK) | (self.state[kk + 1] & LOWER_MASK);
            self.state[kk] = self.state[kk + M - N] ^ (y >> 1) ^ mag(y);
        }
        let y = (self.state[N - 1] & UPPER_MASK) | (self.state[0] & LOWER_MASK);
        self.state[N - 1] = self.state[M - 1] ^ (y >> 1) ^ mag(y);
        self.index = 0;
    }

    /// The next 32-bit output (`genrand_uint32`).
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// A float in `[0, 1)` with 53 random bits (`random_random`).
    pub fn next_f64(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `k` random bits as little-endian 32-bit words (the last one right-aligned).
    pub fn bits(&mut self, k: u64) -> Vec<u32> {
        let words = k.div_ceil(32) as usize;
        let mut out = Vec::with_capacity(words);
        let mut left = k;
        for _ in 0..words {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            out.push(r);
            left = left.saturating_sub(32);
        }
        out
    }
}

static RANDOM_METHODS: &[MethodDef] = &[
    func("__new__", random_new),
    meth("__init__", random_init),
    meth("seed", random_seed),
    meth("random", random_random),
    meth("getrandbits", random_getrandbits),
    meth("getstate", random_getstate),
    meth("setstate", random_setstate),
];

static RANDOM_TYPE: TypeSpec = TypeSpec {
    key: "_random.Random",
    module: "_random",
    name: "Random",
    methods: RANDOM_METHODS,
    getsets: &[],
    basetype: true,
    doc: "Random() -> create a random number generator with its own internal state.",
};

/// Builds `_random`.
pub fn init_random(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module(
        "_random",
        "Module implements the Mersenne Twister random number generator.",
        &[],
    )?;
    let mr = vm.push_root(m)?;
    let t = native::make_type(vm, &RANDOM_TYPE)?;
    vm.module_set(vm.get(mr), "Random", t)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

fn mt(vm: &mut Vm, v: Value) -> PyResult<&mut Mt19937> {
    native::state_or_err::<Mt19937>(vm, v, "_random.Random")
}

fn random_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.is_empty() {
        return Err(vm.type_error("Random.__new__(): not enough arguments"));
    }
    let cls = args.root(0);
    let exact = Some(vm.get(cls)) == vm.named_global(RANDOM_TYPE.key);
    if exact && args.has_kw() {
        return Err(vm.type_error("Random() takes no keyword arguments"));
    }
    native::new_native(vm, RANDOM_TYPE.key, Some(cls), Box::new(Mt19937::default()))
}

fn random_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = args.get(vm, 0);
    let exact = Some(vm.type_of(s)) == vm.named_global(RANDOM_TYPE.key);
    if exact && args.has_kw() {
        return Err(vm.type_error("Random() takes no keyword arguments"));
    }
    if args.len() > 2 {
        return Err(vm.type_error("Random() requires 0 or 1 argument"));
    }
    mt(vm, s)?;
    seed_from(vm, s, args.opt(vm, 1))?;
    Ok(vm.none())
}

fn random_seed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args.shift(), "seed", 0, 1)?;
    let s = args.get(vm, 0);
    mt(vm, s)?;
    seed_from(vm, s, args.opt(vm, 1))?;
    Ok(vm.none())
}

/// The `init_by_array` key of a non-negative int seed: its 32-bit little-endian words (at
/// least one word), as CPython builds it.
pub fn words_of(b: &BigInt) -> Vec<u32> {
    let (_, mut w) = b.to_u32_digits();
    if w.is_empty() {
        w.push(0);
    }
    w
}

fn seed_from(vm: &mut Vm, s: Value, arg: Option<Value>) -> PyResult<()> {
    let arg = arg.filter(|a| !vm.is_none(*a));
    let key = match arg {
        None => os_seed_words(),
        Some(a) => {
            if let Some(iv) = vm.int_val(a) {
                let b = iv.to_big();
                let b = if b.sign() == Sign::Minus { -b } else { b };
                words_of(&b)
            } else {
                let h = vm.hash(a)?;
                words_of(&BigInt::from(h as u64))
            }
        }
    };
    mt(vm, s)?.init_by_array(&key);
    Ok(())
}

/// 624 words from the OS, else from the time and pid (CPython's fallback).
fn os_seed_words() -> Vec<u32> {
    let mut buf = vec![0u8; N * 4];
    let ok = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut buf))
        .is_ok();
    if ok {
        return buf
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    vec![
        now as u32,
        (now >> 32) as u32,
        std::process::id(),
        (now >> 64) as u32,
    ]
}

fn random_random(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args.shift(), "Random.random", 0, 0)?;
    let s = args.get(vm, 0);
    let f = mt(vm, s)?.next_f64();
    vm.new_float(f)
}

fn random_getrandbits(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args.shift(), "Random.getrandbits", 1, 1)?;
    let s = args.get(vm, 0);
    mt(vm, s)?;
    let kv = args.get(vm, 1);
    let kv = vm.index_value(kv)?;
    let k = match vm.int_val(kv).and_then(|x| x.to_i64()) {
        Some(k) => k,
        None => {
            let neg = vm
                .int_val(kv)
                .is_some_and(|x| x.to_big().sign() == Sign::Minus);
            return Err(if neg {
                vm.value_error("number of bits must be non-negative")
            } else {
                vm.overflow_error("Python int too large to convert to C int")
            });
        }
    };
    if k < 0 {
        return Err(vm.value_error("number of bits must be non-negative"));
    }
    if k > i32::MAX as i64 {
        return Err(vm.overflow_error("Python int too large to convert to C int"));
    }
    let s = args.get(vm, 0);
    let g = mt(vm, s)?;
    if k == 0 {
        return Ok(Value::small(0));
    }
    if k <= 32 {
        let r = g.next_u32() >> (32 - k);
        return vm.new_int(r as i64);
    }
    let words = g.bits(k as u64);
    vm.new_int_big(BigInt::from_slice(Sign::Plus, &words))
}

fn random_getstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args.shift(), "Random.getstate", 0, 0)?;
    let s = args.get(vm, 0);
    let g = mt(vm, s)?.clone();
    let mark = vm.sp();
    for w in g.state {
        vm.push_root(Value::small(w as i64))?;
    }
    vm.push_root(Value::small(g.index as i64))?;
    let t = vm.pack_tuple(mark);
    vm.truncate(mark);
    t
}

fn random_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args.shift(), "Random.setstate", 1, 1)?;
    let s = args.get(vm, 0);
    mt(vm, s)?;
    let st = args.get(vm, 1);
    if !vm.isinstance_builtin(st, T::Tuple) {
        return Err(vm.type_error("state vector must be a tuple"));
    }
    let st = vm.payload_or_self(st);
    if vm.tuple_len(st) != N + 1 {
        return Err(vm.value_error("state vector is the wrong size"));
    }
    let mut words = [0u32; N];
    for (i, w) in words.iter_mut().enumerate() {
        let st = vm.payload_or_self(args.get(vm, 1));
        let x = vm.tuple_get(st, i);
        *w = unsigned_long(vm, x)? as u32;
    }
    let st = vm.payload_or_self(args.get(vm, 1));
    let x = vm.tuple_get(st, N);
    let index = match vm.int_val(x) {
        Some(iv) => match iv.to_i64() {
            Some(i) => i,
            None => return Err(vm.overflow_error("Python int too large to convert to C int")),
        },
        None => {
            let tn = vm.type_name(x);
            return Err(crate::raise!(
                vm,
                TypeError,
                "'{tn}' object cannot be interpreted as an integer"
            ));
        }
    };
    if index < 0 || index > N as i64 {
        return Err(vm.value_error("invalid state"));
    }
    let s = args.get(vm, 0);
    let g = mt(vm, s)?;
    g.state = words;
    g.index = index as usize;
    Ok(vm.none())
}

/// `PyLong_AsUnsignedLong` with CPython's messages.
fn unsigned_long(vm: &mut Vm, x: Value) -> PyResult<u64> {
    match vm.int_val(x) {
        Some(iv) => {
            let b = iv.to_big();
            if b.sign() == Sign::Minus {
                return Err(vm.overflow_error("can't convert negative value to unsigned int"));
            }
            let (_, d) = b.to_u64_digits();
            match d.len() {
                0 => Ok(0),
                1 => Ok(d[0]),
                _ => Err(vm.overflow_error("Python int too large to convert to C unsigned long")),
            }
        }
        None => Err(vm.type_error("an integer is required")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference output of `mt19937ar.c` (init_by_array {0x123, 0x234, 0x345, 0x456}).
    #[test]
    fn reference_sequence() {
        let mut g = Mt19937::default();
        g.init_by_array(&[0x123, 0x234, 0x345, 0x456]);
        let first: Vec<u32> = (0..5).map(|_| g.next_u32()).collect();
        assert_eq!(
            first,
            [
                1_067_595_299,
                955_945_823,
                477_289_528,
                4_107_218_783,
                4_228_976_476
            ]
        );
    }

    /// `random.seed(42); random.random()` in CPython.
    #[test]
    fn cpython_seed_42() {
        let mut g = Mt19937::default();
        g.init_by_array(&words_of(&BigInt::from(42)));
        assert_eq!(g.next_f64(), 0.6394267984578837);
        assert_eq!(g.next_f64(), 0.025010755222666936);
    }

    #[test]
    fn bits_are_right_aligned() {
        let mut a = Mt19937::default();
        let mut b = a.clone();
        let w = a.bits(40);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0], b.next_u32());
        assert_eq!(w[1], b.next_u32() >> 24);
    }
}
