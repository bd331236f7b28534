# The Python part of tern's `_sre` module (run in the module's namespace at import).
#
# Why Python: `re.Pattern`, `re.Match` and `_sre.SRE_Scanner` are thin objects around
# the native engine; their methods are argument handling and result wrapping, which is
# shorter and as correct in Python. Everything proportional to the subject (matching,
# scanning loops, slicing, template expansion) is native (`_run`, `_findall`, `_split`,
# `_sub`, `_getslice`; see module.rs).
#
# Records from `_run`: (pos, endpos, start, end, lastindex, g1start, g1end, ...), -1 unset.

copyright = " SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB "

_MAXSIZE = 9223372036854775807
_MATCH, _FULLMATCH, _SEARCH = 0, 1, 2
_mappingproxy = type(type.__dict__)
_FLAG_NAMES = (
    ("re.TEMPLATE", 1), ("re.IGNORECASE", 2), ("re.LOCALE", 4), ("re.MULTILINE", 8),
    ("re.DOTALL", 16), ("re.UNICODE", 32), ("re.VERBOSE", 64), ("re.DEBUG", 128),
    ("re.ASCII", 256),
)


def _generic_alias(cls, item):
    import types
    return types.GenericAlias(cls, item)


def _no_subclass(name):
    def __init_subclass__(cls, **kw):
        raise TypeError("type '%s' is not an acceptable base type" % name)
    return classmethod(__init_subclass__)


def _kind(obj):
    # 1 for bytes-like, 0 for str, -1 for None (CPython's `isbytes`).
    if obj is None:
        return -1
    if isinstance(obj, str):
        return 0
    if isinstance(obj, (bytes, bytearray, memoryview)):
        return 1
    raise TypeError("expected string or bytes-like object, got '%s'"
                    % type(obj).__name__)


