class Typed:
    def __init__(self, kind): self.kind = kind
    def __set_name__(self, owner, name): self.name = "_" + name; print("set_name", owner.__name__, name)
    def __get__(self, obj, objtype=None):
        if obj is None: return self
        return getattr(obj, self.name, None)
    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError(f"{self.name[1:]} must be {self.kind.__name__}")
        setattr(obj, self.name, value)
    def __delete__(self, obj): print("deleting", self.name); delattr(obj, self.name)
class NonData:
    def __get__(self, obj, objtype=None): return ("nondata", obj is None, objtype.__name__)
class P:
    age = Typed(int)
    name = Typed(str)
    nd = NonData()
    def __init__(self, n, a): self.name, self.age = n, a
p = P("ann", 30)
print(p.name, p.age, P.age.kind, p.nd, P.nd)
p.nd = "shadowed"; print(p.nd, P.nd)
try:
    p.age = "old"
except TypeError as e:
    print("TypeError:", e)
del p.age; print(p.age)
class Temp:
    def __init__(self): self._c = 0
    @property
    def c(self):
        "celsius"
        return self._c
    @c.setter
    def c(self, v):
        if v < -273: raise ValueError("too cold")
        self._c = v
    @c.deleter
    def c(self): print("del c"); self._c = None
    @property
    def f(self): return self._c * 9 / 5 + 32
t = Temp(); t.c = 100; print(t.c, t.f, Temp.c.__doc__, type(Temp.c).__name__)
del t.c; print(t.c)
for bad in [lambda: setattr(t, "f", 1), lambda: delattr(t, "f"), lambda: setattr(t, "c", -300)]:
    try:
        bad()
    except (AttributeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
class M:
    count = 0
    @staticmethod
    def s(x): return ("static", x)
    @classmethod
    def c(cls, x): cls.count += x; return (cls.__name__, cls.count)
class N(M): pass
print(M.s(1), M().s(2), M.c(3), N.c(4), N().c(5), M.count, N.count, type(M.__dict__["s"]).__name__, M.__dict__["c"].__func__.__name__)
class Lazy:
    def __init__(self, f): self.f = f; self.__doc__ = f.__doc__
    def __get__(self, obj, cls):
        if obj is None: return self
        v = self.f(obj)
        obj.__dict__[self.f.__name__] = v
        return v
class Circle:
    def __init__(self, r): self.r = r
    @Lazy
    def area(self):
        print("computing")
        return 3 * self.r ** 2
ci = Circle(2); print(ci.area, ci.area, "area" in vars(ci))
class GA:
    def __init__(self): self.real = 1
    def __getattr__(self, name):
        if name.startswith("dyn_"): return name[4:]
        raise AttributeError(f"no {name}")
    def __setattr__(self, name, value):
        print("setattr", name, value)
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        print("delattr", name)
        object.__delattr__(self, name)
g = GA(); print(g.real, g.dyn_hello, hasattr(g, "nope"), getattr(g, "nope", "dflt"))
g.x = 5; del g.x
try:
    g.nope
except AttributeError as e:
    print("AttributeError:", e)
class GAB:
    def __getattribute__(self, name):
        if name == "secret": return "intercepted"
        return object.__getattribute__(self, name)
gb = GAB(); gb.val = 3; print(gb.secret, gb.val)
try:
    gb.missing
except AttributeError as e:
    print("AttributeError:", e)
bound = p.__init__
print(bound.__self__ is p, bound.__func__ is P.__init__, P.__init__.__qualname__, type(bound).__name__)
