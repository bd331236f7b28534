//! Python-level methods and attributes of functions, builtin functions, bound methods,
//! cells, code objects, frames, tracebacks, modules, generators, `property`,
//! `staticmethod`, `classmethod` and descriptors.

use crate::interp::frame::{frameobj_, tb_};
use crate::objects::builtin_func::{GetSetDef, MethodDef, bf, func, getter, meth};
use crate::objects::function::member_;
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{func_, gen_, obj_};
use crate::runtime::names::n;
use crate::runtime::roots::{C, G};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

fn or_none(vm: &Vm, v: Option<Value>) -> Value {
    v.unwrap_or_else(|| vm.none())
}

// ----- functions ---------------------------------------------------------------------------

fn func_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = args.get(vm, 0);
    let q = vm.func_qualname_text(f);
    let id = vm.object_id_value(f);
    vm.new_str(&format!("<function {q} at {id:#x}>"))
}

fn func_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = args.get(vm, 0);
    match args.opt(vm, 1) {
        Some(o) if !vm.is_none(o) => vm.new_method(f, o),
        _ => Ok(f),
    }
}

macro_rules! fgetset {
    ($get:ident, $set:ident, $off:expr, $check:expr) => {
        fn $get(vm: &mut Vm, f: Value) -> PyResult<Value> {
            Ok(or_none(vm, vm.ldv(f, $off)))
        }
        fn $set(vm: &mut Vm, f: Value, v: Option<Value>) -> PyResult<()> {
            let v = v.filter(|x| !vm.is_none(*x));
            let check: fn(&Vm, Value) -> bool = $check;
            if let Some(x) = v
                && !check(vm, x)
            {
                return Err(
                    vm.type_error(concat!(stringify!($get), " must be set to a valid value"))
                );
            }
            vm.st_field(f, $off, v);
            Ok(())
        }
    };
}

fgetset!(get_defaults, set_defaults, func_::DEFAULTS, |vm, x| vm
    .is_tuple(x));
fgetset!(
    get_kwdefaults,
    set_kwdefaults,
    func_::KWDEFAULTS,
    |vm, x| vm.is_dict(x)
);
fgetset!(get_doc, set_doc, func_::DOC, |_vm, _x| true);
fgetset!(get_module, set_module, func_::MODULE, |_vm, _x| true);

fn get_fname(vm: &mut Vm, f: Value) -> PyResult<Value> {
    Ok(or_none(vm, vm.ldv(f, func_::NAME)))
}
fn set_fname(vm: &mut Vm, f: Value, v: Option<Value>) -> PyResult<()> {
    match v.and_then(|v| vm.as_str_obj(v)) {
        Some(s) => {
            vm.st_field(f, func_::NAME, Some(s));
            Ok(())
        }
        None => Err(vm.type_error("__name__ must be set to a string object")),
    }
}
fn get_fqualname(vm: &mut Vm, f: Value) -> PyResult<Value> {
    Ok(or_none(vm, vm.ldv(f, func_::QUALNAME)))
}
fn set_fqualname(vm: &mut Vm, f: Value, v: Option<Value>) -> PyResult<()> {
    match v.and_then(|v| vm.as_str_obj(v)) {
        Some(s) => {
            vm.st_field(f, func_::QUALNAME, Some(s));
            Ok(())
        }
        None => Err(vm.type_error("__qualname__ must be set to a string object")),
    }
}
fn get_code(vm: &mut Vm, f: Value) -> PyResult<Value> {
    Ok(vm.ldv1(f, func_::CODE))
}
fn set_code(vm: &mut Vm, f: Value, v: Option<Value>) -> PyResult<()> {
    match v.filter(|v| vm.kind(*v) == Kind::Code) {
        Some(c) => {
            vm.st_field(f, func_::CODE, Some(c));
            Ok(())
        }
        None => Err(vm.type_error("__code__ must be set to a code object")),
    }
}
fn get_globals(vm: &mut Vm, f: Value) -> PyResult<Value> {
    Ok(vm.ldv1(f, func_::GLOBALS))
}
fn get_closure(vm: &mut Vm, f: Value) -> PyResult<Value> {
    Ok(or_none(vm, vm.ldv(f, func_::CLOSURE)))
}
fn get_fdict(vm: &mut Vm, f: Value) -> PyResult<Value> {
    Ok(vm.object_dict(f)?.expect("functions have a dict"))
}
fn get_annotations(vm: &mut Vm, f: Value) -> PyResult<Value> {
    if let Some(a) = vm.ldv(f, func_::ANNOTATIONS) {
        return Ok(a);
    }
    let fr = vm.push_root(f)?;
    let d = vm.new_dict()?;
    vm.st_field(vm.get(fr), func_::ANNOTATIONS, Some(d));
    Ok(d)
}
fn set_annotations(vm: &mut Vm, f: Value, v: Option<Value>) -> PyResult<()> {
    vm.st_field(f, func_::ANNOTATIONS, v);
    Ok(())
}
fn get_fbuiltins(vm: &mut Vm, _f: Value) -> PyResult<Value> {
    Ok(vm.g(G::BuiltinsDict))
}

/// `__call__` of the callable builtin types (`f.__call__(...)`, and so that
/// `collections.abc.Callable` finds `__call__` in the type's `__dict__`).
fn callable_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.is_empty() {
        return Err(vm.type_error("descriptor '__call__' needs an argument"));
    }
    let f = args.get(vm, 0);
    vm.call_forward(f, args, 1)
}

/// `function` methods.
pub static FUNCTION_METHODS: &[MethodDef] = &[
    meth("__repr__", func_repr),
    meth("__get__", func_get),
    meth("__call__", callable_call),
];

