//! `str.format` / `str.format_map`: replacement fields `{name!conv:spec}` with automatic
//! or manual numbering, attribute and index access in field names, nested replacement
//! fields in specs, and CPython's error messages.

use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Formats `fmt` with the arguments (positional and keyword) or a mapping.
pub fn str_format(vm: &mut Vm, fmt: Value, args: Args, mapping: Option<Value>) -> PyResult<Value> {
    let text: Vec<char> = vm.str_string(fmt).chars().collect();
    let mark = vm.sp();
    let mr = vm.push_opt(mapping)?;
    let mut auto = 0usize;
    let mut manual = false;
    let mut auto_used = false;
    let r = render(
        vm,
        &text,
        args,
        mr,
        &mut auto,
        &mut manual,
        &mut auto_used,
        2,
    );
    vm.truncate(mark);
    let s = r?;
    vm.new_str(&s)
}

#[allow(clippy::too_many_arguments)]
fn render(
    vm: &mut Vm,
    text: &[char],
    args: Args,
    mr: crate::runtime::roots::Root,
    auto: &mut usize,
    manual: &mut bool,
    auto_used: &mut bool,
    depth: u32,
) -> PyResult<String> {
    let mut out = String::new();
    let mut i = 0;
    let n = text.len();
    while i < n {
        let c = text[i];
        if c == '}' {
            if i + 1 < n && text[i + 1] == '}' {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(vm.value_error("Single '}' encountered in format string"));
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        if i + 1 < n && text[i + 1] == '{' {
            out.push('{');
            i += 2;
            continue;
        }
        // Find the matching '}' (nested braces allowed in the spec).
        let start = i + 1;
        let mut j = start;
        let mut level = 1;
        while j < n {
            if text[j] == '{' {
                level += 1;
            } else if text[j] == '}' {
                level -= 1;
                if level == 0 {
                    break;
                }
            }
            j += 1;
        }
        if j >= n {
            return Err(vm.value_error(if start >= n {
                "Single '{' encountered in format string"
            } else {
                "expected '}' before end of string"
            }));
        }
        let field: &[char] = &text[start..j];
        i = j + 1;
        // Split name / conversion / spec.
        let mut k = 0;
        let mut bracket = false;
        while k < field.len() {
            match field[k] {
                '[' => bracket = true,
                ']' => bracket = false,
                '!' | ':' if !bracket => break,
                _ => {}
            }
            k += 1;
        }
        let name: String = field[..k].iter().collect();
        let mut conv = None;
        let mut spec_chars: &[char] = &[];
        if k < field.len() && field[k] == '!' {
            if k + 1 >= field.len() {
                // CPython's parser reads the '}' as the conversion and then runs out.
                return Err(vm.value_error("unmatched '{' in format spec"));
            }
            conv = Some(field[k + 1]);
            let after = k + 2;
            if after < field.len() {
                if field[after] != ':' {
                    return Err(vm.value_error("expected ':' after conversion specifier"));
                }
                spec_chars = &field[after + 1..];
            }
        } else if k < field.len() && field[k] == ':' {
            spec_chars = &field[k + 1..];
        }
        // Resolve the value.
        let v = resolve(vm, &name, args, mr, auto, manual, auto_used)?;
        let vr = vm.push_root(v)?;
        let v = match conv {
            None => vm.get(vr),
            Some('s') => vm.str_of(vm.get(vr))?,
            Some('r') => vm.repr(vm.get(vr))?,
            Some('a') => vm.ascii(vm.get(vr))?,
            Some(c) => {
                return Err(crate::raise!(
                    vm,
                    ValueError,
                    "Unknown conversion specifier {c}"
                ));
            }
        };
        vm.set(vr, v);
        let spec = if spec_chars.contains(&'{') {
            if depth <= 1 {
                return Err(vm.value_error("Max string recursion exceeded"));
            }
            render(vm, spec_chars, args, mr, auto, manual, auto_used, depth - 1)?
        } else {
            spec_chars.iter().collect()
        };
        let sv = vm.new_str(&spec)?;
        let r = vm.format_value(vm.get(vr), sv)?;
        let r = vm.as_str_obj(r).unwrap_or(r);
        out.push_str(&vm.str_string(r));
        vm.truncate(vr.index());
    }
    Ok(out)
}

fn resolve(
    vm: &mut Vm,
    name: &str,
    args: Args,
    mr: crate::runtime::roots::Root,
    auto: &mut usize,
    manual: &mut bool,
    auto_used: &mut bool,
) -> PyResult<Value> {
    // First part: up to '.' or '['.
    let end = name.find(['.', '[']).unwrap_or(name.len());
    let first = &name[..end];
    let mut v = if first.is_empty() {
        if *manual {
            return Err(vm.value_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        *auto_used = true;
        let idx = *auto;
        *auto += 1;
        positional(vm, args, idx)?
    } else if let Ok(idx) = first.parse::<usize>() {
        if *auto_used {
            return Err(vm.value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        *manual = true;
        positional(vm, args, idx)?
    } else {
        keyword(vm, args, mr, first)?
    };
    let mut rest = &name[end..];
    while !rest.is_empty() {
        let vr = vm.push_root(v)?;
        if let Some(r) = rest.strip_prefix('.') {
            let e = r.find(['.', '[']).unwrap_or(r.len());
            let attr = &r[..e];
            if attr.is_empty() {
                return Err(vm.value_error("Empty attribute in format string"));
            }
            let nm = vm.intern(attr)?;
            v = vm.getattr(vm.get(vr), nm)?;
            rest = &r[e..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(e) = r.find(']') else {
                return Err(vm.value_error("Missing ']' in format string"));
            };
            let key = &r[..e];
            let k = match key.parse::<i64>() {
                Ok(i) => vm.new_int(i)?,
                Err(_) => vm.new_str(key)?,
            };
            v = vm.getitem(vm.get(vr), k)?;
            rest = &r[e + 1..];
            if !rest.is_empty() && !rest.starts_with(['.', '[']) {
                return Err(
                    vm.value_error("Only '.' or '[' may follow ']' in format field specifier")
                );
            }
        } else {
            return Err(vm.value_error("Only '.' or '[' may follow ']' in format field specifier"));
        }
        vm.truncate(vr.index());
    }
    Ok(v)
}

fn positional(vm: &mut Vm, args: Args, idx: usize) -> PyResult<Value> {
    if idx >= args.len() {
        return Err(crate::raise!(
            vm,
            IndexError,
            "Replacement index {idx} out of range for positional args tuple"
        ));
    }
    Ok(args.get(vm, idx))
}

fn keyword(vm: &mut Vm, args: Args, mr: crate::runtime::roots::Root, key: &str) -> PyResult<Value> {
    if let Some(m) = vm.get_opt(mr) {
        let k = vm.new_str(key)?;
        let m = vm.get_opt(mr).unwrap_or(m);
        return vm.getitem(m, k);
    }
    for j in 0..args.nkw as usize {
        let (k, vr) = args.kw(vm, j);
        if vm.str_eq_text(k, key) {
            return Ok(vm.get(vr));
        }
    }
    let k = vm.new_str(key)?;
    Err(vm.key_error(k))
}
