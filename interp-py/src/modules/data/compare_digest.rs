//! `_operator._compare_digest(a, b)` (what `hmac.compare_digest` is): a comparison of two
//! ASCII strings or two bytes-like objects whose time depends only on the length of `b`,
//! with CPython's type errors. It lives here, next to the hash modules that need it;
//! `modules/operator.rs` only lists it.

use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Compares without an early exit (CPython's `_tscmp`).
fn tscmp(a: &[u8], b: &[u8]) -> bool {
    let mut result = u8::from(a.len() != b.len());
    let left = if a.len() == b.len() { a } else { b };
    for (x, y) in left.iter().zip(b) {
        result |= x ^ y;
    }
    result == 0
}

/// `_operator._compare_digest(a, b)`.
pub fn compare_digest(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_compare_digest", 2, 2)?;
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    let (sa, sb) = (vm.as_str_obj(a), vm.as_str_obj(b));
    let eq = match (sa, sb) {
        (Some(x), Some(y)) => {
            let (x, y) = (vm.str_string(x), vm.str_string(y));
            if !x.is_ascii() || !y.is_ascii() {
                return Err(
                    vm.type_error("comparing strings with non-ASCII characters is not supported")
                );
            }
            tscmp(x.as_bytes(), y.as_bytes())
        }
        _ => {
            if super::buffer::try_read(vm, a).is_none() && super::buffer::try_read(vm, b).is_none()
            {
                let (ta, tb) = (vm.type_name(a), vm.type_name(b));
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "unsupported operand types(s) or combination of types: '{ta}' and '{tb}'"
                ));
            }
            let x = super::buffer::read(vm, a)?;
            let y = super::buffer::read(vm, b)?;
            tscmp(&x, &y)
        }
    };
    Ok(vm.bool_val(eq))
}

#[cfg(test)]
mod tests {
    use super::tscmp;

    #[test]
    fn compares_contents_and_lengths() {
        assert!(tscmp(b"abc", b"abc"));
        assert!(!tscmp(b"abc", b"abd"));
        assert!(!tscmp(b"ab", b"abc"));
        assert!(tscmp(b"", b""));
    }
}
