class Temp:
    scale = "C"
    def __init__(self, deg): self.deg = deg
    @classmethod
    def from_f(cls, f): return cls(round((f - 32) * 5 / 9, 2))
    @classmethod
    def describe(cls): return f"{cls.__name__} in {cls.scale}"
    @staticmethod
    def valid(deg): return deg >= -273.15
    def __repr__(self): return f"{type(self).__name__}({self.deg})"
class Kelvin(Temp):
    scale = "K"
print(Temp.from_f(212), Kelvin.from_f(32), Temp.describe(), Kelvin.describe(), Kelvin(1).describe(), Temp.valid(-300), Kelvin.valid(0))
cm = Temp.__dict__["from_f"]; sm = Temp.__dict__["valid"]
print(type(cm).__name__, type(sm).__name__, cm.__func__.__name__, sm.__func__(5), cm.__get__(None, Kelvin)(50), sm.__get__(None, Temp)(1))
bound = Temp.from_f
print(bound.__self__ is Temp, bound.__func__ is cm.__func__, type(bound).__name__)
print(Temp.__init__, type(Temp.__init__).__name__, type(Temp(1).__init__).__name__) if False else print("skip reprs")
def plain(self): return "plain " + repr(self)
Temp.plain = plain
print(Temp(5).plain(), Temp.plain(Temp(6)))
Temp.sm2 = staticmethod(lambda: "added static")
Temp.cm2 = classmethod(lambda cls: "added class " + cls.__name__)
print(Temp.sm2(), Kelvin.cm2(), Kelvin(1).cm2())
class WithCallable:
    class Nested:
        def __call__(self, *a): return ("called", a)
    inst = Nested()
print(WithCallable.inst(1), WithCallable().inst(2))
print(classmethod(len).__func__ is len, staticmethod(len)(["a"]))
class Chained:
    @classmethod
    @property
    def cls_prop(cls): return f"class property of {cls.__name__}"
print(Chained.cls_prop)
import sys
class Abstract:
    def area(self): raise NotImplementedError
class Sq(Abstract):
    def __init__(self, s): self.s = s
    def area(self): return self.s ** 2
print([s.area() for s in [Sq(2), Sq(3)]])
try:
    Abstract().area()
except NotImplementedError as e:
    print("NotImplementedError", repr(e))
print(callable(Temp.valid), callable(Temp.from_f), Temp.valid.__name__, Temp.from_f.__name__, Temp.from_f.__qualname__)
