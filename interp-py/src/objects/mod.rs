//! Python object types: representation and Python-level methods, one module per concern.
//!
//! Each type's *core* (allocation, field access, the operations the interpreter calls
//! directly) is an `impl Vm` block in its module; its Python-level methods are `MethodDef`
//! tables collected by [`native_defs`], which bootstrap installs into the builtin type
//! dicts. To add a method to a builtin type, add a `MethodDef` to its table.

pub mod builtin_func;
pub mod bytes_methods;
pub mod bytes_methods2;
pub mod code;
pub mod codecs;
pub mod dict;
pub mod dict_methods;
pub mod exceptions;
pub mod file;
pub mod float;
pub mod float_methods;
pub mod function;
pub mod function_methods;
pub mod int;
pub mod int_methods;
pub mod int_ops;
pub mod iter;
pub mod list_methods;
pub mod memoryview;
pub mod module;
pub mod number;
pub mod object;
pub mod range;
pub mod seq;
pub mod set;
pub mod set_methods;
pub mod sort;
pub mod str;
pub mod str_methods;
pub mod str_methods2;
pub mod str_repr;
pub mod super_;
pub mod typeobj_methods;
pub mod unicode_case;

use builtin_func::{GetSetDef, MethodDef};

use crate::runtime::builtin_types::T;
use crate::runtime::layout::Hooks;

/// The GC hooks of the layouts owning Rust memory.
pub fn hooks() -> Hooks {
    Hooks {
        bigint_drop: int::bigint_drop,
        dict_trace: dict::dict_trace,
        dict_drop: dict::dict_drop,
        set_trace: set::set_trace,
        set_drop: set::set_drop,
        code_trace: code::code_trace,
        code_drop: code::code_drop,
        bytearray_drop: bytes_methods::bytearray_drop,
        boxed_drop: file::boxed_drop,
    }
}

/// Methods and computed attributes of a builtin type.
pub struct NativeDefs {
    /// Methods (descriptors in the type dict).
    pub methods: Vec<&'static [MethodDef]>,
    /// Computed attributes.
    pub getsets: Vec<&'static [GetSetDef]>,
}

