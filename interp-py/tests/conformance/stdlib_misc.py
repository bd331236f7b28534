# heapq, bisect, copy, keyword, types, abc: CPython's modules on tern.
import abc
import bisect
import copy
import heapq
import keyword
import types

h = []
for x in [5, 1, 8, 3, 9, 2]:
    heapq.heappush(h, x)
print(h[0], [heapq.heappop(h) for _ in range(3)], h)
data = [9, 4, 7, 1, 0, 3]
heapq.heapify(data); print(data, heapq.heappushpop(data, 5), heapq.heapreplace(data, 10), data)
print(heapq.nlargest(3, [4, 1, 7, 3, 9]), heapq.nsmallest(2, 'hello'), heapq.nlargest(2, ['aa', 'b', 'cccc'], key=len))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [0, 9])), list(heapq.merge(['x', 'aaa'], ['bb'], key=len)))
tasks = []
for prio, name in [(3, 'write'), (1, 'plan'), (2, 'code')]:
    heapq.heappush(tasks, (prio, name))
print([heapq.heappop(tasks)[1] for _ in range(len(tasks))])

a = [1, 2, 4, 4, 8]
print(bisect.bisect(a, 4), bisect.bisect_left(a, 4), bisect.bisect_right(a, 5), bisect.bisect_left(a, 0, 1))
bisect.insort(a, 3); bisect.insort_left(a, 4); print(a)
grades = 'FDCBA'
print([grades[bisect.bisect([60, 70, 80, 90], s)] for s in [33, 99, 77, 70, 89, 90, 100]])
recs = [('a', 1), ('b', 3), ('c', 5)]
print(bisect.bisect_left(recs, 3, key=lambda r: r[1]))
bisect.insort(recs, ('z', 4), key=lambda r: r[1]); print(recs)

class Node:
    def __init__(self, v, children=()):
        self.v = v
        self.children = list(children)
tree = Node(1, [Node(2), Node(3, [Node(4)])])
shallow, deep = copy.copy(tree), copy.deepcopy(tree)
tree.children[1].v = 30
print(shallow.children[1].v, deep.children[1].v, shallow.children is tree.children)
cyc = [1, 2]; cyc.append(cyc)
dc = copy.deepcopy(cyc); print(dc[2] is dc, dc[:2], dc is not cyc)
class WithHooks:
    def __init__(self, x):
        self.x = x
    def __copy__(self):
        return WithHooks(self.x + 100)
    def __deepcopy__(self, memo):
        return WithHooks(self.x + 1000)
print(copy.copy(WithHooks(1)).x, copy.deepcopy([WithHooks(2)])[0].x)
nested = {'a': [1, {'b': (2, [3])}], 't': (1, 2), 's': {1, 2}, 'f': frozenset([3])}
dn = copy.deepcopy(nested)
print(dn == nested, dn['a'][1] is nested['a'][1], dn['t'] is nested['t'], copy.copy(nested)['a'] is nested['a'])
print(copy.deepcopy(3.5), copy.copy('str'), copy.deepcopy(len) is len, copy.copy(types.SimpleNamespace(q=1)))

print(keyword.iskeyword('for'), keyword.iskeyword('match'), keyword.issoftkeyword('match'), len(keyword.kwlist))
print(keyword.kwlist[:5], keyword.softkwlist)

print(types.FunctionType, types.LambdaType is types.FunctionType, types.GeneratorType)
print(type(len) is types.BuiltinFunctionType, types.ModuleType('m').__name__, types.NoneType)
ns = types.SimpleNamespace(a=1, b=2); ns.c = 3
print(ns, ns == types.SimpleNamespace(a=1, b=2, c=3))
mp = types.MappingProxyType({'k': 'v'}); print(mp['k'], len(mp), 'k' in mp)
try:
    mp['x'] = 1
except TypeError as e:
    print('TypeError:', e)
Dyn = types.new_class('Dyn', (object,), {}, lambda ns: ns.update({'hello': lambda self: 'hi'}))
print(Dyn().hello(), Dyn.__name__, types.resolve_bases((int,)))
def gen():
    yield 1
