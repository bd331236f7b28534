"""tern's `marshal`: CPython's marshal format (version 4) for data values.

Why this is a tern override: CPython implements `marshal` in C (Python/marshal.c) with no
pure-Python fallback, and `importlib._bootstrap_external` imports it unconditionally.

What it does: `dumps`/`dump` write None, bools, Ellipsis, StopIteration, int, float,
complex, str, bytes (and bytes-like buffers), tuple, list, dict, set and frozenset in the
format CPython 3.11 writes, so CPython reads tern's output and vice versa. Two deliberate
differences: tern never emits back-references (CPython decides them from reference counts,
which tern does not have; the data stays valid and CPython loads it), and code objects
raise ValueError (tern's bytecode is not CPython's; tern caches its own compiled code, see
interp-py's README). `loads` accepts everything CPython writes except code objects,
including back-references.
"""

version = 4

_MAX_DEPTH = 2000

_NULL, _NONE, _FALSE, _TRUE = b"0", b"N", b"F", b"T"
_STOPITER, _ELLIPSIS = b"S", b"."
_INT, _LONG, _BINARY_FLOAT, _BINARY_COMPLEX = b"i", b"l", b"g", b"y"
_FLOAT, _COMPLEX = b"f", b"x"
_STRING, _INTERNED, _UNICODE, _REF = b"s", b"t", b"u", b"r"
_ASCII, _ASCII_INTERNED, _SHORT_ASCII, _SHORT_ASCII_INTERNED = b"a", b"A", b"z", b"Z"
_TUPLE, _SMALL_TUPLE, _LIST, _DICT = b"(", b")", b"[", b"{"
_SET, _FROZENSET, _CODE = b"<", b">", b"c"
_FLAG_REF = 0x80


def _w_long(out, n):
    out += (n & 0xFFFFFFFF).to_bytes(4, "little")


def _dump(v, out, depth):
    if depth > _MAX_DEPTH:
        raise ValueError("object too deeply nested to marshal")
    t = type(v)
    if v is None:
        out += _NONE
    elif v is False:
        out += _FALSE
    elif v is True:
        out += _TRUE
    elif v is StopIteration:
        out += _STOPITER
    elif v is Ellipsis:
        out += _ELLIPSIS
    elif t is int:
        if -(2 ** 31) <= v < 2 ** 31:
            out += _INT
            _w_long(out, v)
        else:
            digits = []
            a = -v if v < 0 else v
            while a:
                digits.append(a & 0x7FFF)
                a >>= 15
            out += _LONG
            _w_long(out, -len(digits) if v < 0 else len(digits))
            for d in digits:
                out += d.to_bytes(2, "little")
    elif t is float:
        out += _BINARY_FLOAT
        out += _float_bytes(v)
    elif t is complex:
        out += _BINARY_COMPLEX
        out += _float_bytes(v.real)
        out += _float_bytes(v.imag)
    elif t is str:
        if v.isascii():
            data = v.encode("ascii")
            if len(data) < 256:
                out += _SHORT_ASCII
                out.append(len(data))
            else:
                out += _ASCII
                _w_long(out, len(data))
        else:
            data = v.encode("utf-8", "surrogatepass")
            out += _UNICODE
            _w_long(out, len(data))
        out += data
    elif t is tuple:
        if len(v) < 256:
            out += _SMALL_TUPLE
            out.append(len(v))
        else:
            out += _TUPLE
            _w_long(out, len(v))
        for item in v:
            _dump(item, out, depth + 1)
    elif t is list:
        out += _LIST
        _w_long(out, len(v))
        for item in v:
            _dump(item, out, depth + 1)
    elif t is dict:
        out += _DICT
        for key, value in v.items():
            _dump(key, out, depth + 1)
            _dump(value, out, depth + 1)
        out += _NULL
    elif t is set or t is frozenset:
        out += _SET if t is set else _FROZENSET
        _w_long(out, len(v))
        for item in v:
            _dump(item, out, depth + 1)
    else:
        try:
            data = bytes(memoryview(v))
        except TypeError:
            raise ValueError("unmarshallable object") from None
        out += _STRING
        _w_long(out, len(data))
        out += data


def _float_bytes(f):
    import struct

    return struct.pack("<d", f)


def dumps(value, version=version, /):
    """Return the bytes object that would be written to a file by dump(value, file)."""
    out = bytearray()
    _dump(value, out, 0)
    return bytes(out)


def dump(value, file, version=version, /):
    """Write the value on the open file."""
    file.write(dumps(value, version))


