# tern's `_string` module (run in the native module's namespace at import): the two
# parsers `string.Formatter` uses, with the exact semantics and messages of CPython's
# `Objects/stringlib/unicode_format.h` (MarkupIterator, parse_field, FieldNameIterator).
# Why Python: they are small state machines over text that run once per format call;
# the iterators are lazy like CPython's, so errors surface during iteration.

__doc__ = "string helper module"


def _get_integer(s):
    # get_integer: -1 unless `s` is a non-empty run of decimal digits.
    if not s:
        return -1
    acc = 0
    for ch in s:
        if not ch.isdecimal():
            return -1
        d = int(ch)
        if acc > (9223372036854775807 - d) // 10:
            raise ValueError("Too many decimal digits in format string")
        acc = acc * 10 + d
    return acc


class formatteriterator:
    __slots__ = ('_s', '_pos')

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'formatteriterator' instances")

    def __iter__(self):
        return self

    def __next__(self):
        s = self._s
        end = len(s)
        i = self._pos
        if i >= end:
            raise StopIteration
        start = i
        c = ''
        markup_follows = False
        while i < end:
            c = s[i]
            i += 1
            if c == '{' or c == '}':
                markup_follows = True
                break
        at_end = i >= end
        length = i - start
        if c == '}' and (at_end or c != s[i]):
            self._pos = i
            raise ValueError("Single '}' encountered in format string")
        if at_end and c == '{':
            self._pos = i
            raise ValueError("Single '{' encountered in format string")
        if not at_end:
            if c == s[i]:
                i += 1
                markup_follows = False
            else:
                length -= 1
        literal = s[start:start + length]
        if not markup_follows:
            self._pos = i
            return (literal, None, None, None)
        # parse_field
        field_start = i
        c = ''
        while i < end:
            c = s[i]
            i += 1
            if c == '{':
                self._pos = i
                raise ValueError("unexpected '{' in field name")
            if c == '[':
                while i < end and s[i] != ']':
                    i += 1
                continue
            if c in '}:!':
                break
        field_name = s[field_start:i - 1]
        conversion = None
        format_spec = ''
        if c == '!' or c == ':':
            if c == '!':
                if i >= end:
                    self._pos = i
                    raise ValueError(
                        "end of string while looking for conversion specifier")
                conversion = s[i]
                i += 1
                if i < end:
                    c = s[i]
                    i += 1
                    if c == '}':
                        self._pos = i
                        return (literal, field_name, '', conversion)
                    if c != ':':
                        self._pos = i
                        raise ValueError("expected ':' after conversion specifier")
            spec_start = i
            count = 1
            while i < end:
                c = s[i]
                i += 1
                if c == '{':
                    count += 1
                elif c == '}':
                    count -= 1
                    if count == 0:
                        self._pos = i
                        return (literal, field_name, s[spec_start:i - 1], conversion)
            self._pos = i
            raise ValueError("unmatched '{' in format spec")
        elif c != '}':
            self._pos = i
            raise ValueError("expected '}' before end of string")
        self._pos = i
        return (literal, field_name, format_spec, conversion)


class fieldnameiterator:
    __slots__ = ('_s', '_pos')

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'fieldnameiterator' instances")

    def __iter__(self):
        return self

    def __next__(self):
        s = self._s
        end = len(s)
        i = self._pos
        if i >= end:
            raise StopIteration
        c = s[i]
        i += 1
        if c == '.':
            is_attr = True
            start = i
            while i < end and s[i] not in '[.':
                i += 1
            name = s[start:i]
            idx = -1
        elif c == '[':
            is_attr = False
            start = i
            while i < end and s[i] != ']':
                i += 1
            if i >= end:
                self._pos = i
                raise ValueError("Missing ']' in format string")
            name = s[start:i]
            i += 1
            idx = _get_integer(name)
        else:
            self._pos = i
            raise ValueError("Only '.' or '[' may follow ']' in format field specifier")
        self._pos = i
        if not name:
            raise ValueError("Empty attribute in format string")
        return (is_attr, idx if idx != -1 else name)


def formatter_parser(s):
    if not isinstance(s, str):
        raise TypeError("expected str, got %s" % type(s).__name__)
    it = object.__new__(formatteriterator)
    it._s = str(s)
    it._pos = 0
    return it


def formatter_field_name_split(s):
    if not isinstance(s, str):
        raise TypeError("expected str, got %s" % type(s).__name__)
    s = str(s)
    i = 0
    while i < len(s) and s[i] not in '[.':
        i += 1
    first = s[:i]
    idx = _get_integer(first)
    it = object.__new__(fieldnameiterator)
    it._s = s
    it._pos = i
    return (idx if idx != -1 else first, it)


formatteriterator.__module__ = 'builtins'
fieldnameiterator.__module__ = 'builtins'
