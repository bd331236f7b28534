class P:
    __slots__ = ("x", "y")
    def __init__(self, x, y): self.x, self.y = x, y
p = P(1, 2)
print(p.x, p.y, P.__slots__, type(P.x).__name__, P.x.__name__, P.x.__get__(p), hasattr(p, "__dict__"), hasattr(p, "__weakref__"))
del p.x
try:
    p.x
except AttributeError as e:
    print("AttributeError:", e)
p.x = 10; print(p.x)
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError:", e)
class WithDict:
    __slots__ = ("a", "__dict__")
w = WithDict(); w.a = 1; w.b = 2; print(w.a, w.b, vars(w))
class Single:
    __slots__ = "only"
s = Single(); s.only = 5; print(s.only, Single.__slots__)
class Empty:
    __slots__ = ()
try:
    Empty().x = 1
except AttributeError as e:
    print("AttributeError:", e)
class Child(P):
    __slots__ = ("z",)
    def __init__(self): super().__init__(1, 2); self.z = 3
c = Child(); print(c.x, c.y, c.z, hasattr(c, "__dict__"))
class Free(P): pass
f = Free(5, 6); f.anything = 7; print(f.anything, vars(f), f.x)
try:
    class Conflict:
        __slots__ = ("v",)
        v = 1
except ValueError as e:
    print("ValueError:", e)
class SlotsAndProps:
    __slots__ = ("_v",)
    def __init__(self): self._v = 0
    @property
    def v(self): return self._v
    @v.setter
    def v(self, val): self._v = val * 2
sp = SlotsAndProps(); sp.v = 21; print(sp.v)
class Many:
    __slots__ = tuple(f"s{i}" for i in range(20))
m = Many()
for i in range(20): setattr(m, f"s{i}", i * i)
print(sum(getattr(m, f"s{i}") for i in range(20)), len(Many.__slots__))
print(sorted(k for k in dir(p) if not k.startswith("__")))
