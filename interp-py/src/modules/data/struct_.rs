//! `_struct`: `pack`, `unpack`, `calcsize`, `iter_unpack`, `pack_into`, `unpack_from`, the
//! `Struct` type (subclassable), `unpack_iterator`, `error` and `_clearcache`, with CPython
//! 3.11's messages.
//!
//! Formats compile once ([`super::struct_layout`]) and are cached per format string like
//! CPython's module-level cache (cleared when it exceeds 100 entries or by `_clearcache`).
//! Conversions between Python values and [`Item`]s happen here; the byte layout logic does
//! not see the VM.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::objects::builtin_func::{GetSetDef, MethodDef, func, getter, meth};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::{PyErr, PyResult};
use crate::runtime::names::n;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::buffer;
use super::native::{self, TypeSpec};
use super::struct_layout::{Item, Layout, PackError, compile};

const MAX_CACHE: usize = 100;

thread_local! {
    static CACHE: RefCell<HashMap<Vec<u8>, Rc<Layout>>> = RefCell::new(HashMap::new());
}

/// The state of a `Struct` object.
pub struct StructState {
    layout: Option<Rc<Layout>>,
    format: Vec<u8>,
}

/// The state of an `unpack_iterator`.
pub struct IterState {
    layout: Rc<Layout>,
    data: Vec<u8>,
    pos: usize,
}

static STRUCT_METHODS: &[MethodDef] = &[
    func("__new__", struct_new),
    meth("__init__", struct_init),
    meth("pack", s_pack),
    meth("pack_into", s_pack_into),
    meth("unpack", s_unpack),
    meth("unpack_from", s_unpack_from),
    meth("iter_unpack", s_iter_unpack),
    meth("__sizeof__", s_sizeof),
];
static STRUCT_GETSETS: &[GetSetDef] = &[getter("format", s_format), getter("size", s_size)];
static STRUCT_TYPE: TypeSpec = TypeSpec {
    key: "_struct.Struct",
    module: "_struct",
    name: "Struct",
    methods: STRUCT_METHODS,
    getsets: STRUCT_GETSETS,
    basetype: true,
    doc: "Struct(format)\n--\n\nCreate a compiled struct object.",
};
static ITER_METHODS: &[MethodDef] = &[
    func("__new__", iter_no_new),
    meth("__iter__", it_iter),
    meth("__next__", it_next),
    meth("__length_hint__", it_length_hint),
];
static ITER_TYPE: TypeSpec = TypeSpec {
    key: "_struct.unpack_iterator",
    module: "_struct",
    name: "unpack_iterator",
    methods: ITER_METHODS,
    getsets: &[],
    basetype: false,
    doc: "",
};

static FUNCTIONS: &[MethodDef] = &[
    func("pack", m_pack),
    func("pack_into", m_pack_into),
    func("unpack", m_unpack),
    func("unpack_from", m_unpack_from),
    func("iter_unpack", m_iter_unpack),
    func("calcsize", m_calcsize),
    func("_clearcache", m_clearcache),
];

