//! Interned names: identifiers, attribute names and dict keys that the VM compares by
//! identity.
//!
//! A [`Name`] is a dense index into the VM's intern table; the interned `str` object stores
//! `name + 1` in its `INTERN` field, so `str -> Name` is one load and `Name -> str` one index.
//! Interned strings are immortal (they live in a root of the VM state), which is what lets
//! maps (hidden classes) and inline caches hold `Name`s instead of GC references.
//!
//! The first [`N_PREDEFINED`] names are fixed at build time by the [`predefined_names!`]
//! table below (one source of truth for their spelling and their `n::` constants). The first
//! [`N_SPECIAL`] of them are the special methods cached per type (see
//! `runtime::typeobj::lookup_special`).
//!
//! Invariant: `Name(i)` for `i < N_PREDEFINED` is the i-th string of the table in every VM.

/// An interned name (index into the intern table).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Name(pub u32);

macro_rules! predefined_names {
    (special: [$($sid:ident = $stext:literal,)*] other: [$($oid:ident = $otext:literal,)*]) => {
        /// The predefined names as constants.
        #[allow(missing_docs)]
        pub mod n {
            use super::Name;
            predefined_names!(@consts 0u32; $($sid,)* $($oid,)*);
        }
        /// Spelling of every predefined name, in id order.
        pub const PREDEFINED: &[&str] = &[$($stext,)* $($otext,)*];
        /// Number of special-method names (the per-type special cache covers them).
        pub const N_SPECIAL: usize = [$($stext,)*].len();
    };
    (@consts $i:expr; $id:ident, $($rest:ident,)*) => {
        pub const $id: Name = Name($i);
        predefined_names!(@consts $i + 1u32; $($rest,)*);
    };
    (@consts $i:expr;) => {};
}

