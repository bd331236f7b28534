# functools and operator (CPython's pure-Python implementations running on tern).
import functools
import operator
from functools import (cache, cached_property, cmp_to_key, lru_cache, partial, partialmethod,
                       reduce, total_ordering, wraps)

print(reduce(operator.add, range(10)), reduce(lambda a, b: a * b, [1, 2, 3, 4], 10))
try:
    reduce(operator.add, [])
except TypeError as e:
    print('TypeError:', e)

p = partial(int, base=2)
print(p('1010'), p.func is int, p.args, p.keywords, repr(partial(max, 1)))
pp = partial(partial(pow, 2), 5)
print(pp(), pp.args, partial(print, sep='-')('a', 'b'))

class Cell:
    def __init__(self):
        self._alive = False
    def set_state(self, state):
        self._alive = bool(state)
    set_alive = partialmethod(set_state, True)
c = Cell(); c.set_alive(); print(c._alive)

@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), fib.cache_info())
fib.cache_clear(); print(fib.cache_info())

@lru_cache(maxsize=2)
def sq(x):
    print('computing', x)
    return x * x
print(sq(2), sq(3), sq(2), sq(4), sq(3), sq.cache_info())
print(sq.__wrapped__(5), sq.cache_parameters())

@cache
def fact(n):
    return 1 if n == 0 else n * fact(n - 1)
print(fact(20), fact.cache_info().currsize)

@lru_cache(typed=True)
def ident(x):
    return type(x).__name__
print(ident(1), ident(1.0), ident.cache_info().currsize)

def deco(f):
    @wraps(f)
    def inner(*a, **k):
        """inner doc"""
        return f(*a, **k)
    return inner
@deco
def documented(x):
    """The real doc."""
    return x
print(documented.__name__, documented.__doc__, documented.__wrapped__.__name__)

@total_ordering
class Version:
    def __init__(self, *parts):
        self.parts = parts
    def __eq__(self, other):
        return self.parts == other.parts
    def __lt__(self, other):
        return self.parts < other.parts
    def __repr__(self):
        return 'V' + '.'.join(map(str, self.parts))
vs = [Version(1, 2), Version(1, 0, 5), Version(2,), Version(1, 2, 1)]
print(sorted(vs), Version(1, 2) >= Version(1, 1), Version(1) > Version(2), max(vs))

def cmp(a, b):
    return (a > b) - (a < b)
print(sorted(['banana', 'Apple', 'cherry'], key=cmp_to_key(lambda a, b: cmp(a.lower(), b.lower()))))
print(sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a)))

class Data:
    def __init__(self, n):
        self.n = n
        self.calls = 0
    @cached_property
    def total(self):
        self.calls += 1
        return sum(range(self.n))
d = Data(10)
print(d.total, d.total, d.calls, 'total' in d.__dict__)

print(operator.add(2, 3), operator.mul('ab', 2), operator.neg(5), operator.not_(0), operator.truth([]))
print(operator.itemgetter(1)('abc'), operator.itemgetter(0, 2)('abc'), operator.attrgetter('real')(3 + 4j))
print(operator.attrgetter('__class__.__name__', 'imag')(1j), operator.methodcaller('split', ',')('a,b'))
print(operator.index(7), operator.concat([1], [2]), operator.contains('abc', 'b'), operator.countOf([1, 1, 2], 1))
print(operator.indexOf('abc', 'c'), operator.getitem({'k': 1}, 'k'), operator.length_hint([1, 2, 3]))
lst = [1, 2, 3]; operator.setitem(lst, 0, 9); operator.delitem(lst, 1); print(lst)
print(operator.lt(1, 2), operator.ge(1, 2), operator.is_(None, None), operator.is_not(1, None))
print(operator.iadd([1], [2]), operator.ipow(2, 10), operator.matmul.__name__, operator.__name__)
print(sorted([('b', 2), ('a', 2), ('c', 1)], key=operator.itemgetter(1, 0)))
print(repr(operator.itemgetter(1)), repr(operator.attrgetter('x', 'y')), repr(operator.methodcaller('f', 1, k=2)))
try:
    operator.index(1.5)
except TypeError as e:
    print('TypeError:', e)
for f, a in [(operator.add, (1, 'a')), (operator.getitem, ([], 5)), (operator.neg, ('s',)),
             (operator.truediv, (1, 0)), (operator.lt, (1, 'x')), (operator.delitem, ({}, 'k'))]:
    try:
        f(*a)
    except Exception as e:
        print(f.__name__, type(e).__name__ + ':', e)
print(operator.__lt__ is operator.lt, operator.inv(5), operator.abs(-2.5), operator.imatmul.__name__)
print(list(map(operator.mul, [1, 2, 3], [4, 5, 6])), functools.reduce(operator.or_, [{1}, {2}, {3}]))
import _functools
print(functools.reduce is _functools.reduce, functools.reduce(operator.add, 'abc', '>'), functools.reduce(max, [3], 0))
for args in [(operator.add, 5), (operator.add, [], None), (operator.add,)]:
    try:
        print(functools.reduce(*args))
    except TypeError as e:
        print('TypeError:', e)
def boom(a, b):
    return a / b
print(functools.reduce(boom, [8, 2, 0]))
