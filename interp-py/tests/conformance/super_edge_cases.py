class A:
    def f(self): return "A.f"
    @classmethod
    def c(cls): return f"A.c({cls.__name__})"
    @staticmethod
    def s(): return "A.s"
    @property
    def p(self): return "A.p"
class B(A):
    def f(self): return "B>" + super().f()
    @classmethod
    def c(cls): return "B>" + super().c()
    @staticmethod
    def s(): return "B>" + super(B, B).s()
    @property
    def p(self): return "B>" + super().p
b = B()
print(b.f(), B.c(), b.c(), B.s(), b.p)
sup = super(B, b)
print(type(sup).__name__, sup.f(), sup.__self__ is b, sup.__thisclass__ is B, sup.__self_class__ is B)
print(super(B, B).c(), super(A, b).__repr__ is not None)
try:
    super(B, 5)
except TypeError as e:
    print("TypeError:", e)
class C(B):
    def f(self):
        def inner():
            return super(C, self).f()
        return "C>" + inner()
print(C().f())
class D(A):
    def f(self):
        return [super().f() for _ in range(1)][0]
print(D().f())
class E(A):
    def f(self):
        g = lambda: super(E, self).f()
        return "E>" + g()
print(E().f())
class M(type):
    def __new__(mcls, name, bases, ns):
        cls = super().__new__(mcls, name, bases, ns)
        cls.created_by = mcls.__name__
        return cls
class WithMeta(metaclass=M):
    pass
print(WithMeta.created_by)
class Init:
    def __init__(self, *a, **k):
        super().__init__()
        self.args = a
print(Init(1, 2).args)
try:
    class BadInit:
        def __init__(self):
            super().__init__(1)
    BadInit()
except TypeError as e:
    print("TypeError:", e)
class NoArg:
    def m(self):
        del self
        return super().m()
try:
    NoArg().m()
except RuntimeError as e:
    print("RuntimeError:", e)
def outside():
    return super()
try:
    outside()
except RuntimeError as e:
    print("RuntimeError:", e)
