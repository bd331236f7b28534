//! The hash modules under `hashlib` when OpenSSL's `_hashlib` is absent: `_md5`, `_sha1`,
//! `_sha256` (sha224/sha256), `_sha512` (sha384/sha512), `_sha3` (sha3_*, shake_*) and
//! `_blake2` (blake2b/blake2s with CPython's parameters).
//!
//! One table ([`ALGOS`]) is the single source of truth for each algorithm's name, type,
//! digest and block size. A hash object is a native boxed object whose state is a
//! [`Hasher`] (RustCrypto digests; BLAKE2 from [`super::blake2`]); `digest()` finalizes a
//! clone, so the object keeps accepting `update`.

use sha2::Digest;
use sha3::digest::{ExtendableOutput, Update, XofReader};

use crate::objects::builtin_func::{GetSetDef, MethodDef, func, getter, meth};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::blake2::{Blake2b, Blake2s, Params};
use super::native::{self, TypeSpec};

/// The running state of one hash object.
#[derive(Clone)]
pub enum Hasher {
    /// MD5.
    Md5(md5::Md5),
    /// SHA-1.
    Sha1(sha1::Sha1),
    /// SHA-224.
    Sha224(sha2::Sha224),
    /// SHA-256.
    Sha256(sha2::Sha256),
    /// SHA-384.
    Sha384(sha2::Sha384),
    /// SHA-512.
    Sha512(sha2::Sha512),
    /// SHA3-224.
    Sha3_224(sha3::Sha3_224),
    /// SHA3-256.
    Sha3_256(sha3::Sha3_256),
    /// SHA3-384.
    Sha3_384(sha3::Sha3_384),
    /// SHA3-512.
    Sha3_512(sha3::Sha3_512),
    /// SHAKE128.
    Shake128(sha3::Shake128),
    /// SHAKE256.
    Shake256(sha3::Shake256),
    /// BLAKE2b.
    Blake2b(Box<Blake2b>),
    /// BLAKE2s.
    Blake2s(Box<Blake2s>),
}

/// Which algorithm (index into [`ALGOS`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Algo {
    /// MD5.
    Md5,
    /// SHA-1.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// SHA3-224.
    Sha3_224,
    /// SHA3-256.
    Sha3_256,
    /// SHA3-384.
    Sha3_384,
    /// SHA3-512.
    Sha3_512,
    /// SHAKE128.
    Shake128,
    /// SHAKE256.
    Shake256,
    /// BLAKE2b.
    Blake2b,
    /// BLAKE2s.
    Blake2s,
}

/// The state of a hash object: its algorithm, digest size (BLAKE2 is variable) and hasher.
pub struct HashObj {
    algo: Algo,
    digest_size: usize,
    h: Hasher,
}

/// One algorithm's facts.
pub struct AlgoInfo {
    /// `name` attribute.
    pub name: &'static str,
    /// Digest size in bytes (0 for SHAKE).
    pub digest_size: usize,
    /// Block size in bytes.
    pub block_size: usize,
    /// The native type.
    pub ty: &'static TypeSpec,
}

macro_rules! hash_types {
    ($($algo:ident => $stat:ident, $module:literal, $tname:literal, $name:literal, $ds:expr, $bs:expr, $methods:ident, $getsets:ident, $base:expr;)*) => {
        $(
            static $stat: TypeSpec = TypeSpec {
                key: concat!($module, ".", $tname),
                module: $module,
                name: $tname,
                methods: $methods,
                getsets: $getsets,
                basetype: $base,
                doc: "",
            };
        )*
        /// The algorithms, indexed by [`Algo`].
        pub static ALGOS: &[AlgoInfo] = &[
            $(AlgoInfo { name: $name, digest_size: $ds, block_size: $bs, ty: &$stat },)*
        ];
    };
}