predefined_names! {
    special: [
        INIT = "__init__",
        NEW = "__new__",
        CALL = "__call__",
        GETATTRIBUTE = "__getattribute__",
        GETATTR = "__getattr__",
        SETATTR = "__setattr__",
        DELATTR = "__delattr__",
        GET = "__get__",
        SET = "__set__",
        DELETE = "__delete__",
        REPR = "__repr__",
        STR = "__str__",
        FORMAT = "__format__",
        HASH = "__hash__",
        EQ = "__eq__",
        NE = "__ne__",
        LT = "__lt__",
        LE = "__le__",
        GT = "__gt__",
        GE = "__ge__",
        BOOL = "__bool__",
        LEN = "__len__",
        LENGTH_HINT = "__length_hint__",
        ITER = "__iter__",
        NEXT = "__next__",
        REVERSED = "__reversed__",
        CONTAINS = "__contains__",
        GETITEM = "__getitem__",
        SETITEM = "__setitem__",
        DELITEM = "__delitem__",
        MISSING = "__missing__",
        ENTER = "__enter__",
        EXIT = "__exit__",
        AENTER = "__aenter__",
        AEXIT = "__aexit__",
        AWAIT = "__await__",
        AITER = "__aiter__",
        ANEXT = "__anext__",
        INDEX = "__index__",
        INT = "__int__",
        FLOAT = "__float__",
        COMPLEX = "__complex__",
        ABS = "__abs__",
        NEG = "__neg__",
        POS = "__pos__",
        INVERT = "__invert__",
        ROUND = "__round__",
        TRUNC = "__trunc__",
        FLOOR = "__floor__",
        CEIL = "__ceil__",
        BYTES = "__bytes__",
        FSPATH = "__fspath__",
        DIR = "__dir__",
        SIZEOF = "__sizeof__",
        INSTANCECHECK = "__instancecheck__",
        SUBCLASSCHECK = "__subclasscheck__",
        DEL = "__del__",
        SET_NAME = "__set_name__",
        INIT_SUBCLASS = "__init_subclass__",
        CLASS_GETITEM = "__class_getitem__",
        MRO_ENTRIES = "__mro_entries__",
        PREPARE = "__prepare__",
        DIVMOD = "__divmod__",
        RDIVMOD = "__rdivmod__",
        ADD = "__add__",
        AND = "__and__",
        FLOORDIV = "__floordiv__",
        LSHIFT = "__lshift__",
        MATMUL = "__matmul__",
        MUL = "__mul__",
        MOD = "__mod__",
        OR = "__or__",
        POW = "__pow__",
        RSHIFT = "__rshift__",
        SUB = "__sub__",
        TRUEDIV = "__truediv__",
        XOR = "__xor__",
        RADD = "__radd__",
        RAND = "__rand__",
        RFLOORDIV = "__rfloordiv__",
        RLSHIFT = "__rlshift__",
        RMATMUL = "__rmatmul__",
        RMUL = "__rmul__",
        RMOD = "__rmod__",
        ROR = "__ror__",
        RPOW = "__rpow__",
        RRSHIFT = "__rrshift__",
        RSUB = "__rsub__",
        RTRUEDIV = "__rtruediv__",
        RXOR = "__rxor__",
        IADD = "__iadd__",
        IAND = "__iand__",
        IFLOORDIV = "__ifloordiv__",
        ILSHIFT = "__ilshift__",
        IMATMUL = "__imatmul__",
        IMUL = "__imul__",
        IMOD = "__imod__",
        IOR = "__ior__",
        IPOW = "__ipow__",
        IRSHIFT = "__irshift__",
        ISUB = "__isub__",
        ITRUEDIV = "__itruediv__",
        IXOR = "__ixor__",
    ]
    other: [
        NAME = "__name__",
        QUALNAME = "__qualname__",
        MODULE = "__module__",
        DOC = "__doc__",
        DICT = "__dict__",
        CLASS = "__class__",
        CLASSCELL = "__classcell__",
        SLOTS = "__slots__",
        WEAKREF = "__weakref__",
        BASES = "__bases__",
        BASE = "__base__",
        MRO = "__mro__",
        MRO_METHOD = "mro",
        ANNOTATIONS = "__annotations__",
        BUILTINS = "__builtins__",
        FILE = "__file__",
        PACKAGE = "__package__",
        PATH = "__path__",
        SPEC = "__spec__",
        LOADER = "__loader__",
        ALL = "__all__",
        MAIN = "__main__",
        CACHED = "__cached__",
        WRAPPED = "__wrapped__",
        ISABSTRACTMETHOD = "__isabstractmethod__",
        MATCH_ARGS = "__match_args__",
        ARGS = "args",
        KEYS = "keys",
        ITEMS = "items",
        VALUES = "values",
        SEND = "send",
        THROW = "throw",
        CLOSE = "close",
        WRITE = "write",
        FLUSH = "flush",
        READ = "read",
        READLINE = "readline",
        STDOUT = "stdout",
        STDERR = "stderr",
        STDIN = "stdin",
        MODULES = "modules",
        SELF = "self",
        METACLASS = "metaclass",
        VALUE = "value",
        END = "end",
        SEP = "sep",
        KEY = "key",
        REVERSE = "reverse",
        DEFAULT = "default",
        STRICT = "strict",
        NOTES = "__notes__",
        TRACEBACK = "__traceback__",
        CAUSE = "__cause__",
        CONTEXT = "__context__",
        SUPPRESS_CONTEXT = "__suppress_context__",
        FROMLIST = "fromlist",
        LEVEL = "level",
        GLOBALS = "globals",
        LOCALS = "locals",
        CODE = "code",
        START = "start",
        STOP = "stop",
        STEP = "step",
        REAL = "real",
        IMAG = "imag",
        NUMERATOR = "numerator",
        DENOMINATOR = "denominator",
        ERRNO = "errno",
        STRERROR = "strerror",
        FILENAME = "filename",
        FILENAME2 = "filename2",
        MSG = "msg",
        LINENO = "lineno",
        OFFSET = "offset",
        TEXT = "text",
        END_LINENO = "end_lineno",
        END_OFFSET = "end_offset",
        PRINT_FILE_AND_LINE = "print_file_and_line",
        OBJ = "obj",
        ENCODING = "encoding",
        OBJECT = "object",
        REASON = "reason",
        NAME_ATTR = "name",
        PATH_ATTR = "path",
        FILE_ATTR = "file",
        EXCEPTIONS = "exceptions",
        MESSAGE = "message",
        LAMBDA = "<lambda>",
        MODULE_CODE = "<module>",
        ORIG_BASES = "__orig_bases__",
        ABSTRACTMETHODS = "__abstractmethods__",
        FIELDS = "_fields",
        BUILD_CLASS = "__build_class__",
        IMPORT = "__import__",
        EXCEPTHOOK = "excepthook",
        FORMAT_METHOD = "format",
        JOIN = "join",
        APPEND = "append",
        GETSTATE = "__getstate__",
        SELF_ATTR = "__self__",
        FUNC_ATTR = "__func__",
    ]
}

/// Number of predefined names.
pub const N_PREDEFINED: usize = PREDEFINED.len();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        assert_eq!(PREDEFINED[n::INIT.0 as usize], "__init__");
        assert_eq!(PREDEFINED[n::IXOR.0 as usize], "__ixor__");
        assert_eq!(n::IXOR.0 as usize + 1, N_SPECIAL);
        assert_eq!(PREDEFINED[n::NAME.0 as usize], "__name__");
        assert_eq!(PREDEFINED[n::FUNC_ATTR.0 as usize], "__func__");
        let mut seen = std::collections::HashSet::new();
        for s in PREDEFINED {
            assert!(seen.insert(s), "duplicate predefined name {s}");
        }
    }
}
