//! Arithmetic operator dispatch (`BINARY_OP`, unary operators) with CPython's
//! NotImplemented protocol:
//!
//! 1. in-place operators first try the left operand's `__iop__` (native in-place for lists,
//!    sets, dicts and bytearrays) and fall back to the binary operator;
//! 2. the binary operator takes the left type's `__op__` and, if the types differ, the right
//!    type's `__rop__`; when the right type is a proper subclass of the left one that
//!    overrides `__rop__`, the reflected method goes first;
//! 3. builtin types have one *native slot* per operator that handles both operand orders
//!    (like CPython's `nb_add`), so `int + float` calls it once;
//! 4. if everything returns NotImplemented: `TypeError: unsupported operand type(s)`, or the
//!    sequence messages (`can only concatenate ...`, `can't multiply sequence ...`).

use crate::bytecode::BinaryOperator;
use crate::runtime::builtin_types::{Kind, T, tf};
use crate::runtime::errors::PyResult;
use crate::runtime::names::{Name, n};
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// `(dunder, reflected dunder, in-place dunder)` of a base operator.
pub fn op_names(op: BinaryOperator) -> (Name, Name, Name) {
    use BinaryOperator::*;
    match op.base() {
        Add => (n::ADD, n::RADD, n::IADD),
        And => (n::AND, n::RAND, n::IAND),
        FloorDivide => (n::FLOORDIV, n::RFLOORDIV, n::IFLOORDIV),
        Lshift => (n::LSHIFT, n::RLSHIFT, n::ILSHIFT),
        MatrixMultiply => (n::MATMUL, n::RMATMUL, n::IMATMUL),
        Multiply => (n::MUL, n::RMUL, n::IMUL),
        Remainder => (n::MOD, n::RMOD, n::IMOD),
        Or => (n::OR, n::ROR, n::IOR),
        Power => (n::POW, n::RPOW, n::IPOW),
        Rshift => (n::RSHIFT, n::RRSHIFT, n::IRSHIFT),
        Subtract => (n::SUB, n::RSUB, n::ISUB),
        TrueDivide => (n::TRUEDIV, n::RTRUEDIV, n::ITRUEDIV),
        _ => (n::XOR, n::RXOR, n::IXOR),
    }
}

/// An operator implementation found on a type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    None,
    Native,
    Py(Value),
}

impl Vm {
    fn binop_slot(&mut self, ty: Value, name: Name) -> Slot {
        // Kinds whose operators `native_binop`/`native_inplace` implement.
        let native_kind = matches!(
            self.type_native(ty),
            Kind::Int
                | Kind::Bool
                | Kind::Float
                | Kind::Complex
                | Kind::Str
                | Kind::Bytes
                | Kind::ByteArray
                | Kind::Tuple
                | Kind::List
                | Kind::Dict
                | Kind::Set
                | Kind::FrozenSet
                | Kind::DictView
        );
        if native_kind && !self.type_has(ty, tf::HEAPTYPE) {
            return Slot::Native;
        }
        match self.lookup_special(ty, name) {
            None => Slot::None,
            Some(m)
                if native_kind
                    && self.kind(m) == Kind::Builtin
                    && self.is_exact(m, T::WrapperDescriptor) =>
            {
                Slot::Native
            }
            Some(m) if self.is_none(m) => Slot::None,
            Some(m) => Slot::Py(m),
        }
    }

    /// `a op b` for a `BINARY_OP` operator (plain or in-place).
    pub fn binary_op(&mut self, a: Value, b: Value, op: BinaryOperator) -> PyResult<Value> {
        if let (Some(x), Some(y)) = (a.as_small(), b.as_small())
            && let Some(r) = self.small_binop(op.base(), x, y)?
        {
            return Ok(r);
        }
        let mark = self.sp();
        let ar = self.push_root(a)?;
        let br = self.push_root(b)?;
        let r = self.binary_op_rooted(ar, br, op);
        self.truncate(mark);
        r
    }