static FIXED_METHODS: &[MethodDef] = &[
    func("__new__", no_new),
    meth("update", h_update),
    meth("digest", h_digest),
    meth("hexdigest", h_hexdigest),
    meth("copy", h_copy),
];
static SHA3_METHODS: &[MethodDef] = &[
    func("__new__", sha3_new),
    meth("update", h_update),
    meth("digest", h_digest),
    meth("hexdigest", h_hexdigest),
    meth("copy", h_copy),
];
static SHAKE_METHODS: &[MethodDef] = &[
    func("__new__", sha3_new),
    meth("update", h_update),
    meth("digest", shake_digest),
    meth("hexdigest", shake_hexdigest),
    meth("copy", h_copy),
];
static BLAKE_METHODS: &[MethodDef] = &[
    func("__new__", blake2_new),
    meth("update", h_update),
    meth("digest", h_digest),
    meth("hexdigest", h_hexdigest),
    meth("copy", h_copy),
];
static GETSETS: &[GetSetDef] = &[
    getter("name", g_name),
    getter("digest_size", g_digest_size),
    getter("block_size", g_block_size),
];
static SHA3_GETSETS: &[GetSetDef] = &[
    getter("name", g_name),
    getter("digest_size", g_digest_size),
    getter("block_size", g_block_size),
    getter("_capacity_bits", g_capacity_bits),
    getter("_rate_bits", g_rate_bits),
    getter("_suffix", g_suffix),
];

hash_types! {
    Md5 => MD5_T, "_md5", "md5", "md5", 16, 64, FIXED_METHODS, GETSETS, false;
    Sha1 => SHA1_T, "_sha1", "sha1", "sha1", 20, 64, FIXED_METHODS, GETSETS, false;
    Sha224 => SHA224_T, "_sha256", "sha224", "sha224", 28, 64, FIXED_METHODS, GETSETS, false;
    Sha256 => SHA256_T, "_sha256", "sha256", "sha256", 32, 64, FIXED_METHODS, GETSETS, false;
    Sha384 => SHA384_T, "_sha512", "sha384", "sha384", 48, 128, FIXED_METHODS, GETSETS, false;
    Sha512 => SHA512_T, "_sha512", "sha512", "sha512", 64, 128, FIXED_METHODS, GETSETS, false;
    Sha3_224 => SHA3_224_T, "_sha3", "sha3_224", "sha3_224", 28, 144, SHA3_METHODS, SHA3_GETSETS, true;
    Sha3_256 => SHA3_256_T, "_sha3", "sha3_256", "sha3_256", 32, 136, SHA3_METHODS, SHA3_GETSETS, true;
    Sha3_384 => SHA3_384_T, "_sha3", "sha3_384", "sha3_384", 48, 104, SHA3_METHODS, SHA3_GETSETS, true;
    Sha3_512 => SHA3_512_T, "_sha3", "sha3_512", "sha3_512", 64, 72, SHA3_METHODS, SHA3_GETSETS, true;
    Shake128 => SHAKE128_T, "_sha3", "shake_128", "shake_128", 0, 168, SHAKE_METHODS, SHA3_GETSETS, true;
    Shake256 => SHAKE256_T, "_sha3", "shake_256", "shake_256", 0, 136, SHAKE_METHODS, SHA3_GETSETS, true;
    Blake2b => BLAKE2B_T, "_blake2", "blake2b", "blake2b", 64, 128, BLAKE_METHODS, GETSETS, true;
    Blake2s => BLAKE2S_T, "_blake2", "blake2s", "blake2s", 32, 64, BLAKE_METHODS, GETSETS, true;
}

const ALL: [Algo; 14] = [
    Algo::Md5,
    Algo::Sha1,
    Algo::Sha224,
    Algo::Sha256,
    Algo::Sha384,
    Algo::Sha512,
    Algo::Sha3_224,
    Algo::Sha3_256,
    Algo::Sha3_384,
    Algo::Sha3_512,
    Algo::Shake128,
    Algo::Shake256,
    Algo::Blake2b,
    Algo::Blake2s,
];

