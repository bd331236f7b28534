//! Source text: decoding bytes into text the way CPython 3.11's tokenizer does for a file, and
//! mapping byte offsets to the line/column coordinates CPython reports.
//!
//! Decoding (PEP 263 / PEP 3120):
//! * A UTF-8 byte-order mark is stripped; a coding cookie that names anything but UTF-8 after a
//!   BOM is an error (`encoding problem: X with BOM`).
//! * A coding cookie (`# -*- coding: NAME -*-`, any comment matching `coding[:=]\s*NAME`) is looked
//!   for on line 1, and on line 2 when line 1 holds only whitespace or a comment.
//! * Supported encodings: UTF-8, Latin-1, ASCII and Windows-1252 under their usual aliases; any
//!   other name is reported as `encoding problem: NAME` (CPython would look the codec up).
//! * Without a cookie, invalid UTF-8 is reported with CPython's `Non-UTF-8 code starting with ...`
//!   message (which carries no line number). Null bytes are rejected.
//! * Newlines are normalised: `\r\n` and lone `\r` become `\n`, as CPython's tokenizer does before
//!   tokenizing (so string literals spanning lines contain `\n`).
//!
//! Coordinates (invariants relied on by the parser front end and the line table):
//! * lines are 1-based; AST columns are 0-based UTF-8 byte offsets into the line (CPython's
//!   `col_offset`); `SyntaxError.offset` is a 1-based *character* offset.

use crate::syntax_error::{CompileError, ErrorKind};

/// Decodes the bytes of a Python source file into normalised text.
///
/// `filename` is only used in messages (CPython names the file in the non-UTF-8 message).
pub fn decode_source(bytes: &[u8], filename: &str) -> Result<String, CompileError> {
    let (bytes, has_bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let cookie = find_coding_cookie(bytes);
    let encoding = match &cookie {
        None => Encoding::Utf8,
        Some(name) => match Encoding::from_cookie(name) {
            Some(enc) => enc,
            None => {
                return Err(CompileError::without_location(
                    ErrorKind::SyntaxError,
                    format!("encoding problem: {name}"),
                    filename,
                ));
            }
        },
    };
    // With a BOM the cookie must spell UTF-8 exactly as CPython normalises it ("utf8" fails).
    let bom_conflict = cookie
        .as_ref()
        .is_some_and(|c| normal_encoding_name(c) != "utf-8");
    if has_bom && bom_conflict {
        let name = cookie.map(|c| normal_encoding_name(&c)).unwrap_or_default();
        return Err(CompileError::without_location(
            ErrorKind::SyntaxError,
            format!("encoding problem: {name} with BOM"),
            filename,
        ));
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        let line = 1 + bytes[..pos].iter().filter(|&&b| b == b'\n').count();
        let line_start = bytes[..pos]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let mut err = CompileError::without_location(
            ErrorKind::SyntaxError,
            "source code cannot contain null bytes".to_string(),
            filename,
        );
        err.lineno = Some(line as u32);
        err.filename = Some(filename.to_string());
        // CPython shows the line up to the null byte (its C string ends there), no caret.
        err.text = Some(String::from_utf8_lossy(&bytes[line_start..pos]).into_owned());
        return Err(err);
    }
    let text = match encoding {
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(e) => {
                let bad = bytes[e.valid_up_to()];
                let line = 1 + bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                return Err(CompileError::without_location(
                    ErrorKind::SyntaxError,
                    format!(
                        "Non-UTF-8 code starting with '\\x{bad:02x}' in file {filename} on line \
                         {line}, but no encoding declared; see https://peps.python.org/pep-0263/ \
                         for details"
                    ),
                    filename,
                ));
            }
        },
        Encoding::Latin1 => bytes.iter().map(|&b| b as char).collect(),
        Encoding::Ascii => {
            if let Some(pos) = bytes.iter().position(|&b| b >= 0x80) {
                return Err(CompileError::without_location(
                    ErrorKind::SyntaxError,
                    format!(
                        "(unicode error) 'ascii' codec can't decode byte 0x{:02x} in position \
                         {pos}: ordinal not in range(128)",
                        bytes[pos]
                    ),
                    filename,
                ));
            }
            bytes.iter().map(|&b| b as char).collect()
        }
        Encoding::Cp1252 => {
            let mut s = String::with_capacity(bytes.len());
            for (pos, &b) in bytes.iter().enumerate() {
                match cp1252_char(b) {
                    Some(c) => s.push(c),
                    None => {
                        return Err(CompileError::without_location(
                            ErrorKind::SyntaxError,
                            format!(
                                "(unicode error) 'charmap' codec can't decode byte 0x{b:02x} in \
                                 position {pos}: character maps to <undefined>"
                            ),
                            filename,
                        ));
                    }
                }
            }
            s
        }
    };
    Ok(normalize_newlines(text))
}

