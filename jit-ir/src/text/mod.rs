//! The text format of traces: [`print()`] and [`parse()`], round-tripping.
//!
//! ```text
//! # comments run to the end of the line
//! size Box: size=24 tid=1 vtable=0x1000 refs=()
//! field Box.val: offset=16 size=8 kind=int signed
//! array Bytes: base=16 item=1 kind=int unsigned len=8 tid=2
//! call add3: args=(int, int, int) result=int effects=(raise) reads=all writes=()
//! token L0
//! [i0, p1]
//! label(i0, p1, descr=L0)
//! i2 = getfield_gc_i(p1, descr=Box.val)
//! i3 = int_add(i2, 1)
//! guard_true(i3) [r0: frame(1, 10; i0, p1, _), v0 = new(Box; Box.val=i3)]
//! guard_false(i2) [r0]
//! jump(i3, p1, descr=L0)
//! ```
//!
//! One declaration or operation per line. Values are named by kind letter (`i` int, `p`
//! ref, `f` float) and number; the printer numbers them by [`OpRef`](crate::OpRef) so the
//! output is canonical, the parser accepts any number. Constants: `42`, `-1`, `0x10`,
//! `1.5`, `nan`, `inf`, `null`, `ptr(0x1000)`. A guard's resume data is written in
//! brackets the first time its snapshot is used (`[r0: ...]`) and referenced afterwards
//! (`[r0]`); items are `frame(code, pc; slots)` (outermost frame first, `_` for a dead
//! slot), virtual objects `vN = new(Size; field=value, ...)`, `vN = array(Arr; items)`,
//! `vN = str(Arr; items)`, and delayed stores `pending(target, field, value)`.
//!
//! Invariant (property-tested): `print(parse(print(t))) == print(t)`. Parse errors carry
//! the 1-based line and column of the offending token.

mod parse;
mod print;

pub use parse::{ParseError, parse, parse_with};
pub use print::print;