impl Algo {
    fn info(self) -> &'static AlgoInfo {
        &ALGOS[self as usize]
    }

    fn fresh(self) -> Hasher {
        match self {
            Algo::Md5 => Hasher::Md5(md5::Md5::new()),
            Algo::Sha1 => Hasher::Sha1(sha1::Sha1::new()),
            Algo::Sha224 => Hasher::Sha224(sha2::Sha224::new()),
            Algo::Sha256 => Hasher::Sha256(sha2::Sha256::new()),
            Algo::Sha384 => Hasher::Sha384(sha2::Sha384::new()),
            Algo::Sha512 => Hasher::Sha512(sha2::Sha512::new()),
            Algo::Sha3_224 => Hasher::Sha3_224(sha3::Sha3_224::new()),
            Algo::Sha3_256 => Hasher::Sha3_256(sha3::Sha3_256::new()),
            Algo::Sha3_384 => Hasher::Sha3_384(sha3::Sha3_384::new()),
            Algo::Sha3_512 => Hasher::Sha3_512(sha3::Sha3_512::new()),
            Algo::Shake128 => Hasher::Shake128(sha3::Shake128::default()),
            Algo::Shake256 => Hasher::Shake256(sha3::Shake256::default()),
            Algo::Blake2b => Hasher::Blake2b(Box::new(Blake2b::new(&default_params(64)))),
            Algo::Blake2s => Hasher::Blake2s(Box::new(Blake2s::new(&default_params(32)))),
        }
    }
}

fn default_params(n: usize) -> Params {
    Params {
        digest_size: n,
        fanout: 1,
        depth: 1,
        ..Params::default()
    }
}

impl Hasher {
    /// Absorbs `data`.
    pub fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Md5(h) => Digest::update(h, data),
            Hasher::Sha1(h) => Digest::update(h, data),
            Hasher::Sha224(h) => Digest::update(h, data),
            Hasher::Sha256(h) => Digest::update(h, data),
            Hasher::Sha384(h) => Digest::update(h, data),
            Hasher::Sha512(h) => Digest::update(h, data),
            Hasher::Sha3_224(h) => Digest::update(h, data),
            Hasher::Sha3_256(h) => Digest::update(h, data),
            Hasher::Sha3_384(h) => Digest::update(h, data),
            Hasher::Sha3_512(h) => Digest::update(h, data),
            Hasher::Shake128(h) => Update::update(h, data),
            Hasher::Shake256(h) => Update::update(h, data),
            Hasher::Blake2b(h) => h.update(data),
            Hasher::Blake2s(h) => h.update(data),
        }
    }

    /// The digest so far (`len` bytes for SHAKE).
    pub fn digest(&self, len: usize) -> Vec<u8> {
        match self {
            Hasher::Md5(h) => h.clone().finalize().to_vec(),
            Hasher::Sha1(h) => h.clone().finalize().to_vec(),
            Hasher::Sha224(h) => h.clone().finalize().to_vec(),
            Hasher::Sha256(h) => h.clone().finalize().to_vec(),
            Hasher::Sha384(h) => h.clone().finalize().to_vec(),
            Hasher::Sha512(h) => h.clone().finalize().to_vec(),
            Hasher::Sha3_224(h) => h.clone().finalize().to_vec(),
            Hasher::Sha3_256(h) => h.clone().finalize().to_vec(),
            Hasher::Sha3_384(h) => h.clone().finalize().to_vec(),
            Hasher::Sha3_512(h) => h.clone().finalize().to_vec(),
            Hasher::Shake128(h) => {
                let mut out = vec![0u8; len];
                h.clone().finalize_xof().read(&mut out);
                out
            }
            Hasher::Shake256(h) => {
                let mut out = vec![0u8; len];
                h.clone().finalize_xof().read(&mut out);
                out
            }
            Hasher::Blake2b(h) => h.finalize(),
            Hasher::Blake2s(h) => h.finalize(),
        }
    }
}

fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(2 * b.len());
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

// ----- module initialisers -----------------------------------------------------------------

fn init_family(
    vm: &mut Vm,
    module: &str,
    funcs: &'static [MethodDef],
    types: &[(&str, Algo)],
) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module(module, "", funcs)?;
    let mr = vm.push_root(m)?;
    for &(name, algo) in types {
        let t = native::make_type(vm, algo.info().ty)?;
        vm.module_set(vm.get(mr), name, t)?;
    }
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

