//! Runtime-neutral values exchanged with C.
//!
//! [`Value`] is what callers pass as arguments, store into memory and get back from calls
//! and reads. It knows nothing about any particular language: a runtime maps its own
//! integers, floats, byte strings, lists and `None` onto these variants. Conversions to a C
//! type are checked in `convert.rs` (integer ranges, pointer type compatibility, NULL).

use std::fmt;

use crate::cdata::CData;

/// A value crossing the boundary between Rust and C.
#[derive(Clone)]
pub enum Value {
    /// The result of a `void` function.
    Void,
    /// A `_Bool`. Also accepted wherever an integer is.
    Bool(bool),
    /// Any C integer or enum value (wide enough for both `int64_t` and `uint64_t`).
    Int(i128),
    /// A `float` or `double` (floats are widened when read and narrowed when written).
    Float(f64),
    /// The NULL pointer.
    Null,
    /// Bytes: as a call argument of type `char *` (or `void *`) they are passed as a
    /// NUL-terminated copy that lives for the duration of the call; as an initializer they
    /// fill a `char` array.
    Bytes(Vec<u8>),
    /// An initializer for an array (items in order) or a struct (members in order; a union
    /// takes one item, its first member).
    List(Vec<Value>),
    /// C data: a pointer, an array, a struct or union, or a typed primitive from `cast`.
    CData(CData),
}

impl Value {
    /// A short description of what kind of value this is, for error messages.
    pub fn describe(&self) -> String {
        match self {
            Value::Void => "void".to_string(),
            Value::Bool(_) => "a bool".to_string(),
            Value::Int(_) => "an integer".to_string(),
            Value::Float(_) => "a float".to_string(),
            Value::Null => "NULL".to_string(),
            Value::Bytes(_) => "bytes".to_string(),
            Value::List(_) => "a list".to_string(),
            Value::CData(data) => format!("cdata `{}`", data.type_name()),
        }
    }

    /// The integer, if this is an `Int` or a `Bool`.
    pub fn as_int(&self) -> Option<i128> {
        match self {
            Value::Int(value) => Some(*value),
            Value::Bool(value) => Some(i128::from(*value)),
            _ => None,
        }
    }

    /// The number, if this is a `Float`.
    pub fn as_float(&self) -> Option<f64> {
        match self {
            Value::Float(value) => Some(*value),
            _ => None,
        }
    }

    /// The C data, if this is `CData`.
    pub fn as_cdata(&self) -> Option<&CData> {
        match self {
            Value::CData(data) => Some(data),
            _ => None,
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Void => f.write_str("Void"),
            Value::Bool(b) => write!(f, "Bool({b})"),
            Value::Int(i) => write!(f, "Int({i})"),
            Value::Float(x) => write!(f, "Float({x:?})"),
            Value::Null => f.write_str("Null"),
            Value::Bytes(bytes) => write!(f, "Bytes({:?})", String::from_utf8_lossy(bytes)),
            Value::List(items) => f.debug_tuple("List").field(items).finish(),
            Value::CData(data) => write!(f, "CData({data:?})"),
        }
    }
}

impl PartialEq for Value {
    /// Structural equality; C data compares by type and address.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Void, Value::Void) | (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::CData(a), Value::CData(b)) => a.same_as(b),
            _ => false,
        }
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(value: $t) -> Self {
                Value::Int(value as i128)
            }
        }
    )*};
}
from_int!(i8, u8, i16, u16, i32, u32, i64, u64, isize, usize);

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Value::Bool(value)
    }
}

impl From<f64> for Value {
    fn from(value: f64) -> Self {
        Value::Float(value)
    }
}

impl From<f32> for Value {
    fn from(value: f32) -> Self {
        Value::Float(f64::from(value))
    }
}

impl From<&[u8]> for Value {
    fn from(value: &[u8]) -> Self {
        Value::Bytes(value.to_vec())
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::Bytes(value.as_bytes().to_vec())
    }
}

impl From<CData> for Value {
    fn from(value: CData) -> Self {
        Value::CData(value)
    }
}

impl From<&CData> for Value {
    fn from(value: &CData) -> Self {
        Value::CData(value.clone())
    }
}
