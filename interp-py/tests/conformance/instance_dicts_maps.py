class P:
    kind = "class-level"
    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)
a = P(x=1, y=2); b = P(y=2, x=1); c = P(x=1)
print(vars(a), vars(b), vars(c), a.__dict__ == b.__dict__, list(a.__dict__), list(b.__dict__))
a.z = 3; del a.x; print(vars(a), hasattr(a, "x"), a.kind)
a.__dict__["w"] = 4; print(a.w, vars(a))
a.__dict__.update(q=5); print(a.q, sorted(vars(a)))
del a.__dict__["q"]; print(hasattr(a, "q"))
a.kind = "instance-level"; print(a.kind, P.kind, b.kind); del a.kind; print(a.kind)
d = P()
for i in range(50):
    setattr(d, f"attr{i}", i)
print(len(vars(d)), d.attr49, sum(getattr(d, f"attr{i}") for i in range(50)))
for i in range(0, 50, 2):
    delattr(d, f"attr{i}")
print(len(vars(d)), list(vars(d))[:3], getattr(d, "attr0", "gone"))
e = P(); e.__dict__ = {"replaced": True}; print(e.replaced, vars(e))
try:
    e.__dict__ = 5
except TypeError as err:
    print("TypeError:", err)
print(type(P.__dict__).__name__, P.__dict__["kind"], "kind" in P.__dict__, "__init__" in P.__dict__)
try:
    P.__dict__["kind"] = 1
except TypeError as err:
    print("TypeError:", err)
P.added = "later"; print(a.added, b.added); del P.added; print(hasattr(a, "added"))
setattr(P, "method", lambda self: f"method of {type(self).__name__}"); print(a.method())
class Outer:
    class Inner:
        class Deepest:
            pass
    def meth(self):
        class Local: pass
        return Local
print(Outer.Inner.__qualname__, Outer.Inner.Deepest.__qualname__, Outer().meth().__qualname__, Outer.Inner.__name__, Outer.meth.__qualname__)
def add_repr(cls):
    cls.__repr__ = lambda self: f"<{cls.__name__} {vars(self)}>"
    return cls
@add_repr
class Dec:
    def __init__(self): self.v = 1
print(Dec(), repr(Dec()), str(Dec()))
Dec.__name__ = "Renamed"; print(Dec.__name__, Dec.__qualname__)
class Counted:
    instances = 0
    def __new__(cls, *a):
        cls.instances += 1
        return super().__new__(cls)
for _ in range(3): Counted()
print(Counted.instances, Counted.__dict__["instances"])
print(object.__dict__["__class__"].__get__(5) if False else type(5).__name__, P.__module__, P.__doc__, Dec.__doc__)
shared = []
class Share:
    items = shared
    def add(self, v): self.items.append(v)
s1, s2 = Share(), Share(); s1.add(1); s2.add(2); print(Share.items, s1.items is s2.items)
class Shadow:
    def f(self): return "method"
sh = Shadow(); sh.f = lambda: "instance attr"; print(sh.f(), Shadow().f(), Shadow.f(sh))
print(getattr(P, "__init__").__name__, P.__init__.__qualname__, callable(getattr(a, "method")))
o = object()
try:
    o.x = 1
except AttributeError as err:
    print("AttributeError:", err)
try:
    vars(o)
except TypeError as err:
    print("TypeError:", err)
print(dir(a)[-3:], "z" in dir(a), "kind" in dir(a), "__init__" in dir(a))