print(isinstance(gen(), types.GeneratorType), isinstance(lambda: 0, types.FunctionType))
print(types.GenericAlias(list, (int,)), list[int].__origin__, dict[str, int].__args__)

class Base(abc.ABC):
    @abc.abstractmethod
    def area(self):
        ...
    @property
    @abc.abstractmethod
    def name(self):
        ...
class Square(Base):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2
    @property
    def name(self):
        return 'square'
try:
    Base()
except TypeError as e:
    print('TypeError:', e)
class Partial(Base):
    def area(self):
        return 0
try:
    Partial()
except TypeError as e:
    print('TypeError:', e)
sq = Square(3); print(sq.area(), sq.name, isinstance(sq, Base), sorted(Base.__abstractmethods__))
class Duck(metaclass=abc.ABCMeta):
    pass
Duck.register(int)
print(isinstance(3, Duck), issubclass(bool, Duck), isinstance('s', Duck), abc.get_cache_token() >= 0)
class Sized2(abc.ABC):
    @classmethod
    def __subclasshook__(cls, C):
        return hasattr(C, '__len__') or NotImplemented
print(isinstance([], Sized2), isinstance(3, Sized2))
class MyInt(int):
    pass
mi = MyInt(7); mi.tag = 'x'
ci = copy.deepcopy(mi); print(ci, type(ci).__name__, ci.tag)
class Tagged(set):
    pass
ts = Tagged([1, 2]); ts.label = 'L'
ct = copy.copy(ts); print(sorted(ct), type(ct).__name__, ct.label)
class Slotted:
    __slots__ = ('a', 'b')
    def __init__(self):
        self.a = 1
sl = copy.deepcopy(Slotted()); print(sl.a, hasattr(sl, 'b'))
print(Slotted().__reduce_ex__(2)[0].__name__, copy.copy(ValueError('e', 2)).args)
# Native _heapq/_bisect: errors, lo/hi/key, list subclasses, the max-heap helpers.
import _heapq, _bisect
print(heapq.heappush is _heapq.heappush, bisect.bisect_left is _bisect.bisect_left)
def err(f, *a, **k):
    try:
        print(f(*a, **k))
    except Exception as e:
        print(type(e).__name__ + ':', e)
err(heapq.heappush, (), 1)
err(heapq.heappop, [])
err(heapq.heapreplace, [], 1)
err(heapq.heappushpop, [], 7)
err(heapq.heapify, 'abc')
err(heapq.heappush, [1])
err(bisect.bisect_left, [1, 2], 1, -1)
err(bisect.bisect_right, [1, 2, 3], 2, 0, -5)
err(bisect.bisect_right, [1, 2, 3], 2, hi=-1)
err(bisect.bisect, [1, 2], 1, key=1)
err(bisect.insort, (1, 2), 1)
err(bisect.bisect_left, [1, 'a'], 0.5)
err(bisect.bisect_left, [1, 3], 'x')
print(bisect.bisect_right(range(100), 37), bisect.bisect_left('abcdef', 'd'), bisect.bisect([1, 2, 2, 2, 3], 2, 2, 4))
class L(list):
    pass
hl = L([5, 3, 8, 1])
heapq.heapify(hl); print(hl, type(hl).__name__, heapq.heappop(hl))
mx = [3, 9, 1, 7]
heapq._heapify_max(mx); print(mx, heapq._heappop_max(mx), heapq._heapreplace_max(mx, 0), mx)
class Rev:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        return self.v > other.v
    def __repr__(self):
        return 'R%d' % self.v
rh = []
for v in [3, 1, 4, 1, 5, 9, 2, 6]:
    heapq.heappush(rh, Rev(v))
print([heapq.heappop(rh) for _ in range(4)])
class Evil:
    def __lt__(self, other):
        victim.clear()
        return True
victim = [Evil(), Evil(), Evil()]
err(heapq.heapify, victim)
sl = L([1, 5, 9]); bisect.insort(sl, 6); print(sl)
words = ['apple', 'fig', 'banana']
words.sort(key=len); bisect.insort(words, 'kiwi', key=len); print(words)