/// `function` attributes.
pub static FUNCTION_GETSETS: &[GetSetDef] = &[
    GetSetDef {
        name: "__name__",
        get: get_fname,
        set: Some(set_fname),
        doc: "",
    },
    GetSetDef {
        name: "__qualname__",
        get: get_fqualname,
        set: Some(set_fqualname),
        doc: "",
    },
    GetSetDef {
        name: "__defaults__",
        get: get_defaults,
        set: Some(set_defaults),
        doc: "",
    },
    GetSetDef {
        name: "__kwdefaults__",
        get: get_kwdefaults,
        set: Some(set_kwdefaults),
        doc: "",
    },
    GetSetDef {
        name: "__doc__",
        get: get_doc,
        set: Some(set_doc),
        doc: "",
    },
    GetSetDef {
        name: "__module__",
        get: get_module,
        set: Some(set_module),
        doc: "",
    },
    GetSetDef {
        name: "__code__",
        get: get_code,
        set: Some(set_code),
        doc: "",
    },
    GetSetDef {
        name: "__annotations__",
        get: get_annotations,
        set: Some(set_annotations),
        doc: "",
    },
    getter("__globals__", get_globals),
    getter("__closure__", get_closure),
    getter("__dict__", get_fdict),
    getter("__builtins__", get_fbuiltins),
];

// ----- builtin functions -----------------------------------------------------------------------

fn builtin_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = args.get(vm, 0);
    let def = vm.builtin_def(f);
    let owner = vm.ldv(f, bf::SELF);
    let flags = vm.ld_scalar::<u64>(f, bf::FLAGS);
    let s = if vm.is_exact(f, T::MethodDescriptor) || vm.is_exact(f, T::ClassMethodDescriptor) {
        let on = owner.map(|o| vm.type_name_str(o)).unwrap_or_default();
        format!("<method '{}' of '{on}' objects>", def.name)
    } else if vm.is_exact(f, T::WrapperDescriptor) {
        let on = owner.map(|o| vm.type_name_str(o)).unwrap_or_default();
        format!("<slot wrapper '{}' of '{on}' objects>", def.name)
    } else if vm.is_exact(f, T::MethodWrapper) {
        let o = owner.expect("bound");
        let tn = vm.type_name(o);
        let id = vm.object_id_value(o);
        format!("<method-wrapper '{}' of {tn} object at {id:#x}>", def.name)
    } else if flags & bf::BOUND != 0 || owner.is_some_and(|o| vm.is_type(o)) {
        let o = owner.expect("bound");
        if vm.is_type(o) {
            format!(
                "<built-in method {} of type object at {:#x}>",
                def.name,
                vm.object_id_value(o)
            )
        } else {
            let tn = vm.type_name(o);
            let id = vm.object_id_value(o);
            format!("<built-in method {} of {tn} object at {id:#x}>", def.name)
        }
    } else {
        format!("<built-in function {}>", def.name)
    };
    vm.new_str(&s)
}

fn builtin_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = args.get(vm, 0);
    match args.opt(vm, 1) {
        Some(o)
            if !vm.is_none(o)
                && (vm.is_exact(f, T::MethodDescriptor)
                    || vm.is_exact(f, T::WrapperDescriptor)) =>
        {
            vm.bind_builtin(f, o)
        }
        _ => Ok(f),
    }
}

fn builtin_name(vm: &mut Vm, f: Value) -> PyResult<Value> {
    let def = vm.builtin_def(f);
    vm.new_str(def.name)
}
fn builtin_qualname(vm: &mut Vm, f: Value) -> PyResult<Value> {
    let def = vm.builtin_def(f);
    let owner = vm.ldv(f, bf::SELF);
    match owner {
        Some(o) if vm.is_type(o) => {
            let tn = vm.type_name_str(o);
            vm.new_str(&format!("{tn}.{}", def.name))
        }
        Some(o) if vm.ld_scalar::<u64>(f, bf::FLAGS) & bf::BOUND != 0 => {
            let tn = vm.type_name(o);
            vm.new_str(&format!("{tn}.{}", def.name))
        }
        _ => vm.new_str(def.name),
    }
}
fn builtin_self(vm: &mut Vm, f: Value) -> PyResult<Value> {
    Ok(or_none(vm, vm.ldv(f, bf::SELF)))
}
fn builtin_doc(vm: &mut Vm, f: Value) -> PyResult<Value> {
    let def = vm.builtin_def(f);
    if def.doc.is_empty() {
        return Ok(vm.none());
    }
    vm.new_str(def.doc)
}
fn builtin_module(vm: &mut Vm, f: Value) -> PyResult<Value> {
    match vm.ldv(f, bf::SELF) {
        Some(m) if vm.kind(m) == Kind::Module => {
            let d = vm.module_dict(m);
            let v = vm.dict_get_name(d, n::NAME);
            Ok(or_none(vm, v))
        }
        _ => Ok(vm.none()),
    }
}
fn builtin_objclass(vm: &mut Vm, f: Value) -> PyResult<Value> {
    Ok(or_none(vm, vm.ldv(f, bf::SELF)))
}

/// `__reduce__` of builtins (CPython's `meth_reduce`): a module function pickles as its
/// name (a global), anything bound or owned by a type as `getattr(owner, name)`.
fn builtin_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = args.get(vm, 0);
    let def = vm.builtin_def(f);
    let owner = vm.ldv(f, bf::SELF).filter(|o| vm.kind(*o) != Kind::Module);
    let Some(owner) = owner else {
        return vm.new_str(def.name);
    };
    let mark = vm.sp();
    let or = vm.push_root(owner)?;
    let name = vm.new_str(def.name)?;
    let inner = vm.tuple2(vm.get(or), name)?;
    let ir = vm.push_root(inner)?;
    let b = vm.import_module("builtins")?;
    let ga = vm.intern("getattr")?;
    let getattr = vm.getattr(b, ga)?;
    let r = vm.tuple2(getattr, vm.get(ir));
    vm.truncate(mark);
    r
}

