//! A binary encoding of code objects, for tern's bytecode cache (`interp::code_cache`).
//!
//! Format (all integers little-endian or LEB128 varints):
//!
//! ```text
//! code      := str name, str qualname, str filename, varint first_line, varint flags,
//!              varint argcount, varint posonlyargcount, varint kwonlyargcount,
//!              varint n, n * u32 code units,
//!              varint n, n * const,
//!              names, varnames, cellvars, freevars      (each: varint n, n * str)
//!              varint n, n * varint cell_slots,
//!              varint max_stackdepth,
//!              varint n, n * u16 stack_depths,
//!              varint n, n * (varint start, end, target, depth; u8 lasti),
//!              bytes line_table,
//!              COUNT * varint cache_counts,
//!              varint n, n * varint loop_headers
//! const     := u8 tag, payload (see `Tag`)
//! str/bytes := varint len, len bytes
//! ```
//!
//! Invariants: [`decode`] never panics and never trusts a length (every read is bounds-checked
//! against the remaining input, element counts are bounded by the bytes left); strings are
//! checked to be in the surrogate-passing UTF-8 form `PyStr` requires; nesting depth is bounded;
//! and every decoded code object passes [`super::analysis::verify`] plus an operand check
//! (constant/name/local indices in range), so a damaged cache file yields an `Err` (and a
//! recompile), never a VM that indexes out of bounds.

use std::sync::Arc;

use num_bigint::BigInt;

use super::code::{CodeFlags, CodeObject, CodeUnit};
use super::constant::{Constant, PyStr};
use super::exctable::{ExceptionEntry, ExceptionTable};
use super::linetable::LineTable;
use super::opcode::{ArgKind, CacheKind};

/// Constant tags (the byte before each constant's payload).
#[repr(u8)]
enum Tag {
    None = 0,
    False = 1,
    True = 2,
    Int = 3,
    BigInt = 4,
    Float = 5,
    Complex = 6,
    Str = 7,
    Bytes = 8,
    Tuple = 9,
    FrozenSet = 10,
    Ellipsis = 11,
    Code = 12,
}

/// Deepest constant nesting [`decode`] accepts (tuples of tuples, nested code objects);
/// far above what the compiler produces for real programs.
const MAX_DEPTH: u32 = 200;

/// Appends the encoding of `code` to `out`.
pub fn encode(code: &CodeObject, out: &mut Vec<u8>) {
    put_str(out, &code.name);
    put_str(out, &code.qualname);
    put_str(out, &code.filename);
    put_varint(out, code.first_line as u64);
    put_varint(out, code.flags.0 as u64);
    put_varint(out, code.argcount as u64);
    put_varint(out, code.posonlyargcount as u64);
    put_varint(out, code.kwonlyargcount as u64);
    put_varint(out, code.code.len() as u64);
    for u in code.code.iter() {
        out.extend_from_slice(&u.0.to_le_bytes());
    }
    put_varint(out, code.consts.len() as u64);
    for c in code.consts.iter() {
        put_const(out, c);
    }
    for names in [&code.names, &code.varnames, &code.cellvars, &code.freevars] {
        put_varint(out, names.len() as u64);
        for n in names.iter() {
            put_str(out, n);
        }
    }
    put_varint(out, code.cell_slots.len() as u64);
    for &s in code.cell_slots.iter() {
        put_varint(out, s as u64);
    }
    put_varint(out, code.max_stackdepth as u64);
    put_varint(out, code.stack_depths.len() as u64);
    for &d in code.stack_depths.iter() {
        out.extend_from_slice(&d.to_le_bytes());
    }
    let entries = code.exception_table.entries();
    put_varint(out, entries.len() as u64);
    for e in entries {
        put_varint(out, e.start as u64);
        put_varint(out, e.end as u64);
        put_varint(out, e.target as u64);
        put_varint(out, e.depth as u64);
        out.push(e.lasti as u8);
    }
    put_bytes(out, code.line_table.as_bytes());
    for &c in code.cache_counts.iter() {
        put_varint(out, c as u64);
    }
    put_varint(out, code.loop_headers.len() as u64);
    for &h in code.loop_headers.iter() {
        put_varint(out, h as u64);
    }
}

