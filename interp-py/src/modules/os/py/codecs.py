# Python-level part of tern's `_codecs` module (run in its namespace at import, after the
# native part has set `_native_encode` / `_native_decode`, which are tern's built-in
# UTF-8 / ASCII / Latin-1 / UTF-16 / UTF-32 converters from objects/codecs.rs).
#
# This file holds the codec registry (search functions, cache, `encodings` imported on the
# first lookup like CPython's registry initialisation), the error-handler registry with
# the standard handlers, and the per-codec functions `codecs.py` and the `encodings`
# package call, with CPython's `(output, length consumed)` results. Errors handled natively
# take the fast path; any other handler name goes through the generic loop: decode/encode
# strictly, and on each failure call the handler with a UnicodeError positioned in the
# whole input, resuming where the handler says.

_search_functions = []
_codec_cache = {}
_error_handlers = {}
_NATIVE_ERRORS = frozenset(("strict", "ignore", "replace", "surrogateescape",
                            "surrogatepass", "backslashreplace", "xmlcharrefreplace"))


def register(search_function):
    if not callable(search_function):
        raise TypeError("argument must be callable")
    _search_functions.append(search_function)


def unregister(search_function):
    try:
        _search_functions.remove(search_function)
    except ValueError:
        pass
    _codec_cache.clear()


def _normalize(encoding):
    return encoding.lower().replace(" ", "_")


def lookup(encoding):
    if not isinstance(encoding, str):
        raise TypeError("lookup() argument must be str, not %s" % type(encoding).__name__)
    norm = _normalize(encoding)
    r = _codec_cache.get(norm)
    if r is not None:
        return r
    if not _search_functions:
        import encodings
    for f in _search_functions:
        r = f(norm)
        if r is not None:
            if not isinstance(r, tuple) or len(r) != 4:
                raise TypeError("codec search functions must return 4-tuples")
            _codec_cache[norm] = r
            return r
    raise LookupError("unknown encoding: %s" % encoding)


def _forget_codec(encoding):
    _codec_cache.pop(_normalize(encoding), None)


def encode(obj, encoding="utf-8", errors="strict"):
    info = lookup(encoding)
    res = info[0](obj, errors)
    if not isinstance(res, tuple) or len(res) != 2:
        raise TypeError("encoder must return a tuple (object, integer)")
    return res[0]


def decode(obj, encoding="utf-8", errors="strict"):
    info = lookup(encoding)
    res = info[1](obj, errors)
    if not isinstance(res, tuple) or len(res) != 2:
        raise TypeError("decoder must return a tuple (object, integer)")
    return res[0]


def register_error(errors, handler):
    if not isinstance(errors, str):
        raise TypeError("register_error() argument 1 must be str, not %s" % type(errors).__name__)
    if not callable(handler):
        raise TypeError("handler must be callable")
    _error_handlers[errors] = handler


def lookup_error(name):
    if not isinstance(name, str):
        raise TypeError("lookup_error() argument must be str, not %s" % type(name).__name__)
    try:
        return _error_handlers[name]
    except KeyError:
        raise LookupError("unknown error handler name '%s'" % name) from None


# ----- the standard error handlers -----------------------------------------------------

def _wrong_exception(exc):
    if isinstance(exc, UnicodeError):
        return TypeError("don't know how to handle %s in error callback" % type(exc).__name__)
    return TypeError("don't know how to handle %s in error callback" % type(exc).__name__)


def strict_errors(exc):
    if isinstance(exc, BaseException):
        raise exc
    raise TypeError("codec must pass exception instance")


def ignore_errors(exc):
    if isinstance(exc, (UnicodeEncodeError, UnicodeDecodeError, UnicodeTranslateError)):
        return ("", exc.end)
    raise _wrong_exception(exc)


def replace_errors(exc):
    if isinstance(exc, UnicodeEncodeError):
        return ("?" * (exc.end - exc.start), exc.end)
    if isinstance(exc, UnicodeDecodeError):
        return ("\ufffd", exc.end)
    if isinstance(exc, UnicodeTranslateError):
        return ("\ufffd" * (exc.end - exc.start), exc.end)
    raise _wrong_exception(exc)