/// Builds `_struct`.
pub fn init_struct(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module(
        "_struct",
        "Functions to convert between Python values and C structs.",
        FUNCTIONS,
    )?;
    let mr = vm.push_root(m)?;
    let t = native::make_type(vm, &STRUCT_TYPE)?;
    vm.module_set(vm.get(mr), "Struct", t)?;
    let t = native::make_type(vm, &ITER_TYPE)?;
    vm.module_set(vm.get(mr), "unpack_iterator", t)?;
    let e = native::new_exception_type(
        vm,
        "struct",
        "error",
        vm.ty(crate::runtime::builtin_types::T::Exception),
    )?;
    vm.set_named_global("_struct.error", e);
    vm.module_set(vm.get(mr), "error", e)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

fn struct_error(vm: &mut Vm, msg: &str) -> PyErr {
    match vm.named_global("_struct.error") {
        Some(t) => native::raise_with(vm, t, msg),
        None => vm.value_error(msg),
    }
}

fn pack_error(vm: &mut Vm, e: PackError) -> PyErr {
    match e {
        PackError::Struct(m) => struct_error(vm, &m),
        PackError::Overflow(m) => vm.overflow_error(&m),
    }
}

/// The bytes of a format argument (`str` or `bytes`).
fn format_bytes(vm: &mut Vm, f: Value) -> PyResult<Vec<u8>> {
    if let Some(s) = vm.as_str_obj(f) {
        return Ok(vm.str_bytes(s).to_vec());
    }
    if let Some(b) = vm.as_bytes_obj(f) {
        return Ok(vm.bytes_data(b).to_vec());
    }
    let tn = vm.type_name(f);
    Err(crate::raise!(
        vm,
        TypeError,
        "Struct() argument 1 must be a str or bytes object, not {tn}"
    ))
}

/// The compiled layout of a format argument, through the cache.
fn cached_layout(vm: &mut Vm, f: Value) -> PyResult<Rc<Layout>> {
    let key = format_bytes(vm, f)?;
    if let Some(l) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(l);
    }
    let l = Rc::new(compile(&key).map_err(|e| pack_error(vm, e))?);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= MAX_CACHE {
            c.clear();
        }
        c.insert(key, l.clone());
    });
    Ok(l)
}

/// Converts argument `v` to the item code `ch` packs.
fn to_item(vm: &mut Vm, ch: u8, v: Value) -> PyResult<Item> {
    match ch {
        b'?' => Ok(Item::Bool(vm.truthy(v)?)),
        b'e' | b'f' | b'd' => {
            if let Some(f) = vm.float_of(v) {
                return Ok(Item::Float(f));
            }
            if let Some(iv) = vm.int_val(v) {
                if let Some(f) = iv.to_f64().filter(|f| f.is_finite()) {
                    return Ok(Item::Float(f));
                }
                return Err(struct_error(vm, "required argument is not a float"));
            }
            match vm.call_special0(v, n::FLOAT) {
                Ok(Some(r)) if vm.float_of(r).is_some() => {
                    Ok(Item::Float(vm.float_of(r).unwrap_or(0.0)))
                }
                Ok(_) => Err(struct_error(vm, "required argument is not a float")),
                Err(e) => {
                    vm.take_exc(e);
                    Err(struct_error(vm, "required argument is not a float"))
                }
            }
        }
        b'c' => match vm.as_bytes_obj(v) {
            Some(b) if vm.bytes_data(b).len() == 1 => Ok(Item::Bytes(vm.bytes_data(b).to_vec())),
            _ => Err(struct_error(
                vm,
                "char format requires a bytes object of length 1",
            )),
        },
        b's' | b'p' => {
            if let Some(b) = vm.as_bytes_obj(v) {
                return Ok(Item::Bytes(vm.bytes_data(b).to_vec()));
            }
            if let Some(b) = vm.bytearray_data(v) {
                return Ok(Item::Bytes(b.to_vec()));
            }
            Err(struct_error(
                vm,
                &format!("argument for '{}' must be a bytes object", ch as char),
            ))
        }
        _ => {
            let v = if vm.is_int(v) {
                v
            } else {
                let ty = vm.type_of(v);
                if vm.lookup_special(ty, n::INDEX).is_none() {
                    return Err(struct_error(vm, "required argument is not an integer"));
                }
                vm.index_value(v)?
            };
            match vm.int_val(v) {
                Some(crate::objects::int::IntVal::Small(i)) => Ok(Item::Small(i)),
                Some(iv) => Ok(Item::Int(iv.to_big())),
                None => Ok(Item::Small(0)),
            }
        }
    }
}

fn to_value(vm: &mut Vm, it: Item) -> PyResult<Value> {
    match it {
        Item::Small(i) => vm.new_int(i),
        Item::Int(b) => vm.new_int_big(b),
        Item::Float(f) => vm.new_float(f),
        Item::Bool(b) => Ok(vm.bool_val(b)),
        Item::Bytes(b) => vm.new_bytes(&b),
    }
}