class _Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0
        self.refs = []

    def take(self, n):
        end = self.pos + n
        if end > len(self.data):
            raise EOFError("marshal data too short")
        chunk = self.data[self.pos:end]
        self.pos = end
        return chunk

    def long(self):
        return int.from_bytes(self.take(4), "little", signed=True)

    def size(self):
        n = self.long()
        if n < 0:
            raise ValueError("bad marshal data (size out of range)")
        return n

    def obj(self, depth=0):
        if depth > _MAX_DEPTH:
            raise ValueError("recursion limit exceeded")
        if self.pos >= len(self.data):
            raise EOFError("EOF read where object expected")
        code = self.data[self.pos]
        self.pos += 1
        flag = code & _FLAG_REF
        tc = bytes([code & ~_FLAG_REF])
        slot = None
        if flag and tc not in (_TUPLE, _SMALL_TUPLE, _LIST, _DICT, _SET, _FROZENSET):
            slot = len(self.refs)
            self.refs.append(None)
        if tc == _NONE:
            v = None
        elif tc == _FALSE:
            v = False
        elif tc == _TRUE:
            v = True
        elif tc == _STOPITER:
            v = StopIteration
        elif tc == _ELLIPSIS:
            v = Ellipsis
        elif tc == _INT:
            v = self.long()
        elif tc == _LONG:
            n = self.long()
            v = 0
            for i in range(abs(n)):
                d = int.from_bytes(self.take(2), "little")
                if d > 0x7FFF:
                    raise ValueError("bad marshal data (digit out of range in long)")
                v |= d << (15 * i)
            v = -v if n < 0 else v
        elif tc == _BINARY_FLOAT:
            import struct

            v = struct.unpack("<d", self.take(8))[0]
        elif tc == _BINARY_COMPLEX:
            import struct

            v = complex(*struct.unpack("<dd", self.take(16)))
        elif tc == _FLOAT or tc == _COMPLEX:
            parts = []
            for _ in range(1 if tc == _FLOAT else 2):
                n = self.take(1)[0]
                parts.append(float(self.take(n).decode("ascii")))
            v = parts[0] if tc == _FLOAT else complex(*parts)
        elif tc == _STRING:
            v = bytes(self.take(self.size()))
        elif tc in (_UNICODE, _INTERNED):
            v = bytes(self.take(self.size())).decode("utf-8", "surrogatepass")
        elif tc in (_ASCII, _ASCII_INTERNED):
            v = bytes(self.take(self.size())).decode("latin-1")
        elif tc in (_SHORT_ASCII, _SHORT_ASCII_INTERNED):
            v = bytes(self.take(self.take(1)[0])).decode("latin-1")
        elif tc in (_TUPLE, _SMALL_TUPLE, _LIST, _SET, _FROZENSET):
            n = self.take(1)[0] if tc == _SMALL_TUPLE else self.size()
            if tc == _LIST or tc == _SET:
                v = [] if tc == _LIST else set()
                if flag:
                    self.refs.append(v)
                for _ in range(n):
                    item = self.obj(depth + 1)
                    v.append(item) if tc == _LIST else v.add(item)
                return v
            if flag:
                slot = len(self.refs)
                self.refs.append(None)
            items = [self.obj(depth + 1) for _ in range(n)]
            v = tuple(items) if tc in (_TUPLE, _SMALL_TUPLE) else frozenset(items)
        elif tc == _DICT:
            v = {}
            if flag:
                self.refs.append(v)
            while True:
                if self.pos < len(self.data) and self.data[self.pos] == _NULL[0]:
                    self.pos += 1
                    return v
                key = self.obj(depth + 1)
                v[key] = self.obj(depth + 1)
        elif tc == _REF:
            n = self.long()
            if n < 0 or n >= len(self.refs) or self.refs[n] is None:
                raise ValueError("bad marshal data (invalid reference)")
            return self.refs[n]
        elif tc == _CODE:
            raise ValueError("bad marshal data (tern cannot load CPython code objects)")
        else:
            raise ValueError("bad marshal data (unknown type code)")
        if slot is not None:
            self.refs[slot] = v
        return v


def loads(bytes, /):
    """Convert the bytes-like object to a value (extra bytes are ignored)."""
    return _Reader(memoryview(bytes).tobytes()).obj()


def load(file, /):
    """Read one value from the open file (it must be readable and binary)."""
    data = file.read()
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError("file.read() returned not bytes but %s" % type(data).__name__)
    reader = _Reader(bytes(data))
    value = reader.obj()
    if hasattr(file, "seek"):
        file.seek(reader.pos - len(data), 1)
    return value
