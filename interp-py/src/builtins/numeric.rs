//! Numeric and iteration builtins: `abs`, `all`, `any`, `sum`, `min`, `max`, `sorted`,
//! `round`, `pow`, `divmod`, `bin`, `oct`, `hex`, `chr`, `ord`.

use num_bigint::BigInt;
use num_traits::Signed;

use crate::bytecode::{BinaryOperator, CompareOperator};
use crate::runtime::builtin_types::T;
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// `abs(x)`.
pub fn builtin_abs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "abs", 1, 1)?;
    vm.abs(args.get(vm, 0))
}

fn all_any(vm: &mut Vm, args: Args, name: &str, want: bool) -> PyResult<Value> {
    vm.check_args(args, name, 1, 1)?;
    let it = vm.get_iter(args.get(vm, 0))?;
    let ir = vm.push_root(it)?;
    while let Some(v) = vm.iter_next(vm.get(ir))? {
        if vm.truthy(v)? == want {
            return Ok(vm.bool_val(want));
        }
    }
    Ok(vm.bool_val(!want))
}

/// `all(iterable)`.
pub fn builtin_all(vm: &mut Vm, args: Args) -> PyResult<Value> {
    all_any(vm, args, "all", false)
}

/// `any(iterable)`.
pub fn builtin_any(vm: &mut Vm, args: Args) -> PyResult<Value> {
    all_any(vm, args, "any", true)
}

/// `sum(iterable, /, start=0)` (plain float addition like CPython 3.11; int fast path).
pub fn builtin_sum(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "sum",
        params: &["iterable", "start"],
        posonly: 1,
        kwonly: 2,
        required: 1,
    };
    if args.is_empty() {
        return Err(vm.type_error("sum() takes at least 1 positional argument (0 given)"));
    }
    let [iterable, start] = vm.bind::<2>(args, &SIG)?;
    let start = start.map(|r| vm.get(r)).unwrap_or(Value::small(0));
    if vm.is_str(start) || vm.isinstance_builtin(start, T::Str) {
        return Err(vm.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    if vm.isinstance_builtin(start, T::Bytes) {
        return Err(vm.type_error("sum() can't sum bytes [use b''.join(seq) instead]"));
    }
    if vm.isinstance_builtin(start, T::ByteArray) {
        return Err(vm.type_error("sum() can't sum bytearray [use b''.join(seq) instead]"));
    }
    let start_root = vm.push_root(start)?;
    let it = vm.get_iter(vm.get(iterable.expect("required")))?;
    let ir = vm.push_root(it)?;
    let start = vm.get(start_root);
    let acc = vm.push_root(start)?;
    // Int fast path.
    if let Some(mut total) = start.as_small() {
        loop {
            let Some(v) = vm.iter_next(vm.get(ir))? else {
                return vm.new_int(total);
            };
            if let Some(x) = v.as_small()
                && let Some(t) = total.checked_add(x)
            {
                total = t;
                continue;
            }
            let vr = vm.push_root(v)?;
            let t = vm.new_int(total)?;
            vm.set(acc, t);
            let r = vm.binary_op(vm.get(acc), vm.get(vr), BinaryOperator::Add)?;
            vm.set(acc, r);
            vm.truncate(vr.index());
            break;
        }
    }
    // Float fast path.
    if let Some(mut total) = vm
        .float_of(vm.get(acc))
        .filter(|_| vm.is_exact(vm.get(acc), T::Float))
    {
        loop {
            let Some(v) = vm.iter_next(vm.get(ir))? else {
                return vm.new_float(total);
            };
            if vm.is_exact(v, T::Float) {
                total += vm.float_of(v).expect("float");
                continue;
            }
            if let Some(x) = v.as_small() {
                total += x as f64;
                continue;
            }
            let vr = vm.push_root(v)?;
            let t = vm.new_float(total)?;
            vm.set(acc, t);
            let r = vm.binary_op(vm.get(acc), vm.get(vr), BinaryOperator::Add)?;
            vm.set(acc, r);
            vm.truncate(vr.index());
            break;
        }
    }
    while let Some(v) = vm.iter_next(vm.get(ir))? {
        let r = vm.binary_op(vm.get(acc), v, BinaryOperator::Add)?;
        vm.set(acc, r);
    }
    Ok(vm.get(acc))
}

fn min_max(vm: &mut Vm, args: Args, name: &str, op: CompareOperator) -> PyResult<Value> {
    let (mut key, mut default) = (None, None);
    for j in 0..args.nkw as usize {
        let (k, vr) = args.kw(vm, j);
        if vm.str_eq_text(k, "key") {
            key = Some(vr);
        } else if vm.str_eq_text(k, "default") {
            default = Some(vr);
        } else {
            let kn = vm.str_string(k);
            return Err(crate::raise!(
                vm,
                TypeError,
                "'{kn}' is an invalid keyword argument for {name}()"
            ));
        }
    }
    let key = key.filter(|r| !vm.is_none(vm.get(*r)));
    if args.is_empty() {
        return Err(crate::raise!(
            vm,
            TypeError,
            "{name} expected at least 1 argument, got 0"
        ));
    }
    let source = if args.len() == 1 {
        args.get(vm, 0)
    } else {
        if default.is_some() {
            return Err(crate::raise!(
                vm,
                TypeError,
                "Cannot specify a default for {name}() with multiple positional arguments"
            ));
        }
        let mark = vm.sp();
        for i in 0..args.len() {
            vm.push_root(args.get(vm, i))?;
        }
        vm.pack_tuple(mark)?
    };
    let it = vm.get_iter(source)?;
    let ir = vm.push_root(it)?;
    let best = vm.push_opt(None)?;
    let best_key = vm.push_opt(None)?;
    while let Some(v) = vm.iter_next(vm.get(ir))? {
        let vr = vm.push_root(v)?;
        let k = match key {
            Some(kf) => vm.call1(vm.get(kf), vm.get(vr))?,
            None => vm.get(vr),
        };
        match vm.get_opt(best_key) {
            None => {
                vm.set(best, vm.get(vr));
                vm.set(best_key, k);
            }
            Some(bk) => {
                let kr = vm.push_root(k)?;
                let better = vm.compare_bool(k, bk, op)?;
                if better {
                    vm.set(best, vm.get(vr));
                    vm.set(best_key, vm.get(kr));
                }
            }
        }
        vm.truncate(vr.index());
    }
    match vm.get_opt(best) {
        Some(b) => Ok(b),
        None => match default {
            Some(d) => Ok(vm.get(d)),
            None => Err(crate::raise!(
                vm,
                ValueError,
                "{name}() arg is an empty sequence"
            )),
        },
    }
}

/// `min(iterable, *, key=None[, default])` / `min(a, b, *args, key=None)`.
pub fn builtin_min(vm: &mut Vm, args: Args) -> PyResult<Value> {
    min_max(vm, args, "min", CompareOperator::Lt)
}

/// `max(...)`.
pub fn builtin_max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    min_max(vm, args, "max", CompareOperator::Gt)
}