/// Builtin function / method descriptor methods.
pub static BUILTIN_METHODS: &[MethodDef] = &[
    meth("__repr__", builtin_repr),
    meth("__get__", builtin_get),
    meth("__call__", callable_call),
    meth("__reduce__", builtin_reduce),
];
/// Builtin function attributes.
pub static BUILTIN_GETSETS: &[GetSetDef] = &[
    getter("__name__", builtin_name),
    getter("__qualname__", builtin_qualname),
    getter("__self__", builtin_self),
    getter("__doc__", builtin_doc),
    getter("__module__", builtin_module),
    getter("__objclass__", builtin_objclass),
];

// ----- bound methods ---------------------------------------------------------------------------

fn method_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = args.get(vm, 0);
    let f = vm.ldv1(m, obj_::A);
    let s = vm.ldv1(m, obj_::B);
    let mark = vm.sp();
    vm.push_root(m)?;
    let q = match vm.getattr_opt(f, n::QUALNAME)? {
        Some(q) if vm.is_str(q) => vm.str_string(q),
        _ => "?".into(),
    };
    let m = vm.get(crate::runtime::roots::Root(mark as u32));
    let s2 = vm.ldv1(m, obj_::B);
    let _ = s;
    let sr = vm.repr_string(s2)?;
    vm.truncate(mark);
    vm.new_str(&format!("<bound method {q} of {sr}>"))
}

fn method_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    if vm.kind(b) != Kind::Method {
        return Ok(vm.not_implemented());
    }
    let r =
        vm.ldv1(a, obj_::A) == vm.ldv1(b, obj_::A) && vm.ldv1(a, obj_::B) == vm.ldv1(b, obj_::B);
    Ok(vm.bool_val(r))
}

fn method_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = args.get(vm, 0);
    let (f, s) = (vm.ldv1(m, obj_::A), vm.ldv1(m, obj_::B));
    let sr = vm.push_root(s)?;
    let h1 = vm.hash(f)?;
    let h2 = vm.identity_hash(vm.get(sr));
    vm.new_int(h1 ^ h2)
}

fn method_func(vm: &mut Vm, m: Value) -> PyResult<Value> {
    Ok(vm.ldv1(m, obj_::A))
}
fn method_self(vm: &mut Vm, m: Value) -> PyResult<Value> {
    Ok(vm.ldv1(m, obj_::B))
}
fn method_forward(vm: &mut Vm, m: Value, name: crate::runtime::names::Name) -> PyResult<Value> {
    let f = vm.ldv1(m, obj_::A);
    vm.getattr(f, name)
}
fn method_name(vm: &mut Vm, m: Value) -> PyResult<Value> {
    method_forward(vm, m, n::NAME)
}
fn method_qualname(vm: &mut Vm, m: Value) -> PyResult<Value> {
    method_forward(vm, m, n::QUALNAME)
}
fn method_doc(vm: &mut Vm, m: Value) -> PyResult<Value> {
    method_forward(vm, m, n::DOC)
}
fn method_module(vm: &mut Vm, m: Value) -> PyResult<Value> {
    method_forward(vm, m, n::MODULE)
}

/// `types.MethodType(function, instance)` (used by `weakref.WeakMethod`,
/// `contextlib.ExitStack`, ...).
fn method_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "method")?;
    if args.len() != 3 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "method expected 2 arguments, got {}",
            args.len().saturating_sub(1)
        ));
    }
    let f = args.get(vm, 1);
    if !vm.is_callable(f) {
        return Err(vm.type_error("first argument must be callable"));
    }
    let obj = args.get(vm, 2);
    if vm.is_none(obj) {
        return Err(vm.type_error("instance must not be None"));
    }
    vm.new_method(f, obj)
}

/// Bound method methods.
pub static METHOD_METHODS: &[MethodDef] = &[
    func("__new__", method_new),
    meth("__repr__", method_repr),
    meth("__call__", callable_call),
    meth("__eq__", method_eq),
    meth("__hash__", method_hash),
];
/// Bound method attributes.
pub static METHOD_GETSETS: &[GetSetDef] = &[
    getter("__func__", method_func),
    getter("__self__", method_self),
    getter("__name__", method_name),
    getter("__qualname__", method_qualname),
    getter("__doc__", method_doc),
    getter("__module__", method_module),
];

// ----- cells, code, frames, tracebacks -------------------------------------------------------

fn cell_contents(vm: &mut Vm, c: Value) -> PyResult<Value> {
    match vm.cell_get(c) {
        Some(v) => Ok(v),
        None => Err(vm.value_error("Cell is empty")),
    }
}
fn cell_set_contents(vm: &mut Vm, c: Value, v: Option<Value>) -> PyResult<()> {
    vm.cell_set(c, v);
    Ok(())
}
fn cell_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let c = args.get(vm, 0);
    let id = vm.object_id_value(c);
    match vm.cell_get(c) {
        Some(v) => {
            let tn = vm.type_name(v);
            let vid = vm.object_id_value(v);
            vm.new_str(&format!("<cell at {id:#x}: {tn} object at {vid:#x}>"))
        }
        None => vm.new_str(&format!("<cell at {id:#x}: empty>")),
    }
}

/// `cell` methods.
pub static CELL_METHODS: &[MethodDef] = &[meth("__repr__", cell_repr)];
/// `cell` attributes.
pub static CELL_GETSETS: &[GetSetDef] = &[GetSetDef {
    name: "cell_contents",
    get: cell_contents,
    set: Some(cell_set_contents),
    doc: "",
}];

fn code_tuple_of_names(vm: &mut Vm, names: Vec<String>) -> PyResult<Value> {
    let mark = vm.sp();
    for s in names {
        let v = vm.new_str(&s)?;
        vm.push_root(v)?;
    }
    vm.pack_tuple(mark)
}