def xmlcharrefreplace_errors(exc):
    if isinstance(exc, UnicodeEncodeError):
        s = "".join("&#%d;" % ord(c) for c in exc.object[exc.start:exc.end])
        return (s, exc.end)
    raise _wrong_exception(exc)


def _backslash(cp):
    if cp < 0x100:
        return "\\x%02x" % cp
    if cp < 0x10000:
        return "\\u%04x" % cp
    return "\\U%08x" % cp


def backslashreplace_errors(exc):
    if isinstance(exc, UnicodeDecodeError):
        s = "".join("\\x%02x" % b for b in exc.object[exc.start:exc.end])
        return (s, exc.end)
    if isinstance(exc, (UnicodeEncodeError, UnicodeTranslateError)):
        s = "".join(_backslash(ord(c)) for c in exc.object[exc.start:exc.end])
        return (s, exc.end)
    raise _wrong_exception(exc)


def namereplace_errors(exc):
    if isinstance(exc, UnicodeEncodeError):
        try:
            import unicodedata
        except ImportError:
            unicodedata = None
        out = []
        for c in exc.object[exc.start:exc.end]:
            name = unicodedata.name(c, None) if unicodedata is not None else None
            out.append("\\N{%s}" % name if name else _backslash(ord(c)))
        return ("".join(out), exc.end)
    raise _wrong_exception(exc)


def surrogateescape_errors(exc):
    if isinstance(exc, UnicodeDecodeError):
        out = []
        for b in exc.object[exc.start:exc.end][:4]:
            if b < 128:
                break
            out.append(chr(0xDC00 + b))
        if not out:
            raise exc
        return ("".join(out), exc.start + len(out))
    if isinstance(exc, UnicodeEncodeError):
        out = bytearray()
        for c in exc.object[exc.start:exc.end]:
            cp = ord(c)
            if not 0xDC80 <= cp <= 0xDCFF:
                raise exc
            out.append(cp - 0xDC00)
        return (bytes(out), exc.end)
    raise _wrong_exception(exc)


def surrogatepass_errors(exc):
    if isinstance(exc, UnicodeEncodeError):
        enc = exc.encoding.lower().replace("_", "-")
        out = bytearray()
        for c in exc.object[exc.start:exc.end]:
            cp = ord(c)
            if not 0xD800 <= cp <= 0xDFFF:
                raise exc
            if enc in ("utf-8", "utf8"):
                out += bytes((0xE0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3F), 0x80 | (cp & 0x3F)))
            elif enc in ("utf-16-le", "utf-16"):
                out += cp.to_bytes(2, "little")
            elif enc == "utf-16-be":
                out += cp.to_bytes(2, "big")
            elif enc in ("utf-32-le", "utf-32"):
                out += cp.to_bytes(4, "little")
            elif enc == "utf-32-be":
                out += cp.to_bytes(4, "big")
            else:
                raise exc
        return (bytes(out), exc.end)
    if isinstance(exc, UnicodeDecodeError):
        enc = exc.encoding.lower().replace("_", "-")
        data = exc.object
        p = exc.start
        if enc in ("utf-8", "utf8"):
            b = data[p:p + 3]
            if (len(b) == 3 and b[0] & 0xF0 == 0xE0 and b[1] & 0xC0 == 0x80
                    and b[2] & 0xC0 == 0x80):
                cp = ((b[0] & 0x0F) << 12) | ((b[1] & 0x3F) << 6) | (b[2] & 0x3F)
                if 0xD800 <= cp <= 0xDFFF:
                    return (chr(cp), p + 3)
        elif enc.startswith("utf-16") or enc.startswith("utf-32"):
            size = 2 if enc.startswith("utf-16") else 4
            order = "big" if enc.endswith("be") else "little"
            b = data[p:p + size]
            if len(b) == size:
                cp = int.from_bytes(b, order)
                if 0xD800 <= cp <= 0xDFFF:
                    return (chr(cp), p + size)
        raise exc
    raise _wrong_exception(exc)