/// Packs the arguments `args[first..]` into a fresh buffer of `layout.size` bytes.
fn pack_args(
    vm: &mut Vm,
    layout: &Layout,
    args: Args,
    first: usize,
    what: &str,
) -> PyResult<Vec<u8>> {
    let given = args.len() - first;
    if given != layout.nitems() {
        return Err(struct_error(
            vm,
            &format!(
                "{what} expected {} items for packing (got {given})",
                layout.nitems()
            ),
        ));
    }
    let mut out = vec![0u8; layout.size];
    for (k, code) in layout.items().enumerate() {
        let v = args.get(vm, first + k);
        let item = to_item(vm, code.ch, v)?;
        layout
            .pack_item(&code, &item, &mut out)
            .map_err(|e| pack_error(vm, e))?;
    }
    Ok(out)
}

fn unpack_tuple(vm: &mut Vm, layout: &Layout, data: &[u8]) -> PyResult<Value> {
    let items: Vec<Item> = layout
        .items()
        .map(|c| layout.unpack_item(&c, data))
        .collect();
    let mark = vm.sp();
    for it in items {
        let v = to_value(vm, it)?;
        vm.push_root(v)?;
    }
    let t = vm.pack_tuple(mark);
    vm.truncate(mark);
    t
}

fn do_unpack(vm: &mut Vm, layout: &Layout, buf: Value) -> PyResult<Value> {
    let data = buffer::read(vm, buf)?;
    if data.len() != layout.size {
        return Err(struct_error(
            vm,
            &format!("unpack requires a buffer of {} bytes", layout.size),
        ));
    }
    unpack_tuple(vm, layout, &data)
}

fn do_unpack_from(
    vm: &mut Vm,
    layout: &Layout,
    buf: Value,
    offset: Option<Value>,
) -> PyResult<Value> {
    let mut off = match offset {
        Some(o) => native::ssize_arg(vm, o)?,
        None => 0,
    };
    let data = buffer::read(vm, buf)?;
    let len = data.len() as i64;
    if off < 0 {
        if off + len < 0 {
            return Err(struct_error(
                vm,
                &format!("offset {off} out of range for {len}-byte buffer"),
            ));
        }
        off += len;
    }
    let size = layout.size as i64;
    if len - off < size {
        return Err(struct_error(
            vm,
            &format!(
                "unpack_from requires a buffer of at least {} bytes for unpacking {size} bytes at offset {off} (actual buffer size is {len})",
                size + off
            ),
        ));
    }
    unpack_tuple(vm, layout, &data[off as usize..])
}

/// `pack_into` with the buffer at `args[first]`, the offset after it, values after that.
fn do_pack_into(vm: &mut Vm, layout: &Layout, args: Args, first: usize) -> PyResult<Value> {
    if args.len() <= first {
        return Err(struct_error(vm, "pack_into expected buffer argument"));
    }
    if args.len() == first + 1 {
        return Err(struct_error(vm, "pack_into expected offset argument"));
    }
    if args.len() - first - 2 != layout.nitems() {
        return Err(struct_error(
            vm,
            &format!(
                "pack_into expected {} items for packing (got {})",
                layout.nitems(),
                args.len() - first - 2
            ),
        ));
    }
    let buf = args.get(vm, first);
    let Some(len) = buffer::writable_len(vm, buf) else {
        let tn = vm.type_name(buf);
        return Err(crate::raise!(
            vm,
            TypeError,
            "argument must be read-write bytes-like object, not {tn}"
        ));
    };
    let o = args.get(vm, first + 1);
    // CPython converts this offset with IndexError on overflow (unpack_from's with
    // OverflowError).
    let mut off = vm.index_i64(o)?;
    let len = len as i64;
    let size = layout.size as i64;
    if off < 0 {
        if off + size > 0 {
            return Err(struct_error(
                vm,
                &format!("no space to pack {size} bytes at offset {off}"),
            ));
        }
        if off + len < 0 {
            return Err(struct_error(
                vm,
                &format!("offset {off} out of range for {len}-byte buffer"),
            ));
        }
        off += len;
    }
    if len - off < size {
        return Err(struct_error(
            vm,
            &format!(
                "pack_into requires a buffer of at least {} bytes for packing {size} bytes at offset {off} (actual buffer size is {len})",
                size + off
            ),
        ));
    }
    let packed = pack_args(vm, layout, args, first + 2, "pack_into")?;
    let buf = args.get(vm, first);
    buffer::write_at(vm, buf, off as usize, &packed);
    Ok(vm.none())
}

