//! Text formatting: float repr/parsing (`float_repr`), the format-spec mini-language
//! (`format_spec`), printf-style `%` formatting (`percent`) and `str.format`
//! (`str_format`). [`Vm::format_value`] is `format(value, spec)`.

pub mod float_repr;
pub mod format_spec;
pub mod percent;
pub mod str_format;

use crate::runtime::builtin_types::Kind;
use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

impl Vm {
    /// `format(v, spec)` with `spec` a str.
    pub fn format_value(&mut self, v: Value, spec: Value) -> PyResult<Value> {
        let spec_s = self.as_str_obj(spec).unwrap_or(spec);
        let exact = !v.is_small() && self.is_instance_layout(v);
        if !exact {
            let empty = self.str_len(spec_s) == 0;
            match self.kind(v) {
                Kind::Str => {
                    if empty {
                        return Ok(v);
                    }
                    let st = self.str_string(spec_s);
                    let text = self.str_string(v);
                    return self.apply_spec(&st, |s| format_spec::format_str(&text, s));
                }
                Kind::Int => {
                    let st = self.str_string(spec_s);
                    let b = self.int_val(v).expect("int").to_big();
                    if empty {
                        let s = self.int_to_decimal(v)?;
                        return self.new_str(&s);
                    }
                    return self.format_int_spec(&b, &st);
                }
                Kind::Bool => {
                    if empty {
                        return self.str_of(v);
                    }
                    let st = self.str_string(spec_s);
                    let b = num_bigint::BigInt::from(self.bool_obj_value(v) as i64);
                    return self.format_int_spec(&b, &st);
                }
                Kind::Float => {
                    let f = self.float_val(v);
                    if empty {
                        return self.str_of(v);
                    }
                    let st = self.str_string(spec_s);
                    return self.apply_spec(&st, |s| format_spec::format_float(f, s));
                }
                Kind::Complex => {
                    let (re, im) = self.complex_of(v).expect("complex");
                    let st = self.str_string(spec_s);
                    return self.apply_spec(&st, |s| format_spec::format_complex(re, im, s));
                }
                _ => {}
            }
        }
        let ty = self.type_of(v);
        match self.lookup_special(ty, n::FORMAT) {
            Some(m) => {
                let r = self.call_special_found(m, v, &[spec_s])?;
                if self.as_str_obj(r).is_none() {
                    let tn = self.type_name(r);
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "__format__ must return a str, not {tn}"
                    ));
                }
                Ok(r)
            }
            None => {
                let tn = self.type_name(v);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "Type {tn} doesn't define __format__"
                ))
            }
        }
    }

    /// The `__format__` method of the builtin value types (`int`, `float`, `complex`,
    /// `str`): for an instance of a subclass, an empty spec gives `str(self)` (CPython's
    /// `format_obj`) and other specs format the native payload (never the subclass's own
    /// `__format__`, which may be this very method: `IntEnum` sets `__format__ =
    /// int.__format__`).
    pub fn format_native(&mut self, v: Value, spec: Value) -> PyResult<Value> {
        if !v.is_small() && self.is_instance_layout(v) {
            let spec_s = self.as_str_obj(spec).unwrap_or(spec);
            if self.str_len(spec_s) == 0 {
                return self.str_of(v);
            }
            if let Some(p) = self.any_payload(v) {
                return self.format_value(p, spec);
            }
        }
        self.format_value(v, spec)
    }

    fn format_int_spec(&mut self, b: &num_bigint::BigInt, st: &str) -> PyResult<Value> {
        let spec = match format_spec::parse(st) {
            Ok(s) => s,
            Err(m) => return Err(self.value_error(&m)),
        };
        if matches!(spec.ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) {
            let f = match crate::objects::int_ops::bigint_to_f64(b) {
                Some(f) => f,
                None => return Err(self.overflow_error("int too large to convert to float")),
            };
            return match format_spec::format_float(f, &spec) {
                Ok(s) => self.new_str(&s),
                Err(m) => Err(self.value_error(&m)),
            };
        }
        match format_spec::format_int(b, &spec) {
            Ok(s) => self.new_str(&s),
            Err(m) => {
                if m.contains("not in range") {
                    Err(self.overflow_error(&m))
                } else {
                    Err(self.value_error(&m))
                }
            }
        }
    }

    fn apply_spec(
        &mut self,
        st: &str,
        f: impl FnOnce(&format_spec::Spec) -> Result<String, String>,
    ) -> PyResult<Value> {
        let spec = match format_spec::parse(st) {
            Ok(s) => s,
            Err(m) => return Err(self.value_error(&m)),
        };
        match f(&spec) {
            Ok(s) => self.new_str(&s),
            Err(m) => Err(self.value_error(&m)),
        }
    }

    /// `ascii(v)`.
    pub fn ascii(&mut self, v: Value) -> PyResult<Value> {
        let r = self.repr(v)?;
        let r = self.as_str_obj(r).unwrap_or(r);
        if self.str_is_ascii(r) {
            return Ok(r);
        }
        let s = crate::objects::str_repr::ascii_wtf8(self.str_bytes(r));
        // ascii_wtf8 adds quotes: strip them (the repr already has its own).
        let inner = &s[1..s.len() - 1];
        let unescaped_quote_fix = inner.replace("\\'", "'");
        let _ = unescaped_quote_fix;
        let mut out = String::new();
        for cp in crate::objects::str::code_points(self.str_bytes(r)) {
            if cp < 0x80 {
                out.push(cp as u8 as char);
            } else if cp <= 0xff {
                out.push_str(&format!("\\x{cp:02x}"));
            } else if cp <= 0xffff {
                out.push_str(&format!("\\u{cp:04x}"));
            } else {
                out.push_str(&format!("\\U{cp:08x}"));
            }
        }
        self.new_str(&out)
    }
}
