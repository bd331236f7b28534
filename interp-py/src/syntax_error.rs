//! `SyntaxError` as a structured value, and CPython 3.11's way of printing it.
//!
//! A [`CompileError`] carries exactly the attributes of CPython's `SyntaxError` (`msg`,
//! `filename`, `lineno`, `offset`, `end_lineno`, `end_offset`, `text`) plus the exception class
//! ([`ErrorKind`]: `SyntaxError`, `IndentationError` or `TabError`), so the runtime can raise it
//! as a Python exception unchanged. Conventions follow CPython: `lineno`/`end_lineno` are 1-based,
//! `offset`/`end_offset` are 1-based *character* offsets into `text` (which is the whole source
//! line, usually with its newline). Fields are `None` where CPython has `None`; offsets may be
//! `0` or `-1` where CPython reports those for tokenizer errors.
//!
//! [`CompileError::format_cpython`] reproduces `print_exception()` + `print_error_text()` of
//! CPython 3.11's `pythonrun.c` byte for byte (including its quirks: leading whitespace of the
//! line is stripped, subclasses of `SyntaxError` get a single caret, multi-line ranges are cut at
//! the end of the first line).

use std::fmt;

use crate::source::{LineIndex, byte_col_to_char_offset};

/// The Python exception class of a compile error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `SyntaxError`.
    SyntaxError,
    /// `IndentationError` (a subclass of `SyntaxError`).
    IndentationError,
    /// `TabError` (a subclass of `IndentationError`).
    TabError,
    /// `RecursionError`: the AST is nested too deeply to compile (not a `SyntaxError`; it has
    /// no location).
    RecursionError,
}

impl ErrorKind {
    /// The Python class name.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::IndentationError => "IndentationError",
            ErrorKind::TabError => "TabError",
            ErrorKind::RecursionError => "RecursionError",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A compile-time error: the attributes of a Python `SyntaxError` instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// Exception class.
    pub kind: ErrorKind,
    /// `msg`: the message.
    pub msg: String,
    /// `filename`, `None` where CPython leaves it unset.
    pub filename: Option<String>,
    /// `lineno` (1-based).
    pub lineno: Option<u32>,
    /// `offset`: 1-based character offset of the start of the error in `text`.
    pub offset: Option<i32>,
    /// `end_lineno`.
    pub end_lineno: Option<u32>,
    /// `end_offset`: 1-based character offset one past the end of the error.
    pub end_offset: Option<i32>,
    /// `text`: the source line (usually with its trailing newline).
    pub text: Option<String>,
}

impl CompileError {
    /// An error without any location (e.g. a decoding failure before tokenizing).
    pub fn without_location(kind: ErrorKind, msg: String, filename: &str) -> CompileError {
        let _ = filename;
        CompileError {
            kind,
            msg,
            filename: None,
            lineno: None,
            offset: None,
            end_lineno: None,
            end_offset: None,
            text: None,
        }
    }

    /// The Python-level `str()` of the exception (`"msg (file, line N)"`).
    pub fn python_str(&self) -> String {
        match (&self.filename, self.lineno) {
            (Some(f), Some(l)) => format!("{} ({}, line {})", self.msg, basename(f), l),
            (Some(f), None) => format!("{} ({})", self.msg, basename(f)),
            (None, Some(l)) => format!("{} (line {})", self.msg, l),
            (None, None) => self.msg.clone(),
        }
    }