fn do_iter_unpack(vm: &mut Vm, layout: Rc<Layout>, buf: Value) -> PyResult<Value> {
    if layout.size == 0 {
        return Err(struct_error(
            vm,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    let data = buffer::read(vm, buf)?;
    if data.len() % layout.size != 0 {
        return Err(struct_error(
            vm,
            &format!(
                "iterative unpacking requires a buffer of a multiple of {} bytes",
                layout.size
            ),
        ));
    }
    native::make_type(vm, &ITER_TYPE)?;
    native::new_native(
        vm,
        ITER_TYPE.key,
        None,
        Box::new(IterState {
            layout,
            data,
            pos: 0,
        }),
    )
}

// ----- module functions ---------------------------------------------------------------------

fn m_pack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "pack")?;
    if args.is_empty() {
        return Err(vm.type_error("missing format argument"));
    }
    let l = cached_layout(vm, args.get(vm, 0))?;
    let out = pack_args(vm, &l, args, 1, "pack")?;
    vm.new_bytes(&out)
}

fn m_pack_into(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "pack_into")?;
    if args.is_empty() {
        return Err(vm.type_error("missing format argument"));
    }
    let l = cached_layout(vm, args.get(vm, 0))?;
    do_pack_into(vm, &l, args, 1)
}

fn m_unpack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "unpack", 2, 2)?;
    let l = cached_layout(vm, args.get(vm, 0))?;
    do_unpack(vm, &l, args.get(vm, 1))
}

fn m_unpack_from(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "unpack_from",
        params: &["format", "buffer", "offset"],
        posonly: 1,
        kwonly: 3,
        required: 2,
    };
    let [f, b, o] = vm.bind::<3>(args, &SIG)?;
    let l = cached_layout(vm, vm.get(f.expect("required")))?;
    let o = o.map(|r| vm.get(r));
    do_unpack_from(vm, &l, vm.get(b.expect("required")), o)
}

fn m_iter_unpack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "iter_unpack", 2, 2)?;
    let l = cached_layout(vm, args.get(vm, 0))?;
    do_iter_unpack(vm, l, args.get(vm, 1))
}

fn m_calcsize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_struct.calcsize", 1, 1)?;
    let l = cached_layout(vm, args.get(vm, 0))?;
    vm.new_usize(l.size)
}

fn m_clearcache(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_clearcache", 0, 0)?;
    CACHE.with(|c| c.borrow_mut().clear());
    Ok(vm.none())
}

// ----- Struct ---------------------------------------------------------------------------------

fn struct_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.is_empty() {
        return Err(vm.type_error("Struct.__new__(): not enough arguments"));
    }
    native::new_native(
        vm,
        STRUCT_TYPE.key,
        Some(args.root(0)),
        Box::new(StructState {
            layout: None,
            format: Vec::new(),
        }),
    )
}

fn struct_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "Struct",
        params: &["self", "format"],
        posonly: 1,
        kwonly: 2,
        required: 2,
    };
    if args.len() == 1 && !args.has_kw() {
        // `bind` would count `self` in the position.
        return Err(vm.type_error("Struct() missing required argument 'format' (pos 1)"));
    }
    let [s, f] = vm.bind::<2>(args, &SIG)?;
    let (s, f) = (vm.get(s.expect("required")), vm.get(f.expect("required")));
    native::state_or_err::<StructState>(vm, s, "_struct.Struct")?;
    let fmt = format_bytes(vm, f)?;
    let l = Rc::new(compile(&fmt).map_err(|e| pack_error(vm, e))?);
    let s = args.get(vm, 0);
    let st = native::state_or_err::<StructState>(vm, s, "_struct.Struct")?;
    st.layout = Some(l);
    st.format = fmt;
    Ok(vm.none())
}

