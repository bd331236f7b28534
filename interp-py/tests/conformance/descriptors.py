class Typed:
    def __set_name__(self, owner, name):
        self.name = "_" + name
        print("set_name", owner.__name__, name)
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name, None)
    def __set__(self, obj, value):
        if not isinstance(value, int):
            raise TypeError(f"{self.name[1:]} must be int")
        setattr(obj, self.name, value)
    def __delete__(self, obj):
        print("deleting", self.name)
        delattr(obj, self.name)
class NonData:
    def __get__(self, obj, objtype=None):
        return "nondata"
class P:
    x = Typed()
    y = NonData()
    def __init__(self):
        self.x = 5
p = P()
print(p.x, p.y, type(P.x).__name__)
p.y = "shadowed"; print(p.y)
try:
    p.x = "bad"
except TypeError as e:
    print(e)
del p.x; print(p.x)
class Temp:
    def __init__(self): self._c = 0
    @property
    def celsius(self): return self._c
    @celsius.setter
    def celsius(self, v): self._c = v
    @celsius.deleter
    def celsius(self): print("del celsius"); self._c = None
    fahrenheit = property(lambda self: self._c * 9 / 5 + 32, doc="F")
t = Temp(); t.celsius = 100; print(t.celsius, t.fahrenheit, Temp.fahrenheit.__doc__); del t.celsius; print(t.celsius)
try:
    t.fahrenheit = 1
except AttributeError as e:
    print("AttributeError:", e)
class Lazy:
    def __getattr__(self, name):
        return f"computed {name}"
l = Lazy(); l.real = 1; print(l.real, l.anything)
class Logged:
    def __getattribute__(self, name):
        if name.startswith("secret"):
            raise AttributeError(name)
        return object.__getattribute__(self, name)
    def __setattr__(self, name, value):
        object.__setattr__(self, name, value * 2)
    def __delattr__(self, name):
        print("delattr", name)
        object.__delattr__(self, name)
g = Logged(); g.v = 21; print(g.v, hasattr(g, "secret_x")); del g.v; print(hasattr(g, "v"))
class Cm:
    @classmethod
    def make(cls): return cls.__name__
    @staticmethod
    def st(a, b): return a + b
class Cm2(Cm): pass
print(Cm.make(), Cm2.make(), Cm2().make(), Cm.st(1, 2), Cm().st(3, 4))
print(type(Cm.__dict__["make"]).__name__, type(Cm.__dict__["st"]).__name__, Cm.__dict__["st"].__func__(5, 6))
class Slotted:
    __slots__ = ("a", "b")
class SubSlotted(Slotted):
    __slots__ = ("c",)
s = SubSlotted(); s.a = 1; s.c = 3
print(s.a, s.c, hasattr(s, "b"), Slotted.a.__class__.__name__, hasattr(s, "__dict__"))
class GenericThing:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item!r}]"
print(GenericThing[int], list[int], dict[str, int], tuple[int, ...])
class Bound:
    def method(self): return self
b = Bound(); m = b.method
print(m.__self__ is b, m.__func__ is Bound.method, m() is b, Bound.method(b) is b)