fn co_name(vm: &mut Vm, c: Value) -> PyResult<Value> {
    Ok(Value::from_raw_nonnull(vm.code_ref(c).name.get()))
}
fn co_qualname(vm: &mut Vm, c: Value) -> PyResult<Value> {
    Ok(Value::from_raw_nonnull(vm.code_ref(c).qualname.get()))
}
fn co_filename(vm: &mut Vm, c: Value) -> PyResult<Value> {
    Ok(Value::from_raw_nonnull(vm.code_ref(c).filename.get()))
}
fn co_firstlineno(vm: &mut Vm, c: Value) -> PyResult<Value> {
    Ok(Value::small(vm.code_ref(c).co.first_line as i64))
}
fn co_argcount(vm: &mut Vm, c: Value) -> PyResult<Value> {
    Ok(Value::small(vm.code_ref(c).argcount as i64))
}
fn co_posonlyargcount(vm: &mut Vm, c: Value) -> PyResult<Value> {
    Ok(Value::small(vm.code_ref(c).posonlyargcount as i64))
}
fn co_kwonlyargcount(vm: &mut Vm, c: Value) -> PyResult<Value> {
    Ok(Value::small(vm.code_ref(c).kwonlyargcount as i64))
}
fn co_flags(vm: &mut Vm, c: Value) -> PyResult<Value> {
    Ok(Value::small(vm.code_ref(c).co.flags.0 as i64))
}
fn co_nlocals(vm: &mut Vm, c: Value) -> PyResult<Value> {
    Ok(Value::small(vm.code_ref(c).co.varnames.len() as i64))
}
fn co_varnames(vm: &mut Vm, c: Value) -> PyResult<Value> {
    let v: Vec<String> = vm
        .code_ref(c)
        .co
        .varnames
        .iter()
        .map(|s| s.to_string())
        .collect();
    code_tuple_of_names(vm, v)
}
fn co_cellvars(vm: &mut Vm, c: Value) -> PyResult<Value> {
    let v: Vec<String> = vm
        .code_ref(c)
        .co
        .cellvars
        .iter()
        .map(|s| s.to_string())
        .collect();
    code_tuple_of_names(vm, v)
}
fn co_freevars(vm: &mut Vm, c: Value) -> PyResult<Value> {
    let v: Vec<String> = vm
        .code_ref(c)
        .co
        .freevars
        .iter()
        .map(|s| s.to_string())
        .collect();
    code_tuple_of_names(vm, v)
}
fn co_names(vm: &mut Vm, c: Value) -> PyResult<Value> {
    let v: Vec<String> = vm
        .code_ref(c)
        .co
        .names
        .iter()
        .map(|s| s.to_string())
        .collect();
    code_tuple_of_names(vm, v)
}
fn co_consts(vm: &mut Vm, c: Value) -> PyResult<Value> {
    let mark = vm.sp();
    let cr = vm.push_root(c)?;
    let n = vm.code_ref(c).consts.len();
    for i in 0..n {
        let w = vm.code_ref(vm.get(cr)).consts[i].get();
        vm.push_word(w)?;
    }
    let t = vm.tuple_from_slots(cr.index() + 1, n)?;
    vm.truncate(mark);
    Ok(t)
}
fn code_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let c = args.get(vm, 0);
    let rt = vm.code_ref(c);
    let (name, file, line) = (
        rt.co.name.to_string(),
        rt.co.filename.to_string(),
        rt.co.first_line,
    );
    let id = vm.object_id_value(c);
    vm.new_str(&format!(
        "<code object {name} at {id:#x}, file \"{file}\", line {line}>"
    ))
}

/// `code.co_positions()`: an iterator of `(line, end_line, col, end_col)` per code unit
/// (what `traceback` reads at `tb_lasti // 2` to place its carets).
fn code_positions(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "co_positions", 1, 1)?;
    let locs = vm.code_ref(args.get(vm, 0)).co.line_table.decode();
    let mark = vm.sp();
    for loc in locs {
        let item = vm.sp();
        for x in [loc.line, loc.end_line, loc.col, loc.end_col] {
            let v = if loc.line == 0 {
                vm.none()
            } else {
                Value::small(x as i64)
            };
            vm.push_root(v)?;
        }
        let t = vm.tuple_from_slots(item, 4)?;
        vm.truncate(item);
        vm.push_root(t)?;
    }
    let l = vm.pack_list(mark)?;
    vm.get_iter(l)
}

/// `code` methods.
pub static CODE_METHODS: &[MethodDef] = &[
    meth("__repr__", code_repr),
    meth("co_positions", code_positions),
];
/// `code` attributes.
pub static CODE_GETSETS: &[GetSetDef] = &[
    getter("co_name", co_name),
    getter("co_qualname", co_qualname),
    getter("co_filename", co_filename),
    getter("co_firstlineno", co_firstlineno),
    getter("co_argcount", co_argcount),
    getter("co_posonlyargcount", co_posonlyargcount),
    getter("co_kwonlyargcount", co_kwonlyargcount),
    getter("co_flags", co_flags),
    getter("co_nlocals", co_nlocals),
    getter("co_varnames", co_varnames),
    getter("co_cellvars", co_cellvars),
    getter("co_freevars", co_freevars),
    getter("co_names", co_names),
    getter("co_consts", co_consts),
];