/// Builds `_md5`.
pub fn init_md5(vm: &mut Vm) -> PyResult<Value> {
    static F: &[MethodDef] = &[func("md5", new_md5)];
    init_family(vm, "_md5", F, &[("MD5Type", Algo::Md5)])
}

/// Builds `_sha1`.
pub fn init_sha1(vm: &mut Vm) -> PyResult<Value> {
    static F: &[MethodDef] = &[func("sha1", new_sha1)];
    init_family(vm, "_sha1", F, &[("SHA1Type", Algo::Sha1)])
}

/// Builds `_sha256`.
pub fn init_sha256(vm: &mut Vm) -> PyResult<Value> {
    static F: &[MethodDef] = &[func("sha224", new_sha224), func("sha256", new_sha256)];
    init_family(
        vm,
        "_sha256",
        F,
        &[("SHA224Type", Algo::Sha224), ("SHA256Type", Algo::Sha256)],
    )
}

/// Builds `_sha512`.
pub fn init_sha512(vm: &mut Vm) -> PyResult<Value> {
    static F: &[MethodDef] = &[func("sha384", new_sha384), func("sha512", new_sha512)];
    init_family(
        vm,
        "_sha512",
        F,
        &[("SHA384Type", Algo::Sha384), ("SHA512Type", Algo::Sha512)],
    )
}