    fn binary_op_rooted(&mut self, ar: Root, br: Root, op: BinaryOperator) -> PyResult<Value> {
        let (_, _, iname) = op_names(op);
        if op.is_inplace() {
            let a = self.get(ar);
            let ta = self.type_of(a);
            match self.binop_slot(ta, iname) {
                Slot::Native => {
                    if let Some(r) = self.native_inplace(op.base(), a, self.get(br))? {
                        return Ok(r);
                    }
                }
                Slot::Py(m) => {
                    let r = self.call_special_found(m, self.get(ar), &[self.get(br)])?;
                    if r != self.not_implemented() {
                        return Ok(r);
                    }
                }
                Slot::None => {}
            }
        }
        match self.binary_op1(ar, br, op.base())? {
            Some(r) => Ok(r),
            None => Err(self.binop_type_error(self.get(ar), self.get(br), op)),
        }
    }

    /// The binary protocol; `None` if every candidate returned NotImplemented.
    fn binary_op1(&mut self, ar: Root, br: Root, op: BinaryOperator) -> PyResult<Option<Value>> {
        let (name, rname, _) = op_names(op);
        let (a, b) = (self.get(ar), self.get(br));
        let (ta, tb) = (self.type_of(a), self.type_of(b));
        let slot_a = self.binop_slot(ta, name);
        let mut slot_b = if ta != tb {
            self.binop_slot(tb, rname)
        } else {
            Slot::None
        };
        if slot_a == Slot::Native && slot_b == Slot::Native {
            slot_b = Slot::None;
        }
        if slot_b != Slot::None && self.is_subtype(tb, ta) && ta != tb {
            let overrides = match slot_b {
                Slot::Py(m) => self.lookup_special(ta, rname) != Some(m),
                _ => false,
            };
            if overrides {
                if let Some(r) = self.call_slot(slot_b, ar, br, op, true)? {
                    return Ok(Some(r));
                }
                slot_b = Slot::None;
            }
        }
        if slot_a != Slot::None
            && let Some(r) = self.call_slot(slot_a, ar, br, op, false)?
        {
            return Ok(Some(r));
        }
        if slot_b != Slot::None
            && let Some(r) = self.call_slot(slot_b, ar, br, op, true)?
        {
            return Ok(Some(r));
        }
        Ok(None)
    }

    fn call_slot(
        &mut self,
        s: Slot,
        ar: Root,
        br: Root,
        op: BinaryOperator,
        reflected: bool,
    ) -> PyResult<Option<Value>> {
        let r = match s {
            Slot::None => return Ok(None),
            Slot::Native => return self.native_binop(op, self.get(ar), self.get(br)),
            Slot::Py(m) => {
                if reflected {
                    self.call_special_found(m, self.get(br), &[self.get(ar)])?
                } else {
                    self.call_special_found(m, self.get(ar), &[self.get(br)])?
                }
            }
        };
        if r == self.not_implemented() {
            return Ok(None);
        }
        Ok(Some(r))
    }

    #[cold]
    fn binop_type_error(
        &mut self,
        a: Value,
        b: Value,
        op: BinaryOperator,
    ) -> crate::runtime::errors::PyErr {
        let (na, nb) = (self.type_name(a), self.type_name(b));
        let ka = self.kind(self.payload_or_self(a));
        let kb = self.kind(self.payload_or_self(b));
        let is_seq = |k: Kind| {
            matches!(
                k,
                Kind::Str | Kind::List | Kind::Tuple | Kind::Bytes | Kind::ByteArray
            )
        };
        match op.base() {
            BinaryOperator::Add if is_seq(ka) => {
                let an = match ka {
                    Kind::Str => "str",
                    Kind::List => "list",
                    Kind::Tuple => "tuple",
                    Kind::Bytes => "bytes",
                    _ => "bytearray",
                };
                if ka == Kind::Bytes || ka == Kind::ByteArray {
                    return crate::raise!(self, TypeError, "can't concat {nb} to {na}");
                }
                crate::raise!(
                    self,
                    TypeError,
                    "can only concatenate {an} (not \"{nb}\") to {an}"
                )
            }
            BinaryOperator::Multiply if is_seq(ka) && !self.has_index(b) => {
                crate::raise!(
                    self,
                    TypeError,
                    "can't multiply sequence by non-int of type '{nb}'"
                )
            }
            BinaryOperator::Multiply if is_seq(kb) && !self.has_index(a) => {
                crate::raise!(
                    self,
                    TypeError,
                    "can't multiply sequence by non-int of type '{na}'"
                )
            }
            _ => {
                let sym = if op.base() == BinaryOperator::Power && op.is_inplace() {
                    "**=".to_string()
                } else {
                    op.symbol().to_string()
                };
                if op.base() == BinaryOperator::Power && !op.is_inplace() {
                    return crate::raise!(
                        self,
                        TypeError,
                        "unsupported operand type(s) for ** or pow(): '{na}' and '{nb}'"
                    );
                }
                crate::raise!(
                    self,
                    TypeError,
                    "unsupported operand type(s) for {sym}: '{na}' and '{nb}'"
                )
            }
        }
    }