/// `sorted(iterable, /, *, key=None, reverse=False)`.
pub fn builtin_sorted(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.len() != 1 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "sorted expected 1 argument, got {}",
            args.len()
        ));
    }
    let (mut key, mut reverse) = (None, false);
    for j in 0..args.nkw as usize {
        let (k, vr) = args.kw(vm, j);
        if vm.str_eq_text(k, "key") {
            let kv = vm.get(vr);
            if !vm.is_none(kv) {
                key = Some(vr);
            }
        } else if vm.str_eq_text(k, "reverse") {
            reverse = vm.truthy(vm.get(vr))?;
        } else {
            let kn = vm.str_string(k);
            return Err(crate::raise!(
                vm,
                TypeError,
                "'{kn}' is an invalid keyword argument for sort()"
            ));
        }
    }
    let l = vm.to_list(args.get(vm, 0))?;
    let lr = vm.push_root(l)?;
    let key = key.map(|r| vm.get(r));
    vm.list_sort(lr, key, reverse)?;
    Ok(vm.get(lr))
}

/// `round(number, ndigits=None)`.
pub fn builtin_round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "round",
        params: &["number", "ndigits"],
        posonly: 0,
        kwonly: 2,
        required: 1,
    };
    let [number, ndigits] = vm.bind::<2>(args, &SIG)?;
    let x = vm.get(number.expect("required"));
    let nd = ndigits.map(|r| vm.get(r)).filter(|v| !vm.is_none(*v));
    match vm.special_of(x, n::ROUND) {
        Some(m) => match nd {
            Some(d) => vm.call_special_found(m, x, &[d]),
            None => vm.call_special_found(m, x, &[]),
        },
        None => {
            let tn = vm.type_name(x);
            Err(crate::raise!(
                vm,
                TypeError,
                "type {tn} doesn't define __round__ method"
            ))
        }
    }
}

/// `pow(base, exp, mod=None)`.
pub fn builtin_pow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "pow",
        params: &["base", "exp", "mod"],
        posonly: 0,
        kwonly: 3,
        required: 2,
    };
    let [base, exp, m] = vm.bind::<3>(args, &SIG)?;
    let (b, e) = (vm.get(base.expect("base")), vm.get(exp.expect("exp")));
    let m = m.map(|r| vm.get(r)).filter(|v| !vm.is_none(*v));
    let Some(m) = m else {
        return vm.binary_op(b, e, BinaryOperator::Power);
    };
    if let (Some(bi), Some(ei), Some(mi)) = (vm.int_val(b), vm.int_val(e), vm.int_val(m)) {
        let (bi, ei, mi): (BigInt, BigInt, BigInt) = (bi.to_big(), ei.to_big(), mi.to_big());
        return vm.int_pow_mod(&bi, &ei, &mi);
    }
    let numeric = |vm: &Vm, v: Value| vm.num_of(v).is_some();
    if numeric(vm, b) && numeric(vm, e) && numeric(vm, m) {
        return Err(
            vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")
        );
    }
    // Ternary pow through __pow__ of the base.
    match vm.special_of(b, n::POW) {
        Some(f) => {
            let r = vm.call_special_found(f, b, &[e, m])?;
            if r != vm.not_implemented() {
                return Ok(r);
            }
            let (b, e, m) = (args.get(vm, 0), args.get(vm, 1), args.get(vm, 2));
            unsupported_pow3(vm, b, e, m)
        }
        None => unsupported_pow3(vm, b, e, m),
    }
}

