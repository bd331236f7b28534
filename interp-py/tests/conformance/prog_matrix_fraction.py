def gcd(a, b):
    while b: a, b = b, a % b
    return abs(a)
class Frac:
    __slots__ = ("n", "d")
    def __init__(self, n, d=1):
        if d == 0: raise ZeroDivisionError("Frac(%d, 0)" % n)
        if d < 0: n, d = -n, -d
        g = gcd(n, d) or 1
        self.n, self.d = n // g, d // g
    def __add__(self, o): o = o if isinstance(o, Frac) else Frac(o); return Frac(self.n * o.d + o.n * self.d, self.d * o.d)
    __radd__ = __add__
    def __sub__(self, o): o = o if isinstance(o, Frac) else Frac(o); return Frac(self.n * o.d - o.n * self.d, self.d * o.d)
    def __mul__(self, o): o = o if isinstance(o, Frac) else Frac(o); return Frac(self.n * o.n, self.d * o.d)
    __rmul__ = __mul__
    def __truediv__(self, o): o = o if isinstance(o, Frac) else Frac(o); return Frac(self.n * o.d, self.d * o.n)
    def __neg__(self): return Frac(-self.n, self.d)
    def __eq__(self, o): o = o if isinstance(o, Frac) else Frac(o); return (self.n, self.d) == (o.n, o.d)
    def __hash__(self): return hash((self.n, self.d))
    def __repr__(self): return f"{self.n}" if self.d == 1 else f"{self.n}/{self.d}"
def det(m):
    m = [[Frac(v) if not isinstance(v, Frac) else v for v in row] for row in m]
    n, sign, result = len(m), 1, Frac(1)
    for c in range(n):
        p = next((r for r in range(c, n) if m[r][c] != 0), None)
        if p is None: return Frac(0)
        if p != c: m[c], m[p] = m[p], m[c]; sign = -sign
        result = result * m[c][c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            m[r] = [a - f * b for a, b in zip(m[r], m[c])]
    return result * sign
def inverse(m):
    n = len(m)
    aug = [[Frac(v) for v in row] + [Frac(int(i == j)) for j in range(n)] for i, row in enumerate(m)]
    for c in range(n):
        p = next(r for r in range(c, n) if aug[r][c] != 0)
        aug[c], aug[p] = aug[p], aug[c]
        pv = aug[c][c]
        aug[c] = [v / pv for v in aug[c]]
        for r in range(n):
            if r != c:
                f = aug[r][c]
                aug[r] = [a - f * b for a, b in zip(aug[r], aug[c])]
    return [row[n:] for row in aug]
A = [[2, -1, 0], [-1, 2, -1], [0, -1, 2]]
print(det(A), det([[1, 2], [2, 4]]), det([[0, 1], [1, 0]]), det([[3]]))
inv = inverse(A)
print(inv)
prod = [[sum((Frac(A[i][k]) * inv[k][j] for k in range(3)), Frac(0)) for j in range(3)] for i in range(3)]
print(prod, all(prod[i][j] == int(i == j) for i in range(3) for j in range(3)))
h = [[Frac(1, i + j + 1) for j in range(4)] for i in range(4)]
print(det(h), inverse([[1, 2], [3, 4]]))
s = Frac(0)
for k in range(1, 30): s = s + Frac(1, k * (k + 1))
print(s, Frac(3, -6), Frac(0, 5), Frac(10, 4) * 2, 1 + Frac(1, 2), {Frac(1, 2), Frac(2, 4)})
try:
    Frac(1, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