for _name, _handler in (("strict", strict_errors), ("ignore", ignore_errors),
                        ("replace", replace_errors),
                        ("xmlcharrefreplace", xmlcharrefreplace_errors),
                        ("backslashreplace", backslashreplace_errors),
                        ("namereplace", namereplace_errors),
                        ("surrogateescape", surrogateescape_errors),
                        ("surrogatepass", surrogatepass_errors)):
    _error_handlers[_name] = _handler
del _name, _handler


# ----- generic loops with error handlers ----------------------------------------------

def _as_bytes(data, fname):
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        raise TypeError("a bytes-like object is required, not 'str'")
    try:
        return bytes(memoryview(data))
    except TypeError:
        raise TypeError("a bytes-like object is required, not '%s'" % type(data).__name__) from None


def _check_str(s, fname):
    if not isinstance(s, str):
        raise TypeError("%s() argument 1 must be str, not %s" % (fname, type(s).__name__))


def _decode_with(data, encoding, errors):
    """Decodes `data` with a built-in codec and any error handler."""
    if errors in _NATIVE_ERRORS and (errors == "strict"
                                     or encoding in ("utf-8", "ascii", "latin-1")):
        return _native_decode(data, encoding, errors)
    handler = lookup_error(errors)
    out = []
    pos = 0
    n = len(data)
    while pos <= n:
        try:
            out.append(_native_decode(data[pos:], encoding, "strict"))
            break
        except UnicodeDecodeError as e:
            start, end = pos + e.start, pos + e.end
            if e.start:
                out.append(_native_decode(data[pos:start], encoding, "strict"))
            exc = UnicodeDecodeError(encoding, data, start, end, e.reason)
            res = handler(exc)
            if not isinstance(res, tuple) or len(res) != 2 or not isinstance(res[0], str):
                raise TypeError("decoding error handler must return (str, int) tuple")
            rep, newpos = res
            if newpos < 0:
                newpos += n
            if not 0 <= newpos <= n:
                raise IndexError("position %d from error handler out of bounds" % newpos)
            out.append(rep)
            pos = newpos
            if pos == n:
                break
    return "".join(out)


def _encode_with(s, encoding, errors):
    """Encodes `s` with a built-in codec and any error handler."""
    if errors in _NATIVE_ERRORS and (errors == "strict"
                                     or encoding in ("utf-8", "ascii", "latin-1")):
        return _native_encode(s, encoding, errors)
    handler = lookup_error(errors)
    out = []
    pos = 0
    n = len(s)
    while pos < n:
        try:
            out.append(_native_encode(s[pos:], encoding, "strict"))
            break
        except UnicodeEncodeError as e:
            start, end = pos + e.start, pos + e.end
            if e.start:
                out.append(_native_encode(s[pos:start], encoding, "strict"))
            exc = UnicodeEncodeError(encoding, s, start, end, e.reason)
            res = handler(exc)
            if not isinstance(res, tuple) or len(res) != 2:
                raise TypeError("encoding error handler must return (str/bytes, int) tuple")
            rep, newpos = res
            if isinstance(rep, str):
                rep = _native_encode(rep, encoding, "strict")
            elif not isinstance(rep, bytes):
                raise TypeError("encoding error handler must return (str/bytes, int) tuple")
            if newpos < 0:
                newpos += n
            if not 0 <= newpos <= n:
                raise IndexError("position %d from error handler out of bounds" % newpos)
            out.append(rep)
            pos = newpos
    return b"".join(out)


def _utf8_incomplete(data):
    """Length of a valid but incomplete UTF-8 sequence ending `data`."""
    n = len(data)
    for back in range(1, min(3, n) + 1):
        c = data[n - back]
        if 0x80 <= c < 0xC0:
            continue
        if c >= 0xC2:
            need = 2 if c < 0xE0 else 3 if c < 0xF0 else 4 if c < 0xF5 else 0
            if need > back:
                if back >= 2:
                    c1 = data[n - back + 1]
                    if c == 0xE0 and c1 < 0xA0 or c == 0xED and c1 > 0x9F:
                        return 0
                    if c == 0xF0 and c1 < 0x90 or c == 0xF4 and c1 > 0x8F:
                        return 0
                return back
        return 0
    return 0