/// The native definitions of each builtin type (the one place that connects types to
/// their method tables).
pub fn native_defs(t: T) -> NativeDefs {
    use crate::interp::generator as genr;
    match t {
        T::Object => NativeDefs {
            methods: vec![object::OBJECT_METHODS],
            getsets: vec![object::OBJECT_GETSETS],
        },
        T::Type => NativeDefs {
            methods: vec![typeobj_methods::TYPE_METHODS],
            getsets: vec![typeobj_methods::TYPE_GETSETS],
        },
        T::Int => NativeDefs {
            methods: vec![
                int_methods::CMP_METHODS,
                int_methods::NUMBER_METHODS,
                int_methods::BITWISE_METHODS,
                int_methods::INT_METHODS,
            ],
            getsets: vec![int_methods::INT_GETSETS],
        },
        T::Bool => NativeDefs {
            methods: vec![int_methods::BOOL_METHODS],
            getsets: vec![],
        },
        T::Float => NativeDefs {
            methods: vec![
                int_methods::CMP_METHODS,
                int_methods::NUMBER_METHODS,
                float_methods::FLOAT_METHODS,
            ],
            getsets: vec![float_methods::FLOAT_GETSETS],
        },
        T::Complex => NativeDefs {
            methods: vec![
                int_methods::CMP_METHODS,
                int_methods::NUMBER_METHODS,
                float_methods::COMPLEX_METHODS,
            ],
            getsets: vec![float_methods::COMPLEX_GETSETS],
        },
        T::Str => NativeDefs {
            methods: vec![int_methods::CMP_METHODS, str_methods2::STR_METHODS],
            getsets: vec![],
        },
        T::Bytes => NativeDefs {
            methods: vec![
                int_methods::CMP_METHODS,
                bytes_methods::BYTES_METHODS,
                bytes_methods2::BYTES_METHODS2,
            ],
            getsets: vec![],
        },
        T::ByteArray => NativeDefs {
            methods: vec![
                int_methods::CMP_METHODS,
                bytes_methods::BYTES_METHODS,
                bytes_methods2::BYTES_METHODS2,
                bytes_methods::BYTEARRAY_METHODS,
            ],
            getsets: vec![],
        },
        T::Tuple => NativeDefs {
            methods: vec![int_methods::CMP_METHODS, list_methods::TUPLE_METHODS],
            getsets: vec![],
        },
        T::List => NativeDefs {
            methods: vec![int_methods::CMP_METHODS, list_methods::LIST_METHODS],
            getsets: vec![],
        },
        T::Dict => NativeDefs {
            methods: vec![int_methods::CMP_METHODS, dict_methods::DICT_METHODS],
            getsets: vec![],
        },
        T::Set => NativeDefs {
            methods: vec![set_methods::SET_METHODS],
            getsets: vec![],
        },
        T::FrozenSet => NativeDefs {
            methods: vec![set_methods::FROZENSET_METHODS],
            getsets: vec![],
        },
        T::MemoryView => NativeDefs {
            methods: vec![memoryview::MEMORYVIEW_METHODS],
            getsets: vec![memoryview::MEMORYVIEW_GETSETS],
        },
        T::Range => NativeDefs {
            methods: vec![range::RANGE_METHODS],
            getsets: vec![range::RANGE_GETSETS],
        },
        T::Slice => NativeDefs {
            methods: vec![range::SLICE_METHODS],
            getsets: vec![range::SLICE_GETSETS],
        },
        T::NoneType => NativeDefs {
            methods: vec![object::NONE_METHODS],
            getsets: vec![],
        },
        T::NotImplementedType => NativeDefs {
            methods: vec![object::NOTIMPL_METHODS],
            getsets: vec![],
        },
        T::EllipsisType => NativeDefs {
            methods: vec![object::ELLIPSIS_METHODS],
            getsets: vec![],
        },
        T::Function => NativeDefs {
            methods: vec![function_methods::FUNCTION_METHODS],
            getsets: vec![function_methods::FUNCTION_GETSETS],
        },
        T::BuiltinFunction
        | T::MethodDescriptor
        | T::ClassMethodDescriptor
        | T::WrapperDescriptor
        | T::MethodWrapper => NativeDefs {
            methods: vec![function_methods::BUILTIN_METHODS],
            getsets: vec![function_methods::BUILTIN_GETSETS],
        },
        T::Method => NativeDefs {
            methods: vec![function_methods::METHOD_METHODS],
            getsets: vec![function_methods::METHOD_GETSETS],
        },
        T::Cell => NativeDefs {
            methods: vec![function_methods::CELL_METHODS],
            getsets: vec![function_methods::CELL_GETSETS],
        },
        T::Code => NativeDefs {
            methods: vec![function_methods::CODE_METHODS],
            getsets: vec![function_methods::CODE_GETSETS],
        },
        T::Frame => NativeDefs {
            methods: vec![function_methods::FRAME_METHODS],
            getsets: vec![function_methods::FRAME_GETSETS],
        },
        T::Traceback => NativeDefs {
            methods: vec![],
            getsets: vec![function_methods::TRACEBACK_GETSETS],
        },
        T::Module => NativeDefs {
            methods: vec![function_methods::MODULE_METHODS],
            getsets: vec![],
        },
        T::Generator => NativeDefs {
            methods: vec![genr::GENERATOR_METHODS],
            getsets: vec![function_methods::GEN_GETSETS],
        },
        T::Coroutine => NativeDefs {
            methods: vec![genr::COROUTINE_METHODS],
            getsets: vec![function_methods::GEN_GETSETS],
        },
        T::AsyncGenerator => NativeDefs {
            methods: vec![genr::ASYNC_GENERATOR_METHODS],
            getsets: vec![function_methods::GEN_GETSETS],
        },
        T::AsyncGenASend | T::AsyncGenAThrow => NativeDefs {
            methods: vec![genr::ASEND_METHODS],
            getsets: vec![],
        },
        T::CoroutineWrapper => NativeDefs {
            methods: vec![genr::COROUTINE_WRAPPER_METHODS],
            getsets: vec![],
        },
        T::Property => NativeDefs {
            methods: vec![function_methods::PROPERTY_METHODS],
            getsets: vec![function_methods::PROPERTY_GETSETS],
        },
        T::StaticMethod => NativeDefs {
            methods: vec![function_methods::STATICMETHOD_METHODS],
            getsets: vec![function_methods::WRAPPER_GETSETS],
        },
        T::ClassMethod => NativeDefs {
            methods: vec![function_methods::CLASSMETHOD_METHODS],
            getsets: vec![function_methods::WRAPPER_GETSETS],
        },
        T::Super => NativeDefs {
            methods: vec![super_::SUPER_METHODS],
            getsets: vec![super_::SUPER_GETSETS],
        },
        T::MemberDescriptor => NativeDefs {
            methods: vec![function_methods::MEMBER_METHODS],
            getsets: vec![function_methods::DESCR_GETSETS],
        },
        T::GetSetDescriptor => NativeDefs {
            methods: vec![function_methods::GETSET_METHODS],
            getsets: vec![function_methods::DESCR_GETSETS],
        },
        T::MappingProxy => NativeDefs {
            methods: vec![dict_methods::MAPPINGPROXY_METHODS],
            getsets: vec![],
        },
        T::DictKeys | T::DictValues | T::DictItems => NativeDefs {
            methods: vec![dict_methods::DICTVIEW_METHODS],
            getsets: vec![],
        },
        T::DictKeyIter
        | T::DictValueIter
        | T::DictItemIter
        | T::DictRevKeyIter
        | T::DictRevValueIter
        | T::DictRevItemIter
        | T::ListIter
        | T::ListRevIter
        | T::TupleIter
        | T::StrAsciiIter
        | T::StrIter
        | T::RangeIter
        | T::LongRangeIter
        | T::SetIter
        | T::BytesIter
        | T::ByteArrayIter => NativeDefs {
            methods: vec![iter::ITERATOR_METHODS, iter::LENGTH_HINT_METHODS],
            getsets: vec![],
        },
        T::SeqIter | T::CallableIter | T::Enumerate | T::Zip | T::Map | T::Filter | T::Reversed => {
            NativeDefs {
                methods: vec![
                    iter::ITERATOR_METHODS,
                    crate::builtins::iterators::iter_ctor(t),
                ],
                getsets: vec![],
            }
        }
        T::ItCount
        | T::ItCycle
        | T::ItRepeat
        | T::ItAccumulate
        | T::ItChain
        | T::ItCompress
        | T::ItDropWhile
        | T::ItTakeWhile
        | T::ItFilterFalse
        | T::ItStarMap
        | T::ItISlice
        | T::ItPairwise
        | T::ItZipLongest
        | T::ItProduct
        | T::ItPermutations
        | T::ItCombinations
        | T::ItCombinationsWithReplacement
        | T::ItGroupBy
        | T::ItGrouper
        | T::ItTee => NativeDefs {
            methods: vec![
                iter::ITERATOR_METHODS,
                crate::modules::itertools::itertools_methods(t),
            ],
            getsets: vec![],
        },
        T::WeakRef => NativeDefs {
            methods: vec![object::WEAKREF_METHODS],
            getsets: vec![object::WEAKREF_GETSETS],
        },
        T::TextIOWrapper | T::BufferedReader | T::BufferedWriter => NativeDefs {
            methods: vec![file::FILE_METHODS],
            getsets: vec![file::FILE_GETSETS],
        },
        T::SimpleNamespace => NativeDefs {
            methods: vec![object::NAMESPACE_METHODS],
            getsets: vec![],
        },
        T::GenericAlias => NativeDefs {
            methods: vec![object::GENERIC_ALIAS_METHODS],
            getsets: vec![object::GENERIC_ALIAS_GETSETS],
        },
        T::UnionType => NativeDefs {
            methods: vec![crate::builtins::union::UNION_METHODS],
            getsets: vec![crate::builtins::union::UNION_GETSETS],
        },
        T::BaseException => NativeDefs {
            methods: vec![exceptions::BASE_EXCEPTION_METHODS],
            getsets: vec![exceptions::BASE_EXCEPTION_GETSETS],
        },
        T::BaseExceptionGroup => NativeDefs {
            methods: vec![exceptions::EXCEPTION_GROUP_METHODS],
            getsets: vec![],
        },
        _ => NativeDefs {
            methods: vec![],
            getsets: vec![],
        },
    }
}
