//! Bootstrap: creating the builtin types, the immortal constants, the predefined names, the
//! `builtins` and `sys` modules, and registering the native modules.
//!
//! Order matters because everything is an object: (1) allocate every builtin type object
//! with its scalar fields (kind, flags, slot count) but no references; (2) point every
//! type's type at `type`; (3) intern the predefined names (strings need the `str` type);
//! (4) give each type its name, dict, bases and MRO; (5) install the native methods of
//! every type (descriptors need their types); (6) constants; (7) `builtins`, `sys`.
//!
//! Invariant: after bootstrap every `State::types` entry is a complete type object and
//! `Name(i)` for `i < N_PREDEFINED` is the i-th predefined name.

use crate::objects::exceptions::extra_fields;
use crate::objects::function::member_;
use crate::runtime::builtin_types::{Kind, T, tf};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{OFF_TYPE, obj_, type_};
use crate::runtime::names::{Name, PREDEFINED};
use crate::runtime::roots::{C, G};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Number of reserved instance slots of builtin type `t` (exceptions: the five common
/// fields plus the class-specific ones they inherit or define).
fn builtin_nslots(t: T) -> usize {
    if !t.is_exception() {
        return 0;
    }
    let mut c = Some(t);
    while let Some(x) = c {
        let f = extra_fields(x);
        if !f.is_empty() {
            return crate::objects::exceptions::EXC_X0 + f.len();
        }
        c = x.base();
    }
    crate::objects::exceptions::EXC_X0
}

/// Runs the whole bootstrap.
pub fn bootstrap(vm: &mut Vm) -> PyResult<()> {
    allocate_types(vm)?;
    make_empty_constants(vm)?;
    intern_predefined(vm)?;
    fill_types(vm)?;
    make_constants(vm)?;
    install_methods(vm)?;
    for &t in T::ALL {
        let ty = vm.ty(t);
        vm.recompute_type_flags(ty);
    }
    crate::builtins::init_builtins_module(vm)?;
    crate::modules::register_native_modules(vm);
    crate::modules::sys::init_sys(vm)?;
    Ok(())
}

fn allocate_types(vm: &mut Vm) -> PyResult<()> {
    for &t in T::ALL {
        let r = vm.alloc(vm.lay.type_)?;
        let ty = Value::from_gc(r);
        let mut flags = t.flags() | tf::IMMUTABLE;
        if t.kind() == Kind::Instance
            && t.base().is_some()
            && !t.is_exception()
            && t != T::SimpleNamespace
        {
            flags |= tf::NATIVE_PAYLOAD;
        }
        let nslots = builtin_nslots(t);
        vm.st_scalar::<u64>(ty, type_::FLAGS, flags);
        vm.st_scalar::<u32>(ty, type_::VERSION, 0);
        vm.st_scalar::<u32>(ty, type_::SPECIAL_VERSION, u32::MAX);
        vm.st_scalar::<u32>(ty, type_::NSLOTS, nslots as u32);
        let root_map = vm.maps.root(nslots as u32);
        vm.st_scalar::<u32>(ty, type_::ROOT_MAP, root_map);
        vm.st_scalar::<u8>(ty, type_::KIND, t.kind() as u8);
        vm.st_scalar::<u8>(ty, type_::NATIVE, t.kind() as u8);
        vm.st_scalar::<u8>(ty, type_::KIND + 2, 0);
        vm.st_scalar::<u8>(ty, type_::KIND + 3, 0);
        vm.st_scalar::<u32>(ty, type_::EXPECTED, 0);
        vm.stm().types[t as usize] = ty.raw();
    }
    let type_ty = vm.ty(T::Type);
    for &t in T::ALL {
        let ty = vm.ty(t);
        vm.st_field(ty, OFF_TYPE, Some(type_ty));
    }
    Ok(())
}

fn intern_predefined(vm: &mut Vm) -> PyResult<()> {
    for (i, s) in PREDEFINED.iter().enumerate() {
        let nm = vm.intern(s)?;
        debug_assert_eq!(nm, Name(i as u32));
    }
    Ok(())
}

fn fill_types(vm: &mut Vm) -> PyResult<()> {
    for &t in T::ALL {
        let mark = vm.sp();
        let name = vm.new_str(t.name())?;
        let nr = vm.push_root(name)?;
        let d = vm.new_dict()?;
        let dr = vm.push_root(d)?;
        let special = vm.new_array(crate::runtime::names::N_SPECIAL)?;
        let sr = vm.push_root(special)?;
        let bases = match t.base() {
            // The one builtin with two bases: ExceptionGroup(BaseExceptionGroup, Exception).
            Some(b) if t == T::ExceptionGroup => vm.tuple2(vm.ty(b), vm.ty(T::Exception))?,
            Some(b) => vm.tuple1(vm.ty(b))?,
            None => vm.alloc_tuple(0)?,
        };
        let br = vm.push_root(bases)?;
        let mro = if t == T::ExceptionGroup {
            let mro_mark = vm.sp();
            for x in [
                T::ExceptionGroup,
                T::BaseExceptionGroup,
                T::Exception,
                T::BaseException,
                T::Object,
            ] {
                vm.push_root(vm.ty(x))?;
            }
            vm.pack_tuple(mro_mark)?
        } else {
            // MRO: (t,) + base.__mro__ (single inheritance).
            let mro_mark = vm.sp();
            vm.push_root(vm.ty(t))?;
            if let Some(b) = t.base() {
                let bm = vm.type_mro(vm.ty(b));
                let items = vm.tuple_items(bm).to_vec();
                for x in items {
                    vm.push_root(x)?;
                }
            }
            vm.pack_tuple(mro_mark)?
        };
        let ty = vm.ty(t);
        vm.st_field(ty, type_::MRO, Some(mro));
        vm.st_field(ty, type_::NAME, Some(vm.get(nr)));
        vm.st_field(ty, type_::QUALNAME, Some(vm.get(nr)));
        vm.st_field(ty, type_::DICT, Some(vm.get(dr)));
        vm.st_field(ty, type_::SPECIAL, Some(vm.get(sr)));
        vm.st_field(ty, type_::BASES, Some(vm.get(br)));
        let base = t.base().map(|b| vm.ty(b));
        vm.st_field(ty, type_::BASE, base);
        let v = vm.fresh_version();
        vm.st_scalar::<u32>(ty, type_::VERSION, v);
        if t.module() != "builtins" {
            let m = vm.new_str(t.module())?;
            let ty = vm.ty(t);
            let d = vm.type_dict(ty);
            vm.dict_set_name(d, crate::runtime::names::n::MODULE, m)?;
        }
        if let Some(b) = t.base() {
            vm.add_subclass(vm.ty(b), vm.ty(t))?;
        }
        vm.truncate(mark);
    }
    Ok(())
}

fn make_empty_constants(vm: &mut Vm) -> PyResult<()> {
    let et = vm.alloc_var_t(vm.lay.tuple, 0, T::Tuple)?;
    vm.stm().consts[C::EmptyTuple as usize] = et.raw();
    let es = vm.alloc_str_raw(b"", 0, crate::runtime::layout::str_::F_ASCII)?;
    vm.stm().consts[C::EmptyStr as usize] = es.raw();
    let eb = vm.alloc_var_t(vm.lay.bytes, 0, T::Bytes)?;
    vm.st_scalar::<i64>(eb, crate::runtime::layout::bytes_::HASH, -1);
    vm.stm().consts[C::EmptyBytes as usize] = eb.raw();
    Ok(())
}

fn make_constants(vm: &mut Vm) -> PyResult<()> {
    let none = vm.alloc_t(vm.lay.obj[1][0], T::NoneType)?;
    vm.stm().consts[C::None as usize] = none.raw();
    for (c, b) in [(C::True, 1i64), (C::False, 0)] {
        let v = vm.alloc_t(vm.lay.obj[1][1], T::Bool)?;
        vm.st_scalar::<i64>(v, obj_::x(1), b);
        vm.stm().consts[c as usize] = v.raw();
    }
    let ni = vm.alloc_t(vm.lay.obj[1][0], T::NotImplementedType)?;
    vm.stm().consts[C::NotImplemented as usize] = ni.raw();
    let el = vm.alloc_t(vm.lay.obj[1][0], T::EllipsisType)?;
    vm.stm().consts[C::Ellipsis as usize] = el.raw();
    let nf = vm.alloc_t(vm.lay.obj[1][0], T::Object)?;
    vm.stm().consts[C::NotFound as usize] = nf.raw();
    let me = vm.new_exception0(T::MemoryError)?;
    vm.set_g(G::MemoryErrorInstance, Some(me));
    let nm = vm.new_dict()?;
    vm.set_g(G::NativeModules, Some(nm));
    Ok(())
}

fn install_methods(vm: &mut Vm) -> PyResult<()> {
    for &t in T::ALL {
        // Every CPython type has `__doc__` in its dict (None without a docstring), so
        // `None.__doc__` or `int.__doc__` never raise.
        let dict = vm.type_dict(vm.ty(t));
        if vm
            .dict_get_name(dict, crate::runtime::names::n::DOC)
            .is_none()
        {
            let none = vm.none();
            vm.dict_set_name(dict, crate::runtime::names::n::DOC, none)?;
        }
        let defs = crate::objects::native_defs(t);
        for table in defs.methods {
            for def in table.iter() {
                let mark = vm.sp();
                let d = vm.new_method_descriptor(def, vm.ty(t))?;
                let dr = vm.push_root(d)?;
                let dict = vm.type_dict(vm.ty(t));
                vm.dict_set_text(dict, def.name, vm.get(dr))?;
                vm.truncate(mark);
            }
        }
        for table in defs.getsets {
            for def in table.iter() {
                let mark = vm.sp();
                let d = vm.new_getset_descriptor(def, vm.ty(t))?;
                let dr = vm.push_root(d)?;
                let dict = vm.type_dict(vm.ty(t));
                vm.dict_set_text(dict, def.name, vm.get(dr))?;
                vm.truncate(mark);
            }
        }
        // Exception fields: member descriptors on the class that declares them.
        let fields = extra_fields(t);
        if !fields.is_empty() {
            for (i, f) in fields.iter().enumerate() {
                let mark = vm.sp();
                let name = vm.new_str(f)?;
                let m = vm.new_member(
                    name,
                    vm.ty(t),
                    crate::objects::exceptions::EXC_X0 + i,
                    member_::NONE_DEFAULT,
                )?;
                let mr = vm.push_root(m)?;
                let dict = vm.type_dict(vm.ty(t));
                vm.dict_set_text(dict, f, vm.get(mr))?;
                vm.truncate(mark);
            }
        }
        if matches!(t, T::List | T::Dict | T::Set | T::ByteArray) {
            let none = vm.none();
            let dict = vm.type_dict(vm.ty(t));
            vm.dict_set_name(dict, crate::runtime::names::n::HASH, none)?;
        }
        let ty = vm.ty(t);
        let v = vm.fresh_version();
        vm.st_scalar::<u32>(ty, type_::VERSION, v);
    }
    Ok(())
}
