class A:
    def __init__(self): print("A.init"); self.trail = ["A"]
    def who(self): return "A"
    def chain(self): return ["A"]
class B(A):
    def __init__(self): print("B.init"); super().__init__(); self.trail.append("B")
    def who(self): return "B+" + super().who()
    def chain(self): return ["B"] + super().chain()
class C(A):
    def __init__(self): print("C.init"); super().__init__(); self.trail.append("C")
    def who(self): return "C+" + super().who()
    def chain(self): return ["C"] + super().chain()
class D(B, C):
    def __init__(self): print("D.init"); super().__init__(); self.trail.append("D")
    def chain(self): return ["D"] + super().chain()
d = D()
print(d.trail, d.who(), d.chain(), [k.__name__ for k in D.__mro__], D.__bases__, B.__base__)
print(super(B, d).who(), super(C, d).chain(), isinstance(d, C), issubclass(D, A), D.mro() == list(D.__mro__))
class X: pass
class Y: pass
class Z(X, Y): pass
try:
    class Bad(X, Z): pass
except TypeError as e:
    print("TypeError:", e)
class Base:
    registry = []
    def __init__(self, name): self.name = name; Base.registry.append(name)
    @classmethod
    def create(cls, *a): return cls(*a)
    def __repr__(self): return f"{type(self).__name__}({self.name!r})"
class Derived(Base):
    def __init__(self, name, extra):
        super().__init__(name)
        self.extra = extra
print(Derived.create("d", 1), Base.create("b"), Base.registry, Derived.create("x", 2).extra)
class MyInt(int):
    def __new__(cls, v, tag="t"):
        obj = super().__new__(cls, v)
        obj.tag = tag
        return obj
    def __add__(self, o): return MyInt(int(self) + int(o), self.tag + "+")
    def double(self): return self * 2
m = MyInt(5, "five")
print(m, m.tag, m + 1, (m + 1).tag, m.double(), type(m.double()).__name__, isinstance(m, int), m == 5, hash(m) == hash(5), repr(m))
class MyStr(str):
    def shout(self): return self.upper() + "!"
s = MyStr("hey"); print(s.shout(), s + "x", type(s + "x").__name__, len(s), s[1], s == "hey", isinstance(s, str), {s: 1}["hey"])
class MyList(list):
    def __init__(self, *a): super().__init__(*a); self.log = []
    def append(self, v): self.log.append(v); super().append(v)
ml = MyList([1]); ml.append(2); ml.extend([3]); print(ml, ml.log, len(ml), ml[::-1], type(ml[:1]).__name__, sum(ml))
class MyDict(dict):
    def __setitem__(self, k, v): super().__setitem__(k, v * 10)
md = MyDict(); md["a"] = 1; md.update(b=2); print(md, md["a"], isinstance(md, dict))
class MyErr(ValueError):
    def __init__(self, msg, code): super().__init__(msg); self.code = code
try:
    raise MyErr("bad thing", 42)
except ValueError as e:
    print(type(e).__name__, e, e.code, e.args, isinstance(e, Exception))
class Slotted:
    __slots__ = ("a",)
class SubSlotted(Slotted):
    __slots__ = ("b",)
ss = SubSlotted(); ss.a = 1; ss.b = 2; print(ss.a, ss.b, hasattr(ss, "__dict__"), Slotted.__slots__, SubSlotted.__slots__)
class Open(Slotted): pass
o = Open(); o.z = 3; print(o.z, hasattr(o, "__dict__"))
def no_self_super():
    class Q(A):
        def who(self):
            return [super().who() for _ in range(2)]
    return Q().who()
print(no_self_super())
class Reg:
    def method(self): return "Reg.method"
class Sub(Reg):
    method = None
try:
    Sub().method()
except TypeError as e:
    print("TypeError:", e)
print(object.__subclasses__ is not None, sorted(c.__name__ for c in A.__subclasses__()), type.__subclasses__(A) == A.__subclasses__())