# ----- per-codec functions -----------------------------------------------------------

def utf_8_encode(s, errors=None):
    _check_str(s, "utf_8_encode")
    return (_encode_with(s, "utf-8", errors or "strict"), len(s))


def utf_8_decode(data, errors=None, final=False):
    data = _as_bytes(data, "utf_8_decode")
    if not final:
        k = _utf8_incomplete(data)
        if k:
            data = data[:-k]
    return (_decode_with(data, "utf-8", errors or "strict"), len(data))


def ascii_encode(s, errors=None):
    _check_str(s, "ascii_encode")
    return (_encode_with(s, "ascii", errors or "strict"), len(s))


def ascii_decode(data, errors=None):
    data = _as_bytes(data, "ascii_decode")
    return (_decode_with(data, "ascii", errors or "strict"), len(data))


def latin_1_encode(s, errors=None):
    _check_str(s, "latin_1_encode")
    return (_encode_with(s, "latin-1", errors or "strict"), len(s))


def latin_1_decode(data, errors=None):
    data = _as_bytes(data, "latin_1_decode")
    return (_decode_with(data, "latin-1", errors or "strict"), len(data))


def _wide_complete(data, size, order, final):
    """How many bytes of `data` a UTF-16/32 decoder may consume now."""
    n = len(data) - len(data) % size
    if final:
        return len(data)
    if size == 2 and n >= 2:
        last = int.from_bytes(data[n - 2:n], order)
        if 0xD800 <= last <= 0xDBFF:
            n -= 2
    return n


def _wide_decode(data, errors, final, size, byteorder):
    """Returns (text, consumed, byteorder) for UTF-16 (size 2) / UTF-32 (size 4)."""
    bom_le = b"\xff\xfe" if size == 2 else b"\xff\xfe\x00\x00"
    bom_be = b"\xfe\xff" if size == 2 else b"\x00\x00\xfe\xff"
    start = 0
    if byteorder == 0:
        if data[:size] == bom_le:
            byteorder, start = -1, size
        elif data[:size] == bom_be:
            byteorder, start = 1, size
        elif len(data) < size and not final:
            return ("", 0, 0)
    order = "big" if byteorder == 1 else "little"
    body = data[start:]
    n = _wide_complete(body, size, order, final)
    name = "utf-%d-%s" % (size * 8, "be" if byteorder == 1 else "le")
    text = _decode_with(body[:n], name, errors or "strict")
    return (text, start + n, byteorder)


def _wide_encode(s, errors, size, byteorder):
    if byteorder == 0:
        name = "utf-%d" % (size * 8)
    else:
        name = "utf-%d-%s" % (size * 8, "be" if byteorder == 1 else "le")
    return (_encode_with(s, name, errors or "strict"), len(s))


def utf_16_encode(s, errors=None, byteorder=0):
    _check_str(s, "utf_16_encode")
    return _wide_encode(s, errors, 2, byteorder)


def utf_16_le_encode(s, errors=None):
    _check_str(s, "utf_16_le_encode")
    return _wide_encode(s, errors, 2, -1)


def utf_16_be_encode(s, errors=None):
    _check_str(s, "utf_16_be_encode")
    return _wide_encode(s, errors, 2, 1)


def utf_16_decode(data, errors=None, final=False):
    t, n, _ = _wide_decode(_as_bytes(data, "utf_16_decode"), errors, final, 2, 0)
    return (t, n)


def utf_16_le_decode(data, errors=None, final=False):
    t, n, _ = _wide_decode(_as_bytes(data, "utf_16_le_decode"), errors, final, 2, -1)
    return (t, n)


def utf_16_be_decode(data, errors=None, final=False):
    t, n, _ = _wide_decode(_as_bytes(data, "utf_16_be_decode"), errors, final, 2, 1)
    return (t, n)


def utf_16_ex_decode(data, errors=None, byteorder=0, final=False):
    return _wide_decode(_as_bytes(data, "utf_16_ex_decode"), errors, final, 2, byteorder)


