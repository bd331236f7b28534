//! The native `_operator` module: the function forms of Python's operators, so that
//! `operator.add` & co. run the VM's operator protocol directly (no Python frame, CPython's
//! error messages and tracebacks). CPython's `operator.py` defines everything in Python and
//! then imports `*` from here, so the functions not defined here (`itemgetter`,
//! `attrgetter`, `methodcaller`, `countOf`, `indexOf`, `concat`, `length_hint`, ...) keep
//! their pure-Python definitions.

use crate::bytecode::{BinaryOperator as B, CompareOperator as Cmp};
use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Defines `fn $f(vm, args)` applying binary operator `$op` to the two arguments.
macro_rules! binary {
    ($($f:ident = $name:literal, $op:expr;)*) => {
        $(fn $f(vm: &mut Vm, args: Args) -> PyResult<Value> {
            vm.check_args(args, $name, 2, 2)?;
            let (a, b) = (args.get(vm, 0), args.get(vm, 1));
            vm.binary_op(a, b, $op)
        })*
    };
}

binary! {
    add = "add", B::Add; sub = "sub", B::Subtract; mul = "mul", B::Multiply;
    truediv = "truediv", B::TrueDivide; floordiv = "floordiv", B::FloorDivide;
    mod_ = "mod", B::Remainder; pow = "pow", B::Power; lshift = "lshift", B::Lshift;
    rshift = "rshift", B::Rshift; and_ = "and_", B::And; or_ = "or_", B::Or;
    xor = "xor", B::Xor; matmul = "matmul", B::MatrixMultiply;
    iadd = "iadd", B::InplaceAdd; isub = "isub", B::InplaceSubtract;
    imul = "imul", B::InplaceMultiply; itruediv = "itruediv", B::InplaceTrueDivide;
    ifloordiv = "ifloordiv", B::InplaceFloorDivide; imod = "imod", B::InplaceRemainder;
    ipow = "ipow", B::InplacePower; ilshift = "ilshift", B::InplaceLshift;
    irshift = "irshift", B::InplaceRshift; iand = "iand", B::InplaceAnd;
    ior = "ior", B::InplaceOr; ixor = "ixor", B::InplaceXor;
    imatmul = "imatmul", B::InplaceMatrixMultiply;
}

/// Defines `fn $f(vm, args)` applying rich comparison `$op`.
macro_rules! compare {
    ($($f:ident = $name:literal, $op:expr;)*) => {
        $(fn $f(vm: &mut Vm, args: Args) -> PyResult<Value> {
            vm.check_args(args, $name, 2, 2)?;
            let (a, b) = (args.get(vm, 0), args.get(vm, 1));
            vm.rich_compare(a, b, $op)
        })*
    };
}

compare! {
    lt = "lt", Cmp::Lt; le = "le", Cmp::Le; eq = "eq", Cmp::Eq;
    ne = "ne", Cmp::Ne; gt = "gt", Cmp::Gt; ge = "ge", Cmp::Ge;
}

fn neg(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "neg", 1, 1)?;
    vm.neg(args.get(vm, 0))
}

fn pos(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "pos", 1, 1)?;
    vm.pos(args.get(vm, 0))
}

fn invert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "invert", 1, 1)?;
    vm.invert(args.get(vm, 0))
}

fn abs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "abs", 1, 1)?;
    vm.abs(args.get(vm, 0))
}

fn not_(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "not_", 1, 1)?;
    let t = vm.truthy(args.get(vm, 0))?;
    Ok(vm.bool_val(!t))
}

fn truth(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "truth", 1, 1)?;
    let t = vm.truthy(args.get(vm, 0))?;
    Ok(vm.bool_val(t))
}

fn index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "index", 1, 1)?;
    vm.index_value(args.get(vm, 0))
}

fn is_(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "is_", 2, 2)?;
    Ok(vm.bool_val(args.get(vm, 0) == args.get(vm, 1)))
}

fn is_not(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "is_not", 2, 2)?;
    Ok(vm.bool_val(args.get(vm, 0) != args.get(vm, 1)))
}

fn contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "contains", 2, 2)?;
    let r = vm.contains(args.get(vm, 0), args.get(vm, 1))?;
    Ok(vm.bool_val(r))
}

fn getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getitem", 2, 2)?;
    vm.getitem(args.get(vm, 0), args.get(vm, 1))
}

fn setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "setitem", 3, 3)?;
    vm.setitem(args.get(vm, 0), args.get(vm, 1), args.get(vm, 2))?;
    Ok(vm.none())
}

fn delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "delitem", 2, 2)?;
    vm.delitem(args.get(vm, 0), args.get(vm, 1))?;
    Ok(vm.none())
}

static FUNCTIONS: &[MethodDef] = &[
    func("add", add),
    func("sub", sub),
    func("mul", mul),
    func("truediv", truediv),
    func("floordiv", floordiv),
    func("mod", mod_),
    func("pow", pow),
    func("lshift", lshift),
    func("rshift", rshift),
    func("and_", and_),
    func("or_", or_),
    func("xor", xor),
    func("matmul", matmul),
    func("iadd", iadd),
    func("isub", isub),
    func("imul", imul),
    func("itruediv", itruediv),
    func("ifloordiv", ifloordiv),
    func("imod", imod),
    func("ipow", ipow),
    func("ilshift", ilshift),
    func("irshift", irshift),
    func("iand", iand),
    func("ior", ior),
    func("ixor", ixor),
    func("imatmul", imatmul),
    func("lt", lt),
    func("le", le),
    func("eq", eq),
    func("ne", ne),
    func("gt", gt),
    func("ge", ge),
    func("neg", neg),
    func("pos", pos),
    func("invert", invert),
    func("inv", invert),
    func("abs", abs),
    func("not_", not_),
    func("truth", truth),
    func("index", index),
    func("is_", is_),
    func("is_not", is_not),
    func("contains", contains),
    func("getitem", getitem),
    func("setitem", setitem),
    func("delitem", delitem),
    func(
        "_compare_digest",
        crate::modules::data::compare_digest::compare_digest,
    ),
];

/// Builds the `_operator` module.
pub fn init_operator(vm: &mut Vm) -> PyResult<Value> {
    vm.new_native_module(
        "_operator",
        "Operator interface.\n\nThis module exports a set of functions implemented in C corresponding\nto the intrinsic operators of Python.  For example, operator.add(x, y)\nis equivalent to the expression x+y.  The function names are those\nused for special methods; variants without leading and trailing\n'__' are also provided for convenience.",
        FUNCTIONS,
    )
}
