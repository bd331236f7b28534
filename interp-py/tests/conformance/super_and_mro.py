class Base:
    def __init__(self):
        self.log = ["Base"]
    def greet(self):
        return "Base.greet"
    @classmethod
    def make(cls):
        return f"make {cls.__name__}"
    @staticmethod
    def util():
        return "util"
class Left(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Left")
    def greet(self):
        return "Left>" + super().greet()
class Right(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Right")
    def greet(self):
        return "Right>" + super().greet()
class Bottom(Left, Right):
    def __init__(self):
        super().__init__()
        self.log.append("Bottom")
    def greet(self):
        return "Bottom>" + super().greet()
    @classmethod
    def make(cls):
        return "Bottom " + super().make()
b = Bottom()
print(b.log, b.greet(), Bottom.make(), Bottom.util(), [c.__name__ for c in Bottom.mro()])
print(super(Left, b).greet(), super(Bottom, b).greet(), super(Right, b).greet())
s = super(Bottom, b)
print(type(s).__name__, s.__thisclass__.__name__, s.__self__ is b, s.__self_class__.__name__)
class Prop:
    @property
    def value(self): return 1
class PropChild(Prop):
    @property
    def value(self): return super().value + 10
print(PropChild().value)
class A:
    def f(self): return "A"
class B(A):
    def f(self):
        return "B" + super(B, self).f()
print(B().f())
def outside(self):
    return super(Cls, self).__repr__()[:5]
class Cls:
    pass
Cls.method = outside
print(Cls().method())
try:
    class X(A, A): pass
except TypeError as e:
    print(e)
class O1: pass
class O2(O1): pass
try:
    class Bad(O1, O2): pass
except TypeError as e:
    print(e)
class M1(type): pass
class M2(type): pass
class WithM1(metaclass=M1): pass
class WithM2(metaclass=M2): pass
try:
    class Conflict(WithM1, WithM2): pass
except TypeError as e:
    print(e)
print(type.mro(Bottom) == list(Bottom.__mro__), Bottom.__base__.__name__, object.__subclasses__ is not None)
class Init:
    def __init__(self, a, b=2, *rest, **kw):
        self.args = (a, b, rest, kw)
class InitChild(Init):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
print(InitChild(1).args, InitChild(1, 3, 4, k=5).args)
try:
    super()
except RuntimeError as e:
    print(e)