def utf_32_encode(s, errors=None, byteorder=0):
    _check_str(s, "utf_32_encode")
    return _wide_encode(s, errors, 4, byteorder)


def utf_32_le_encode(s, errors=None):
    _check_str(s, "utf_32_le_encode")
    return _wide_encode(s, errors, 4, -1)


def utf_32_be_encode(s, errors=None):
    _check_str(s, "utf_32_be_encode")
    return _wide_encode(s, errors, 4, 1)


def utf_32_decode(data, errors=None, final=False):
    t, n, _ = _wide_decode(_as_bytes(data, "utf_32_decode"), errors, final, 4, 0)
    return (t, n)


def utf_32_le_decode(data, errors=None, final=False):
    t, n, _ = _wide_decode(_as_bytes(data, "utf_32_le_decode"), errors, final, 4, -1)
    return (t, n)


def utf_32_be_decode(data, errors=None, final=False):
    t, n, _ = _wide_decode(_as_bytes(data, "utf_32_be_decode"), errors, final, 4, 1)
    return (t, n)


def utf_32_ex_decode(data, errors=None, byteorder=0, final=False):
    return _wide_decode(_as_bytes(data, "utf_32_ex_decode"), errors, final, 4, byteorder)


def readbuffer_encode(data, errors=None):
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = _as_bytes(data, "readbuffer_encode")
    return (data, len(data))


# ----- charmap ---------------------------------------------------------------------

def charmap_build(decoding_table):
    if not isinstance(decoding_table, str):
        raise TypeError("charmap_build() argument must be str, not %s"
                        % type(decoding_table).__name__)
    return {ord(c): i for i, c in enumerate(decoding_table) if c != "\ufffe"}


def charmap_decode(data, errors=None, mapping=None):
    data = _as_bytes(data, "charmap_decode")
    if mapping is None:
        return latin_1_decode(data, errors)
    errors = errors or "strict"
    out = []
    pos = 0
    n = len(data)
    is_table = isinstance(mapping, str)
    while pos < n:
        b = data[pos]
        if is_table:
            c = mapping[b] if b < len(mapping) else "\ufffe"
        else:
            try:
                c = mapping[b]
            except LookupError:
                c = None
            if isinstance(c, int):
                if not 0 <= c <= 0x10FFFF:
                    raise TypeError("character mapping must be in range(0x110000)")
                c = chr(c)
            elif c is not None and not isinstance(c, str):
                raise TypeError("character mapping must return integer, None or str")
            if c is None:
                c = "\ufffe"
        if c != "\ufffe":
            out.append(c)
            pos += 1
            continue
        exc = UnicodeDecodeError("charmap", data, pos, pos + 1, "character maps to <undefined>")
        rep, pos = lookup_error(errors)(exc)
        out.append(rep)
    return ("".join(out), n)


def _charmap_encode_char(c, mapping):
    """The bytes for `c` under `mapping`, or None if it has no mapping."""
    try:
        v = mapping[ord(c)]
    except LookupError:
        return None
    if v is None:
        return None
    if isinstance(v, int):
        if not 0 <= v < 256:
            raise TypeError("character mapping must be in range(256)")
        return bytes((v,))
    if isinstance(v, bytes):
        return v
    raise TypeError("character mapping must return integer, bytes or None, not %s"
                    % type(v).__name__)


def charmap_encode(s, errors=None, mapping=None):
    _check_str(s, "charmap_encode")
    if mapping is None:
        return latin_1_encode(s, errors)
    errors = errors or "strict"
    out = []
    pos = 0
    n = len(s)
    while pos < n:
        b = _charmap_encode_char(s[pos], mapping)
        if b is not None:
            out.append(b)
            pos += 1
            continue
        end = pos + 1
        while end < n and _charmap_encode_char(s[end], mapping) is None:
            end += 1
        exc = UnicodeEncodeError("charmap", s, pos, end, "character maps to <undefined>")
        rep, newpos = lookup_error(errors)(exc)
        if isinstance(rep, str):
            for c in rep:
                cb = _charmap_encode_char(c, mapping)
                if cb is None:
                    raise exc
                out.append(cb)
        else:
            out.append(rep)
        pos = newpos
    return (b"".join(out), n)