fn put_const(out: &mut Vec<u8>, c: &Constant) {
    match c {
        Constant::None => out.push(Tag::None as u8),
        Constant::Bool(false) => out.push(Tag::False as u8),
        Constant::Bool(true) => out.push(Tag::True as u8),
        Constant::Int(i) => {
            out.push(Tag::Int as u8);
            out.extend_from_slice(&i.to_le_bytes());
        }
        Constant::BigInt(b) => {
            out.push(Tag::BigInt as u8);
            put_bytes(out, &b.to_signed_bytes_le());
        }
        Constant::Float(f) => {
            out.push(Tag::Float as u8);
            out.extend_from_slice(&f.to_bits().to_le_bytes());
        }
        Constant::Complex { re, im } => {
            out.push(Tag::Complex as u8);
            out.extend_from_slice(&re.to_bits().to_le_bytes());
            out.extend_from_slice(&im.to_bits().to_le_bytes());
        }
        Constant::Str(s) => {
            out.push(Tag::Str as u8);
            put_bytes(out, s.as_bytes());
        }
        Constant::Bytes(b) => {
            out.push(Tag::Bytes as u8);
            put_bytes(out, b);
        }
        Constant::Tuple(items) | Constant::FrozenSet(items) => {
            let tag = if matches!(c, Constant::Tuple(_)) {
                Tag::Tuple
            } else {
                Tag::FrozenSet
            };
            out.push(tag as u8);
            put_varint(out, items.len() as u64);
            for i in items.iter() {
                put_const(out, i);
            }
        }
        Constant::Ellipsis => out.push(Tag::Ellipsis as u8),
        Constant::Code(code) => {
            out.push(Tag::Code as u8);
            encode(code, out);
        }
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7F) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

/// Decodes one code object from the whole of `bytes` (trailing bytes are an error).
pub fn decode(bytes: &[u8]) -> Result<CodeObject, String> {
    let mut r = Reader { bytes, pos: 0 };
    let code = r.code(0)?;
    if r.pos != bytes.len() {
        return Err(format!("{} trailing bytes", bytes.len() - r.pos));
    }
    Ok(code)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what} at byte {}", self.pos))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        match self.bytes.get(self.pos..self.pos.saturating_add(n)) {
            Some(s) if self.pos.checked_add(n).is_some() => {
                self.pos += n;
                Ok(s)
            }
            _ => self.err("unexpected end of data"),
        }
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn fixed<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        let mut shift = 0u32;
        loop {
            let b = self.u8()?;
            if shift > 63 || (shift == 63 && b > 1) {
                return self.err("varint overflow");
            }
            v |= ((b & 0x7F) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    fn u32v(&mut self) -> Result<u32, String> {
        let v = self.varint()?;
        u32::try_from(v).or_else(|_| self.err("value out of range"))
    }

    /// An element count: each element takes at least `min_size` bytes, so a count larger than
    /// the remaining input is rejected before anything is allocated.
    fn count(&mut self, min_size: usize) -> Result<usize, String> {
        let n = self.varint()?;
        let left = (self.bytes.len() - self.pos) as u64;
        if n.saturating_mul(min_size.max(1) as u64) > left {
            return self.err("count larger than the data");
        }
        Ok(n as usize)
    }

    fn bytes(&mut self) -> Result<&'a [u8], String> {
        let n = self.count(1)?;
        self.take(n)
    }

    fn str(&mut self) -> Result<Arc<str>, String> {
        let b = self.bytes()?;
        match std::str::from_utf8(b) {
            Ok(s) => Ok(Arc::from(s)),
            Err(_) => self.err("invalid UTF-8 in a name"),
        }
    }

    fn strs(&mut self) -> Result<Box<[Arc<str>]>, String> {
        let n = self.count(1)?;
        (0..n).map(|_| self.str()).collect()
    }

    fn code(&mut self, depth: u32) -> Result<CodeObject, String> {
        if depth > MAX_DEPTH {
            return self.err("nesting too deep");
        }
        let name = self.str()?;
        let qualname = self.str()?;
        let filename = self.str()?;
        let first_line = self.u32v()?;
        let flags = CodeFlags(self.u32v()?);
        let argcount = self.u32v()?;
        let posonlyargcount = self.u32v()?;
        let kwonlyargcount = self.u32v()?;
        let n = self.count(4)?;
        let mut units = Vec::with_capacity(n);
        for _ in 0..n {
            units.push(CodeUnit(u32::from_le_bytes(self.fixed()?)));
        }
        let n = self.count(1)?;
        let mut consts = Vec::with_capacity(n);
        for _ in 0..n {
            consts.push(self.constant(depth)?);
        }
        let names = self.strs()?;
        let varnames = self.strs()?;
        let cellvars = self.strs()?;
        let freevars = self.strs()?;
        let n = self.count(1)?;
        let cell_slots = (0..n)
            .map(|_| self.u32v())
            .collect::<Result<Box<[u32]>, _>>()?;
        let max_stackdepth = self.u32v()?;
        let n = self.count(2)?;
        let mut stack_depths = Vec::with_capacity(n);
        for _ in 0..n {
            stack_depths.push(u16::from_le_bytes(self.fixed()?));
        }
        let n = self.count(5)?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let start = self.u32v()?;
            let end = self.u32v()?;
            let target = self.u32v()?;
            let depth = self.u32v()?;
            let lasti = match self.u8()? {
                0 => false,
                1 => true,
                _ => return self.err("bad lasti flag"),
            };
            if start >= end
                || entries
                    .last()
                    .is_some_and(|p: &ExceptionEntry| p.end > start)
            {
                return self.err("exception table entries out of order");
            }
            entries.push(ExceptionEntry {
                start,
                end,
                target,
                depth,
                lasti,
            });
        }
        let line_table = LineTable::from_encoded(self.bytes()?.into());
        let mut cache_counts = [0u32; CacheKind::COUNT];
        for c in cache_counts.iter_mut() {
            *c = self.u32v()?;
        }
        let n = self.count(1)?;
        let loop_headers = (0..n)
            .map(|_| self.u32v())
            .collect::<Result<Box<[u32]>, _>>()?;
        let code = CodeObject {
            name,
            qualname,
            filename,
            first_line,
            flags,
            argcount,
            posonlyargcount,
            kwonlyargcount,
            code: units.into_boxed_slice(),
            consts: consts.into_boxed_slice(),
            names,
            varnames,
            cellvars,
            freevars,
            cell_slots,
            max_stackdepth,
            stack_depths: stack_depths.into_boxed_slice(),
            exception_table: ExceptionTable::new(entries),
            line_table,
            cache_counts,
            loop_headers,
        };
        check_operands(&code)?;
        super::analysis::verify(&code).map_err(|e| format!("{}: {e}", code.qualname))?;
        Ok(code)
    }

    fn constant(&mut self, depth: u32) -> Result<Constant, String> {
        let tag = self.u8()?;
        Ok(match tag {
            t if t == Tag::None as u8 => Constant::None,
            t if t == Tag::False as u8 => Constant::Bool(false),
            t if t == Tag::True as u8 => Constant::Bool(true),
            t if t == Tag::Int as u8 => Constant::Int(i64::from_le_bytes(self.fixed()?)),
            t if t == Tag::BigInt as u8 => {
                Constant::BigInt(Arc::new(BigInt::from_signed_bytes_le(self.bytes()?)))
            }
            t if t == Tag::Float as u8 => {
                Constant::Float(f64::from_bits(u64::from_le_bytes(self.fixed()?)))
            }
            t if t == Tag::Complex as u8 => {
                let re = f64::from_bits(u64::from_le_bytes(self.fixed()?));
                let im = f64::from_bits(u64::from_le_bytes(self.fixed()?));
                Constant::Complex { re, im }
            }
            t if t == Tag::Str as u8 => {
                let b = self.bytes()?;
                if !is_surrogatepass_utf8(b) {
                    return self.err("invalid string constant");
                }
                Constant::Str(PyStr::from_encoded(b.to_vec()))
            }
            t if t == Tag::Bytes as u8 => Constant::Bytes(Arc::from(self.bytes()?)),
            t if t == Tag::Tuple as u8 || t == Tag::FrozenSet as u8 => {
                if depth >= MAX_DEPTH {
                    return self.err("nesting too deep");
                }
                let n = self.count(1)?;
                let items = (0..n)
                    .map(|_| self.constant(depth + 1))
                    .collect::<Result<Arc<[Constant]>, _>>()?;
                if t == Tag::Tuple as u8 {
                    Constant::Tuple(items)
                } else {
                    Constant::FrozenSet(items)
                }
            }
            t if t == Tag::Ellipsis as u8 => Constant::Ellipsis,
            t if t == Tag::Code as u8 => Constant::Code(Arc::new(self.code(depth + 1)?)),
            _ => return self.err("unknown constant tag"),
        })
    }
}