/// Builds `_sha3`.
pub fn init_sha3(vm: &mut Vm) -> PyResult<Value> {
    let m = init_family(
        vm,
        "_sha3",
        &[],
        &[
            ("sha3_224", Algo::Sha3_224),
            ("sha3_256", Algo::Sha3_256),
            ("sha3_384", Algo::Sha3_384),
            ("sha3_512", Algo::Sha3_512),
            ("shake_128", Algo::Shake128),
            ("shake_256", Algo::Shake256),
        ],
    )?;
    let mark = vm.sp();
    let mr = vm.push_root(m)?;
    let s = vm.new_str("tiny_sha3")?;
    vm.module_set(vm.get(mr), "implementation", s)?;
    vm.module_set(vm.get(mr), "keccakopt", Value::small(64))?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

/// Builds `_blake2`.
pub fn init_blake2(vm: &mut Vm) -> PyResult<Value> {
    let m = init_family(
        vm,
        "_blake2",
        &[],
        &[("blake2b", Algo::Blake2b), ("blake2s", Algo::Blake2s)],
    )?;
    let mark = vm.sp();
    let mr = vm.push_root(m)?;
    let consts: [(&str, usize, usize, usize, usize, Algo); 2] = [
        (
            "BLAKE2B",
            Blake2b::SALT,
            Blake2b::SALT,
            Blake2b::MAX_OUT,
            Blake2b::MAX_OUT,
            Algo::Blake2b,
        ),
        (
            "BLAKE2S",
            Blake2s::SALT,
            Blake2s::SALT,
            Blake2s::MAX_OUT,
            Blake2s::MAX_OUT,
            Algo::Blake2s,
        ),
    ];
    for (prefix, salt, person, key, digest, algo) in consts {
        let t = native::make_type(vm, algo.info().ty)?;
        let tr = vm.push_root(t)?;
        for (suffix, v) in [
            ("SALT_SIZE", salt),
            ("PERSON_SIZE", person),
            ("MAX_KEY_SIZE", key),
            ("MAX_DIGEST_SIZE", digest),
        ] {
            let name = format!("{prefix}_{suffix}");
            let m = vm.get(mr);
            let md = vm.module_dict(m);
            vm.dict_set_text(md, &name, Value::small(v as i64))?;
            let td = vm.type_dict(vm.get(tr));
            vm.dict_set_text(td, suffix, Value::small(v as i64))?;
        }
    }
    vm.module_set(vm.get(mr), "_GIL_MINSIZE", Value::small(2048))?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

// ----- constructors -----------------------------------------------------------------------

/// The bytes of a `data` argument with CPython's messages for str and non-buffers.
fn data_arg(vm: &mut Vm, v: Value) -> PyResult<Vec<u8>> {
    if vm.is_str(v) {
        return Err(vm.type_error("Strings must be encoded before hashing"));
    }
    match vm.bytes_like(v) {
        Some(b) => Ok(b),
        None => Err(vm.type_error("object supporting the buffer API required")),
    }
}

fn make(
    vm: &mut Vm,
    algo: Algo,
    cls: Option<Root>,
    h: Hasher,
    digest_size: usize,
) -> PyResult<Value> {
    let info = algo.info();
    native::make_type(vm, info.ty)?;
    native::new_native(
        vm,
        info.ty.key,
        cls,
        Box::new(HashObj {
            algo,
            digest_size,
            h,
        }),
    )
}

fn new_fixed(vm: &mut Vm, args: Args, algo: Algo, sig: &Sig) -> PyResult<Value> {
    let [data, _usedforsecurity] = vm.bind::<2>(args, sig)?;
    let mut h = algo.fresh();
    if let Some(d) = data {
        let bytes = data_arg(vm, vm.get(d))?;
        h.update(&bytes);
    }
    make(vm, algo, None, h, algo.info().digest_size)
}

macro_rules! fixed_ctor {
    ($($f:ident => $algo:ident, $name:literal;)*) => {$(
        fn $f(vm: &mut Vm, args: Args) -> PyResult<Value> {
            static SIG: Sig = Sig {
                name: $name,
                params: &["string", "usedforsecurity"],
                posonly: 0,
                kwonly: 1,
                required: 0,
            };
            new_fixed(vm, args, Algo::$algo, &SIG)
        }
    )*};
}

fixed_ctor! {
    new_md5 => Md5, "md5";
    new_sha1 => Sha1, "sha1";
    new_sha224 => Sha224, "sha224";
    new_sha256 => Sha256, "sha256";
    new_sha384 => Sha384, "sha384";
    new_sha512 => Sha512, "sha512";
}

fn no_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.get(vm, 0);
    let n = if vm.is_type(cls) {
        let m = vm.type_module_name(cls);
        format!("{}.{}", m.unwrap_or_default(), vm.type_name_str(cls))
    } else {
        "?".into()
    };
    Err(crate::raise!(
        vm,
        TypeError,
        "cannot create '{n}' instances"
    ))
}

/// The algorithm a constructor's `cls` argument (possibly a subclass) stands for.
fn algo_of_type(vm: &mut Vm, cls: Value) -> Option<Algo> {
    ALL.into_iter().find(|a| {
        vm.named_global(a.info().ty.key)
            .is_some_and(|t| vm.is_type(cls) && vm.is_subtype(cls, t))
    })
}

fn sha3_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "sha3_224",
        params: &["cls", "data", "usedforsecurity"],
        posonly: 2,
        kwonly: 2,
        required: 1,
    };
    let [cls, data, _usedforsecurity] = vm.bind::<3>(args, &SIG)?;
    let cls = cls.expect("required");
    let Some(algo) = algo_of_type(vm, vm.get(cls)) else {
        return Err(vm.type_error("sha3.__new__(X): X is not a sha3 type"));
    };
    let mut h = algo.fresh();
    if let Some(d) = data {
        let bytes = data_arg(vm, vm.get(d))?;
        h.update(&bytes);
    }
    make(vm, algo, Some(cls), h, algo.info().digest_size)
}

/// An optional small-int keyword of `blake2*()` (`None` when absent).
fn int_kw(vm: &mut Vm, r: Option<Root>) -> PyResult<Option<i64>> {
    match r {
        None => Ok(None),
        Some(r) => {
            let v = vm.get(r);
            let iv = vm.index_value(v)?;
            match vm.int_val(iv).and_then(|x| x.to_i64()) {
                Some(i) => Ok(Some(i)),
                None => Err(vm.overflow_error("Python int too large to convert to C long")),
            }
        }
    }
}