# ----- escape codecs -----------------------------------------------------------------

_SIMPLE_ESCAPES = {ord("\\"): "\\", ord("'"): "'", ord('"'): '"', ord("a"): "\a",
                   ord("b"): "\b", ord("f"): "\f", ord("n"): "\n", ord("r"): "\r",
                   ord("t"): "\t", ord("v"): "\v", ord("\n"): ""}


def _hexval(data, pos, count):
    h = data[pos:pos + count]
    if len(h) != count:
        return None
    try:
        return int(bytes(h).decode("ascii"), 16) if all(
            chr(b) in "0123456789abcdefABCDEF" for b in h) else None
    except ValueError:
        return None


def escape_decode(data, errors=None):
    if isinstance(data, str):
        data = data.encode("latin-1")
    data = _as_bytes(data, "escape_decode")
    out = bytearray()
    i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b != 0x5C:
            out.append(b)
            i += 1
            continue
        i += 1
        if i >= n:
            raise ValueError("Trailing \\ in string")
        c = data[i]
        i += 1
        if c in _SIMPLE_ESCAPES:
            out += _SIMPLE_ESCAPES[c].encode("latin-1")
        elif 0x30 <= c <= 0x37:
            v = c - 0x30
            for _ in range(2):
                if i < n and 0x30 <= data[i] <= 0x37:
                    v = v * 8 + data[i] - 0x30
                    i += 1
            out.append(v & 0xFF)
        elif c == 0x78:
            v = _hexval(data, i, 2)
            if v is None:
                if errors in (None, "strict"):
                    raise ValueError("invalid \\x escape at position %d" % (i - 2))
                if errors == "replace":
                    out.append(0x3F)
                elif errors != "ignore":
                    raise ValueError("decoding error; unknown error handling code: %s" % errors)
                continue
            out.append(v)
            i += 2
        else:
            out.append(0x5C)
            out.append(c)
    return (bytes(out), n)


def escape_encode(data, errors=None):
    data = _as_bytes(data, "escape_encode")
    out = bytearray()
    for b in data:
        if b == 0x5C:
            out += b"\\\\"
        elif b == 0x27:
            out += b"\\'"
        elif b == 0x09:
            out += b"\\t"
        elif b == 0x0A:
            out += b"\\n"
        elif b == 0x0D:
            out += b"\\r"
        elif b < 0x20 or b >= 0x7F:
            out += b"\\x%02x" % b
        else:
            out.append(b)
    return (bytes(out), len(data))


def _unicode_escape_decode(data, errors, raw, final=True):
    if isinstance(data, str):
        data = data.encode("utf-8" if not raw else "latin-1")
    data = _as_bytes(data, "unicode_escape_decode")
    errors = errors or "strict"
    name = "rawunicodeescape" if raw else "unicodeescape"
    out = []
    i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b != 0x5C:
            out.append(chr(b))
            i += 1
            continue
        start = i
        if i + 1 >= n:
            if not final:
                return ("".join(out), start)
            if raw:
                out.append("\\")
                i += 1
                continue
            exc = UnicodeDecodeError(name, data, start, n, "\\ at end of string")
            rep, i = lookup_error(errors)(exc)
            out.append(rep)
            continue
        c = data[i + 1]
        if raw and c not in (0x75, 0x55):
            out.append("\\")
            i += 1
            continue
        i += 2
        if not raw and c in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[c])
        elif not raw and 0x30 <= c <= 0x37:
            v = c - 0x30
            for _ in range(2):
                if i < n and 0x30 <= data[i] <= 0x37:
                    v = v * 8 + data[i] - 0x30
                    i += 1
            out.append(chr(v))
        elif c in (0x78, 0x75, 0x55):
            count = {0x78: 2, 0x75: 4, 0x55: 8}[c]
            v = _hexval(data, i, count)
            if v is None or v > 0x10FFFF:
                if not final and len(data) - i < count:
                    return ("".join(out), start)
                end = i
                while end < n and end < i + count and chr(data[end]) in "0123456789abcdefABCDEF":
                    end += 1
                if v is not None:
                    reason = "illegal Unicode character"
                    end = i + count
                else:
                    reason = {0x78: "truncated \\xXX escape", 0x75: "truncated \\uXXXX escape",
                              0x55: "truncated \\UXXXXXXXX escape"}[c]
                exc = UnicodeDecodeError(name, data, start, end, reason)
                rep, i = lookup_error(errors)(exc)
                out.append(rep)
                continue
            out.append(chr(v))
            i += count
        elif not raw and c == 0x4E:
            end = data.find(b"}", i)
            ok = i < n and data[i] == 0x7B and end > i + 1
            ch = None
            if ok:
                try:
                    import unicodedata
                    ch = unicodedata.lookup(bytes(data[i + 1:end]).decode("ascii"))
                except (ImportError, KeyError, UnicodeDecodeError):
                    ch = None
            if ch is None:
                exc = UnicodeDecodeError(name, data, start, (end + 1) if ok else i,
                                         "malformed \\N character escape" if not ok
                                         else "unknown Unicode character name")
                rep, i = lookup_error(errors)(exc)
                out.append(rep)
                continue
            out.append(ch)
            i = end + 1
        else:
            out.append("\\")
            out.append(chr(c))
    return ("".join(out), n)