class Pattern:
    """Compiled regular expression object."""

    __slots__ = ('_pattern', '_flags', '_code', '_groups', '_groupindex',
                 '_indexgroup', '_isbytes', '__weakref__')
    __init_subclass__ = _no_subclass("re.Pattern")
    __class_getitem__ = classmethod(_generic_alias)

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 're.Pattern' instances")

    @property
    def pattern(self):
        """The pattern string from which the RE object was compiled."""
        return self._pattern

    @property
    def flags(self):
        """The regex matching flags."""
        return self._flags

    @property
    def groups(self):
        """The number of capturing groups in the pattern."""
        return self._groups

    @property
    def groupindex(self):
        """A dictionary mapping group names to group numbers."""
        gi = self._groupindex
        if not gi:
            return {}
        return _mappingproxy(gi)

    def match(self, string, pos=0, endpos=_MAXSIZE):
        """Matches zero or more characters at the beginning of the string."""
        r = _run(self._code, self._groups, self._isbytes, string, pos, endpos, -1,
                 _MATCH, False)
        return None if r is None else _new_match(self, string, r)

    def fullmatch(self, string, pos=0, endpos=_MAXSIZE):
        """Matches against all of the string."""
        r = _run(self._code, self._groups, self._isbytes, string, pos, endpos, -1,
                 _FULLMATCH, False)
        return None if r is None else _new_match(self, string, r)

    def search(self, string, pos=0, endpos=_MAXSIZE):
        """Scan through string looking for a match, and return a corresponding match
        object instance.

        Return None if no position in the string matches."""
        r = _run(self._code, self._groups, self._isbytes, string, pos, endpos, -1,
                 _SEARCH, False)
        return None if r is None else _new_match(self, string, r)

    def findall(self, string, pos=0, endpos=_MAXSIZE):
        """Return a list of all non-overlapping matches of pattern in string."""
        return _findall(self._code, self._groups, self._isbytes, string, pos, endpos)

    def finditer(self, string, pos=0, endpos=_MAXSIZE):
        """Return an iterator over all non-overlapping matches for the RE pattern in
        string.

        For each match, the iterator returns a match object."""
        return iter(self.scanner(string, pos, endpos).search, None)

    def scanner(self, string, pos=0, endpos=_MAXSIZE):
        s = object.__new__(SRE_Scanner)
        _run(self._code, self._groups, self._isbytes, string, 0, 0, -1, _MATCH, False)
        s._pattern = self
        s._string = string
        s._pos = pos
        s._endpos = endpos
        s._start = -1
        s._must_advance = False
        return s

    def split(self, string, maxsplit=0):
        """Split string by the occurrences of pattern."""
        return _split(self._code, self._groups, self._isbytes, string, maxsplit)

    def _subx(self, repl, string, count):
        isbytes = self._isbytes
        if callable(repl):
            filt = repl
            is_callable = True
        else:
            if isinstance(repl, str):
                literal = '\\' not in repl
            else:
                try:
                    literal = b'\\' not in bytes(memoryview(repl))
                except TypeError:
                    literal = False
            if literal:
                filt = repl
            else:
                import re
                filt = re._subx(self, repl)
            is_callable = callable(filt)
        if not is_callable:
            r = _sub(self._code, self._groups, isbytes, string, count, filt, None)
            if r is not None:
                return r
        elif (type(filt).__name__ == 'function' and filt.__name__ == 'filter'
              and filt.__defaults__ and type(filt.__defaults__[0]) is tuple
              and getattr(filt, '__module__', None) == 're'):
            # `re._subx`'s template closure: expand natively.
            tgroups, literals = filt.__defaults__[0]
            r = _sub(self._code, self._groups, isbytes, string, count, literals,
                     tgroups)
            if r is not None:
                return r
        return self._subx_general(filt, is_callable, string, count)

    def _subx_general(self, filt, is_callable, string, count):
        # CPython's pattern_subx loop for replacement functions and replacements that
        # are not of the subject's exact type (the join then reports CPython's errors).
        pieces = []
        n = i = 0
        for r in _records(self._code, self._groups, self._isbytes, string, count):
            b = r[2]
            if i < b:
                pieces.append(_getslice(string, i, b))
            if is_callable:
                item = filt(_new_match(self, string, r))
            else:
                item = filt
            if item is not None:
                pieces.append(item)
            i = r[3]
            n += 1
        length = len(string)
        if i < length:
            pieces.append(_getslice(string, i, length))
        joiner = _getslice(string, 0, 0)
        if not pieces:
            return joiner, n
        return joiner.join(pieces), n

    def sub(self, repl, string, count=0):
        """Return the string obtained by replacing the leftmost non-overlapping
        occurrences of pattern in string by the replacement repl."""
        return self._subx(repl, string, count)[0]

    def subn(self, repl, string, count=0):
        """Return the tuple (new_string, number_of_subs_made) found by replacing the
        leftmost non-overlapping occurrences of pattern with the replacement repl."""
        return self._subx(repl, string, count)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __repr__(self):
        flags = self._flags
        if self._isbytes == 0 and (flags & (4 | 32 | 256)) == 32:
            flags &= ~32
        r = repr(self._pattern)
        if len(r) > 200:
            r = r[:200]
        if not flags:
            return "re.compile(%s)" % r
        names = []
        for name, value in _FLAG_NAMES:
            if flags & value:
                names.append(name)
                flags &= ~value
        if flags:
            names.append("0x%x" % flags)
        return "re.compile(%s, %s)" % (r, "|".join(names))

    def __eq__(self, other):
        if type(other) is not Pattern:
            return NotImplemented
        if self is other:
            return True
        return (self._flags == other._flags and self._isbytes == other._isbytes
                and self._code == other._code and self._pattern == other._pattern)

    def __ne__(self, other):
        r = self.__eq__(other)
        if r is NotImplemented:
            return r
        return not r

    def __hash__(self):
        return hash((self._pattern, self._code, self._flags, self._isbytes))


Pattern.__module__ = 're'


def _group_index(m, g):
    # CPython's match_getindex.
    if isinstance(g, int):
        i = g.__index__()
        if 0 <= i <= m._pattern._groups:
            return i
        raise IndexError("no such group")
    gi = m._pattern._groupindex
    if gi:
        try:
            i = gi[g]
        except (KeyError, TypeError):
            raise IndexError("no such group") from None
        if isinstance(i, int) and 0 <= i <= m._pattern._groups:
            return i
    raise IndexError("no such group")


def _new_match(pattern, string, rec):
    m = object.__new__(Match)
    m._pattern = pattern
    m._string = string
    m._rec = rec
    return m