fn f_code(vm: &mut Vm, f: Value) -> PyResult<Value> {
    Ok(vm.ldv1(f, frameobj_::CODE))
}
fn f_globals(vm: &mut Vm, f: Value) -> PyResult<Value> {
    Ok(vm.ldv1(f, frameobj_::GLOBALS))
}
fn f_lineno(vm: &mut Vm, f: Value) -> PyResult<Value> {
    Ok(Value::small(vm.frameobj_lineno(f) as i64))
}
fn f_lasti(vm: &mut Vm, f: Value) -> PyResult<Value> {
    Ok(Value::small(
        2 * vm.ld_scalar::<u64>(f, frameobj_::LASTI) as i64,
    ))
}
fn f_back(vm: &mut Vm, f: Value) -> PyResult<Value> {
    if let Some(b) = vm.ldv(f, frameobj_::BACK) {
        return Ok(b);
    }
    let live = vm.ld_scalar::<u64>(f, frameobj_::LIVE) as usize;
    if live > 1 && live <= vm.st().frames.len() {
        let fr = vm.push_root(f)?;
        let b = vm.frame_object(live - 2)?;
        vm.st_field(vm.get(fr), frameobj_::BACK, Some(b));
        return Ok(b);
    }
    Ok(vm.none())
}
fn f_locals(vm: &mut Vm, f: Value) -> PyResult<Value> {
    let live = vm.ld_scalar::<u64>(f, frameobj_::LIVE) as usize;
    if live > 0 && live <= vm.st().frames.len() {
        return vm.frame_locals_dict(live - 1);
    }
    match vm.ldv(f, frameobj_::LOCALS) {
        Some(l) => Ok(l),
        None => vm.new_dict(),
    }
}
fn f_builtins(vm: &mut Vm, _f: Value) -> PyResult<Value> {
    Ok(vm.g(G::BuiltinsDict))
}
fn frame_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = args.get(vm, 0);
    let c = vm.frameobj_code(f);
    let rt = vm.code_ref(c);
    let (name, file) = (rt.co.name.to_string(), rt.co.filename.to_string());
    let line = vm.frameobj_lineno(f);
    let id = vm.object_id_value(f);
    vm.new_str(&format!(
        "<frame at {id:#x}, file '{file}', line {line}, code {name}>"
    ))
}

/// `frame.clear()`: drops the locals a finished frame keeps alive (its `f_locals` snapshot);
/// an executing frame raises RuntimeError, as in CPython (`traceback.clear_frames` relies on
/// that to skip the frames still running).
fn frame_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "clear", 1, 1)?;
    let f = args.get(vm, 0);
    let live = vm.ld_scalar::<u64>(f, frameobj_::LIVE) as usize;
    if live > 0 && live <= vm.st().frames.len() {
        return Err(crate::raise!(
            vm,
            RuntimeError,
            "cannot clear an executing frame"
        ));
    }
    vm.st_field(f, frameobj_::LOCALS, None);
    Ok(vm.none())
}

/// `frame` methods.
pub static FRAME_METHODS: &[MethodDef] =
    &[meth("__repr__", frame_repr), meth("clear", frame_clear)];
/// `frame` attributes.
pub static FRAME_GETSETS: &[GetSetDef] = &[
    getter("f_code", f_code),
    getter("f_globals", f_globals),
    getter("f_lineno", f_lineno),
    getter("f_lasti", f_lasti),
    getter("f_back", f_back),
    getter("f_locals", f_locals),
    getter("f_builtins", f_builtins),
];

fn tb_next(vm: &mut Vm, t: Value) -> PyResult<Value> {
    Ok(or_none(vm, vm.ldv(t, tb_::NEXT)))
}
fn tb_set_next(vm: &mut Vm, t: Value, v: Option<Value>) -> PyResult<()> {
    let v = v.filter(|x| !vm.is_none(*x));
    if let Some(x) = v
        && !vm.is_exact(x, T::Traceback)
    {
        let tn = vm.type_name(x);
        return Err(crate::raise!(
            vm,
            TypeError,
            "expected traceback object, got '{tn}'"
        ));
    }
    vm.st_field(t, tb_::NEXT, v);
    Ok(())
}
fn tb_frame(vm: &mut Vm, t: Value) -> PyResult<Value> {
    Ok(vm.ldv1(t, tb_::FRAME))
}
fn tb_lineno(vm: &mut Vm, t: Value) -> PyResult<Value> {
    Ok(Value::small(vm.ld_scalar::<u64>(t, tb_::LINENO) as i64))
}
fn tb_lasti(vm: &mut Vm, t: Value) -> PyResult<Value> {
    Ok(Value::small(2 * vm.ld_scalar::<u64>(t, tb_::LASTI) as i64))
}

/// `traceback` attributes.
pub static TRACEBACK_GETSETS: &[GetSetDef] = &[
    GetSetDef {
        name: "tb_next",
        get: tb_next,
        set: Some(tb_set_next),
        doc: "",
    },
    getter("tb_frame", tb_frame),
    getter("tb_lineno", tb_lineno),
    getter("tb_lasti", tb_lasti),
];

// ----- modules -----------------------------------------------------------------------------------

fn module_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = vm.new_dict()?;
    let dr = vm.push_root(d)?;
    let m = vm.module_with_dict(dr)?;
    vm.wrap_native_instance(args.root(0), m, Kind::Module)
}

fn module_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [m, name, doc] = vm.bind::<3>(
        args,
        &Sig {
            name: "module",
            params: &["self", "name", "doc"],
            posonly: 1,
            kwonly: 3,
            required: 2,
        },
    )?;
    let mv = vm.get(m.expect("self"));
    let d = vm.module_dict(mv);
    let nm = vm.get(name.expect("name"));
    vm.dict_set_name(d, n::NAME, nm)?;
    let docv = doc.map(|r| vm.get(r)).unwrap_or_else(|| vm.none());
    let mv = vm.get(m.expect("self"));
    let d = vm.module_dict(mv);
    vm.dict_set_name(d, n::DOC, docv)?;
    for k in [n::PACKAGE, n::LOADER, n::SPEC] {
        let mv = vm.get(m.expect("self"));
        let d = vm.module_dict(mv);
        if vm.dict_get_name(d, k).is_none() {
            let none = vm.none();
            vm.dict_set_name(d, k, none)?;
        }
    }
    Ok(vm.none())
}

