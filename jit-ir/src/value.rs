//! Value kinds and concrete values of the trace IR.
//!
//! Every trace value has one of three kinds, fixed for its whole life: `Int` (a 64-bit
//! two's-complement integer, also used for raw addresses and booleans), `Ref` (a
//! pointer-sized reference to a GC-managed object, `0` is null) and `Float` (an IEEE-754
//! double). `Void` is only the "result kind" of operations that produce nothing.
//!
//! Invariant: `Value` equality is *bitwise* for floats (so `NaN == NaN` when the payloads
//! match and `0.0 != -0.0`). This makes constants internable and comparisons of runs exact;
//! [`Value::same_behaviour`] is the looser comparison used when two backends may produce
//! NaNs with different payloads.

use std::fmt;
use std::hash::{Hash, Hasher};

/// The kind of a trace value (or the result kind of an operation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// 64-bit signed integer (also raw addresses and booleans 0/1).
    Int,
    /// Pointer-sized reference to a GC object; 0 is null.
    Ref,
    /// 64-bit IEEE float.
    Float,
    /// No value (result kind of operations that produce nothing).
    Void,
}

impl Kind {
    /// The one-letter prefix used for value names in the text format (`i`, `p`, `f`).
    pub fn letter(self) -> char {
        match self {
            Kind::Int => 'i',
            Kind::Ref => 'p',
            Kind::Float => 'f',
            Kind::Void => 'v',
        }
    }

    /// The keyword used for this kind in descriptor declarations.
    pub fn keyword(self) -> &'static str {
        match self {
            Kind::Int => "int",
            Kind::Ref => "ref",
            Kind::Float => "float",
            Kind::Void => "void",
        }
    }

    /// Parses a kind keyword (`int`, `ref`, `float`, `void`).
    pub fn from_keyword(word: &str) -> Option<Kind> {
        Some(match word {
            "int" => Kind::Int,
            "ref" => Kind::Ref,
            "float" => Kind::Float,
            "void" => Kind::Void,
            _ => return None,
        })
    }

    /// The zero value of this kind (`None` for `Void`).
    pub fn zero(self) -> Option<Value> {
        match self {
            Kind::Int => Some(Value::Int(0)),
            Kind::Ref => Some(Value::Ref(0)),
            Kind::Float => Some(Value::Float(0.0)),
            Kind::Void => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// A concrete value of a trace: what the IR interpreter and backends compute.
#[derive(Clone, Copy, Debug)]
pub enum Value {
    /// An integer.
    Int(i64),
    /// A reference (an address; 0 is null).
    Ref(u64),
    /// A float.
    Float(f64),
}

impl Value {
    /// The kind of this value.
    pub fn kind(self) -> Kind {
        match self {
            Value::Int(_) => Kind::Int,
            Value::Ref(_) => Kind::Ref,
            Value::Float(_) => Kind::Float,
        }
    }

    /// The raw 64 bits (integer, address or float bits).
    pub fn bits(self) -> u64 {
        match self {
            Value::Int(v) => v as u64,
            Value::Ref(v) => v,
            Value::Float(v) => v.to_bits(),
        }
    }

    /// Rebuilds a value of `kind` from raw bits (`None` for `Void`).
    pub fn from_bits(kind: Kind, bits: u64) -> Option<Value> {
        match kind {
            Kind::Int => Some(Value::Int(bits as i64)),
            Kind::Ref => Some(Value::Ref(bits)),
            Kind::Float => Some(Value::Float(f64::from_bits(bits))),
            Kind::Void => None,
        }
    }

    /// The integer, if this is an `Int`.
    pub fn as_int(self) -> Option<i64> {
        match self {
            Value::Int(v) => Some(v),
            _ => None,
        }
    }

    /// The address, if this is a `Ref`.
    pub fn as_ref(self) -> Option<u64> {
        match self {
            Value::Ref(v) => Some(v),
            _ => None,
        }
    }

    /// The float, if this is a `Float`.
    pub fn as_float(self) -> Option<f64> {
        match self {
            Value::Float(v) => Some(v),
            _ => None,
        }
    }

    /// Equality that treats any two NaNs as equal (backends may differ in NaN payloads).
    pub fn same_behaviour(self, other: Value) -> bool {
        match (self, other) {
            (Value::Float(a), Value::Float(b)) if a.is_nan() && b.is_nan() => true,
            _ => self == other,
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.kind() == other.kind() && self.bits() == other.bits()
    }
}

impl Eq for Value {}

impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.kind().hash(state);
        self.bits().hash(state);
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::Int(v) => write!(f, "{v}"),
            Value::Ref(0) => f.write_str("null"),
            Value::Ref(v) => write!(f, "ptr({v:#x})"),
            Value::Float(v) => {
                // `{:?}` is the shortest representation that round-trips and always shows
                // a '.' or an exponent, so the parser can tell floats from ints.
                if v.is_nan() {
                    f.write_str("nan")
                } else if v.is_infinite() {
                    f.write_str(if v > 0.0 { "inf" } else { "-inf" })
                } else {
                    write!(f, "{v:?}")
                }
            }
        }
    }
}

/// Checks that `inputs` match `kinds` one for one (count and kind of each value), as every
/// backend must before running a trace; the error names the first mismatch.
pub fn check_input_kinds(kinds: &[Kind], inputs: &[Value]) -> Result<(), String> {
    if kinds.len() != inputs.len() {
        return Err(format!(
            "expected {} values, got {}",
            kinds.len(),
            inputs.len()
        ));
    }
    for (i, (&k, v)) in kinds.iter().zip(inputs).enumerate() {
        if v.kind() != k {
            return Err(format!("input {i} should be a {k}, got {v:?}"));
        }
    }
    Ok(())
}