    /// Formats the error exactly as CPython 3.11 prints an uncaught `SyntaxError` (the part after
    /// the traceback header), ending with a newline.
    pub fn format_cpython(&self) -> String {
        let mut out = String::new();
        let Some(lineno) = self.lineno else {
            // CPython cannot parse the location and falls back to `Kind: str(exc)`.
            out.push_str(&format!("{}: {}\n", self.kind, self.python_str()));
            return out;
        };
        let filename = self.filename.as_deref().unwrap_or("<string>");
        out.push_str(&format!("  File \"{filename}\", line {lineno}\n"));
        if let Some(text) = &self.text {
            let offset = self.offset.map_or(-1, i64::from);
            let (end_lineno, mut end_offset) = if self.kind == ErrorKind::SyntaxError {
                (
                    self.end_lineno.unwrap_or(lineno),
                    self.end_offset.map_or(-1, i64::from),
                )
            } else {
                (lineno, -1)
            };
            let line_size = text.len() as i64;
            if end_lineno > lineno {
                end_offset = line_size;
            }
            if end_offset > line_size + 1 {
                end_offset = line_size + 1;
            }
            print_error_text(&mut out, offset, end_offset, text);
        }
        out.push_str(&format!("{}: {}\n", self.kind, self.msg));
        out
    }
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Port of CPython's `print_error_text` (operates on UTF-8 bytes with character offsets, like
/// the original).
fn print_error_text(out: &mut String, offset: i64, end_offset: i64, text: &str) {
    let caret_repetitions = if end_offset > 0 && end_offset > offset {
        end_offset - offset
    } else {
        1
    };
    // The C code sees the text as a C string: it ends at the first NUL.
    let text = text.split('\0').next().unwrap_or("");
    let bytes = text.as_bytes();
    let mut offset = offset - 1;
    let mut start = 0usize;
    while start < bytes.len() && matches!(bytes[start], b' ' | b'\t' | b'\x0c') {
        start += 1;
        offset -= 1;
    }
    let mut len = (bytes.len() - start) as i64;
    if len > 0 && bytes[start + len as usize - 1] == b'\n' {
        len -= 1;
    }
    if offset > len {
        offset = len;
    }
    while let Some(nl) = bytes[start..].iter().position(|&b| b == b'\n') {
        let inl = nl as i64;
        if inl >= offset {
            break;
        }
        start += nl + 1;
        len -= inl + 1;
        offset -= inl + 1;
    }
    out.push_str("    ");
    out.push_str(&text[start..]);
    if bytes.get(start + len.max(0) as usize) != Some(&b'\n') {
        out.push('\n');
    }
    if offset < 0 {
        return;
    }
    out.push_str("    ");
    for _ in 0..offset {
        out.push(' ');
    }
    for _ in 0..caret_repetitions {
        out.push('^');
    }
    out.push('\n');
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.python_str())
    }
}

impl std::error::Error for CompileError {}

/// A source text with its file name and line index: the context needed to turn byte ranges into
/// `SyntaxError` locations.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file name reported in errors and stored in code objects.
    pub filename: String,
    /// The decoded, newline-normalised text.
    pub text: String,
    /// Line starts of `text`.
    pub index: LineIndex,
}

impl SourceFile {
    /// Wraps decoded text.
    pub fn new(filename: &str, text: String) -> SourceFile {
        let index = LineIndex::new(&text);
        SourceFile {
            filename: filename.to_string(),
            text,
            index,
        }
    }

    /// The text of a 1-based line, with its newline.
    pub fn line(&self, line: u32) -> &str {
        self.index.line_text(&self.text, line)
    }

    /// The `text` CPython attaches to parser and compiler errors: the line as read back from
    /// the file by `err_programtext`, which reads in 999-byte pieces and keeps the last one (so
    /// only the tail of a very long line is shown).
    pub fn error_text(&self, line: u32) -> String {
        let full = self.line(line).as_bytes();
        let mut start = 0;
        while full.len() - start > 999 || (full.len() - start == 999 && full[start + 998] != b'\n')
        {
            start += 999;
        }
        String::from_utf8_lossy(&full[start..]).into_owned()
    }

    /// A 1-based character offset for a (line, 0-based byte column) position.
    pub fn char_offset(&self, line: u32, byte_col: u32) -> i32 {
        byte_col_to_char_offset(self.line(line), byte_col) as i32
    }