fn module_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = args.get(vm, 0);
    let name = vm.module_name(m).unwrap_or_else(|| "?".into());
    let d = vm.module_dict(m);
    if let Some(f) = vm.dict_get_name(d, n::FILE)
        && vm.is_str(f)
    {
        let fs = vm.str_string(f);
        return vm.new_str(&format!("<module '{name}' from '{fs}'>"));
    }
    if vm.native_modules.contains_key(name.as_str()) || name == "builtins" || name == "sys" {
        return vm.new_str(&format!("<module '{name}' (built-in)>"));
    }
    vm.new_str(&format!("<module '{name}'>"))
}

fn module_dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = args.get(vm, 0);
    let d = vm.module_dict(m);
    vm.dict_keys_list(d)
}

/// `module` methods.
pub static MODULE_METHODS: &[MethodDef] = &[
    func("__new__", module_new),
    meth("__init__", module_init),
    meth("__repr__", module_repr),
    meth("__dir__", module_dir),
];

// ----- generators --------------------------------------------------------------------------------

fn gen_name(vm: &mut Vm, g: Value) -> PyResult<Value> {
    Ok(or_none(vm, vm.ldv(g, gen_::NAME)))
}
fn gen_qualname(vm: &mut Vm, g: Value) -> PyResult<Value> {
    Ok(or_none(vm, vm.ldv(g, gen_::QUALNAME)))
}
fn gen_running(vm: &mut Vm, g: Value) -> PyResult<Value> {
    let r = vm.gen_state(g) == crate::interp::generator::RUNNING;
    Ok(vm.bool_val(r))
}
fn gen_suspended(vm: &mut Vm, g: Value) -> PyResult<Value> {
    let r = vm.gen_state(g) == crate::interp::generator::SUSPENDED;
    Ok(vm.bool_val(r))
}
fn gen_code(vm: &mut Vm, g: Value) -> PyResult<Value> {
    let f = vm.ldv1(g, gen_::FUNC);
    Ok(vm.ldv1(f, func_::CODE))
}
fn gen_frame(vm: &mut Vm, g: Value) -> PyResult<Value> {
    if vm.gen_state(g) == crate::interp::generator::CLOSED {
        return Ok(vm.none());
    }
    if let Some(f) = vm.ldv(g, gen_::FRAME) {
        return Ok(f);
    }
    // A frame object for a suspended generator: code + globals, not live.
    let gr = vm.push_root(g)?;
    let fo = vm.alloc_t(vm.lay.obj[5][2], T::Frame)?;
    let g = vm.get(gr);
    let func = vm.ldv1(g, gen_::FUNC);
    let code = vm.ldv1(func, func_::CODE);
    let globals = vm.ldv1(func, func_::GLOBALS);
    vm.init_field(fo, frameobj_::CODE, Some(code));
    vm.init_field(fo, frameobj_::GLOBALS, Some(globals));
    vm.init_field(fo, frameobj_::BACK, None);
    vm.init_field(fo, frameobj_::LOCALS, None);
    let pc = vm.ld_scalar::<u32>(g, gen_::PC) as u64;
    vm.st_scalar::<u64>(fo, frameobj_::LASTI, pc.saturating_sub(1));
    vm.st_scalar::<u64>(fo, frameobj_::LIVE, 0);
    vm.st_field(g, gen_::FRAME, Some(fo));
    Ok(fo)
}
fn gen_yieldfrom_get(vm: &mut Vm, g: Value) -> PyResult<Value> {
    Ok(or_none(vm, vm.gen_yieldfrom(g)))
}

/// Generator / coroutine attributes.
pub static GEN_GETSETS: &[GetSetDef] = &[
    getter("__name__", gen_name),
    getter("__qualname__", gen_qualname),
    getter("gi_running", gen_running),
    getter("gi_suspended", gen_suspended),
    getter("gi_code", gen_code),
    getter("gi_frame", gen_frame),
    getter("gi_yieldfrom", gen_yieldfrom_get),
    getter("cr_running", gen_running),
    getter("cr_code", gen_code),
    getter("cr_frame", gen_frame),
    getter("cr_await", gen_yieldfrom_get),
    getter("ag_running", gen_running),
    getter("ag_code", gen_code),
    getter("ag_frame", gen_frame),
];

// ----- property, staticmethod, classmethod -------------------------------------------------------

fn property_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let p = vm.new_property(args.root(0), None, None, None, None)?;
    Ok(p)
}

fn property_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [s, fget, fset, fdel, doc] = vm.bind::<5>(
        args,
        &Sig {
            name: "property",
            params: &["self", "fget", "fset", "fdel", "doc"],
            posonly: 1,
            kwonly: 5,
            required: 1,
        },
    )?;
    let p = vm.payload_or_self(vm.get(s.expect("self")));
    let vals: Vec<Option<Value>> = [fget, fset, fdel, doc]
        .iter()
        .map(|r| r.map(|r| vm.get(r)).filter(|v| !vm.is_none(*v)))
        .collect();
    for (off, v) in [obj_::A, obj_::B, obj_::C, obj_::D]
        .into_iter()
        .zip(vals.iter())
    {
        vm.st_field(p, off, *v);
    }
    // Doc defaults to the getter's docstring.
    if vals[3].is_none()
        && let Some(g) = vals[0]
        && let Some(d) = vm.getattr_opt(g, n::DOC)?
        && !vm.is_none(d)
    {
        let p = vm.payload_or_self(vm.get(s.expect("self")));
        vm.st_field(p, obj_::D, Some(d));
    }
    Ok(vm.none())
}

fn property_get_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let p = args.get(vm, 0);
    match args.opt(vm, 1) {
        Some(o) if !vm.is_none(o) => vm.property_get(p, o),
        _ => Ok(p),
    }
}

