# Python-level `marshal` for tern: CPython's serialisation format, version 4, for None,
# booleans, Ellipsis, StopIteration, int, float, complex, str, bytes/bytearray, tuple, list,
# dict, set and frozenset. `loads` accepts everything CPython writes for those types
# (including back-references, FLAG_REF); `dumps` writes no back-references (the output is
# valid marshal data, but not always byte-identical to CPython's, whose references depend
# on reference counts). Code objects are not supported (ValueError).

import struct as _struct

version = 4

_FLAG_REF = 0x80


def _w_long(out, n):
    out += _struct.pack("<i", n)


def _dump(v, out, depth=0):
    if depth > 2000:
        raise ValueError("object too deeply nested to marshal")
    if v is None:
        out += b"N"
    elif v is True:
        out += b"T"
    elif v is False:
        out += b"F"
    elif v is Ellipsis:
        out += b"."
    elif v is StopIteration:
        out += b"S"
    elif type(v) is int:
        if -2**31 <= v < 2**31:
            out += b"i"
            _w_long(out, v)
        else:
            out += b"l"
            digits = []
            a = abs(v)
            while a:
                digits.append(a & 0x7FFF)
                a >>= 15
            _w_long(out, len(digits) if v > 0 else -len(digits))
            for d in digits:
                out += _struct.pack("<H", d)
    elif type(v) is float:
        out += b"g" + _struct.pack("<d", v)
    elif type(v) is complex:
        out += b"y" + _struct.pack("<dd", v.real, v.imag)
    elif type(v) is str:
        if v.isascii():
            data = v.encode("ascii")
            if len(data) < 256:
                out += b"z" + bytes((len(data),)) + data
            else:
                out += b"a"
                _w_long(out, len(data))
                out += data
        else:
            data = v.encode("utf-8", "surrogatepass")
            out += b"u"
            _w_long(out, len(data))
            out += data
    elif type(v) in (bytes, bytearray):
        out += b"s"
        _w_long(out, len(v))
        out += v
    elif type(v) is tuple:
        if len(v) < 256:
            out += b")" + bytes((len(v),))
        else:
            out += b"("
            _w_long(out, len(v))
        for x in v:
            _dump(x, out, depth + 1)
    elif type(v) is list:
        out += b"["
        _w_long(out, len(v))
        for x in v:
            _dump(x, out, depth + 1)
    elif type(v) is dict:
        out += b"{"
        for k, x in v.items():
            _dump(k, out, depth + 1)
            _dump(x, out, depth + 1)
        out += b"0"
    elif type(v) in (set, frozenset):
        out += b"<" if type(v) is set else b">"
        _w_long(out, len(v))
        for x in v:
            _dump(x, out, depth + 1)
    else:
        raise ValueError("unmarshallable object")


def dumps(value, version=version, /):
    out = bytearray()
    _dump(value, out)
    return bytes(out)


def dump(value, file, version=version, /):
    file.write(dumps(value, version))


class _Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0
        self.refs = []

    def take(self, n):
        if self.pos + n > len(self.data):
            raise EOFError("marshal data too short")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def long(self):
        return _struct.unpack("<i", self.take(4))[0]

    def size(self):
        n = self.long()
        if n < 0:
            raise ValueError("bad marshal data (size out of range)")
        return n

    def obj(self, depth=0):
        if depth > 2000:
            raise ValueError("recursion limit exceeded")
        if self.pos >= len(self.data):
            raise EOFError("EOF read where object expected")
        code = self.data[self.pos]
        self.pos += 1
        flag = code & _FLAG_REF
        t = chr(code & ~_FLAG_REF)
        idx = None
        if flag:
            idx = len(self.refs)
            self.refs.append(None)
        if t == "N":
            v = None
        elif t == "T":
            v = True
        elif t == "F":
            v = False
        elif t == ".":
            v = Ellipsis
        elif t == "S":
            v = StopIteration
        elif t == "i":
            v = self.long()
        elif t == "l":
            n = self.long()
            v = 0
            for i in range(abs(n)):
                d = _struct.unpack("<H", self.take(2))[0]
                if d > 0x7FFF:
                    raise ValueError("bad marshal data (digit out of range in long)")
                v |= d << (15 * i)
            if n < 0:
                v = -v
        elif t == "g":
            v = _struct.unpack("<d", self.take(8))[0]
        elif t == "y":
            re, im = _struct.unpack("<dd", self.take(16))
            v = complex(re, im)
        elif t == "f":
            v = float(self.take(self.take(1)[0]).decode("ascii"))
        elif t == "x":
            re = float(self.take(self.take(1)[0]).decode("ascii"))
            im = float(self.take(self.take(1)[0]).decode("ascii"))
            v = complex(re, im)
        elif t in "st":
            v = bytes(self.take(self.size()))
            if t == "t":
                v = v.decode("utf-8", "surrogatepass")
        elif t == "u":
            v = bytes(self.take(self.size())).decode("utf-8", "surrogatepass")
        elif t in "aA":
            v = bytes(self.take(self.size())).decode("latin-1")
        elif t in "zZ":
            v = bytes(self.take(self.take(1)[0])).decode("latin-1")
        elif t in "()":
            n = self.take(1)[0] if t == ")" else self.size()
            v = tuple(self.obj(depth + 1) for _ in range(n))
        elif t == "[":
            n = self.size()
            v = []
            if idx is not None:
                self.refs[idx] = v
            for _ in range(n):
                v.append(self.obj(depth + 1))
        elif t == "{":
            v = {}
            if idx is not None:
                self.refs[idx] = v
            while True:
                if self.pos < len(self.data) and self.data[self.pos] == 0x30:
                    self.pos += 1
                    break
                k = self.obj(depth + 1)
                v[k] = self.obj(depth + 1)
        elif t in "<>":
            n = self.size()
            items = [self.obj(depth + 1) for _ in range(n)]
            v = set(items) if t == "<" else frozenset(items)
        elif t == "r":
            n = self.long()
            if not 0 <= n < len(self.refs) or self.refs[n] is None:
                raise ValueError("bad marshal data (invalid reference)")
            return self.refs[n]
        elif t == "c":
            raise ValueError("bad marshal data (code objects are not supported by tern)")
        else:
            raise ValueError("bad marshal data (unknown type code)")
        if idx is not None:
            self.refs[idx] = v
        return v


def loads(data, /):
    if isinstance(data, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    r = _Reader(data if isinstance(data, (bytes, bytearray)) else memoryview(data).tobytes())
    return r.obj()


def load(file, /):
    data = file.read()
    r = _Reader(data)
    v = r.obj()
    if hasattr(file, "seek"):
        try:
            file.seek(r.pos - len(data), 1)
        except (OSError, ValueError):
            pass
    return v
