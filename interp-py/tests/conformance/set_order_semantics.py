s = {5, 3, 9, 1, 100, -1, 33, 17}
print(s, len(s), 3 in s, 4 in s, sorted(s), min(s), max(s))
s.add(64); s.discard(3); s.discard(1000); s.remove(5); print(s)
print({1, 2, 3} | {3, 4}, {1, 2, 3} & {2, 3, 4}, {1, 2, 3} - {2}, {1, 2, 3} ^ {3, 4}, {1, 2} <= {1, 2, 3}, {1, 2} < {1, 2}, {1} >= set(), {1}.isdisjoint({2}))
print(set(range(20)), set(range(100, 0, -7)), {i * 37 % 101 for i in range(30)}, {-5, -4, -3, 2, 3})
print({(1, 2), (3, 4), (0, 0)}, {1.5, 2.5, 0.5}, {True, 1, 1.0}, frozenset({10, 20, 30}), frozenset())
a = set(); [a.add(i * i) for i in range(50)]
print(a)
for i in range(0, 2500, 3):
    a.discard(i)
print(a, len(a))
big = set(range(1000)); big -= set(range(10, 1000)); print(big)
u = {1, 2}; u |= {3}; u &= {1, 3, 5}; u ^= {9}; u -= {1}; print(u)
print(s.union([7], (8,)), s.intersection(range(50)), s.difference([64]), s.symmetric_difference({9, 0}), s.issubset(range(200)), s.issuperset([9]))
c = s.copy(); c.clear(); print(c, s.pop() in range(-5, 200), len(s))
print(hash(frozenset({1, 2, 3})), hash(frozenset()), hash(frozenset({(1, 2)})), frozenset({1, 2}) == {1, 2}, {frozenset({1}): "a"})
try:
    set().pop()
except KeyError as e:
    print("KeyError:", e)
try:
    {1}.remove(2)
except KeyError as e:
    print("KeyError:", e)
try:
    {[1]}
except TypeError as e:
    print("TypeError:", e)
try:
    frozenset({1}).add(2)
except AttributeError as e:
    print("AttributeError:", e)
try:
    for v in s:
        s.add(v + 1000)
except RuntimeError as e:
    print("RuntimeError:", e)
print(sorted({"b", "a", "c"}), len({"x", "x", "y"}), {1, 2} == frozenset({1, 2}), type({1} | frozenset({2})).__name__, type(frozenset({2}) | {1}).__name__)
class H:
    def __init__(self, v): self.v = v
    def __hash__(self): return self.v % 4
    def __eq__(self, o): return self.v == o.v
    def __repr__(self): return f"H{self.v}"
print({H(1), H(5), H(1), H(9)}, H(5) in {H(5)}, len({H(i) for i in range(20)}))
print(set("mississippi") == {"m", "i", "s", "p"}, sorted(set("mississippi")), {x % 7 for x in range(-20, 20)})