/// UTF-8 in which lone surrogates (U+D800..U+DFFF) may appear encoded like other code points
/// (`ED A0..BF 80..BF`): the form `PyStr` stores.
fn is_surrogatepass_utf8(mut b: &[u8]) -> bool {
    loop {
        match std::str::from_utf8(b) {
            Ok(_) => return true,
            Err(e) => {
                let at = e.valid_up_to();
                match b.get(at..at + 3) {
                    Some([0xED, 0xA0..=0xBF, 0x80..=0xBF]) => b = &b[at + 3..],
                    _ => return false,
                }
            }
        }
    }
}

/// Checks the operands the interpreter uses as indices (constants, names, local slots, cell
/// slots) against the sizes of the code object's tables.
fn check_operands(code: &CodeObject) -> Result<(), String> {
    let nlocals = code.nlocalsplus();
    if code.cellvars.len() != code.cell_slots.len()
        || code.cell_slots.iter().any(|&s| s as usize >= nlocals)
    {
        return Err(format!("{}: bad cell slots", code.qualname));
    }
    for ins in code.instructions() {
        let arg = ins.arg as usize;
        let limit = match ins.opcode.arg_kind() {
            ArgKind::Const => Some(code.consts.len()),
            ArgKind::Name => Some(code.names.len()),
            ArgKind::GlobalName => Some(code.names.len() << 1),
            ArgKind::Local => Some(nlocals),
            ArgKind::Jump => Some(code.code.len()),
            _ => None,
        };
        if let Some(limit) = limit
            && arg >= limit
        {
            return Err(format!(
                "{}: {} operand {arg} out of range at {}",
                code.qualname,
                ins.opcode.name(),
                ins.offset
            ));
        }
        if let (Some(kind), Some(idx)) = (ins.opcode.cache_kind(), ins.cache)
            && idx >= code.cache_counts[kind as usize]
        {
            return Err(format!("{}: cache index out of range", code.qualname));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{CompileOptions, compile_source};

    fn roundtrip(src: &str) {
        let c = compile_source(src.as_bytes(), "<t>", CompileOptions::default())
            .unwrap()
            .code;
        let mut out = Vec::new();
        encode(&c, &mut out);
        let back = decode(&out).unwrap();
        let mut again = Vec::new();
        encode(&back, &mut again);
        assert_eq!(out, again, "re-encoding differs for {src:?}");
        assert_eq!(
            crate::dis::disassemble(&c),
            crate::dis::disassemble(&back),
            "disassembly differs for {src:?}"
        );
    }

    #[test]
    fn round_trips_every_constant_kind_and_table() {
        roundtrip(
            "x = (1, 2.5, 3j, 'é\\ud800', b'\\x00', None, True, False, ..., 10**30, -10**30)\n",
        );
        roundtrip(
            "def f(a, /, b, *c, d, **e):\n    def g():\n        return a + d\n    return g\n",
        );
        roundtrip(
            "for i in range(3):\n    try:\n        x = {i} | frozenset({1, 2})\n    except E as e:\n        pass\n    finally:\n        y = [k for k in z if k] if 0 else 1\nasync def g():\n    return [k async for k in z]\n",
        );
        roundtrip("class C:\n    def m(self):\n        return super().m()\n");
    }

    #[test]
    fn truncated_or_damaged_input_is_an_error_not_a_panic() {
        let c = compile_source(
            b"def f(x):\n    return [x, 'a', 1.5, (1, (2, 3))]\nprint(f(1))\n",
            "<t>",
            CompileOptions::default(),
        )
        .unwrap()
        .code;
        let mut out = Vec::new();
        encode(&c, &mut out);
        for n in 0..out.len() {
            assert!(decode(&out[..n]).is_err(), "prefix of {n} bytes accepted");
        }
        // Flip every byte in turn: decoding must either fail or give a code object that
        // passed verification; it must never panic.
        for i in 0..out.len() {
            let mut bad = out.clone();
            bad[i] ^= 0x5A;
            let _ = decode(&bad);
        }
    }
}
