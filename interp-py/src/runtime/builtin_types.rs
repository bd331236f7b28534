//! The table of builtin types: the single source of truth for their names, modules, bases,
//! instance kinds and flags. `T` indexes the VM's builtin type roots (`vm.ty(T::List)`).
//!
//! Invariant: a type's base precedes it in the table (bootstrap creates them in order).

/// How the instances of a type are represented (the `kind` byte of type objects).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
#[allow(missing_docs)]
pub enum Kind {
    Instance = 0,
    Type,
    Int,
    Bool,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    MemoryView,
    NoneK,
    Function,
    Builtin,
    Method,
    Cell,
    Code,
    Frame,
    Traceback,
    Module,
    Generator,
    Coroutine,
    AsyncGenerator,
    Property,
    StaticMethod,
    ClassMethod,
    Super,
    Member,
    GetSet,
    MappingProxy,
    DictView,
    DictIter,
    ListIter,
    ListRevIter,
    TupleIter,
    StrIter,
    RangeIter,
    SetIter,
    BytesIter,
    SeqIter,
    Enumerate,
    Zip,
    Map,
    Filter,
    Reversed,
    WeakRef,
    File,
    Itertools,
    Other,
}

impl Kind {
    /// Decodes the kind byte.
    pub fn from_u8(b: u8) -> Kind {
        if b <= Kind::Other as u8 {
            // SAFETY: `Kind` is `repr(u8)` with contiguous discriminants 0..=Other.
            unsafe { std::mem::transmute::<u8, Kind>(b) }
        } else {
            Kind::Other
        }
    }
}

/// Type flags (`u64` in the type object).
pub mod tf {
    /// Can be subclassed.
    pub const BASETYPE: u64 = 1 << 0;
    /// Created by a class statement (or `type(name, bases, ns)`).
    pub const HEAPTYPE: u64 = 1 << 1;
    /// Instances have a `__dict__` (map attributes).
    pub const HAS_DICT: u64 = 1 << 2;
    /// A `BaseException` subclass.
    pub const EXCEPTION: u64 = 1 << 3;
    /// Some class in the MRO other than `object` defines `__getattribute__`.
    pub const CUSTOM_GETATTRIBUTE: u64 = 1 << 4;
    /// Some class in the MRO defines `__getattr__`.
    pub const HAS_GETATTR: u64 = 1 << 5;
    /// Some class in the MRO other than `object` defines `__setattr__`.
    pub const CUSTOM_SETATTR: u64 = 1 << 6;
    /// Some class in the MRO other than `object` defines `__delattr__`.
    pub const CUSTOM_DELATTR: u64 = 1 << 7;
    /// Attribute assignment on the type object is refused (builtin types).
    pub const IMMUTABLE: u64 = 1 << 8;
    /// `collections.abc.Sequence`-like for `match` (list, tuple, range, ...).
    pub const SEQUENCE: u64 = 1 << 9;
    /// `collections.abc.Mapping`-like for `match`.
    pub const MAPPING: u64 = 1 << 10;
    /// A metaclass (subclass of `type`).
    pub const TYPE_SUBCLASS: u64 = 1 << 11;
    /// Instances have a `__weakref__` slot (informational).
    pub const HAS_WEAKREF: u64 = 1 << 12;
    /// The class defines `__eq__` but not `__hash__` (instances unhashable), computed.
    pub const UNHASHABLE: u64 = 1 << 13;
    /// Abstract: has non-empty `__abstractmethods__`.
    pub const ABSTRACT: u64 = 1 << 14;
    /// Instances are native-payload wrappers (user subclass of a native builtin type).
    pub const NATIVE_PAYLOAD: u64 = 1 << 15;
    /// `__init__` is `object.__init__` (computed with the special cache).
    pub const DEFAULT_INIT: u64 = 1 << 16;
    /// `__new__` is `object.__new__`.
    pub const DEFAULT_NEW: u64 = 1 << 17;
    /// The class overrides some rich comparison or hash (computed).
    pub const CUSTOM_RICHCMP: u64 = 1 << 18;
}