    /// The native operator of builtin types (both operand orders); `None` =
    /// NotImplemented.
    pub fn native_binop(
        &mut self,
        op: BinaryOperator,
        a: Value,
        b: Value,
    ) -> PyResult<Option<Value>> {
        let a = self.payload_or_self(a);
        let b = self.payload_or_self(b);
        let (ka, kb) = (self.kind(a), self.kind(b));
        let num = |k: Kind| matches!(k, Kind::Int | Kind::Bool | Kind::Float | Kind::Complex);
        if num(ka) && num(kb) {
            return self.number_binop(op, a, b);
        }
        use BinaryOperator::*;
        match (op, ka, kb) {
            (Add, Kind::Str, Kind::Str) => self.str_concat(a, b).map(Some),
            (Add, Kind::List, Kind::List) => self.list_concat(a, b).map(Some),
            (Add, Kind::Tuple, Kind::Tuple) => self.tuple_concat(a, b).map(Some),
            (Add, Kind::Bytes | Kind::ByteArray, _) => self.bytes_concat(a, b),
            (Multiply, Kind::Str | Kind::List | Kind::Tuple | Kind::Bytes | Kind::ByteArray, _)
                if self.has_index(b) =>
            {
                self.seq_repeat(a, b).map(Some)
            }
            (Multiply, _, Kind::Str | Kind::List | Kind::Tuple | Kind::Bytes | Kind::ByteArray)
                if self.has_index(a) =>
            {
                self.seq_repeat(b, a).map(Some)
            }
            (Remainder, Kind::Str, _) => self.str_percent_format(a, b).map(Some),
            (Remainder, Kind::Bytes | Kind::ByteArray, _) => {
                self.bytes_percent_format(a, b).map(Some)
            }
            (
                Or | And | Subtract | Xor,
                Kind::Set | Kind::FrozenSet,
                Kind::Set | Kind::FrozenSet,
            ) => self.set_binop(op, a, b).map(Some),
            (Or | And | Subtract | Xor, Kind::DictView, _)
            | (Or | And | Subtract | Xor, _, Kind::DictView) => self.dictview_binop(op, a, b),
            (Or, Kind::Dict, Kind::Dict) => self.dict_or(a, b).map(Some),
            _ => Ok(None),
        }
    }

    /// Native in-place operators (mutate `a` and return it).
    fn native_inplace(
        &mut self,
        op: BinaryOperator,
        a: Value,
        b: Value,
    ) -> PyResult<Option<Value>> {
        let ap = self.payload_or_self(a);
        let ka = self.kind(ap);
        use BinaryOperator::*;
        match (op, ka) {
            (Add, Kind::List) => {
                let mark = self.sp();
                let orig = self.push_root(a)?;
                let lr = self.push_root(ap)?;
                self.list_extend_iter(lr, b)?;
                let r = self.get(orig);
                self.truncate(mark);
                Ok(Some(r))
            }
            (Multiply, Kind::List) if self.has_index(b) => {
                let mark = self.sp();
                let orig = self.push_root(a)?;
                let lr = self.push_root(ap)?;
                self.list_inplace_repeat(lr, b)?;
                let r = self.get(orig);
                self.truncate(mark);
                Ok(Some(r))
            }
            (Or | And | Subtract | Xor, Kind::Set) => {
                let bk = self.kind(self.payload_or_self(b));
                if !matches!(bk, Kind::Set | Kind::FrozenSet) {
                    return Ok(None);
                }
                let mark = self.sp();
                let orig = self.push_root(a)?;
                self.set_inplace(op, ap, b)?;
                let r = self.get(orig);
                self.truncate(mark);
                Ok(Some(r))
            }
            (Or, Kind::Dict) => {
                let mark = self.sp();
                let orig = self.push_root(a)?;
                let dr = self.push_root(ap)?;
                self.dict_update_from(dr, b)?;
                let r = self.get(orig);
                self.truncate(mark);
                Ok(Some(r))
            }
            (Add, Kind::ByteArray) => {
                let Some(data) = self.bytes_like(b) else {
                    return Ok(None);
                };
                self.bytearray_extend_bytes(ap, &data);
                Ok(Some(a))
            }
            _ => Ok(None),
        }
    }

