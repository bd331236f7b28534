# Part of tern's native `_weakref` module (src/modules/weakref.rs), run in that module's
# namespace when it is first imported. CPython implements weak proxies in C
# (Objects/weakrefobject.c) with no Python fallback; tern writes them here on top of the
# native `ref` because a proxy is pure forwarding: every operation looks the referent up
# through the weak reference (ReferenceError once it is gone) and applies the operation to it.

def _referent(proxy):
    obj = object.__getattribute__(proxy, '_weakproxy__ref')()
    if obj is None:
        raise ReferenceError('weakly-referenced object no longer exists')
    return obj


class ProxyType:
    __slots__ = ('_weakproxy__ref', '__weakref__')

    def __init__(self, obj, callback=None):
        if callback is None:
            r = ref(obj)
        else:
            r = ref(obj, lambda _r, _self=self: callback(_self))
        object.__setattr__(self, '_weakproxy__ref', r)

    def __getattribute__(self, name):
        return getattr(_referent(self), name)

    def __setattr__(self, name, value):
        setattr(_referent(self), name, value)

    def __delattr__(self, name):
        delattr(_referent(self), name)

    def __repr__(self):
        obj = object.__getattribute__(self, '_weakproxy__ref')()
        if obj is None:
            return '<weakproxy at %#x; dead>' % id(self)
        return '<weakproxy at %#x; to %r at %#x>' % (
            id(self), type(obj).__name__, id(obj))

    def __str__(self):
        return str(_referent(self))

    def __bytes__(self):
        return bytes(_referent(self))

    def __bool__(self):
        return bool(_referent(self))

    def __len__(self):
        return len(_referent(self))

    def __iter__(self):
        return iter(_referent(self))

    def __next__(self):
        return next(_referent(self))

    def __contains__(self, item):
        return item in _referent(self)

    def __getitem__(self, key):
        return _referent(self)[key]

    def __setitem__(self, key, value):
        _referent(self)[key] = value

    def __delitem__(self, key):
        del _referent(self)[key]

    def __index__(self):
        import operator
        return operator.index(_referent(self))

    def __int__(self):
        return int(_referent(self))

    def __float__(self):
        return float(_referent(self))

    def __neg__(self):
        return -_referent(self)

    def __pos__(self):
        return +_referent(self)

    def __abs__(self):
        return abs(_referent(self))

    def __invert__(self):
        return ~_referent(self)

    def __reversed__(self):
        return reversed(_referent(self))

    __hash__ = None


def _unwrap(x):
    return _referent(x) if isinstance(x, ProxyType) else x


def _forward(name, fmt):
    def op(self, other):
        return fmt(_referent(self), _unwrap(other))
    op.__name__ = name
    setattr(ProxyType, name, op)


for _name, _fmt in [
    ('__eq__', lambda a, b: a == b), ('__ne__', lambda a, b: a != b),
    ('__lt__', lambda a, b: a < b), ('__le__', lambda a, b: a <= b),
    ('__gt__', lambda a, b: a > b), ('__ge__', lambda a, b: a >= b),
    ('__add__', lambda a, b: a + b), ('__radd__', lambda a, b: b + a),
    ('__sub__', lambda a, b: a - b), ('__rsub__', lambda a, b: b - a),
    ('__mul__', lambda a, b: a * b), ('__rmul__', lambda a, b: b * a),
    ('__truediv__', lambda a, b: a / b), ('__rtruediv__', lambda a, b: b / a),
    ('__floordiv__', lambda a, b: a // b), ('__rfloordiv__', lambda a, b: b // a),
    ('__mod__', lambda a, b: a % b), ('__rmod__', lambda a, b: b % a),
    ('__pow__', lambda a, b: a ** b), ('__rpow__', lambda a, b: b ** a),
    ('__and__', lambda a, b: a & b), ('__rand__', lambda a, b: b & a),
    ('__or__', lambda a, b: a | b), ('__ror__', lambda a, b: b | a),
    ('__xor__', lambda a, b: a ^ b), ('__rxor__', lambda a, b: b ^ a),
    ('__lshift__', lambda a, b: a << b), ('__rlshift__', lambda a, b: b << a),
    ('__rshift__', lambda a, b: a >> b), ('__rrshift__', lambda a, b: b >> a),
    ('__matmul__', lambda a, b: a @ b), ('__rmatmul__', lambda a, b: b @ a),
]:
    _forward(_name, _fmt)
del _name, _fmt


class CallableProxyType(ProxyType):
    __slots__ = ()

    def __call__(self, *args, **kwargs):
        return _referent(self)(*args, **kwargs)

    def __repr__(self):
        return ProxyType.__repr__(self)


ProxyType.__name__ = 'weakproxy'
ProxyType.__qualname__ = 'weakproxy'
CallableProxyType.__name__ = 'weakcallableproxy'
CallableProxyType.__qualname__ = 'weakcallableproxy'
ProxyType.__module__ = CallableProxyType.__module__ = 'builtins'


def proxy(object, callback=None, /):
    """Create a proxy object that weakly references 'object'."""
    if callable(object):
        return CallableProxyType(object, callback)
    return ProxyType(object, callback)