use tf::*;

macro_rules! builtin_types {
    ($($id:ident = $name:literal, $module:literal, $base:ident, $kind:ident, $flags:expr;)*) => {
        /// A builtin type (index into the VM's builtin type roots).
        #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
        #[repr(u16)]
        #[allow(missing_docs)]
        pub enum T { $($id,)* }

        impl T {
            /// All builtin types in table order.
            pub const ALL: &'static [T] = &[$(T::$id,)*];
            /// Number of builtin types.
            pub const COUNT: usize = T::ALL.len();

            /// `__name__`.
            pub fn name(self) -> &'static str {
                match self { $(T::$id => $name,)* }
            }
            /// `__module__`.
            pub fn module(self) -> &'static str {
                match self { $(T::$id => $module,)* }
            }
            /// The base (`object` has none).
            pub fn base(self) -> Option<T> {
                match self { $(T::$id => if T::$base == T::$id { None } else { Some(T::$base) },)* }
            }
            /// Instance kind.
            pub fn kind(self) -> Kind {
                match self { $(T::$id => Kind::$kind,)* }
            }
            /// Flags.
            pub fn flags(self) -> u64 {
                match self { $(T::$id => $flags,)* }
            }
        }
    };
}

const B: u64 = BASETYPE;
const EXC: u64 = BASETYPE | EXCEPTION | HAS_DICT;

