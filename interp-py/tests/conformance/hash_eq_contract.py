class NoHash:
    def __eq__(self, o): return True
print(NoHash.__hash__, NoHash() == 5)
try:
    {NoHash()}
except TypeError as e:
    print("TypeError:", e)
class KeepHash:
    def __eq__(self, o): return isinstance(o, KeepHash)
    __hash__ = object.__hash__
print(len({KeepHash(), KeepHash()}))
class Point:
    def __init__(self, x, y): self.x, self.y = x, y
    def __eq__(self, o):
        if not isinstance(o, Point): return NotImplemented
        return (self.x, self.y) == (o.x, o.y)
    def __hash__(self): return hash((self.x, self.y))
    def __repr__(self): return f"P({self.x},{self.y})"
pts = {Point(1, 2): "a", Point(1, 2): "b", Point(2, 1): "c"}
print(pts, Point(1, 2) in pts, Point(1, 2) == (1, 2), Point(1, 2) != Point(1, 3), [Point(0, 0)].index(Point(0, 0)), [Point(5, 5)].count(Point(5, 5)))
class Eq1:
    def __eq__(self, o): print("Eq1.eq"); return NotImplemented
class Eq2:
    def __eq__(self, o): print("Eq2.eq"); return NotImplemented
print(Eq1() == Eq2(), Eq1() != Eq2())
class Sub(Point):
    def __eq__(self, o): print("Sub.eq first"); return super().__eq__(o)
    __hash__ = Point.__hash__
print(Point(1, 1) == Sub(1, 1))
print(hash(1) == hash(1.0) == hash(True), hash(-1), hash(-2), hash(0.5), hash(1e300), hash(float("-inf")), hash(2 ** 64), hash((1, 2, 3)), hash(()))
print(hash(12345678901234567890), hash(-12345678901234567890), hash(1.1), hash(-1.5e-10), hash((1.5, (2, "x")[0])))
x = float("nan")
print(x == x, x in [x], [x] == [x], {x: 1}[x], (x,) == (x,))
class Counter:
    n = 0
    def __hash__(self):
        Counter.n += 1
        return 7
    def __eq__(self, o): return self is o
c = Counter(); d = {c: 1}; d[c]; c in d; print(Counter.n)
class BadHash:
    def __hash__(self): return "not int"
try:
    hash(BadHash())
except TypeError as e:
    print("TypeError:", e)
class BigHash:
    def __hash__(self): return 2 ** 100
print(hash(BigHash()) == hash(2 ** 100))
print(1 == 1.0, 1 is not 1.0, (1, 2) == [1, 2], [1, 2] == [1, 2], {1: 2} == {1: 2.0}, {1, 2} == {2, 1}, "a" == b"a", None == False, 0 == -0.0)
class RichCmp:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
    def __gt__(self, o): return self.v > o.v
    def __le__(self, o): return self.v <= o.v
    def __ge__(self, o): return self.v >= o.v
a, b = RichCmp(1), RichCmp(2)
print(a < b, a > b, a <= b, a >= b, b > a, sorted([b, a])[0].v, max(a, b).v, a == a, a != b)