class Match:
    """The result of re.match() and re.search().
Match objects always have a boolean value of True."""

    __slots__ = ('_pattern', '_string', '_rec')
    __init_subclass__ = _no_subclass("re.Match")
    __class_getitem__ = classmethod(_generic_alias)

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 're.Match' instances")

    def _get(self, i, default):
        rec = self._rec
        if i:
            a = rec[2 * i + 3]
            b = rec[2 * i + 4]
        else:
            a = rec[2]
            b = rec[3]
        if a < 0:
            return default
        return _getslice(self._string, a, b)

    def group(self, *args):
        """group([group1, ...]) -> str or tuple.
    Return subgroup(s) of the match by indices or names.
    For 0 returns the entire match."""
        if not args:
            rec = self._rec
            return _getslice(self._string, rec[2], rec[3])
        if len(args) == 1:
            return self._get(_group_index(self, args[0]), None)
        return tuple([self._get(_group_index(self, g), None) for g in args])

    def __getitem__(self, g):
        """Return self[key]."""
        return self._get(_group_index(self, g), None)

    def groups(self, default=None):
        """Return a tuple containing all the subgroups of the match, from 1.

  default
    Is used for groups that did not participate in the match."""
        return tuple([self._get(i, default)
                      for i in range(1, self._pattern._groups + 1)])

    def groupdict(self, default=None):
        """Return a dictionary containing all the named subgroups of the match, keyed
        by the subgroup name.

  default
    Is used for groups that did not participate in the match."""
        d = {}
        gi = self._pattern._groupindex
        if gi:
            for name in gi:
                d[name] = self._get(_group_index(self, name), default)
        return d

    def _span(self, i):
        rec = self._rec
        return (rec[2 * i + 3], rec[2 * i + 4]) if i else (rec[2], rec[3])

    def start(self, group=0):
        """Return index of the start of the substring matched by group."""
        if group == 0 and type(group) is int:
            return self._rec[2]
        return self._span(_group_index(self, group))[0]

    def end(self, group=0):
        """Return index of the end of the substring matched by group."""
        if group == 0 and type(group) is int:
            return self._rec[3]
        return self._span(_group_index(self, group))[1]

    def span(self, group=0):
        """For match object m, return the 2-tuple (m.start(group), m.end(group))."""
        return self._span(_group_index(self, group))

    def expand(self, template):
        """Return the string obtained by doing backslash substitution on the string
        template, as done by the sub() method."""
        import re
        return re._expand(self._pattern, self, template)

    @property
    def regs(self):
        return tuple([self._span(i) for i in range(self._pattern._groups + 1)])

    @property
    def lastindex(self):
        """The integer index of the last matched capturing group."""
        li = self._rec[4]
        return None if li < 0 else li

    @property
    def lastgroup(self):
        """The name of the last matched capturing group."""
        li = self._rec[4]
        ig = self._pattern._indexgroup
        if li < 0 or not ig:
            return None
        try:
            return ig[li]
        except IndexError:
            return None

    @property
    def pos(self):
        """The index into the string at which the RE engine started looking for a
        match."""
        return self._rec[0]

    @property
    def endpos(self):
        """The index into the string beyond which the RE engine will not go."""
        return self._rec[1]

    @property
    def re(self):
        """The regular expression object."""
        return self._pattern

    @property
    def string(self):
        """The string passed to match() or search()."""
        return self._string

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __repr__(self):
        g = repr(self._get(0, None))
        return "<re.Match object; span=(%d, %d), match=%s>" % (
            self._rec[2], self._rec[3], g[:50])


Match.__module__ = 're'


class SRE_Scanner:
    __slots__ = ('_pattern', '_string', '_pos', '_endpos', '_start', '_must_advance')
    __init_subclass__ = _no_subclass("_sre.SRE_Scanner")

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create '_sre.SRE_Scanner' instances")

    @property
    def pattern(self):
        return self._pattern

    def _next(self, mode):
        start = self._start
        if start is None:
            return None
        p = self._pattern
        r = _run(p._code, p._groups, p._isbytes, self._string, self._pos, self._endpos,
                 start, mode, self._must_advance)
        if r is None:
            self._start = None
            return None
        self._must_advance = r[3] == r[2]
        self._start = r[3]
        return _new_match(p, self._string, r)

    def match(self):
        return self._next(_MATCH)

    def search(self):
        return self._next(_SEARCH)


def compile(pattern, flags, code, groups, groupindex, indexgroup):
    p = object.__new__(Pattern)
    p._isbytes = _kind(pattern)
    p._pattern = pattern
    p._flags = flags
    p._code = _pack(code)
    p._groups = groups
    p._groupindex = groupindex if groupindex else None
    p._indexgroup = indexgroup if groupindex else None
    return p


del _generic_alias