/// Normalises `\r\n` and lone `\r` to `\n`.
pub fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Latin1,
    Ascii,
    Cp1252,
}

impl Encoding {
    fn from_cookie(name: &str) -> Option<Encoding> {
        let normal = normal_encoding_name(name);
        if normal == "utf-8" {
            return Some(Encoding::Utf8);
        }
        if normal == "iso-8859-1" {
            return Some(Encoding::Latin1);
        }
        // Python's codec registry normalises names (lower case, `-`/space -> `_`) and knows
        // aliases; these are the common ones.
        let key: String = name
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c == '-' || c == ' ' { '_' } else { c })
            .collect();
        match key.as_str() {
            "utf8" | "utf_8" | "u8" | "utf" | "cp65001" => Some(Encoding::Utf8),
            "latin1" | "latin_1" | "l1" | "latin" | "iso8859_1" | "iso_8859_1" | "8859"
            | "cp819" | "iso_ir_100" => Some(Encoding::Latin1),
            "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "iso646_us" => {
                Some(Encoding::Ascii)
            }
            "cp1252" | "windows_1252" | "1252" => Some(Encoding::Cp1252),
            _ => None,
        }
    }
}

/// CPython's `get_normal_name`: canonical spellings of UTF-8 and Latin-1 cookies.
fn normal_encoding_name(name: &str) -> String {
    let head: String = name
        .chars()
        .take(12)
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if head == "utf-8" || head.starts_with("utf-8-") {
        "utf-8".to_string()
    } else if ["latin-1", "iso-8859-1", "iso-latin-1"]
        .iter()
        .any(|p| head == *p || head.starts_with(&format!("{p}-")))
    {
        "iso-8859-1".to_string()
    } else {
        name.to_string()
    }
}

/// Finds a PEP 263 coding cookie on the first or second line.
fn find_coding_cookie(bytes: &[u8]) -> Option<String> {
    let mut lines = bytes.split(|&b| b == b'\n');
    let first = lines.next()?;
    if let Some(spec) = coding_spec(first) {
        return Some(spec);
    }
    // Line 2 is only consulted when line 1 is blank or a comment.
    let first_is_comment_or_blank = first
        .iter()
        .find(|&&b| !matches!(b, b' ' | b'\t' | b'\x0c'))
        .is_none_or(|&b| b == b'#' || b == b'\r');
    if first_is_comment_or_blank && let Some(second) = lines.next() {
        return coding_spec(second);
    }
    None
}

/// CPython's `get_coding_spec` for one line.
fn coding_spec(line: &[u8]) -> Option<String> {
    let hash = line.iter().position(|&b| b == b'#')?;
    if line[..hash]
        .iter()
        .any(|&b| !matches!(b, b' ' | b'\t' | b'\x0c'))
    {
        return None;
    }
    let comment = &line[hash..];
    let mut i = 0;
    while i + 6 < comment.len() {
        if &comment[i..i + 6] == b"coding" && matches!(comment[i + 6], b':' | b'=') {
            let mut j = i + 7;
            while j < comment.len() && matches!(comment[j], b' ' | b'\t') {
                j += 1;
            }
            let begin = j;
            while j < comment.len()
                && (comment[j].is_ascii_alphanumeric() || matches!(comment[j], b'-' | b'_' | b'.'))
            {
                j += 1;
            }
            if j > begin {
                return Some(String::from_utf8_lossy(&comment[begin..j]).into_owned());
            }
        }
        i += 1;
    }
    None
}