fn buf_kw(vm: &mut Vm, r: Option<Root>) -> PyResult<Vec<u8>> {
    match r {
        None => Ok(Vec::new()),
        Some(r) => {
            let v = vm.get(r);
            match vm.bytes_like(v) {
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
    }
}

fn blake2_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "blake2b",
        params: &[
            "cls",
            "data",
            "digest_size",
            "key",
            "salt",
            "person",
            "fanout",
            "depth",
            "leaf_size",
            "node_offset",
            "node_depth",
            "inner_size",
            "last_node",
            "usedforsecurity",
        ],
        posonly: 2,
        kwonly: 2,
        required: 1,
    };
    let [
        cls,
        data,
        digest_size,
        key,
        salt,
        person,
        fanout,
        depth,
        leaf_size,
        node_offset,
        node_depth,
        inner_size,
        last_node,
        _usedforsecurity,
    ] = vm.bind::<14>(args, &SIG)?;
    let cls = cls.expect("required");
    let Some(algo) = algo_of_type(vm, vm.get(cls)) else {
        return Err(vm.type_error("blake2.__new__(X): X is not a blake2 type"));
    };
    let (max_out, salt_max) = if algo == Algo::Blake2b {
        (Blake2b::MAX_OUT, Blake2b::SALT)
    } else {
        (Blake2s::MAX_OUT, Blake2s::SALT)
    };
    let ds = int_kw(vm, digest_size)?.unwrap_or(max_out as i64);
    if ds < 1 || ds > max_out as i64 {
        return Err(crate::raise!(
            vm,
            ValueError,
            "digest_size must be between 1 and {max_out} bytes"
        ));
    }
    let key = buf_kw(vm, key)?;
    if key.len() > max_out {
        return Err(crate::raise!(
            vm,
            ValueError,
            "maximum key length is {max_out} bytes"
        ));
    }
    let salt = buf_kw(vm, salt)?;
    if salt.len() > salt_max {
        return Err(crate::raise!(
            vm,
            ValueError,
            "maximum salt length is {salt_max} bytes"
        ));
    }
    let person = buf_kw(vm, person)?;
    if person.len() > salt_max {
        return Err(crate::raise!(
            vm,
            ValueError,
            "maximum person length is {salt_max} bytes"
        ));
    }
    let fanout = int_kw(vm, fanout)?.unwrap_or(1);
    if !(0..=255).contains(&fanout) {
        return Err(vm.value_error("fanout must be between 0 and 255"));
    }
    let depth = int_kw(vm, depth)?.unwrap_or(1);
    if !(1..=255).contains(&depth) {
        return Err(vm.value_error("depth must be between 1 and 255"));
    }
    let leaf = int_kw(vm, leaf_size)?.unwrap_or(0);
    if leaf < 0 {
        return Err(vm.overflow_error("can't convert negative int to unsigned"));
    }
    if leaf > u32::MAX as i64 {
        return Err(vm.overflow_error("leaf_size is too large"));
    }
    let node_offset = int_kw(vm, node_offset)?.unwrap_or(0);
    if node_offset < 0 {
        return Err(vm.overflow_error("can't convert negative int to unsigned"));
    }
    if algo == Algo::Blake2s && node_offset > 0xffff_ffff_ffff {
        return Err(vm.overflow_error("node_offset is too large"));
    }
    let node_depth = int_kw(vm, node_depth)?.unwrap_or(0);
    if !(0..=255).contains(&node_depth) {
        return Err(vm.value_error("node_depth must be between 0 and 255"));
    }
    let inner = int_kw(vm, inner_size)?.unwrap_or(0);
    if inner < 0 || inner > max_out as i64 {
        return Err(crate::raise!(
            vm,
            ValueError,
            "inner_size must be between 0 and is {max_out}"
        ));
    }
    let last = match last_node {
        Some(r) => {
            let v = vm.get(r);
            vm.truthy(v)?
        }
        None => false,
    };
    let p = Params {
        digest_size: ds as usize,
        key,
        salt,
        person,
        fanout: fanout as u8,
        depth: depth as u8,
        leaf_size: leaf as u32,
        node_offset: node_offset as u64,
        node_depth: node_depth as u8,
        inner_size: inner as u8,
        last_node: last,
    };
    let mut h = if algo == Algo::Blake2b {
        Hasher::Blake2b(Box::new(Blake2b::new(&p)))
    } else {
        Hasher::Blake2s(Box::new(Blake2s::new(&p)))
    };
    if let Some(d) = data {
        let bytes = data_arg(vm, vm.get(d))?;
        h.update(&bytes);
    }
    make(vm, algo, Some(cls), h, ds as usize)
}

