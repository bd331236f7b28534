//! printf-style formatting: `str % args` and `bytes % args`, with CPython's conversions
//! (`d i u o x X e E f F g G c r s a %`), flags (`- + space # 0`), `*` widths and
//! precisions, `%(name)s` mapping keys, and error messages.

use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::errors::PyResult;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::format_spec::{self, Spec};

struct Args {
    items: Option<Root>,
    single: Option<Root>,
    mapping: Option<Root>,
    next: usize,
    len: usize,
}

impl Vm {
    /// `fmt % args` for a str format.
    pub fn str_percent_format(&mut self, fmt: Value, args: Value) -> PyResult<Value> {
        let text: Vec<char> = self.str_string(fmt).chars().collect();
        let mark = self.sp();
        let r = self.percent_impl(&text, args, false);
        self.truncate(mark);
        let out = r?;
        self.new_str(&out)
    }

    /// `fmt % args` for bytes/bytearray.
    pub fn bytes_percent_format(&mut self, fmt: Value, args: Value) -> PyResult<Value> {
        let data = self.bytes_like(fmt).unwrap_or_default();
        let text: Vec<char> = data.iter().map(|&b| b as char).collect();
        let mark = self.sp();
        let is_ba = self.kind(self.payload_or_self(fmt)) == Kind::ByteArray;
        let r = self.percent_impl(&text, args, true);
        self.truncate(mark);
        let out: Vec<u8> = r?.chars().map(|c| c as u32 as u8).collect();
        if is_ba {
            self.new_bytearray(&out)
        } else {
            self.new_bytes(&out)
        }
    }