fn layout_of(vm: &mut Vm, s: Value) -> PyResult<Rc<Layout>> {
    let st = native::state_or_err::<StructState>(vm, s, "_struct.Struct")?;
    match &st.layout {
        Some(l) => Ok(l.clone()),
        None => Err(vm.value_error("Struct object is not initialized")),
    }
}

fn s_pack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "Struct.pack")?;
    let l = layout_of(vm, args.get(vm, 0))?;
    let out = pack_args(vm, &l, args, 1, "pack")?;
    vm.new_bytes(&out)
}

fn s_pack_into(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "Struct.pack_into")?;
    let l = layout_of(vm, args.get(vm, 0))?;
    do_pack_into(vm, &l, args, 1)
}

fn s_unpack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args.shift(), "Struct.unpack", 1, 1)?;
    let l = layout_of(vm, args.get(vm, 0))?;
    do_unpack(vm, &l, args.get(vm, 1))
}

fn s_unpack_from(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "unpack_from",
        params: &["self", "buffer", "offset"],
        posonly: 1,
        kwonly: 3,
        required: 2,
    };
    let [s, b, o] = vm.bind::<3>(args, &SIG)?;
    let l = layout_of(vm, vm.get(s.expect("required")))?;
    let o = o.map(|r| vm.get(r));
    do_unpack_from(vm, &l, vm.get(b.expect("required")), o)
}

fn s_iter_unpack(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args.shift(), "Struct.iter_unpack", 1, 1)?;
    let l = layout_of(vm, args.get(vm, 0))?;
    do_iter_unpack(vm, l, args.get(vm, 1))
}

fn s_sizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args.shift(), "Struct.__sizeof__", 0, 0)?;
    let l = layout_of(vm, args.get(vm, 0))?;
    vm.new_usize(64 + 16 * (l.codes.len() + 1))
}

fn s_format(vm: &mut Vm, s: Value) -> PyResult<Value> {
    let st = native::state_or_err::<StructState>(vm, s, "_struct.Struct")?;
    let f = String::from_utf8_lossy(&st.format).into_owned();
    vm.new_str(&f)
}

fn s_size(vm: &mut Vm, s: Value) -> PyResult<Value> {
    let l = layout_of(vm, s)?;
    vm.new_usize(l.size)
}

// ----- unpack_iterator ----------------------------------------------------------------------

fn iter_no_new(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.type_error("cannot create '_struct.unpack_iterator' instances"))
}

fn it_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__iter__", 1, 1)?;
    Ok(args.get(vm, 0))
}

fn it_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__next__", 1, 1)?;
    let s = args.get(vm, 0);
    let st = native::state_or_err::<IterState>(vm, s, "unpack_iterator")?;
    if st.pos >= st.data.len() {
        return Err(vm.stop_iteration());
    }
    let l = st.layout.clone();
    let items: Vec<Item> = l
        .items()
        .map(|c| l.unpack_item(&c, &st.data[st.pos..]))
        .collect();
    st.pos += l.size;
    let mark = vm.sp();
    for it in items {
        let v = to_value(vm, it)?;
        vm.push_root(v)?;
    }
    let t = vm.pack_tuple(mark);
    vm.truncate(mark);
    t
}

fn it_length_hint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__length_hint__", 1, 1)?;
    let s = args.get(vm, 0);
    let st = native::state_or_err::<IterState>(vm, s, "unpack_iterator")?;
    let left = (st.data.len() - st.pos.min(st.data.len())) / st.layout.size.max(1);
    vm.new_usize(left)
}
