def gcd(a, b):
    while b:
        a, b = b, a % b
    return abs(a)
class Frac:
    __slots__ = ("n", "d")
    def __init__(self, n, d=1):
        if d == 0:
            raise ZeroDivisionError("Frac(%d, 0)" % n)
        g = gcd(n, d) or 1
        if d < 0: n, d = -n, -d
        self.n, self.d = n // g, d // g
    def __add__(self, o):
        o = o if isinstance(o, Frac) else Frac(o)
        return Frac(self.n * o.d + o.n * self.d, self.d * o.d)
    __radd__ = __add__
    def __sub__(self, o):
        o = o if isinstance(o, Frac) else Frac(o)
        return Frac(self.n * o.d - o.n * self.d, self.d * o.d)
    def __mul__(self, o):
        o = o if isinstance(o, Frac) else Frac(o)
        return Frac(self.n * o.n, self.d * o.d)
    __rmul__ = __mul__
    def __truediv__(self, o):
        o = o if isinstance(o, Frac) else Frac(o)
        return Frac(self.n * o.d, self.d * o.n)
    def __neg__(self): return Frac(-self.n, self.d)
    def __eq__(self, o):
        o = o if isinstance(o, Frac) else Frac(o)
        return self.n == o.n and self.d == o.d
    def __lt__(self, o): return self.n * o.d < o.n * self.d
    def __hash__(self): return hash((self.n, self.d))
    def __float__(self): return self.n / self.d
    def __repr__(self): return f"{self.n}/{self.d}" if self.d != 1 else f"{self.n}"
h = sum(Frac(1, k) for k in range(1, 21))
print(h, float(h), Frac(3, 6), Frac(-4, -8), Frac(2, -4), Frac(1, 3) + 1, 2 * Frac(1, 3), Frac(1, 2) / Frac(1, 4))
print(sorted([Frac(1, 2), Frac(1, 3), Frac(2, 3)]), Frac(2, 4) == Frac(1, 2), {Frac(1, 2), Frac(2, 4)}, -Frac(1, 5))
try:
    Frac(1, 0)
except ZeroDivisionError as e:
    print(e)
x = Frac(1)
for _ in range(30):
    x = 1 + 1 / x if False else Frac(1) + Frac(1) / x
print(x, float(x))
