# Part of tern (module `_tern_object_reduce`, built from src/modules/object_reduce.rs):
# `object.__reduce_ex__`, `object.__reduce__` and `object.__getstate__`, which CPython
# implements in C (Objects/typeobject.c: reduce_newobj, object_getstate) with no Python
# fallback. `copy` and `pickle` drive these; the logic follows CPython 3.11's C code.
import copyreg


def getstate(obj):
    """object.__getstate__: the instance dict (None if empty) and the __slots__ values."""
    d = getattr(obj, '__dict__', None)
    state = d if d else None
    names = copyreg._slotnames(type(obj))
    if names:
        slots = {}
        for name in names:
            try:
                slots[name] = getattr(obj, name)
            except AttributeError:
                pass
        if slots:
            state = (state, slots)
    return state


def _native_base(cls):
    """True if instances of `cls` carry native state that `getstate` cannot capture (a
    builtin base other than object, list, dict and the exceptions)."""
    for base in cls.__mro__:
        if base is object or base is list or base is dict or issubclass(base, BaseException):
            continue
        if base.__module__ == 'builtins':
            return True
    return False


# The `__getnewargs__` of CPython's immutable builtin types (tern's do not define it).
_NEWARGS = [
    (bool, lambda o: (bool(o),)),
    (int, lambda o: (int(o),)),
    (float, lambda o: (float(o),)),
    (complex, lambda o: (o.real, o.imag)),
    (str, lambda o: (str(o),)),
    (bytes, lambda o: (bytes(o),)),
    (tuple, lambda o: (tuple(o),)),
]


def reduce_ex(obj, protocol):
    cls = type(obj)
    if isinstance(obj, BaseException):
        # CPython's BaseException.__reduce__.
        d = getattr(obj, '__dict__', None)
        return (cls, obj.args, d) if d else (cls, obj.args)
    if protocol < 2:
        return copyreg._reduce_ex(obj, protocol)
    getnewargs_ex = getattr(obj, '__getnewargs_ex__', None)
    kwargs = None
    if getnewargs_ex is not None:
        newargs = getnewargs_ex()
        if not isinstance(newargs, tuple):
            raise TypeError('__getnewargs_ex__ should return a tuple, not %r'
                            % type(newargs).__name__)
        if len(newargs) != 2:
            raise ValueError('__getnewargs_ex__ should return a tuple of length 2, '
                             'not %d' % len(newargs))
        args, kwargs = newargs
        if not isinstance(args, tuple):
            raise TypeError('first item of the tuple returned by __getnewargs_ex__ '
                            'must be a tuple, not %r' % type(args).__name__)
        if not isinstance(kwargs, dict):
            raise TypeError('second item of the tuple returned by __getnewargs_ex__ '
                            'must be a dict, not %r' % type(kwargs).__name__)
    else:
        getnewargs = getattr(obj, '__getnewargs__', None)
        if getnewargs is not None:
            args = getnewargs()
            if not isinstance(args, tuple):
                raise TypeError('__getnewargs__ should return a tuple, not %r'
                                % type(args).__name__)
        else:
            for base, convert in _NEWARGS:
                if isinstance(obj, base):
                    args = convert(obj)
                    break
            else:
                if isinstance(obj, (set, frozenset)):
                    # CPython's set.__reduce__.
                    return cls, (list(obj),), getstate(obj)
                if _native_base(cls) and not isinstance(obj, (list, dict)):
                    raise TypeError('cannot pickle %r object' % cls.__name__)
                args = ()
    if kwargs:
        func = copyreg.__newobj_ex__
        newargs = (cls, args, kwargs)
    else:
        func = copyreg.__newobj__
        newargs = (cls,) + args
    state = obj.__getstate__()
    listitems = iter(obj) if isinstance(obj, list) else None
    dictitems = iter(obj.items()) if isinstance(obj, dict) else None
    return func, newargs, state, listitems, dictitems
