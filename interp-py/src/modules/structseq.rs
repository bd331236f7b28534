//! Struct sequences: tuple subclasses with named fields (`sys.version_info`,
//! `sys.float_info`, `time.struct_time`, ...), like CPython's `PyStructSequence`.
//!
//! A struct sequence type is a heap subclass of `tuple` whose dict holds `_fields`,
//! `n_fields`, `n_sequence_fields`, `__module__`, a `__repr__` printing
//! `module.name(field=value, ...)` and one read-only property per field. Instances are
//! tuple-payload instances, so indexing, unpacking, comparison and hashing are the tuple's.
//! Fields past `n_sequence_fields` (e.g. `tm_zone`) are stored as instance attributes
//! (struct sequence instances have a `__dict__`, unlike CPython's).

use crate::objects::builtin_func::{MethodDef, func, meth};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

fn ss_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = args.get(vm, 0);
    let ty = vm.type_of(s);
    let fields_name = vm.intern("_fields")?;
    let fields = vm.type_lookup(ty, fields_name);
    let name = vm.intern("__structseq_name__")?;
    let full = vm.type_lookup(ty, name);
    let full = match full {
        Some(f) if vm.is_str(f) => vm.str_string(f),
        _ => vm.type_name_str(ty),
    };
    let Some(fields) = fields else {
        return vm.new_str(&format!("{full}()"));
    };
    let names: Vec<String> = vm
        .tuple_items(fields)
        .iter()
        .map(|f| vm.str_string(*f))
        .collect();
    let t = vm.payload_or_self(s);
    let n = vm.tuple_len(t).min(names.len());
    let mut parts = Vec::new();
    for (i, nm) in names.iter().enumerate().take(n) {
        let t = vm.payload_or_self(args.get(vm, 0));
        let v = vm.tuple_get(t, i);
        parts.push(format!("{nm}={}", vm.repr_string(v)?));
    }
    vm.new_str(&format!("{full}({})", parts.join(", ")))
}

fn ss_getattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__getattr__", 2, 2)?;
    let s = args.get(vm, 0);
    let name = args.get(vm, 1);
    let ty = vm.type_of(s);
    let fields_name = vm.intern("_fields")?;
    if let Some(fields) = vm.type_lookup(ty, fields_name) {
        let items = vm.tuple_items(fields).to_vec();
        for (i, f) in items.iter().enumerate() {
            if vm.is_str(name) && vm.str_eq(*f, name) {
                let t = vm.payload_or_self(s);
                if i < vm.tuple_len(t) {
                    return Ok(vm.tuple_get(t, i));
                }
            }
        }
    }
    let nm = vm.attr_name_arg(name)?;
    Err(vm.attribute_error(s, nm))
}

fn ss_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = args.get(vm, 0);
    let t = vm.payload_or_self(s);
    let tr = vm.push_root(t)?;
    let ty = vm.type_of(s);
    let inner = vm.tuple1(vm.get(tr))?;
    vm.tuple2(ty, inner)
}

/// `T(sequence)`: a struct sequence from an iterable of `n_sequence_fields` to `n_fields`
/// items (CPython's checks and messages); extra items beyond the visible ones are dropped.
fn ss_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.get(vm, 0);
    let full = {
        let name = vm.intern("__structseq_name__")?;
        match vm.type_lookup(cls, name) {
            Some(f) if vm.is_str(f) => vm.str_string(f),
            _ => vm.type_name_str(cls),
        }
    };
    if args.len() < 2 || args.len() > 3 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "{full}() takes at least 1 argument ({} given)",
            args.len().saturating_sub(1)
        ));
    }
    let mark = vm.sp();
    let seq = args.get(vm, 1);
    let t = vm.to_tuple(seq)?;
    let tr = vm.push_root(t)?;
    let field = |vm: &mut Vm, name: &str| -> PyResult<usize> {
        let k = vm.intern(name)?;
        let v = vm.type_lookup(vm.get(args.root(0)), k);
        Ok(v.and_then(|v| v.as_small()).unwrap_or(0) as usize)
    };
    let min = field(vm, "n_sequence_fields")?;
    let max = field(vm, "n_fields")?.max(min);
    let n = vm.tuple_len(vm.get(tr));
    if n < min || n > max {
        let msg = if min == max {
            format!("{full}() takes a {min}-sequence ({n}-sequence given)")
        } else if n < min {
            format!("{full}() takes an at least {min}-sequence ({n}-sequence given)")
        } else {
            format!("{full}() takes an at most {max}-sequence ({n}-sequence given)")
        };
        vm.truncate(mark);
        return Err(vm.type_error(&msg));
    }
    let items: Vec<Value> = vm.tuple_items(vm.get(tr))[..min].to_vec();
    let r = vm.new_structseq(vm.get(args.root(0)), &items);
    vm.truncate(mark);
    r
}

static SS_METHODS: &[MethodDef] = &[
    func("__new__", ss_new),
    meth("__repr__", ss_repr),
    meth("__getattr__", ss_getattr),
    meth("__reduce__", ss_reduce),
];

impl Vm {
    /// Creates a struct sequence type `module.name` with the given field names (the first
    /// `n_seq` are the tuple's items).
    pub fn make_structseq_type(
        &mut self,
        module: &str,
        name: &str,
        fields: &[&str],
        n_seq: usize,
    ) -> PyResult<Value> {
        let mark = self.sp();
        let meta = self.push_root(self.ty(T::Type))?;
        let nm = self.new_str(name)?;
        let nr = self.push_root(nm)?;
        let b = self.tuple1(self.ty(T::Tuple))?;
        let br = self.push_root(b)?;
        let d = self.new_dict()?;
        let dr = self.push_root(d)?;
        let fm = self.sp();
        for f in fields {
            let s = self.new_str(f)?;
            self.push_root(s)?;
        }
        let ft = self.pack_tuple(fm)?;
        self.dict_set_text(self.get(dr), "_fields", ft)?;
        self.dict_set_text(self.get(dr), "n_fields", Value::small(fields.len() as i64))?;
        self.dict_set_text(
            self.get(dr),
            "n_sequence_fields",
            Value::small(n_seq as i64),
        )?;
        self.dict_set_text(self.get(dr), "n_unnamed_fields", Value::small(0))?;
        let m = self.new_str(module)?;
        self.dict_set_name(self.get(dr), n::MODULE, m)?;
        let full = if module == "builtins" {
            name.to_string()
        } else {
            format!("{module}.{name}")
        };
        let fs = self.new_str(&full)?;
        self.dict_set_text(self.get(dr), "__structseq_name__", fs)?;
        let ty = self.type_new(meta, nr, br, dr, None)?;
        let tr = self.push_root(ty)?;
        for def in SS_METHODS {
            let f = self.new_method_descriptor(def, self.get(tr))?;
            let td = self.type_dict(self.get(tr));
            self.dict_set_text(td, def.name, f)?;
        }
        self.type_modified(self.get(tr))?;
        let ty = self.get(tr);
        self.truncate(mark);
        Ok(ty)
    }

    /// An instance of struct sequence type `ty` with the given item values.
    pub fn new_structseq(&mut self, ty: Value, values: &[Value]) -> PyResult<Value> {
        let mark = self.sp();
        let tr = self.push_root(ty)?;
        let vm_mark = self.sp();
        for v in values {
            self.push_root(*v)?;
        }
        let t = self.pack_tuple(vm_mark)?;
        let r = self.wrap_native_instance(tr, t, Kind::Tuple)?;
        self.truncate(mark);
        Ok(r)
    }
}
