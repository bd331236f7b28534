class Vector:
    dims = 2
    def __init__(self, *c): self._c = list(c)
    @property
    def x(self): return self._c[0]
    @x.setter
    def x(self, v): self._c[0] = v
    @property
    def norm(self): return sum(v * v for v in self._c) ** 0.5
    length = property(lambda self: len(self._c), doc="number of components")
    @classmethod
    def zero(cls, n=2): return cls(*([0] * n))
    @staticmethod
    def dot(a, b): return sum(p * q for p, q in zip(a._c, b._c))
    def __repr__(self): return f"Vector{tuple(self._c)}"
v = Vector(3, 4)
print(v.x, v.norm, v.length, Vector.length.__doc__, Vector.zero(3), Vector.dot(v, v), v.dims, Vector.zero().dims)
v.x = 6; print(v, v.norm)
try:
    v.norm = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    del v.x
except AttributeError as e:
    print("AttributeError:", e)
p = Vector.__dict__["x"]
print(type(p).__name__, p.fget.__name__, p.fset.__name__, p.fdel, p.__get__(v), p.__get__(None, Vector) is p)
q = property(); print(q.fget, q.__doc__)
try:
    q.__get__(v)
except AttributeError as e:
    print("AttributeError:", e)
class Chain:
    def __init__(self): self._v = 0
    def _get(self): return self._v
    def _set(self, v): self._v = v * 2
    val = property(_get)
    val = val.setter(_set)
c = Chain(); c.val = 5; print(c.val)
class Base:
    @property
    def name(self): return "base"
class Derived(Base):
    @Base.name.getter
    def name(self): return "derived:" + super().name
print(Derived().name, Base().name)
class Counter:
    total = 0
    def __init__(self): Counter.total += 1; self.total_at_init = Counter.total
a, b = Counter(), Counter()
print(a.total_at_init, b.total_at_init, a.total, Counter.total)
a.total = 99; print(a.total, b.total, Counter.total)
class Config:
    DEFAULTS = {"debug": False}
    def __init__(self, **kw): self.opts = {**self.DEFAULTS, **kw}
    def __getattr__(self, name):
        try:
            return self.opts[name]
        except KeyError:
            raise AttributeError(name) from None
cfg = Config(level=3)
print(cfg.debug, cfg.level, getattr(cfg, "missing", "dflt"))
try:
    cfg.missing
except AttributeError as e:
    print("AttributeError:", e, e.__cause__, e.__suppress_context__)
sm = staticmethod(lambda: "sm"); cm = classmethod(lambda cls: cls.__name__)
class Holder:
    s = sm
    c = cm
print(Holder.s(), Holder().c(), Holder.c(), type(sm).__name__, sm.__func__(), isinstance(cm, classmethod))