fn cp1252_char(b: u8) -> Option<char> {
    const HIGH: [u16; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
        0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => match HIGH[(b - 0x80) as usize] {
            0 => None,
            cp => char::from_u32(cp as u32),
        },
        _ => Some(b as char),
    }
}

/// Maps byte offsets of a source text to lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the start of each line; `line_starts[0] == 0`.
    line_starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    /// Builds the index of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        LineIndex {
            line_starts,
            len: text.len() as u32,
        }
    }

    /// The 1-based line of a byte offset (an offset at the very end belongs to the last line).
    pub fn line_of(&self, offset: u32) -> u32 {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// `(line, column)`: 1-based line, 0-based UTF-8 byte column.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = self.line_of(offset.min(self.len));
        let start = self.line_starts[line as usize - 1];
        (line, offset.min(self.len) - start)
    }

    /// The byte offset of the start of a 1-based line (the text length past the end).
    pub fn line_start(&self, line: u32) -> u32 {
        self.line_starts
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(self.len)
    }

    /// Number of lines (a final line without newline counts; an empty last line after a
    /// trailing newline counts too, as line numbers past the end may be reported at EOF).
    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// The text of a 1-based line including its newline, or `""` past the end.
    pub fn line_text<'a>(&self, text: &'a str, line: u32) -> &'a str {
        if line == 0 || line as usize > self.line_starts.len() {
            return "";
        }
        let start = self.line_starts[line as usize - 1] as usize;
        let end = self
            .line_starts
            .get(line as usize)
            .map(|&e| e as usize)
            .unwrap_or(text.len());
        &text[start..end]
    }
}

/// Converts a 0-based UTF-8 byte column within `line_text` into a 1-based character offset, the
/// unit of `SyntaxError.offset` (CPython's `_PyPegen_byte_offset_to_character_offset`).
pub fn byte_col_to_char_offset(line_text: &str, byte_col: u32) -> u32 {
    let col = (byte_col as usize).min(line_text.len());
    let mut end = col;
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    line_text[..end].chars().count() as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_on_first_or_second_line() {
        assert_eq!(
            find_coding_cookie(b"# -*- coding: latin-1 -*-\nx"),
            Some("latin-1".into())
        );
        assert_eq!(
            find_coding_cookie(b"#!/usr/bin/python\n# vim: set fileencoding=utf8 :\n"),
            Some("utf8".into())
        );
        assert_eq!(find_coding_cookie(b"x = 1\n# coding: latin-1\n"), None);
        assert_eq!(find_coding_cookie(b"x = 1 # coding: latin-1\n"), None);
    }

    #[test]
    fn decodes_latin1_and_normalises_newlines() {
        let src = b"# coding: latin-1\r\nx = '\xe9'\r\n";
        assert_eq!(
            decode_source(src, "f.py").unwrap(),
            "# coding: latin-1\nx = '\u{e9}'\n"
        );
    }

    #[test]
    fn rejects_unknown_encoding_and_bad_utf8() {
        let e = decode_source(b"# coding: klingon\n", "f.py").unwrap_err();
        assert_eq!(e.msg, "encoding problem: klingon");
        let e = decode_source(b"x = 1\n# \xff\n", "f.py").unwrap_err();
        assert!(
            e.msg
                .starts_with("Non-UTF-8 code starting with '\\xff' in file f.py on line 2")
        );
        let e = decode_source(b"\xef\xbb\xbf# coding: latin-1\n", "f.py").unwrap_err();
        assert_eq!(e.msg, "encoding problem: iso-8859-1 with BOM");
    }

    #[test]
    fn line_index_maps_offsets() {
        let text = "ab\ncd\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(0), (1, 0));
        assert_eq!(idx.line_col(4), (2, 1));
        assert_eq!(idx.line_col(6), (3, 0));
        assert_eq!(idx.line_col(7), (4, 0));
        assert_eq!(idx.line_text(text, 2), "cd\n");
        assert_eq!(idx.line_text(text, 4), "x");
        assert_eq!(byte_col_to_char_offset("é = x", 3), 3);
    }
}