    /// An error spanning the byte range `start..end` of the text.
    pub fn error_at(
        &self,
        kind: ErrorKind,
        msg: impl Into<String>,
        start: u32,
        end: u32,
    ) -> CompileError {
        let (line, col) = self.index.line_col(start);
        let (end_line, end_col) = self.index.line_col(end.max(start));
        self.error_lc(kind, msg, line, col, end_line, end_col)
    }

    /// An error spanning `(line, col)..(end_line, end_col)` (byte columns, 0-based).
    pub fn error_lc(
        &self,
        kind: ErrorKind,
        msg: impl Into<String>,
        line: u32,
        col: u32,
        end_line: u32,
        end_col: u32,
    ) -> CompileError {
        CompileError {
            kind,
            msg: msg.into(),
            filename: Some(self.filename.clone()),
            lineno: Some(line),
            offset: Some(self.char_offset(line, col)),
            end_lineno: Some(end_line),
            end_offset: Some(self.char_offset(end_line, end_col)),
            text: Some(self.error_text(line)),
        }
    }

    /// An error at `(line, byte col)` with explicitly given end values (CPython reports `0` or
    /// `-1` end offsets for some tokenizer errors).
    pub fn error_raw(
        &self,
        kind: ErrorKind,
        msg: impl Into<String>,
        line: u32,
        col: u32,
        end_line: Option<u32>,
        end_offset: Option<i32>,
    ) -> CompileError {
        CompileError {
            kind,
            msg: msg.into(),
            filename: Some(self.filename.clone()),
            lineno: Some(line),
            offset: Some(self.char_offset(line, col)),
            end_lineno: end_line,
            end_offset,
            text: Some(self.error_text(line)),
        }
    }
}

/// The category of a compile-time warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningCategory {
    /// `SyntaxWarning`.
    SyntaxWarning,
    /// `DeprecationWarning`.
    DeprecationWarning,
}

/// A warning the runtime should emit through the `warnings` machinery (CPython prints e.g.
/// `x.py:3: SyntaxWarning: "is" with a literal. Did you mean "=="?`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileWarning {
    /// Category.
    pub category: WarningCategory,
    /// Message.
    pub message: String,
    /// File name.
    pub filename: String,
    /// Line.
    pub lineno: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(
        kind: ErrorKind,
        msg: &str,
        l: u32,
        o: i32,
        el: u32,
        eo: i32,
        text: &str,
    ) -> CompileError {
        CompileError {
            kind,
            msg: msg.into(),
            filename: Some("x.py".into()),
            lineno: Some(l),
            offset: Some(o),
            end_lineno: Some(el),
            end_offset: Some(eo),
            text: Some(text.into()),
        }
    }

    #[test]
    fn formats_like_cpython() {
        let e = err(
            ErrorKind::SyntaxError,
            "invalid syntax. Perhaps you forgot a comma?",
            1,
            6,
            1,
            9,
            "x = (1 2)\n",
        );
        assert_eq!(
            e.format_cpython(),
            "  File \"x.py\", line 1\n    x = (1 2)\n         ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"
        );
        let e = err(
            ErrorKind::IndentationError,
            "unexpected indent",
            2,
            4,
            2,
            -1,
            "    y = 2\n",
        );
        assert_eq!(
            e.format_cpython(),
            "  File \"x.py\", line 2\n    y = 2\nIndentationError: unexpected indent\n"
        );
        let e = err(
            ErrorKind::SyntaxError,
            "x",
            2,
            5,
            3,
            13,
            "    async for x in y:\n",
        );
        assert_eq!(
            e.format_cpython(),
            "  File \"x.py\", line 2\n    async for x in y:\n    ^^^^^^^^^^^^^^^^^\nSyntaxError: x\n"
        );
    }

    #[test]
    fn no_location_prints_message_only() {
        let e = CompileError::without_location(ErrorKind::SyntaxError, "boom".into(), "f.py");
        assert_eq!(e.format_cpython(), "SyntaxError: boom\n");
    }
}