    fn percent_impl(&mut self, text: &[char], args: Value, bytes: bool) -> PyResult<String> {
        let mut a = Args {
            items: None,
            single: None,
            mapping: None,
            next: 0,
            len: 1,
        };
        let ar = self.push_root(args)?;
        a.single = Some(ar);
        if let Some(t) = self.as_tuple_obj(args) {
            a.items = Some(self.push_root(t)?);
            a.len = self.tuple_len(t);
        } else {
            let ty = self.type_of(args);
            let is_mapping = !self.is_str(args)
                && self.kind(args) != Kind::Bytes
                && self
                    .lookup_special(ty, crate::runtime::names::n::GETITEM)
                    .is_some();
            if is_mapping {
                a.mapping = Some(ar);
            }
            a.items = None;
        }
        let mut out = String::new();
        let mut i = 0;
        let n = text.len();
        let mut used_mapping = false;
        while i < n {
            let c = text[i];
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            if i >= n {
                return Err(self.value_error("incomplete format"));
            }
            // Mapping key.
            let mut keyed: Option<Value> = None;
            if text[i] == '(' {
                let Some(m) = a.mapping else {
                    return Err(self.type_error("format requires a mapping"));
                };
                let mut depth = 1;
                let ks = i + 1;
                i += 1;
                while i < n && depth > 0 {
                    if text[i] == '(' {
                        depth += 1;
                    } else if text[i] == ')' {
                        depth -= 1;
                    }
                    i += 1;
                }
                if depth > 0 {
                    return Err(self.value_error("incomplete format key"));
                }
                let key: String = text[ks..i - 1].iter().collect();
                let kv = if bytes {
                    let b: Vec<u8> = key.chars().map(|c| c as u32 as u8).collect();
                    self.new_bytes(&b)?
                } else {
                    self.new_str(&key)?
                };
                let v = self.getitem(self.get(m), kv)?;
                keyed = Some(v);
                used_mapping = true;
            }
            let mut spec = Spec::default();
            let mut left = false;
            while i < n && matches!(text[i], '-' | '+' | ' ' | '#' | '0') {
                match text[i] {
                    '-' => left = true,
                    '+' => spec.sign = Some('+'),
                    ' ' => {
                        if spec.sign != Some('+') {
                            spec.sign = Some(' ')
                        }
                    }
                    '#' => spec.alternate = true,
                    _ => spec.zero = true,
                }
                i += 1;
            }
            // Width.
            if i < n && text[i] == '*' {
                let w = self.next_arg(&mut a)?;
                let Some(wv) = self.small_int_of(w).filter(|_| self.is_int(w)) else {
                    return Err(self.type_error("* wants int"));
                };
                if wv < 0 {
                    left = true;
                }
                spec.width = Some(wv.unsigned_abs() as usize);
                i += 1;
            } else {
                let ws = i;
                while i < n && text[i].is_ascii_digit() {
                    i += 1;
                }
                if i > ws {
                    spec.width = text[ws..i].iter().collect::<String>().parse().ok();
                }
            }
            if i < n && text[i] == '.' {
                i += 1;
                if i < n && text[i] == '*' {
                    let p = self.next_arg(&mut a)?;
                    let Some(pv) = self.small_int_of(p).filter(|_| self.is_int(p)) else {
                        return Err(self.type_error("* wants int"));
                    };
                    spec.precision = Some(pv.max(0) as usize);
                    i += 1;
                } else {
                    let ps = i;
                    while i < n && text[i].is_ascii_digit() {
                        i += 1;
                    }
                    spec.precision =
                        Some(text[ps..i].iter().collect::<String>().parse().unwrap_or(0));
                }
            }
            while i < n && matches!(text[i], 'h' | 'l' | 'L') {
                i += 1;
            }
            if i >= n {
                return Err(self.value_error("incomplete format"));
            }
            let conv = text[i];
            i += 1;
            if conv == '%' {
                out.push('%');
                continue;
            }
            let v = match keyed {
                Some(v) => v,
                None => self.next_arg(&mut a)?,
            };
            let vr = self.push_root(v)?;
            if left {
                spec.align = Some('<');
                spec.zero = false;
            } else {
                spec.align = Some('>');
            }
            let piece = match conv {
                's' | 'r' | 'a' | 'b' => {
                    let v = self.get(vr);
                    let s = if bytes && (conv == 's' || conv == 'b') {
                        match self.bytes_like(v) {
                            Some(b) => b.iter().map(|&c| c as char).collect(),
                            None => {
                                let tn = self.type_name(v);
                                return Err(crate::raise!(
                                    self,
                                    TypeError,
                                    "%b requires a bytes-like object, or an object that implements __bytes__, not '{tn}'"
                                ));
                            }
                        }
                    } else {
                        let r = match conv {
                            's' => self.str_of(v)?,
                            'r' => self.repr(v)?,
                            _ => self.ascii(v)?,
                        };
                        let r = self.as_str_obj(r).unwrap_or(r);
                        self.str_string(r)
                    };
                    let s: String = match spec.precision {
                        Some(p) => s.chars().take(p).collect(),
                        None => s,
                    };
                    let sp = Spec {
                        zero: false,
                        precision: None,
                        sign: None,
                        alternate: false,
                        ..spec.clone()
                    };
                    format_spec::format_str(&s, &Spec { ty: None, ..sp }).unwrap_or(s)
                }
                'c' => {
                    let v = self.get(vr);
                    let ch = if bytes {
                        // bytes % args: an int in range(256) or a bytes object of length 1.
                        if let Some(b) = self.bytes_like(v) {
                            if b.len() != 1 {
                                return Err(self.type_error(
                                    "%c requires an integer in range(256) or a single byte",
                                ));
                            }
                            (b[0] as char).to_string()
                        } else if let Some(i) = self.small_int_of(v).filter(|_| self.is_int(v)) {
                            if !(0..256).contains(&i) {
                                return Err(self.overflow_error("%c arg not in range(256)"));
                            }
                            ((i as u8) as char).to_string()
                        } else {
                            return Err(self.type_error(
                                "%c requires an integer in range(256) or a single byte",
                            ));
                        }
                    } else if let Some(s) = self.as_str_obj(v) {
                        if self.str_len(s) != 1 {
                            return Err(self.type_error("%c requires int or char"));
                        }
                        self.str_string(s)
                    } else if let Some(cp) = self.small_int_of(v).filter(|_| self.is_int(v)) {
                        match char::from_u32(cp as u32).filter(|_| (0..=0x10ffff).contains(&cp)) {
                            Some(c) => c.to_string(),
                            None => {
                                return Err(self.overflow_error("%c arg not in range(0x110000)"));
                            }
                        }
                    } else {
                        return Err(self.type_error("%c requires int or char"));
                    };
                    format_spec::format_str(
                        &ch,
                        &Spec {
                            zero: false,
                            precision: None,
                            sign: None,
                            alternate: false,
                            ty: None,
                            ..spec.clone()
                        },
                    )
                    .unwrap_or(ch)
                }
                'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
                    let v = self.get(vr);
                    let iv = if self.is_int(v) {
                        self.int_val(v).expect("int").to_big()
                    } else if let Some(f) =
                        self.float_of(v).filter(|_| matches!(conv, 'd' | 'i' | 'u'))
                    {
                        let iv = self.float_to_int(f)?;
                        self.int_val(iv).expect("int").to_big()
                    } else if self.has_index(v) && matches!(conv, 'o' | 'x' | 'X')
                        || self.has_index(v)
                    {
                        let iv = self.index_value(v)?;
                        self.int_val(iv).expect("int").to_big()
                    } else {
                        let tn = self.type_name(v);
                        return Err(if matches!(conv, 'd' | 'i' | 'u') {
                            crate::raise!(
                                self,
                                TypeError,
                                "%{conv} format: a real number is required, not {tn}"
                            )
                        } else {
                            crate::raise!(
                                self,
                                TypeError,
                                "%{conv} format: an integer is required, not {tn}"
                            )
                        });
                    };
                    let ty = match conv {
                        'o' => 'o',
                        'x' => 'x',
                        'X' => 'X',
                        _ => 'd',
                    };
                    let prec = spec.precision;
                    let mut s2 = Spec {
                        ty: Some(ty),
                        precision: None,
                        ..spec.clone()
                    };
                    if !left && spec.zero {
                        s2.align = None;
                    }
                    let mut r =
                        format_spec::format_int(&iv, &s2).map_err(|m| self.value_error(&m))?;
                    if let Some(p) = prec {
                        // Precision: minimum number of digits.
                        let neg = r.trim_start().starts_with('-');
                        let digits: String = r.chars().filter(|c| c.is_ascii_hexdigit()).collect();
                        if digits.len() < p {
                            let body = format!(
                                "{}{}",
                                "0".repeat(p - digits.len()),
                                iv.magnitude().to_str_radix(if ty == 'd' {
                                    10
                                } else if ty == 'o' {
                                    8
                                } else {
                                    16
                                })
                            );
                            let body = if ty == 'X' { body.to_uppercase() } else { body };
                            let sign = if neg {
                                "-"
                            } else {
                                match spec.sign {
                                    Some('+') => "+",
                                    Some(' ') => " ",
                                    _ => "",
                                }
                            };
                            let pre = if spec.alternate {
                                match ty {
                                    'o' => "0o",
                                    'x' => "0x",
                                    'X' => "0X",
                                    _ => "",
                                }
                            } else {
                                ""
                            };
                            r = format!("{sign}{pre}{body}");
                            let w = spec.width.unwrap_or(0);
                            if r.len() < w {
                                r = if left {
                                    format!("{r:<w$}")
                                } else {
                                    format!("{r:>w$}")
                                };
                            }
                        }
                    }
                    r
                }
                'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                    let v = self.get(vr);
                    let f = match self.float_of(v) {
                        Some(f) => f,
                        None => {
                            if self.is_int(v) || {
                                let ty = self.type_of(v);
                                self.lookup_special(ty, crate::runtime::names::n::FLOAT)
                                    .is_some()
                            } {
                                self.float_from_object(v)?
                            } else {
                                let tn = self.type_name(v);
                                return Err(crate::raise!(
                                    self,
                                    TypeError,
                                    "must be real number, not {tn}"
                                ));
                            }
                        }
                    };
                    let mut s2 = Spec {
                        ty: Some(conv),
                        precision: Some(spec.precision.unwrap_or(6)),
                        ..spec.clone()
                    };
                    if !left && spec.zero {
                        s2.align = None;
                    }
                    format_spec::format_float(f, &s2).map_err(|m| self.value_error(&m))?
                }
                other => {
                    let idx = i - 1;
                    return Err(crate::raise!(
                        self,
                        ValueError,
                        "unsupported format character '{other}' (0x{:x}) at index {idx}",
                        other as u32
                    ));
                }
            };
            let _ = start;
            out.push_str(&piece);
            self.truncate(vr.index());
        }
        if a.mapping.is_none() && a.next < a.len && !used_mapping {
            return Err(self.type_error(if bytes {
                "not all arguments converted during bytes formatting"
            } else {
                "not all arguments converted during string formatting"
            }));
        }
        Ok(out)
    }

    fn next_arg(&mut self, a: &mut Args) -> PyResult<Value> {
        if a.next >= a.len {
            return Err(self.type_error("not enough arguments for format string"));
        }
        let v = match a.items {
            Some(t) => self.tuple_get(self.get(t), a.next),
            // A single non-tuple argument (a mapping used positionally included).
            None => self.get(a.single.expect("set at start")),
        };
        a.next += 1;
        Ok(v)
    }
}

/// Marker keeping `T` referenced.
pub fn _t() -> T {
    T::Str
}
