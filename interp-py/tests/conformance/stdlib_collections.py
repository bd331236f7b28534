# collections (pure-Python fallbacks for deque/defaultdict/OrderedDict run on tern) and
# collections.abc.
import collections
from collections import (ChainMap, Counter, OrderedDict, UserDict, UserList, UserString,
                         defaultdict, deque, namedtuple)
import collections.abc as cabc

Point = namedtuple('Point', ['x', 'y'])
p = Point(3, y=4)
print(p, p.x + p.y, p[0], p._asdict(), p._replace(x=10), Point._fields, Point._make([5, 6]))
x, y = p
print(x, y, isinstance(p, tuple), hash(p) == hash((3, 4)), p == (3, 4))
P3 = namedtuple('P3', 'a b c', defaults=[0, 1])
print(P3(9), P3._field_defaults, P3.__doc__)
try:
    namedtuple('Bad', ['def', 'x'])
except ValueError as e:
    print('ValueError:', e)
R = namedtuple('R', 'a a2 _b', rename=True)
print(R._fields)

c = Counter('abracadabra')
print(c.most_common(3), c['a'], c['z'], sorted(c.elements())[:6])
c.update('aaz')
c.subtract({'a': 2})
print(sorted(c.items()), c.total())
print(Counter(a=3, b=1) + Counter(a=1, b=2), Counter(a=3, b=1) - Counter(a=1, b=2))
print(Counter(a=3, b=1) & Counter(a=1, b=2), Counter(a=3, b=1) | Counter(a=1, b=2))
print(Counter([1, 2, 2, 3, 3, 3]), repr(Counter()), Counter('aab') == Counter('aba'))

d = defaultdict(list)
for k, v in [('a', 1), ('b', 2), ('a', 3)]:
    d[k].append(v)
print(d, d['missing'], sorted(d), d.default_factory)
dd = defaultdict(int)
for w in 'the cat the hat the end'.split():
    dd[w] += 1
print(sorted(dd.items()), repr(defaultdict(None)))
try:
    defaultdict(None)['x']
except KeyError as e:
    print('KeyError', e)

q = deque([1, 2, 3], maxlen=5)
q.append(4); q.appendleft(0); q.append(5)
print(q, len(q), q[0], q[-1], q.maxlen)
q.rotate(2); print(q)
q.rotate(-3); print(q)
print(q.pop(), q.popleft(), q, q.count(3), 3 in q)
q.extend([7, 8]); q.extendleft([-1, -2]); print(q)
q.reverse(); print(q, list(reversed(q)))
q.remove(4); print(q, q.index(3))
try:
    q.remove(99)
except ValueError as e:
    print("ValueError:", e)
q2 = q.copy(); q2.clear(); print(q2, q, deque('abc') == deque('abc'), deque() or 'empty')
try:
    deque().pop()
except IndexError as e:
    print('IndexError:', e)
window = deque(maxlen=3)
for i in range(6):
    window.append(i)
print(window, sum(window) / len(window))

od = OrderedDict()
od['b'] = 1; od['a'] = 2; od['c'] = 3
od.move_to_end('b')
print(od, list(od), od.popitem(), od.popitem(last=False), od)
od2 = OrderedDict.fromkeys('xyz')
od2.move_to_end('z', last=False)
print(list(od2), od2 == OrderedDict.fromkeys('zxy'), OrderedDict(a=1) == {'a': 1})
print(list(reversed(OrderedDict(a=1, b=2))), OrderedDict(a=1) | {'b': 2})

cm = ChainMap({'a': 1}, {'a': 2, 'b': 3})
print(cm['a'], cm['b'], len(cm), sorted(cm), cm.new_child({'c': 4})['c'], cm.parents)
cm['z'] = 0
print(cm.maps)

class MyDict(UserDict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 2)
md = MyDict(a=1)
md['b'] = 5
print(md, md.data, 'a' in md, len(md))
ul = UserList([3, 1, 2]); ul.sort(); print(ul, ul + [4], ul[1:], type(ul[1:]).__name__)
us = UserString('hello'); print(us.upper(), us[1:3], us + '!', len(us))

print(isinstance([], cabc.Sequence), isinstance({}, cabc.Mapping), isinstance(set(), cabc.Set))
print(isinstance(iter([]), cabc.Iterator), isinstance((x for x in []), cabc.Generator))
print(issubclass(dict, cabc.MutableMapping), issubclass(tuple, cabc.MutableSequence))
print(isinstance(len, cabc.Callable), isinstance(3, cabc.Hashable), isinstance([], cabc.Hashable))

class Bag(cabc.MutableSet):
    def __init__(self, it=()):
        self._items = list(dict.fromkeys(it))
    def __contains__(self, x):
        return x in self._items
    def __iter__(self):
        return iter(self._items)
    def __len__(self):
        return len(self._items)
    def add(self, x):
        if x not in self._items:
            self._items.append(x)
    def discard(self, x):
        if x in self._items:
            self._items.remove(x)
b = Bag('abc')
b |= {'d'}
print(sorted(b), len(b & {'a', 'z'}), b <= set('abcdef'), isinstance(b, cabc.Set))
try:
    cabc.Sequence()
except TypeError as e:
    print('TypeError:', e)
class Half(cabc.Mapping):
    def __getitem__(self, k):
        return k
try:
    Half()
except TypeError as e:
    print('TypeError:', e)
print(cabc.Callable[[int], str], list[int] == list[int])