fn property_set_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__set__", 3, 3)?;
    let (p, o, v) = (args.get(vm, 0), args.get(vm, 1), args.get(vm, 2));
    vm.property_set(p, o, Some(v))?;
    Ok(vm.none())
}

fn property_delete_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__delete__", 2, 2)?;
    let (p, o) = (args.get(vm, 0), args.get(vm, 1));
    vm.property_set(p, o, None)?;
    Ok(vm.none())
}

fn property_copy_with(vm: &mut Vm, args: Args, slot: usize) -> PyResult<Value> {
    vm.check_args(args, "property", 2, 2)?;
    let p = vm.payload_or_self(args.get(vm, 0));
    let mut parts: Vec<Option<Value>> = [obj_::A, obj_::B, obj_::C, obj_::D]
        .iter()
        .map(|&o| vm.ldv(p, o))
        .collect();
    parts[slot] = Some(args.get(vm, 1));
    let ty = vm.type_of(args.get(vm, 0));
    let tr = vm.push_root(ty)?;
    let np = vm.new_property(tr, parts[0], parts[1], parts[2], parts[3])?;
    let p = vm.payload_or_self(args.get(vm, 0));
    if let Some(nm) = vm.ldv(p, 40) {
        vm.st_field(np, 40, Some(nm));
    }
    Ok(np)
}
fn property_getter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    property_copy_with(vm, a, 0)
}
fn property_setter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    property_copy_with(vm, a, 1)
}
fn property_deleter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    property_copy_with(vm, a, 2)
}
fn property_set_name(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let p = vm.payload_or_self(args.get(vm, 0));
    let nm = args.get(vm, 2);
    vm.st_field(p, 40, Some(nm));
    Ok(vm.none())
}

fn p_fget(vm: &mut Vm, p: Value) -> PyResult<Value> {
    let p = vm.payload_or_self(p);
    Ok(or_none(vm, vm.ldv(p, obj_::A)))
}
fn p_fset(vm: &mut Vm, p: Value) -> PyResult<Value> {
    let p = vm.payload_or_self(p);
    Ok(or_none(vm, vm.ldv(p, obj_::B)))
}
fn p_fdel(vm: &mut Vm, p: Value) -> PyResult<Value> {
    let p = vm.payload_or_self(p);
    Ok(or_none(vm, vm.ldv(p, obj_::C)))
}
fn p_doc(vm: &mut Vm, p: Value) -> PyResult<Value> {
    let p = vm.payload_or_self(p);
    Ok(or_none(vm, vm.ldv(p, obj_::D)))
}
fn p_set_doc(vm: &mut Vm, p: Value, v: Option<Value>) -> PyResult<()> {
    let p = vm.payload_or_self(p);
    vm.st_field(p, obj_::D, v);
    Ok(())
}
fn p_isabstract(vm: &mut Vm, p: Value) -> PyResult<Value> {
    let p = vm.payload_or_self(p);
    for off in [obj_::A, obj_::B, obj_::C] {
        if let Some(f) = vm.ldv(p, off) {
            let fr = vm.push_root(f)?;
            let a = vm.getattr_opt(vm.get(fr), n::ISABSTRACTMETHOD)?;
            if let Some(a) = a
                && vm.truthy(a)?
            {
                return Ok(vm.bool_val(true));
            }
        }
    }
    Ok(vm.bool_val(false))
}

/// `property` methods.
pub static PROPERTY_METHODS: &[MethodDef] = &[
    func("__new__", property_new),
    meth("__init__", property_init),
    meth("__get__", property_get_m),
    meth("__set__", property_set_m),
    meth("__delete__", property_delete_m),
    meth("getter", property_getter),
    meth("setter", property_setter),
    meth("deleter", property_deleter),
    meth("__set_name__", property_set_name),
];
/// `property` attributes.
pub static PROPERTY_GETSETS: &[GetSetDef] = &[
    getter("fget", p_fget),
    getter("fset", p_fset),
    getter("fdel", p_fdel),
    GetSetDef {
        name: "__doc__",
        get: p_doc,
        set: Some(p_set_doc),
        doc: "",
    },
    getter("__isabstractmethod__", p_isabstract),
];

fn wrapper_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "staticmethod", 2, 2)?;
    let f = args.get(vm, 1);
    vm.new_method_wrapper(args.root(0), f)
}
fn wrapper_init(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.none())
}
fn staticmethod_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = args.get(vm, 0);
    Ok(vm.staticmethod_func(d))
}
fn staticmethod_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = args.get(vm, 0);
    let f = vm.staticmethod_func(d);
    vm.call_forward(f, args, 1)
}
fn classmethod_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = args.get(vm, 0);
    let owner = match args.opt(vm, 2).filter(|v| !vm.is_none(*v)) {
        Some(t) => t,
        None => {
            let o = args.opt(vm, 1).unwrap_or_else(|| vm.none());
            vm.type_of(o)
        }
    };
    let f = vm.classmethod_func(d);
    vm.new_method(f, owner)
}
fn wrapper_func(vm: &mut Vm, d: Value) -> PyResult<Value> {
    Ok(vm.staticmethod_func(d))
}
fn wrapper_isabstract(vm: &mut Vm, d: Value) -> PyResult<Value> {
    let f = vm.staticmethod_func(d);
    match vm.getattr_opt(f, n::ISABSTRACTMETHOD)? {
        Some(a) => {
            let b = vm.truthy(a)?;
            Ok(vm.bool_val(b))
        }
        None => Ok(vm.bool_val(false)),
    }
}
fn wrapper_doc(vm: &mut Vm, d: Value) -> PyResult<Value> {
    let f = vm.staticmethod_func(d);
    Ok(vm.getattr_opt(f, n::DOC)?.unwrap_or_else(|| vm.none()))
}