// ----- methods ------------------------------------------------------------------------------

fn obj(vm: &mut Vm, v: Value) -> PyResult<&mut HashObj> {
    native::state_or_err::<HashObj>(vm, v, "hash")
}

fn h_update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args.shift(), "update", 1, 1)?;
    let s = args.get(vm, 0);
    obj(vm, s)?;
    let d = args.get(vm, 1);
    let bytes = data_arg(vm, d)?;
    let s = args.get(vm, 0);
    obj(vm, s)?.h.update(&bytes);
    Ok(vm.none())
}

fn h_digest(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args.shift(), "digest", 0, 0)?;
    let s = args.get(vm, 0);
    let o = obj(vm, s)?;
    let d = o.h.digest(o.digest_size);
    vm.new_bytes(&d)
}

fn h_hexdigest(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args.shift(), "hexdigest", 0, 0)?;
    let s = args.get(vm, 0);
    let o = obj(vm, s)?;
    let d = o.h.digest(o.digest_size);
    vm.new_str(&hex(&d))
}

fn shake_len(vm: &mut Vm, args: Args, name: &str) -> PyResult<usize> {
    let sig = Sig {
        name: if name == "digest" {
            "digest"
        } else {
            "hexdigest"
        },
        params: &["self", "length"],
        posonly: 1,
        kwonly: 2,
        required: 2,
    };
    let [_, len] = vm.bind::<2>(args, &sig)?;
    let v = vm.get(len.expect("required"));
    let iv = vm.index_value(v)?;
    match vm.int_val(iv).and_then(|x| x.to_i64()) {
        Some(n) if n < 0 => Err(vm.value_error("value must be positive")),
        Some(n) if n >= 1 << 29 => Err(vm.value_error("length is too large")),
        Some(n) => Ok(n as usize),
        None => Err(vm.overflow_error("Python int too large to convert to C unsigned long")),
    }
}

fn shake_digest(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = args.get(vm, 0);
    obj(vm, s)?;
    let n = shake_len(vm, args, "digest")?;
    let s = args.get(vm, 0);
    let d = obj(vm, s)?.h.digest(n);
    vm.new_bytes(&d)
}

fn shake_hexdigest(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = args.get(vm, 0);
    obj(vm, s)?;
    let n = shake_len(vm, args, "hexdigest")?;
    let s = args.get(vm, 0);
    let d = obj(vm, s)?.h.digest(n);
    vm.new_str(&hex(&d))
}

fn h_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args.shift(), "copy", 0, 0)?;
    let s = args.get(vm, 0);
    let o = obj(vm, s)?;
    let (algo, ds, h) = (o.algo, o.digest_size, o.h.clone());
    make(vm, algo, None, h, ds)
}

fn g_name(vm: &mut Vm, s: Value) -> PyResult<Value> {
    let a = obj(vm, s)?.algo;
    vm.new_str(a.info().name)
}

fn g_digest_size(vm: &mut Vm, s: Value) -> PyResult<Value> {
    let d = obj(vm, s)?.digest_size;
    Ok(Value::small(d as i64))
}

fn g_block_size(vm: &mut Vm, s: Value) -> PyResult<Value> {
    let a = obj(vm, s)?.algo;
    Ok(Value::small(a.info().block_size as i64))
}

fn g_rate_bits(vm: &mut Vm, s: Value) -> PyResult<Value> {
    let a = obj(vm, s)?.algo;
    Ok(Value::small(8 * a.info().block_size as i64))
}

fn g_capacity_bits(vm: &mut Vm, s: Value) -> PyResult<Value> {
    let a = obj(vm, s)?.algo;
    Ok(Value::small(1600 - 8 * a.info().block_size as i64))
}

fn g_suffix(vm: &mut Vm, s: Value) -> PyResult<Value> {
    let a = obj(vm, s)?.algo;
    let b: &[u8] = if matches!(a, Algo::Shake128 | Algo::Shake256) {
        b"\x1f"
    } else {
        b"\x06"
    };
    vm.new_bytes(b)
}