fn unsupported_pow3(vm: &mut Vm, b: Value, e: Value, m: Value) -> PyResult<Value> {
    let (tb, te, tm) = (vm.type_name(b), vm.type_name(e), vm.type_name(m));
    Err(crate::raise!(
        vm,
        TypeError,
        "unsupported operand type(s) for ** or pow(): '{tb}', '{te}', '{tm}'"
    ))
}

impl Vm {
    /// `divmod(a, b)` with the binary-operator protocol on `__divmod__`/`__rdivmod__`.
    pub fn divmod(&mut self, a: Value, b: Value) -> PyResult<Value> {
        if let Some(r) = self.native_divmod(a, b)? {
            return Ok(r);
        }
        let mark = self.sp();
        let ar = self.push_root(a)?;
        let br = self.push_root(b)?;
        let (ta, tb) = (self.type_of(a), self.type_of(b));
        let fa = self.lookup_special(ta, n::DIVMOD);
        let fb = if ta != tb {
            self.lookup_special(tb, n::RDIVMOD)
        } else {
            None
        };
        let mut tried_b = false;
        if let Some(g) = fb
            && self.is_subtype(tb, ta)
            && self.lookup_special(ta, n::RDIVMOD) != Some(g)
        {
            tried_b = true;
            let r = self.call_special_found(g, self.get(br), &[self.get(ar)])?;
            if r != self.not_implemented() {
                self.truncate(mark);
                return Ok(r);
            }
        }
        if let Some(f) = fa {
            let r = self.call_special_found(f, self.get(ar), &[self.get(br)])?;
            if r != self.not_implemented() {
                self.truncate(mark);
                return Ok(r);
            }
        }
        if let Some(g) = fb
            && !tried_b
        {
            let r = self.call_special_found(g, self.get(br), &[self.get(ar)])?;
            if r != self.not_implemented() {
                self.truncate(mark);
                return Ok(r);
            }
        }
        let (na, nb) = (self.type_name(self.get(ar)), self.type_name(self.get(br)));
        self.truncate(mark);
        Err(crate::raise!(
            self,
            TypeError,
            "unsupported operand type(s) for divmod(): '{na}' and '{nb}'"
        ))
    }
}

/// `divmod(a, b)`.
pub fn builtin_divmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "divmod")?;
    if args.len() != 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "divmod expected 2 arguments, got {}",
            args.len()
        ));
    }
    vm.divmod(args.get(vm, 0), args.get(vm, 1))
}

fn radix_str(vm: &mut Vm, args: Args, name: &str, radix: u32, prefix: &str) -> PyResult<Value> {
    vm.check_args(args, name, 1, 1)?;
    let v = vm.index_value(args.get(vm, 0))?;
    let b = vm.int_val(v).expect("index returns int").to_big();
    let digits = b.abs().to_str_radix(radix);
    let s = if b.is_negative() {
        format!("-{prefix}{digits}")
    } else {
        format!("{prefix}{digits}")
    };
    vm.new_str(&s)
}

/// `bin(x)`.
pub fn builtin_bin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    radix_str(vm, args, "bin", 2, "0b")
}

/// `oct(x)`.
pub fn builtin_oct(vm: &mut Vm, args: Args) -> PyResult<Value> {
    radix_str(vm, args, "oct", 8, "0o")
}

/// `hex(x)`.
pub fn builtin_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    radix_str(vm, args, "hex", 16, "0x")
}

/// `chr(i)`.
pub fn builtin_chr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "chr", 1, 1)?;
    let v = vm.index_value(args.get(vm, 0))?;
    let i = match v.as_small() {
        Some(i) if i32::try_from(i).is_ok() => i,
        _ => return Err(vm.overflow_error("Python int too large to convert to C int")),
    };
    if !(0..0x110000).contains(&i) {
        return Err(vm.value_error("chr() arg not in range(0x110000)"));
    }
    vm.new_char(i as u32)
}

/// `ord(c)`.
pub fn builtin_ord(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "ord", 1, 1)?;
    let v = args.get(vm, 0);
    if let Some(s) = vm.as_str_obj(v) {
        let n = vm.str_len(s);
        if n != 1 {
            return Err(crate::raise!(
                vm,
                TypeError,
                "ord() expected a character, but string of length {n} found"
            ));
        }
        let cp = crate::objects::str::decode_at(vm.str_bytes(s), 0).0;
        return Ok(Value::small(cp as i64));
    }
    if let Some(b) = vm.bytes_like(v) {
        if b.len() != 1 {
            let n = b.len();
            return Err(crate::raise!(
                vm,
                TypeError,
                "ord() expected a character, but string of length {n} found"
            ));
        }
        return Ok(Value::small(b[0] as i64));
    }
    let tn = vm.type_name(v);
    Err(crate::raise!(
        vm,
        TypeError,
        "ord() expected string of length 1, but {tn} found"
    ))
}
