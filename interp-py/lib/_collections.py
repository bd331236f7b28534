"""tern's `_collections`: `deque` and `defaultdict` (CPython's `collections` has no fallback).

Why this is a tern override: CPython implements `deque` and `defaultdict` in C
(Modules/_collectionsmodule.c) and `collections/__init__.py` imports them from
`_collections` without a pure-Python fallback (unlike `OrderedDict`, `_count_elements` and
`_tuplegetter`, which tern takes from `collections/__init__.py` itself). Like PyPy's
`lib_pypy/_collections.py`, tern writes them in Python on top of its native list and dict;
behaviour and messages follow CPython 3.11's C code. A native version can replace this file
without changing programs.

deque representation: the items are `_items[_head:]` of a Python list; `popleft` moves
`_head` forward and drops the front half once it is mostly dead, `appendleft` re-grows the
front in blocks, so both ends are amortized O(1). `_state` counts mutations so iterators can
raise "deque mutated during iteration" like CPython.
"""

from reprlib import recursive_repr as _recursive_repr

__all__ = ['deque', 'defaultdict']


class deque:
    """A list-like sequence optimized for data accesses near its endpoints."""

    __slots__ = ('_items', '_head', '_maxlen', '_state', '__weakref__')
    __module__ = 'collections'

    def __new__(cls, *args, **kwargs):
        self = object.__new__(cls)
        self._items = []
        self._head = 0
        self._maxlen = None
        self._state = 0
        return self

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            maxlen = maxlen.__index__() if not isinstance(maxlen, int) else maxlen
            if maxlen < 0:
                raise ValueError('maxlen must be non-negative')
        self._maxlen = maxlen
        if self._items or self._head:
            self.clear()
        if iterable is not self:
            self.extend(iterable)
        else:
            self.extend(list(iterable))

    # ----- internal helpers --------------------------------------------------------------
    def _live(self):
        return self._items[self._head:]

    def _compact(self):
        if self._head > 32 and self._head * 2 > len(self._items):
            del self._items[:self._head]
            self._head = 0

    def _index(self, i):
        n = len(self) if isinstance(self, deque) else 0
        if not isinstance(i, int):
            try:
                i = i.__index__()
            except AttributeError:
                raise TypeError('sequence index must be integer, not %r'
                                % type(i).__name__) from None
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError('deque index out of range')
        return self._head + i

    # ----- the two ends ------------------------------------------------------------------
    def append(self, x, /):
        """Add an element to the right side of the deque."""
        self._state += 1
        if self._maxlen is not None and len(self) >= self._maxlen:
            if self._maxlen == 0:
                return
            self._popleft()
        self._items.append(x)

    def appendleft(self, x, /):
        """Add an element to the left side of the deque."""
        self._state += 1
        if self._maxlen is not None and len(self) >= self._maxlen:
            if self._maxlen == 0:
                return
            self._items.pop()
        if self._head == 0:
            grow = max(8, len(self._items))
            self._items[0:0] = [None] * grow
            self._head = grow
        self._head -= 1
        self._items[self._head] = x

    def pop(self):
        """Remove and return the rightmost element."""
        if len(self) == 0:
            raise IndexError('pop from an empty deque')
        self._state += 1
        x = self._items.pop()
        if len(self._items) == self._head:
            self._items.clear()
            self._head = 0
        return x

    def _popleft(self):
        x = self._items[self._head]
        self._items[self._head] = None
        self._head += 1
        if self._head == len(self._items):
            self._items.clear()
            self._head = 0
        else:
            self._compact()
        return x

    def popleft(self):
        """Remove and return the leftmost element."""
        if len(self) == 0:
            raise IndexError('pop from an empty deque')
        self._state += 1
        return self._popleft()

    def extend(self, iterable, /):
        """Extend the right side of the deque with elements from the iterable."""
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable, /):
        """Extend the left side of the deque with elements from the iterable."""
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        """Remove all elements from the deque."""
        self._state += 1
        self._items = []
        self._head = 0

    def copy(self):
        """Return a shallow copy of a deque."""
        if type(self) is deque:
            return deque(self, self._maxlen)
        if self._maxlen is None:
            return type(self)(self)
        return type(self)(self, self._maxlen)

    __copy__ = copy

    def count(self, value, /):
        """Return number of occurrences of value."""
        state = self._state
        n = 0
        for x in self._live():
            if x is value or x == value:
                n += 1
            if state != self._state:
                raise RuntimeError('deque mutated during iteration')
        return n

    def index(self, value, start=0, stop=None, /):
        """Return first index of value."""
        n = len(self)
        if stop is None or stop > n:
            stop = n
        if start < 0:
            start = max(0, start + n)
        if stop < 0:
            stop = max(0, stop + n)
        state = self._state
        for i in range(start, stop):
            x = self._items[self._head + i]
            if x is value or x == value:
                return i
            if state != self._state:
                raise RuntimeError('deque mutated during iteration')
        raise ValueError('%r is not in deque' % (value,))

    def insert(self, index, value, /):
        """Insert value before index."""
        if self._maxlen is not None and len(self) >= self._maxlen:
            raise IndexError('deque already at its maximum size')
        n = len(self)
        if index < 0:
            index = max(0, index + n)
        index = min(index, n)
        self._state += 1
        self._items.insert(self._head + index, value)

    def remove(self, value, /):
        """Remove first occurrence of value."""
        for i in range(len(self)):
            x = self._items[self._head + i]
            if x is value or x == value:
                if i < len(self):
                    del self[i]
                return
        raise ValueError('%r is not in deque' % (value,))

    def reverse(self):
        """Reverse *IN PLACE*."""
        self._state += 1
        live = self._live()
        live.reverse()
        self._items = live
        self._head = 0

    def rotate(self, n=1, /):
        """Rotate the deque n steps to the right (default n=1).  If n is negative, rotates left."""
        length = len(self)
        if length <= 1:
            return
        n %= length
        if n:
            live = self._live()
            self._items = live[-n:] + live[:-n]
            self._head = 0
            self._state += 1

    @property
    def maxlen(self):
        """maximum size of a deque or None if unbounded"""
        return self._maxlen

    # ----- sequence protocol -------------------------------------------------------------
    def __len__(self):
        return len(self._items) - self._head

    def __bool__(self):
        return len(self._items) > self._head

    def __iter__(self):
        return _deque_iterator(self, False)

    def __reversed__(self):
        return _deque_iterator(self, True)

    def __getitem__(self, index):
        return self._items[self._index(index)]

    def __setitem__(self, index, value):
        self._items[self._index(index)] = value

    def __delitem__(self, index):
        i = self._index(index)
        self._state += 1
        del self._items[i]

    def __contains__(self, value):
        state = self._state
        for x in self._live():
            if x is value or x == value:
                return True
            if state != self._state:
                raise RuntimeError('deque mutated during iteration')
        return False

    __hash__ = None

    def _compare(self, other, op):
        if not isinstance(other, deque):
            return NotImplemented
        return op(self._live(), other._live())

    def __eq__(self, other):
        return self._compare(other, lambda a, b: a == b)

    def __ne__(self, other):
        return self._compare(other, lambda a, b: a != b)

    def __lt__(self, other):
        return self._compare(other, lambda a, b: a < b)

    def __le__(self, other):
        return self._compare(other, lambda a, b: a <= b)

    def __gt__(self, other):
        return self._compare(other, lambda a, b: a > b)

    def __ge__(self, other):
        return self._compare(other, lambda a, b: a >= b)

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError('can only concatenate deque (not "%s") to deque'
                            % type(other).__name__)
        new = self.copy()
        new.extend(other)
        return new

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        new = self.copy()
        new *= n
        return new

    __rmul__ = __mul__

    def __imul__(self, n):
        if not isinstance(n, int):
            n = n.__index__()
        if n <= 0:
            self.clear()
        elif n > 1:
            live = self._live()
            for _ in range(n - 1):
                self.extend(live)
        return self

    @_recursive_repr('[...]')
    def _repr_items(self):
        return repr(self._live())

    def __repr__(self):
        items = self._repr_items()
        name = type(self).__name__
        if self._maxlen is None:
            return '%s(%s)' % (name, items)
        return '%s(%s, maxlen=%d)' % (name, items, self._maxlen)

    def __reduce__(self):
        state = getattr(self, '__dict__', None) or None
        return type(self), ((), self._maxlen), state, iter(self)

    def __class_getitem__(cls, item):
        import types
        return types.GenericAlias(cls, item)


