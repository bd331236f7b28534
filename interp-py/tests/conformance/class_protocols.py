class Vec:
    __slots__ = ("x", "y")
    def __init__(self, x, y): self.x, self.y = x, y
    def __repr__(self): return f"Vec({self.x}, {self.y})"
    def __eq__(self, o): return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self): return hash((self.x, self.y))
    def __add__(self, o): return Vec(self.x + o.x, self.y + o.y)
    def __mul__(self, k): return Vec(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __iter__(self): yield self.x; yield self.y
    def __len__(self): return 2
    def __getitem__(self, i): return (self.x, self.y)[i]
    def __bool__(self): return bool(self.x or self.y)
    def __neg__(self): return Vec(-self.x, -self.y)
    def __abs__(self): return (self.x ** 2 + self.y ** 2) ** 0.5
    def __format__(self, spec): return f"<{self.x:{spec}},{self.y:{spec}}>"
v = Vec(3, 4)
print(v, v + v, v * 2, 2 * v, list(v), len(v), v[1], v[-1], bool(Vec(0, 0)), -v, abs(v), f"{v:.1f}", {v, Vec(3, 4)}, tuple(v))
try:
    v.z = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    v.__dict__
except AttributeError as e:
    print("AttributeError:", e)
class Container:
    def __init__(self): self.data = {}
    def __getitem__(self, k):
        if isinstance(k, slice): return ("slice", k.start, k.stop, k.step)
        return self.data[k]
    def __setitem__(self, k, v): self.data[k] = v
    def __delitem__(self, k): del self.data[k]
    def __contains__(self, k): return k in self.data
    def __len__(self): return len(self.data)
    def __iter__(self): return iter(sorted(self.data))
    def __reversed__(self): return iter(sorted(self.data, reverse=True))
c = Container(); c["b"] = 2; c["a"] = 1; c[(1, 2)] = "ignored"
print(c[1:10:2], c[::], "a" in c, "q" in c, len(c), list(c) if False else sorted(c.data, key=str), list(reversed(Container())))
del c["a"]; print(len(c))
try:
    del c["zz"]
except KeyError as e:
    print("KeyError:", e)
class Callable:
    def __init__(self): self.calls = 0
    def __call__(self, *a, **k):
        self.calls += 1
        return (a, sorted(k.items()), self.calls)
f = Callable(); print(f(1, 2, x=3), f(), callable(f), callable(Vec), callable(3))
class Ctx:
    def __init__(self, name, swallow=False): self.name, self.swallow = name, swallow
    def __enter__(self): print("enter", self.name); return self
    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None, v)
        return self.swallow
with Ctx("a") as a, Ctx("b", swallow=True) as b:
    print("body", a.name, b.name)
    raise ValueError("inner")
print("after with")
class Seq:
    def __getitem__(self, i):
        if i >= 4: raise IndexError
        return i * i
print(list(Seq()), 9 in Seq(), [x for x in Seq()], iter(Seq()).__next__())
class Cmp:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
    def __repr__(self): return f"C{self.v}"
print(sorted([Cmp(3), Cmp(1), Cmp(2)]), max(Cmp(1), Cmp(5)), Cmp(1) > Cmp(0))
try:
    Cmp(1) <= Cmp(2)
except TypeError as e:
    print("TypeError:", e)
class Idx:
    def __index__(self): return 2
print([10, 20, 30][Idx()], "abc"[Idx()], range(10)[Idx()], bin(Idx()), (1, 2, 3, 4)[Idx():])
class WithNew:
    def __new__(cls, *args):
        print("new", cls.__name__, args)
        inst = super().__new__(cls)
        inst.tag = "made"
        return inst
    def __init__(self, a): print("init", a, self.tag)
WithNew(5)
class NotSelf:
    def __new__(cls): return 42
    def __init__(self): print("never")
print(NotSelf())
