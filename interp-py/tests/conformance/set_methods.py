a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b, a <= b, {3} <= b, a >= {1}, a > a, a == {4, 3, 2, 1})
print(a.union(b, [9]), a.intersection(b, {4}), a.difference(b, [1]), a.symmetric_difference(b), a.issubset(range(10)), a.issuperset([1, 2]))
c = set(a); c.add(10); c.update([11, 12], {13}); c.discard(1); c.discard(99); c.remove(2); print(c, len(c))
try:
    c.remove(99)
except KeyError as e:
    print("KeyError", e)
d = {1, 2, 3}; d.intersection_update({2, 3, 4}); print(d); d.difference_update({3}); print(d)
d.symmetric_difference_update({2, 7}); print(d); d |= {8}; d &= {7, 8}; d -= {8}; d ^= {1}; print(d)
e = set(); print(e, bool(e), len(e), set() == frozenset(), {frozenset({1}), frozenset({1})})
f = frozenset([1, 2]); print(f | {3}, type(f | {3}).__name__, type({3} | f).__name__, f.union([5]), hash(f) == hash(frozenset([2, 1])))
try:
    f.add(1)
except AttributeError as ex:
    print(ex)
try:
    {[]}
except TypeError as ex:
    print(ex)
s = {"b", "a"}; print(len(s), "a" in s, sorted(s))
print(set("hello"), set([1, 1, 2]), set(range(5)), set({"k": 1}), {x % 5 for x in range(100)})
g = {1, 2, 3}; print(g.pop(), g.pop(), g, g.copy(), g.copy() is g, g.isdisjoint([9]))
g.clear(); print(g)
try:
    set().pop()
except KeyError as ex:
    print(ex)
print(set([5, 6]) < {5, 6, 7}, {1} != {1.0}, {1, 2} - {2} == {1}, frozenset() in {frozenset()})
big = set(range(1000)); big2 = set(range(500, 1500)); print(len(big & big2), len(big | big2), min(big ^ big2), max(big - big2))
print(sorted({-3, 3, -1, 1, 0}), {0.5, 1.5, -0.5}, {(0, 1), (1, 0)}, {None, 1} - {1})