class _deque_iterator:
    __slots__ = ('_deque', '_pos', '_state', '_reverse')

    def __init__(self, d, reverse):
        self._deque = d
        self._pos = 0
        self._state = d._state
        self._reverse = reverse

    def __iter__(self):
        return self

    def __next__(self):
        d = self._deque
        if d is None:
            raise StopIteration
        if d._state != self._state:
            self._deque = None
            raise RuntimeError('deque mutated during iteration')
        n = len(d)
        if self._pos >= n:
            self._deque = None
            raise StopIteration
        i = n - 1 - self._pos if self._reverse else self._pos
        self._pos += 1
        return d._items[d._head + i]

    def __length_hint__(self):
        d = self._deque
        return 0 if d is None else max(0, len(d) - self._pos)


_deque_iterator.__name__ = _deque_iterator.__qualname__ = '_collections._deque_iterator'


class defaultdict(dict):
    """defaultdict(default_factory=None, /, [...]) --> dict with default factory"""

    __module__ = 'collections'

    def __init__(self, default_factory=None, /, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError('first argument must be callable or None')
        dict.__init__(self, *args, **kwargs)
        self.default_factory = default_factory

    def __missing__(self, key):
        factory = self.default_factory
        if factory is None:
            raise KeyError(key)
        self[key] = value = factory()
        return value

    def __repr__(self):
        factory = self.default_factory
        frepr = 'None' if factory is None else _factory_repr(self, factory)
        return '%s(%s, %s)' % (type(self).__name__, frepr, dict.__repr__(self))

    def copy(self):
        """D.copy() -> a shallow copy of D."""
        return type(self)(self.default_factory, self)

    __copy__ = copy

    def __reduce__(self):
        args = () if self.default_factory is None else (self.default_factory,)
        return type(self), args, None, None, iter(self.items())

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = self.copy()
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self.default_factory, other)
        new.update(self)
        return new

    def __ior__(self, other):
        self.update(other)
        return self


_repr_running = set()


def _factory_repr(dd, factory):
    key = id(dd)
    if key in _repr_running:
        return '...'
    _repr_running.add(key)
    try:
        return repr(factory)
    finally:
        _repr_running.discard(key)