def unicode_escape_decode(data, errors=None, final=True):
    return _unicode_escape_decode(data, errors, False, final)


def raw_unicode_escape_decode(data, errors=None, final=True):
    return _unicode_escape_decode(data, errors, True, final)


def unicode_escape_encode(s, errors=None):
    _check_str(s, "unicode_escape_encode")
    out = []
    for c in s:
        cp = ord(c)
        if c == "\\":
            out.append("\\\\")
        elif c == "\t":
            out.append("\\t")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif cp < 0x20 or 0x7F <= cp < 0x100:
            out.append("\\x%02x" % cp)
        elif cp < 0x7F:
            out.append(c)
        elif cp < 0x10000:
            out.append("\\u%04x" % cp)
        else:
            out.append("\\U%08x" % cp)
    return ("".join(out).encode("ascii"), len(s))


def raw_unicode_escape_encode(s, errors=None):
    _check_str(s, "raw_unicode_escape_encode")
    out = bytearray()
    for c in s:
        cp = ord(c)
        if cp < 0x100:
            out.append(cp)
        elif cp < 0x10000:
            out += b"\\u%04x" % cp
        else:
            out += b"\\U%08x" % cp
    return (bytes(out), len(s))


# ----- s.encode / bytes.decode for encodings tern does not build in ------------------

def _text_encode(s, encoding, errors):
    info = lookup(encoding)
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError("'%s' is not a text encoding; use codecs.encode() to handle "
                          "arbitrary codecs" % encoding)
    res = info[0](s, errors)
    if not isinstance(res, tuple) or len(res) != 2:
        raise TypeError("encoder must return a tuple (object, integer)")
    if not isinstance(res[0], bytes):
        raise TypeError("'%s' encoder returned '%s' instead of 'bytes'; use codecs.encode() "
                        "to encode to arbitrary types" % (encoding, type(res[0]).__name__))
    return res[0]


def _text_decode(b, encoding, errors):
    info = lookup(encoding)
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError("'%s' is not a text encoding; use codecs.decode() to handle "
                          "arbitrary codecs" % encoding)
    res = info[1](b, errors)
    if not isinstance(res, tuple) or len(res) != 2:
        raise TypeError("decoder must return a tuple (object, integer)")
    if not isinstance(res[0], str):
        raise TypeError("'%s' decoder returned '%s' instead of 'str'; use codecs.decode() "
                        "to decode to arbitrary types" % (encoding, type(res[0]).__name__))
    return res[0]


# CPython's codec functions are builtins, which do not bind as methods: the `encodings`
# modules store them in class bodies (`_buffer_decode = codecs.utf_8_decode`). Wrapping
# them in (callable) staticmethod objects gives the same behaviour.
for _n in list(globals()):
    if _n.endswith(("_encode", "_decode")) and not _n.startswith("_"):
        globals()[_n] = staticmethod(globals()[_n])
del _n
