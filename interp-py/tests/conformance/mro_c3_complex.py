class O: pass
class A(O): pass
class B(O): pass
class C(O): pass
class D(O): pass
class E(O): pass
class K1(A, B, C): pass
class K2(D, B, E): pass
class K3(D, A): pass
class Z(K1, K2, K3): pass
print([c.__name__ for c in Z.__mro__])
class X: 
    def who(self): return ["X"]
class Y(X):
    def who(self): return ["Y"] + super().who()
class W(X):
    def who(self): return ["W"] + super().who()
class V(Y, W):
    def who(self): return ["V"] + super().who()
print(V().who(), [c.__name__ for c in V.mro()])
for bases in [(A, O), (K1, A), (Y, X, W)]:
    try:
        type("Bad", bases, {})
        print("ok", [b.__name__ for b in bases])
    except TypeError as e:
        print("TypeError:", e)
class P1:
    def __init__(self): print("P1"); super().__init__()
class P2:
    def __init__(self): print("P2"); super().__init__()
class P3(P1, P2):
    def __init__(self): print("P3"); super().__init__()
P3()
print(issubclass(Z, O), issubclass(Z, K3), Z.__bases__ == (K1, K2, K3), O.__subclasses__()[:3] == [A, B, C])
class Base:
    def m(self): return "Base"
class Left(Base): pass
class Right(Base):
    def m(self): return "Right"
class Bottom(Left, Right): pass
print(Bottom().m(), super(Left, Bottom()).m(), super(Right, Bottom()).m())
class Meta(type):
    def mro(cls):
        order = super().mro()
        print("custom mro for", cls.__name__)
        return order
class Q(metaclass=Meta): pass
print([c.__name__ for c in Q.__mro__])
try:
    class R(int, str): pass
except TypeError as e:
    print("TypeError:", e)