/// `staticmethod` methods.
pub static STATICMETHOD_METHODS: &[MethodDef] = &[
    func("__new__", wrapper_new),
    meth("__init__", wrapper_init),
    meth("__get__", staticmethod_get),
    meth("__call__", staticmethod_call),
];
/// `classmethod` methods.
pub static CLASSMETHOD_METHODS: &[MethodDef] = &[
    func("__new__", wrapper_new),
    meth("__init__", wrapper_init),
    meth("__get__", classmethod_get),
];
/// `staticmethod`/`classmethod` attributes.
pub static WRAPPER_GETSETS: &[GetSetDef] = &[
    getter("__func__", wrapper_func),
    getter("__wrapped__", wrapper_func),
    getter("__isabstractmethod__", wrapper_isabstract),
    getter("__doc__", wrapper_doc),
];

// ----- member / getset descriptors ----------------------------------------------------------------

fn member_get_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = args.get(vm, 0);
    match args.opt(vm, 1) {
        Some(o) if !vm.is_none(o) => vm.member_get(d, o),
        _ => Ok(d),
    }
}
fn member_set_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (d, o, v) = (args.get(vm, 0), args.get(vm, 1), args.get(vm, 2));
    vm.member_set(d, o, Some(v))?;
    Ok(vm.none())
}
fn member_delete_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (d, o) = (args.get(vm, 0), args.get(vm, 1));
    vm.member_set(d, o, None)?;
    Ok(vm.none())
}
fn member_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = args.get(vm, 0);
    let nm = vm.str_string(vm.ldv1(d, member_::NAME));
    let on = vm.type_name_str(vm.ldv1(d, member_::OWNER));
    vm.new_str(&format!("<member '{nm}' of '{on}' objects>"))
}
fn getset_get_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = args.get(vm, 0);
    match args.opt(vm, 1) {
        Some(o) if !vm.is_none(o) => vm.getset_get(d, o),
        _ => Ok(d),
    }
}
fn getset_set_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (d, o, v) = (args.get(vm, 0), args.get(vm, 1), args.get(vm, 2));
    vm.getset_set(d, o, Some(v))?;
    Ok(vm.none())
}
fn getset_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = args.get(vm, 0);
    let nm = vm.str_string(vm.ldv1(d, obj_::A));
    let on = vm.type_name_str(vm.ldv1(d, obj_::B));
    vm.new_str(&format!("<attribute '{nm}' of '{on}' objects>"))
}
fn descr_name(vm: &mut Vm, d: Value) -> PyResult<Value> {
    Ok(vm.ldv1(d, obj_::A))
}
fn descr_objclass(vm: &mut Vm, d: Value) -> PyResult<Value> {
    Ok(vm.ldv1(d, obj_::B))
}

/// `member_descriptor` methods.
pub static MEMBER_METHODS: &[MethodDef] = &[
    meth("__get__", member_get_m),
    meth("__set__", member_set_m),
    meth("__delete__", member_delete_m),
    meth("__repr__", member_repr),
];
/// `getset_descriptor` methods.
pub static GETSET_METHODS: &[MethodDef] = &[
    meth("__get__", getset_get_m),
    meth("__set__", getset_set_m),
    meth("__repr__", getset_repr),
];
/// Descriptor attributes.
pub static DESCR_GETSETS: &[GetSetDef] = &[
    getter("__name__", descr_name),
    getter("__objclass__", descr_objclass),
];

impl Vm {
    /// A dict snapshot of the locals of live frame record `idx` (`locals()` / `f_locals`).
    pub fn frame_locals_dict(&mut self, idx: usize) -> PyResult<Value> {
        let f = self.st().frames[idx];
        if f.locals != 0 {
            return Ok(Value::from_raw_nonnull(f.locals));
        }
        // Like CPython 3.11, every `locals()` of a function frame returns the same dict (kept
        // in the frame object), refreshed from the fast locals.
        let fo = self.frame_object(idx)?;
        let for_ = self.push_root(fo)?;
        let d = match self.ldv(fo, crate::interp::frame::frameobj_::LOCALS) {
            Some(d) if self.is_dict(d) => d,
            _ => {
                let d = self.new_dict()?;
                let fo = self.get(for_);
                self.st_field(fo, crate::interp::frame::frameobj_::LOCALS, Some(d));
                d
            }
        };
        let dr = self.push_root(d)?;
        // SAFETY: the frame record is live; its function keeps the code alive.
        let code = unsafe { &*self.st().frames[idx].code };
        let n = code.nlocalsplus;
        let first_cell = code.co.varnames.len();
        let cell_slots: Vec<u32> = code.co.cell_slots.to_vec();
        let free_start = code.co.first_free_slot();
        for i in 0..n {
            let base = self.st().frames[idx].base as usize;
            let w = self.slot(base + i);
            let unbound = |vm: &mut Vm| -> PyResult<()> {
                // SAFETY: as above.
                let code = unsafe { &*vm.st().frames[idx].code };
                let name = Value::from_raw_nonnull(code.varnames[i].get());
                vm.dict_del_item(vm.get(dr), name)?;
                Ok(())
            };
            let Some(mut v) = Value::from_raw(w) else {
                unbound(self)?;
                continue;
            };
            let is_cell = (i >= first_cell) || cell_slots.contains(&(i as u32)) || i >= free_start;
            if is_cell && self.kind(v) == Kind::Cell {
                match self.cell_get(v) {
                    Some(c) => v = c,
                    None => {
                        unbound(self)?;
                        continue;
                    }
                }
            }
            // SAFETY: as above.
            let code = unsafe { &*self.st().frames[idx].code };
            let name = Value::from_raw_nonnull(code.varnames[i].get());
            self.dict_set_item(self.get(dr), name, v)?;
        }
        let d = self.get(dr);
        self.truncate(for_.index());
        Ok(d)
    }
}

/// Keeps `C` used.
pub fn _c() -> C {
    C::None
}