    // ----- unary ---------------------------------------------------------------------------

    /// `-v`.
    pub fn neg(&mut self, v: Value) -> PyResult<Value> {
        if let Some(i) = v.as_small() {
            return self.new_int_i128(-(i as i128));
        }
        self.unary(v, n::NEG, "-")
    }

    /// `+v`.
    pub fn pos(&mut self, v: Value) -> PyResult<Value> {
        if v.is_small() {
            return Ok(v);
        }
        self.unary(v, n::POS, "+")
    }

    /// `~v`.
    pub fn invert(&mut self, v: Value) -> PyResult<Value> {
        if let Some(i) = v.as_small() {
            return Ok(Value::small(!i));
        }
        self.unary(v, n::INVERT, "~")
    }

    /// `abs(v)`.
    pub fn abs(&mut self, v: Value) -> PyResult<Value> {
        if let Some(i) = v.as_small() {
            return self.new_int_i128((i as i128).abs());
        }
        let ty = self.type_of(v);
        if !self.type_has(ty, tf::HEAPTYPE)
            && let Some(r) = self.native_unary(v, n::ABS)?
        {
            return Ok(r);
        }
        match self.lookup_special(ty, n::ABS) {
            Some(m)
                if !(self.kind(m) == Kind::Builtin && self.is_exact(m, T::WrapperDescriptor)) =>
            {
                self.call_special_found(m, v, &[])
            }
            Some(_) => match self.native_unary(v, n::ABS)? {
                Some(r) => Ok(r),
                None => {
                    let tn = self.type_name(v);
                    Err(crate::raise!(
                        self,
                        TypeError,
                        "bad operand type for abs(): '{tn}'"
                    ))
                }
            },
            None => {
                let tn = self.type_name(v);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "bad operand type for abs(): '{tn}'"
                ))
            }
        }
    }

    fn unary(&mut self, v: Value, name: Name, sym: &str) -> PyResult<Value> {
        let ty = self.type_of(v);
        if !self.type_has(ty, tf::HEAPTYPE)
            && let Some(r) = self.native_unary(v, name)?
        {
            return Ok(r);
        }
        match self.lookup_special(ty, name) {
            Some(m)
                if !(self.kind(m) == Kind::Builtin && self.is_exact(m, T::WrapperDescriptor)) =>
            {
                self.call_special_found(m, v, &[])
            }
            Some(_) => match self.native_unary(v, name)? {
                Some(r) => Ok(r),
                None => {
                    let tn = self.type_name(v);
                    Err(crate::raise!(
                        self,
                        TypeError,
                        "bad operand type for unary {sym}: '{tn}'"
                    ))
                }
            },
            None => {
                let tn = self.type_name(v);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "bad operand type for unary {sym}: '{tn}'"
                ))
            }
        }
    }

    /// Native unary operators on numbers.
    pub fn native_unary(&mut self, v: Value, name: Name) -> PyResult<Option<Value>> {
        use crate::objects::number::{Num, own};
        let Some(x) = self.num_of(v) else {
            return Ok(None);
        };
        match x {
            Num::Int(i) => {
                let i = own(i);
                let b = i.as_ref().to_big();
                Ok(Some(match name {
                    n::NEG => self.new_int_big(-b)?,
                    n::POS => self.new_int_big(b)?,
                    n::INVERT => self.new_int_big(!b)?,
                    n::ABS => self.new_int_big(num_traits::Signed::abs(&b))?,
                    _ => return Ok(None),
                }))
            }
            Num::Float(f) => Ok(Some(match name {
                n::NEG => self.new_float(-f)?,
                n::POS => self.new_float(f)?,
                n::ABS => self.new_float(f.abs())?,
                _ => return Ok(None),
            })),
            Num::Complex(r, i) => Ok(Some(match name {
                n::NEG => self.new_complex(-r, -i)?,
                n::POS => self.new_complex(r, i)?,
                n::ABS => {
                    let m = r.hypot(i);
                    if m.is_infinite() && r.is_finite() && i.is_finite() {
                        return Err(self.overflow_error("absolute value too large"));
                    }
                    self.new_float(m)?
                }
                _ => return Ok(None),
            })),
        }
    }
}