builtin_types! {
    Object = "object", "builtins", Object, Instance, B;
    Type = "type", "builtins", Object, Type, B | TYPE_SUBCLASS;
    Int = "int", "builtins", Object, Int, B;
    Bool = "bool", "builtins", Int, Bool, 0;
    Float = "float", "builtins", Object, Float, B;
    Complex = "complex", "builtins", Object, Complex, B;
    Str = "str", "builtins", Object, Str, B;
    Bytes = "bytes", "builtins", Object, Bytes, B;
    ByteArray = "bytearray", "builtins", Object, ByteArray, B;
    Tuple = "tuple", "builtins", Object, Tuple, B | SEQUENCE;
    List = "list", "builtins", Object, List, B | SEQUENCE;
    Dict = "dict", "builtins", Object, Dict, B | MAPPING;
    Set = "set", "builtins", Object, Set, B;
    FrozenSet = "frozenset", "builtins", Object, FrozenSet, B;
    Range = "range", "builtins", Object, Range, SEQUENCE;
    Slice = "slice", "builtins", Object, Slice, 0;
    MemoryView = "memoryview", "builtins", Object, MemoryView, SEQUENCE;
    NoneType = "NoneType", "builtins", Object, NoneK, 0;
    NotImplementedType = "NotImplementedType", "builtins", Object, Other, 0;
    EllipsisType = "ellipsis", "builtins", Object, Other, 0;
    Function = "function", "builtins", Object, Function, HAS_DICT;
    BuiltinFunction = "builtin_function_or_method", "builtins", Object, Builtin, 0;
    MethodDescriptor = "method_descriptor", "builtins", Object, Builtin, 0;
    ClassMethodDescriptor = "classmethod_descriptor", "builtins", Object, Builtin, 0;
    WrapperDescriptor = "wrapper_descriptor", "builtins", Object, Builtin, 0;
    MethodWrapper = "method-wrapper", "builtins", Object, Builtin, 0;
    Method = "method", "builtins", Object, Method, 0;
    Cell = "cell", "builtins", Object, Cell, 0;
    Code = "code", "builtins", Object, Code, 0;
    Frame = "frame", "builtins", Object, Frame, 0;
    Traceback = "traceback", "builtins", Object, Traceback, 0;
    Module = "module", "builtins", Object, Module, B | HAS_DICT;
    Generator = "generator", "builtins", Object, Generator, 0;
    Coroutine = "coroutine", "builtins", Object, Coroutine, 0;
    AsyncGenerator = "async_generator", "builtins", Object, AsyncGenerator, 0;
    AsyncGenASend = "async_generator_asend", "builtins", Object, Other, 0;
    AsyncGenAThrow = "async_generator_athrow", "builtins", Object, Other, 0;
    AsyncGenWrapped = "async_generator_wrapped_value", "builtins", Object, Other, 0;
    CoroutineWrapper = "coroutine_wrapper", "builtins", Object, Other, 0;
    Property = "property", "builtins", Object, Property, B;
    StaticMethod = "staticmethod", "builtins", Object, StaticMethod, B | HAS_DICT;
    ClassMethod = "classmethod", "builtins", Object, ClassMethod, B | HAS_DICT;
    Super = "super", "builtins", Object, Super, B;
    MemberDescriptor = "member_descriptor", "builtins", Object, Member, 0;
    GetSetDescriptor = "getset_descriptor", "builtins", Object, GetSet, 0;
    MappingProxy = "mappingproxy", "builtins", Object, MappingProxy, MAPPING;
    DictKeys = "dict_keys", "builtins", Object, DictView, 0;
    DictValues = "dict_values", "builtins", Object, DictView, 0;
    DictItems = "dict_items", "builtins", Object, DictView, 0;
    DictKeyIter = "dict_keyiterator", "builtins", Object, DictIter, 0;
    DictValueIter = "dict_valueiterator", "builtins", Object, DictIter, 0;
    DictItemIter = "dict_itemiterator", "builtins", Object, DictIter, 0;
    DictRevKeyIter = "dict_reversekeyiterator", "builtins", Object, DictIter, 0;
    DictRevValueIter = "dict_reversevalueiterator", "builtins", Object, DictIter, 0;
    DictRevItemIter = "dict_reverseitemiterator", "builtins", Object, DictIter, 0;
    ListIter = "list_iterator", "builtins", Object, ListIter, 0;
    ListRevIter = "list_reverseiterator", "builtins", Object, ListRevIter, 0;
    TupleIter = "tuple_iterator", "builtins", Object, TupleIter, 0;
    StrAsciiIter = "str_ascii_iterator", "builtins", Object, StrIter, 0;
    StrIter = "str_iterator", "builtins", Object, StrIter, 0;
    RangeIter = "range_iterator", "builtins", Object, RangeIter, 0;
    LongRangeIter = "longrange_iterator", "builtins", Object, RangeIter, 0;
    SetIter = "set_iterator", "builtins", Object, SetIter, 0;
    BytesIter = "bytes_iterator", "builtins", Object, BytesIter, 0;
    ByteArrayIter = "bytearray_iterator", "builtins", Object, BytesIter, 0;
    SeqIter = "iterator", "builtins", Object, SeqIter, 0;
    CallableIter = "callable_iterator", "builtins", Object, Other, 0;
    Enumerate = "enumerate", "builtins", Object, Enumerate, B;
    Zip = "zip", "builtins", Object, Zip, B;
    Map = "map", "builtins", Object, Map, B;
    Filter = "filter", "builtins", Object, Filter, B;
    Reversed = "reversed", "builtins", Object, Reversed, B;
    ItCount = "count", "itertools", Object, Itertools, B;
    ItCycle = "cycle", "itertools", Object, Itertools, B;
    ItRepeat = "repeat", "itertools", Object, Itertools, B;
    ItAccumulate = "accumulate", "itertools", Object, Itertools, B;
    ItChain = "chain", "itertools", Object, Itertools, B;
    ItCompress = "compress", "itertools", Object, Itertools, B;
    ItDropWhile = "dropwhile", "itertools", Object, Itertools, B;
    ItTakeWhile = "takewhile", "itertools", Object, Itertools, B;
    ItFilterFalse = "filterfalse", "itertools", Object, Itertools, B;
    ItStarMap = "starmap", "itertools", Object, Itertools, B;
    ItISlice = "islice", "itertools", Object, Itertools, B;
    ItPairwise = "pairwise", "itertools", Object, Itertools, B;
    ItZipLongest = "zip_longest", "itertools", Object, Itertools, B;
    ItProduct = "product", "itertools", Object, Itertools, B;
    ItPermutations = "permutations", "itertools", Object, Itertools, B;
    ItCombinations = "combinations", "itertools", Object, Itertools, B;
    ItCombinationsWithReplacement = "combinations_with_replacement", "itertools", Object, Itertools, B;
    ItGroupBy = "groupby", "itertools", Object, Itertools, B;
    ItGrouper = "_grouper", "itertools", Object, Itertools, 0;
    ItTee = "_tee", "itertools", Object, Itertools, 0;
    ItTeeData = "_tee_dataobject", "itertools", Object, Other, 0;
    WeakRef = "ReferenceType", "weakref", Object, WeakRef, B;
    TextIOWrapper = "TextIOWrapper", "_io", Object, File, B;
    BufferedReader = "BufferedReader", "_io", Object, File, B;
    BufferedWriter = "BufferedWriter", "_io", Object, File, B;
    SimpleNamespace = "SimpleNamespace", "types", Object, Instance, B | HAS_DICT;
    GenericAlias = "GenericAlias", "types", Object, Other, B;
    UnionType = "UnionType", "types", Object, Other, 0;
    BaseException = "BaseException", "builtins", Object, Instance, EXC;
    BaseExceptionGroup = "BaseExceptionGroup", "builtins", BaseException, Instance, EXC;
    GeneratorExit = "GeneratorExit", "builtins", BaseException, Instance, EXC;
    KeyboardInterrupt = "KeyboardInterrupt", "builtins", BaseException, Instance, EXC;
    SystemExit = "SystemExit", "builtins", BaseException, Instance, EXC;
    Exception = "Exception", "builtins", BaseException, Instance, EXC;
    ArithmeticError = "ArithmeticError", "builtins", Exception, Instance, EXC;
    FloatingPointError = "FloatingPointError", "builtins", ArithmeticError, Instance, EXC;
    OverflowError = "OverflowError", "builtins", ArithmeticError, Instance, EXC;
    ZeroDivisionError = "ZeroDivisionError", "builtins", ArithmeticError, Instance, EXC;
    AssertionError = "AssertionError", "builtins", Exception, Instance, EXC;
    AttributeError = "AttributeError", "builtins", Exception, Instance, EXC;
    BufferError = "BufferError", "builtins", Exception, Instance, EXC;
    EOFError = "EOFError", "builtins", Exception, Instance, EXC;
    ExceptionGroup = "ExceptionGroup", "builtins", BaseExceptionGroup, Instance, EXC;
    ImportError = "ImportError", "builtins", Exception, Instance, EXC;
    ModuleNotFoundError = "ModuleNotFoundError", "builtins", ImportError, Instance, EXC;
    LookupError = "LookupError", "builtins", Exception, Instance, EXC;
    IndexError = "IndexError", "builtins", LookupError, Instance, EXC;
    KeyError = "KeyError", "builtins", LookupError, Instance, EXC;
    MemoryError = "MemoryError", "builtins", Exception, Instance, EXC;
    NameError = "NameError", "builtins", Exception, Instance, EXC;
    UnboundLocalError = "UnboundLocalError", "builtins", NameError, Instance, EXC;
    OSError = "OSError", "builtins", Exception, Instance, EXC;
    BlockingIOError = "BlockingIOError", "builtins", OSError, Instance, EXC;
    ChildProcessError = "ChildProcessError", "builtins", OSError, Instance, EXC;
    ConnectionError = "ConnectionError", "builtins", OSError, Instance, EXC;
    BrokenPipeError = "BrokenPipeError", "builtins", ConnectionError, Instance, EXC;
    ConnectionAbortedError = "ConnectionAbortedError", "builtins", ConnectionError, Instance, EXC;
    ConnectionRefusedError = "ConnectionRefusedError", "builtins", ConnectionError, Instance, EXC;
    ConnectionResetError = "ConnectionResetError", "builtins", ConnectionError, Instance, EXC;
    FileExistsError = "FileExistsError", "builtins", OSError, Instance, EXC;
    FileNotFoundError = "FileNotFoundError", "builtins", OSError, Instance, EXC;
    InterruptedError = "InterruptedError", "builtins", OSError, Instance, EXC;
    IsADirectoryError = "IsADirectoryError", "builtins", OSError, Instance, EXC;
    NotADirectoryError = "NotADirectoryError", "builtins", OSError, Instance, EXC;
    PermissionError = "PermissionError", "builtins", OSError, Instance, EXC;
    ProcessLookupError = "ProcessLookupError", "builtins", OSError, Instance, EXC;
    TimeoutError = "TimeoutError", "builtins", OSError, Instance, EXC;
    ReferenceError = "ReferenceError", "builtins", Exception, Instance, EXC;
    RuntimeError = "RuntimeError", "builtins", Exception, Instance, EXC;
    NotImplementedError = "NotImplementedError", "builtins", RuntimeError, Instance, EXC;
    RecursionError = "RecursionError", "builtins", RuntimeError, Instance, EXC;
    StopAsyncIteration = "StopAsyncIteration", "builtins", Exception, Instance, EXC;
    StopIteration = "StopIteration", "builtins", Exception, Instance, EXC;
    SyntaxError = "SyntaxError", "builtins", Exception, Instance, EXC;
    IndentationError = "IndentationError", "builtins", SyntaxError, Instance, EXC;
    TabError = "TabError", "builtins", IndentationError, Instance, EXC;
    SystemError = "SystemError", "builtins", Exception, Instance, EXC;
    TypeError = "TypeError", "builtins", Exception, Instance, EXC;
    ValueError = "ValueError", "builtins", Exception, Instance, EXC;
    UnicodeError = "UnicodeError", "builtins", ValueError, Instance, EXC;
    UnicodeDecodeError = "UnicodeDecodeError", "builtins", UnicodeError, Instance, EXC;
    UnicodeEncodeError = "UnicodeEncodeError", "builtins", UnicodeError, Instance, EXC;
    UnicodeTranslateError = "UnicodeTranslateError", "builtins", UnicodeError, Instance, EXC;
    Warning = "Warning", "builtins", Exception, Instance, EXC;
    BytesWarning = "BytesWarning", "builtins", Warning, Instance, EXC;
    DeprecationWarning = "DeprecationWarning", "builtins", Warning, Instance, EXC;
    EncodingWarning = "EncodingWarning", "builtins", Warning, Instance, EXC;
    FutureWarning = "FutureWarning", "builtins", Warning, Instance, EXC;
    ImportWarning = "ImportWarning", "builtins", Warning, Instance, EXC;
    PendingDeprecationWarning = "PendingDeprecationWarning", "builtins", Warning, Instance, EXC;
    ResourceWarning = "ResourceWarning", "builtins", Warning, Instance, EXC;
    RuntimeWarning = "RuntimeWarning", "builtins", Warning, Instance, EXC;
    SyntaxWarning = "SyntaxWarning", "builtins", Warning, Instance, EXC;
    UnicodeWarning = "UnicodeWarning", "builtins", Warning, Instance, EXC;
    UserWarning = "UserWarning", "builtins", Warning, Instance, EXC;
}

impl T {
    /// Whether this builtin type is a `BaseException` subclass.
    pub fn is_exception(self) -> bool {
        self.flags() & EXCEPTION != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_come_first() {
        for (i, &t) in T::ALL.iter().enumerate() {
            assert_eq!(t as usize, i);
            if let Some(b) = t.base() {
                assert!((b as usize) < i, "{:?} before its base", t);
            }
        }
        assert_eq!(T::Object.base(), None);
        assert_eq!(Kind::from_u8(Kind::File as u8), Kind::File);
    }
}
