//! Error types.
//!
//! Two types: [`CdefError`] for declaration text (always carries a 1-based line and column and
//! says what was expected), and [`Error`] for everything at run time, classified by
//! [`ErrorKind`] so a language runtime can map kinds to its own exceptions (cffi raises
//! `TypeError`, `OverflowError`, `IndexError`, `OSError`, ... for the same situations).
//! Nothing in this crate panics on bad input; every rejection is one of these values.

use std::fmt;

/// A syntax or semantic error in C declaration text, with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CdefError {
    /// 1-based line of the offending token.
    pub line: u32,
    /// 1-based column (in characters) of the offending token.
    pub column: u32,
    /// What was expected or what is wrong, e.g. "expected `;` after declaration, found `int`".
    pub message: String,
}

impl fmt::Display for CdefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for CdefError {}

/// The class of a run-time [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Bad declaration text passed to `cdef` or to a type-name argument.
    Cdef,
    /// A value of the wrong type, a wrong argument count, an undeclared name.
    Type,
    /// An integer that does not fit the C type it is converted to.
    Overflow,
    /// Reading or writing through a NULL pointer, or NULL where a value is required.
    NullPointer,
    /// An index or pointer outside the memory the data is known to own.
    OutOfBounds,
    /// Memory that is no longer available (a borrowed buffer whose scope has ended).
    Dangling,
    /// A shared library could not be loaded.
    Library,
    /// A symbol is missing from a loaded library.
    Symbol,
    /// A C feature this crate does not implement (e.g. `long double`, unions of
    /// mixed float widths by value on some ABIs).
    Unsupported,
    /// An allocation failed or was too large.
    Memory,
    /// A Rust callback failed or panicked while C was calling it.
    Callback,
}

/// A run-time error: a kind plus a message meant for a human.
///
/// Boxed, so a `Result<T>` is no bigger than `T` plus a word and the success path of hot
/// calls stays in registers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(Box<ErrorInner>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct ErrorInner {
    kind: ErrorKind,
    message: String,
    position: Option<(u32, u32)>,
}

impl Error {
    /// An error of `kind` with `message` (for callbacks that fail, for instance).
    #[cold]
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(ErrorInner {
            kind,
            message: message.into(),
            position: None,
        }))
    }

    /// The class of the error.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The message, without the kind.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Line and column for errors raised while parsing declaration text.
    pub fn position(&self) -> Option<(u32, u32)> {
        self.0.position
    }

    /// The same error with `prefix: ` in front of the message.
    pub(crate) fn context(mut self, prefix: &str) -> Self {
        self.0.message = format!("{prefix}: {}", self.0.message);
        self
    }

    pub(crate) fn type_error(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Type, message)
    }

    pub(crate) fn overflow(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Overflow, message)
    }

    pub(crate) fn null(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::NullPointer, message)
    }

    pub(crate) fn bounds(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::OutOfBounds, message)
    }

    pub(crate) fn unsupported(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Unsupported, message)
    }

    pub(crate) fn memory(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Memory, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.position {
            Some((line, column)) => write!(f, "line {line}, column {column}: {}", self.0.message),
            None => f.write_str(&self.0.message),
        }
    }
}

impl std::error::Error for Error {}

impl From<CdefError> for Error {
    fn from(error: CdefError) -> Self {
        Error(Box::new(ErrorInner {
            kind: ErrorKind::Cdef,
            message: error.message,
            position: Some((error.line, error.column)),
        }))
    }
}

/// Result alias for run-time operations.
pub type Result<T> = std::result::Result<T, Error>;
