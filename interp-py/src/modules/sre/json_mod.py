# The Python part of tern's `_json` (run in the module's namespace at import): the
# `scanstring` wrapper that raises json.decoder.JSONDecodeError for the native scanner's
# errors, and `make_encoder` with the semantics and messages of CPython's C encoder
# (`c_make_encoder`, used by `json.dumps` when `indent` is None), which differ from the
# pure-Python `_make_iterencode` in its error messages. Why Python: the encoder calls back
# into Python for every non-JSON object and dict item order; the string escaping it
# spends its time in is native (`encode_basestring*`). `make_scanner` (`_json.Scanner`)
# keeps the decoder context's settings and hands each call to the native `_scan_once`.

_MESSAGES = (
    "Unterminated string starting at",
    "Invalid control character at",
    "Invalid \\escape",
    "Invalid \\uXXXX escape",
    "end is out of bounds",
)


def scanstring(string, end, strict=True):
    """scanstring(string, end, strict=True) -> (string, end)

Scan the string s for a JSON string. End is the index of the
character in s after the quote that started the JSON string.
Unescapes all valid JSON string escape sequences and raises ValueError
on attempt to decode an invalid string. If strict is False then literal
control characters are allowed in the string.

Returns a tuple of the decoded string and the index of the character in s
after the end quote."""
    r = _scanstring(string, end, strict)
    if r[0] is None:
        from json.decoder import JSONDecodeError
        raise JSONDecodeError(_MESSAGES[r[1]], string, r[2])
    return r


class make_scanner:
    """JSON scanner object"""

    __slots__ = ('strict', 'object_hook', 'object_pairs_hook', 'parse_float',
                 'parse_int', 'parse_constant', '_error')

    def __init__(self, context):
        self.strict = bool(context.strict)
        self.object_hook = context.object_hook
        self.object_pairs_hook = context.object_pairs_hook
        self.parse_float = context.parse_float
        self.parse_int = context.parse_int
        self.parse_constant = context.parse_constant
        from json.decoder import JSONDecodeError
        self._error = JSONDecodeError

    def __call__(self, string, idx):
        return _scan_once(string, idx, self.strict, self.object_hook,
                          self.object_pairs_hook, self.parse_float, self.parse_int,
                          self.parse_constant, self._error)


make_scanner.__module__ = '_json'
make_scanner.__qualname__ = 'Scanner'
make_scanner.__name__ = 'Scanner'


_float_repr = float.__repr__
_int_repr = int.__repr__


class make_encoder:
    """_iterencode(obj, _current_indent_level) -> iterable"""

    __slots__ = ('markers', 'default', 'encoder', 'indent', 'key_separator',
                 'item_separator', 'sort_keys', 'skipkeys', '_allow_nan')

    def __init__(self, markers, default, encoder, indent, key_separator,
                 item_separator, sort_keys, skipkeys, allow_nan):
        if markers is not None and not isinstance(markers, dict):
            raise TypeError("make_encoder() argument 1 must be dict or None, not %s"
                            % type(markers).__name__)
        self.markers = markers
        self.default = default
        self.encoder = encoder
        self.indent = indent
        if not isinstance(key_separator, str):
            raise TypeError("make_encoder() argument 5 must be str, not %s"
                            % type(key_separator).__name__)
        if not isinstance(item_separator, str):
            raise TypeError("make_encoder() argument 6 must be str, not %s"
                            % type(item_separator).__name__)
        self.key_separator = key_separator
        self.item_separator = item_separator
        self.sort_keys = sort_keys
        self.skipkeys = skipkeys
        self._allow_nan = allow_nan

    def __call__(self, obj, _current_indent_level):
        chunks = []
        self._obj(obj, chunks)
        return chunks

    def _float(self, o):
        if o != o:
            text = 'NaN'
        elif o == float('inf'):
            text = 'Infinity'
        elif o == -float('inf'):
            text = '-Infinity'
        else:
            return _float_repr(o)
        if not self._allow_nan:
            raise ValueError("Out of range float values are not JSON compliant")
        return text

    def _obj(self, o, chunks):
        if o is None:
            chunks.append('null')
        elif o is True:
            chunks.append('true')
        elif o is False:
            chunks.append('false')
        elif isinstance(o, str):
            chunks.append(self.encoder(o))
        elif isinstance(o, int):
            chunks.append(_int_repr(o))
        elif isinstance(o, float):
            chunks.append(self._float(o))
        elif isinstance(o, (list, tuple)):
            self._list(o, chunks)
        elif isinstance(o, dict):
            self._dict(o, chunks)
        else:
            markers = self.markers
            if markers is not None:
                ident = id(o)
                if ident in markers:
                    raise ValueError("Circular reference detected")
                markers[ident] = o
            newobj = self.default(o)
            self._obj(newobj, chunks)
            if markers is not None:
                del markers[ident]

    def _list(self, seq, chunks):
        if not seq:
            chunks.append('[]')
            return
        markers = self.markers
        if markers is not None:
            ident = id(seq)
            if ident in markers:
                raise ValueError("Circular reference detected")
            markers[ident] = seq
        chunks.append('[')
        first = True
        for value in seq:
            if not first:
                chunks.append(self.item_separator)
            first = False
            self._obj(value, chunks)
        chunks.append(']')
        if markers is not None:
            del markers[ident]

    def _dict(self, dct, chunks):
        if not dct:
            chunks.append('{}')
            return
        markers = self.markers
        if markers is not None:
            ident = id(dct)
            if ident in markers:
                raise ValueError("Circular reference detected")
            markers[ident] = dct
        chunks.append('{')
        items = list(dct.items())
        if self.sort_keys:
            items.sort()
        first = True
        for key, value in items:
            if isinstance(key, str):
                kstr = key
            elif isinstance(key, float):
                kstr = self._float(key)
            elif key is True:
                kstr = 'true'
            elif key is False:
                kstr = 'false'
            elif key is None:
                kstr = 'null'
            elif isinstance(key, int):
                kstr = _int_repr(key)
            elif self.skipkeys:
                continue
            else:
                raise TypeError("keys must be str, int, float, bool or None, not %s"
                                % type(key).__name__)
            if not first:
                chunks.append(self.item_separator)
            first = False
            chunks.append(self.encoder(kstr))
            chunks.append(self.key_separator)
            self._obj(value, chunks)
        chunks.append('}')
        if markers is not None:
            del markers[ident]


make_encoder.__module__ = '_json'
make_encoder.__qualname__ = 'make_encoder'
make_encoder.__name__ = 'make_encoder'
