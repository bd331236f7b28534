class N:
    def __init__(self, v): self.v = v
    def __repr__(self): return f"N({self.v})"
    def __add__(self, o):
        if isinstance(o, N): return N(self.v + o.v)
        if isinstance(o, int): return N(self.v + o)
        return NotImplemented
    def __radd__(self, o):
        print("radd called")
        return N(o + self.v)
    def __iadd__(self, o):
        self.v += o.v if isinstance(o, N) else o
        return self
    def __sub__(self, o): return N(self.v - o.v)
    def __mul__(self, o): return N(self.v * (o.v if isinstance(o, N) else o))
    def __truediv__(self, o): return N(self.v / o)
    def __floordiv__(self, o): return N(self.v // o)
    def __mod__(self, o): return N(self.v % o)
    def __pow__(self, o, mod=None): return N(pow(self.v, o, mod))
    def __matmul__(self, o): return "matmul"
    def __lshift__(self, o): return N(self.v << o)
    def __and__(self, o): return N(self.v & o)
    def __or__(self, o): return N(self.v | o)
    def __xor__(self, o): return N(self.v ^ o)
    def __neg__(self): return N(-self.v)
    def __pos__(self): return N(+self.v)
    def __abs__(self): return N(abs(self.v))
    def __invert__(self): return N(~self.v)
    def __eq__(self, o): return isinstance(o, N) and self.v == o.v
    def __lt__(self, o): return self.v < o.v
    def __le__(self, o): return self.v <= o.v
    def __hash__(self): return hash(self.v)
    def __index__(self): return self.v
    def __int__(self): return self.v
    def __float__(self): return float(self.v)
    def __round__(self, n=0): return N(round(self.v, n))
    def __divmod__(self, o): return ("divmod", self.v, o)
    def __rdivmod__(self, o): return ("rdivmod", o, self.v)
a, b = N(6), N(4)
print(a + b, a + 1, 1 + a, a - b, a * b, a * 2, a / 4, a // 4, a % 4, a ** 2, pow(a, 2, 5), a @ b, a << 2, a & 3, a | 1, a ^ 5)
print(-a, +a, abs(N(-3)), ~a, a == N(6), a != b, a < b, a > b, a <= b, a >= b, sorted([a, b, N(5)]), round(N(7)))
c = a; c += 1; print(c, a, c is a)
c += N(2); print(a)
print([1, 2, 3][N(1)], hex(N(255)), int(N(3)), float(N(2)), divmod(a, 3), divmod(3, a), range(N(3)))
print({N(1): "one"}[N(1)], N(1) in {N(1), N(2)}, len({N(1), N(1)}))
class Base:
    def __add__(self, o): return "Base.add"
    def __radd__(self, o): return "Base.radd"
class Derived(Base):
    def __radd__(self, o): return "Derived.radd"
print(Base() + Derived(), Derived() + Base(), 1 + Base())
class Cmp:
    def __init__(self, v): self.v = v
    def __eq__(self, o): print("eq", self.v); return NotImplemented
print(Cmp(1) == Cmp(2), Cmp(1) != Cmp(1))
x = Cmp(3); print(x == x)
try:
    N(1) < 5
except AttributeError as e:
    print("AttributeError", e)
try:
    print(object() < object())
except TypeError as e:
    print(e)
try:
    [] + ()
except TypeError as e:
    print(e)
try:
    "a" * "b"
except TypeError as e:
    print(e)
try:
    -"x"
except TypeError as e:
    print(e)
class OnlyEq:
    def __eq__(self, o): return True
try:
    hash(OnlyEq())
except TypeError as e:
    print(e)
print(OnlyEq() == 3, 3 == OnlyEq(), OnlyEq.__hash__)
l = [1]; l += (2, 3); l *= 2; print(l)
t = (1,); t += (2,); print(t)
s = {1}; s |= {2}; s &= {2, 3}; print(s)
d = {"a": 1}; d |= {"b": 2}; print(d)
