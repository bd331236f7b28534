//! The location table: for every code unit, the source range of the expression or statement it
//! belongs to, so tracebacks can print CPython 3.11's `^^^^` carets.
//!
//! Encoding: a byte string of runs. Each run covers `len` consecutive code units sharing one
//! [`Location`] and is five LEB128 varints: `len`, the line delta to the previous run's line
//! (zigzag-encoded), `end_line - line`, `col` and `end_col`. Instructions of one statement are
//! mostly contiguous, so a run is typically 5-6 bytes for several units.
//!
//! Invariant: the runs cover exactly the code units `0..len` of their code object, in order.

/// A source location: 1-based lines, 0-based UTF-8 byte columns (CPython's convention).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Location {
    /// First line.
    pub line: u32,
    /// Column (UTF-8 bytes) on the first line.
    pub col: u32,
    /// Last line.
    pub end_line: u32,
    /// Column (UTF-8 bytes) one past the end on the last line.
    pub end_col: u32,
}

/// The encoded location table of a code object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineTable {
    bytes: Box<[u8]>,
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
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

fn read_varint(bytes: &[u8], pos: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*pos) {
        *pos += 1;
        v |= ((b & 0x7F) as u64) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
        if shift > 63 {
            break;
        }
    }
    v
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

impl LineTable {
    /// Encodes one location per code unit.
    pub fn encode(per_unit: &[Location]) -> LineTable {
        let mut out = Vec::new();
        let mut prev_line = 0i64;
        let mut i = 0;
        while i < per_unit.len() {
            let loc = per_unit[i];
            let mut j = i + 1;
            while j < per_unit.len() && per_unit[j] == loc {
                j += 1;
            }
            write_varint(&mut out, (j - i) as u64);
            write_varint(&mut out, zigzag(loc.line as i64 - prev_line));
            write_varint(&mut out, loc.end_line.saturating_sub(loc.line) as u64);
            write_varint(&mut out, loc.col as u64);
            write_varint(&mut out, loc.end_col as u64);
            prev_line = loc.line as i64;
            i = j;
        }
        LineTable {
            bytes: out.into_boxed_slice(),
        }
    }

    /// Wraps bytes produced by [`LineTable::as_bytes`] (decoding is bounds-checked, so any
    /// bytes are safe, if meaningless).
    pub fn from_encoded(bytes: Box<[u8]>) -> LineTable {
        LineTable { bytes }
    }

    /// The encoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Iterates over the runs as `(start_unit, end_unit, location)`.
    pub fn runs(&self) -> impl Iterator<Item = (u32, u32, Location)> + '_ {
        let bytes = &self.bytes;
        let mut pos = 0usize;
        let mut unit = 0u32;
        let mut line = 0i64;
        std::iter::from_fn(move || {
            if pos >= bytes.len() {
                return None;
            }
            let len = read_varint(bytes, &mut pos) as u32;
            line = line.saturating_add(unzigzag(read_varint(bytes, &mut pos)));
            let end_delta = read_varint(bytes, &mut pos) as u32;
            let col = read_varint(bytes, &mut pos) as u32;
            let end_col = read_varint(bytes, &mut pos) as u32;
            let start = unit;
            unit = unit.saturating_add(len);
            let l = line.clamp(0, u32::MAX as i64) as u32;
            Some((
                start,
                unit,
                Location {
                    line: l,
                    col,
                    end_line: l.saturating_add(end_delta),
                    end_col,
                },
            ))
        })
    }

    /// The location of the code unit at `offset` (linear in the number of runs; used on the
    /// error path only).
    pub fn location_at(&self, offset: u32) -> Option<Location> {
        self.runs()
            .find(|&(start, end, _)| start <= offset && offset < end)
            .map(|(_, _, loc)| loc)
    }

    /// Decodes into one location per code unit.
    pub fn decode(&self) -> Vec<Location> {
        let mut out = Vec::new();
        for (start, end, loc) in self.runs() {
            for _ in start..end {
                out.push(loc);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let l = |line, col, end_line, end_col| Location {
            line,
            col,
            end_line,
            end_col,
        };
        let locs = vec![
            l(3, 0, 3, 5),
            l(3, 0, 3, 5),
            l(1, 4, 2, 9),
            l(400, 1000, 401, 2),
            l(400, 1000, 401, 2),
            l(2, 0, 2, 1),
        ];
        let table = LineTable::encode(&locs);
        assert_eq!(table.decode(), locs);
        assert_eq!(table.location_at(3), Some(l(400, 1000, 401, 2)));
        assert_eq!(table.location_at(6), None);
        assert_eq!(table.runs().count(), 4);
    }
}
