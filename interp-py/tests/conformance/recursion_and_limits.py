import sys
print(sys.getrecursionlimit())
def depth(n): return 0 if n == 0 else 1 + depth(n - 1)
print(depth(900))
def infinite(n): return infinite(n + 1)
try:
    infinite(0)
except RecursionError as e:
    print("RecursionError:", e)
sys.setrecursionlimit(2000)
print(sys.getrecursionlimit(), depth(1800))
class Deep:
    def __repr__(self): return repr(self)
try:
    repr(Deep())
except RecursionError as e:
    print("RecursionError in repr:", e)
l = []
l.append(l)
print(l, str(l))
d = {}
d["self"] = d
print(d)
def mutual_a(n): return n if n <= 0 else mutual_b(n - 1)
def mutual_b(n): return mutual_a(n - 1)
print(mutual_a(1500))
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print("ValueError:", e)
def ackermann(m, n):
    if m == 0: return n + 1
    if n == 0: return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))
print(ackermann(2, 3), ackermann(2, 9))
def hanoi(n, a="A", b="B", c="C", moves=None):
    if moves is None: moves = []
    if n:
        hanoi(n - 1, a, c, b, moves)
        moves.append((a, c))
        hanoi(n - 1, b, a, c, moves)
    return moves
print(len(hanoi(8)), hanoi(3))
def perms(s):
    if len(s) <= 1: return [s]
    return [c + p for i, c in enumerate(s) for p in perms(s[:i] + s[i + 1:])]
print(perms("abcd")[:6], len(perms("abcde")))
def flatten(x): return [y for i in x for y in flatten(i)] if isinstance(x, list) else [x]
print(flatten([1, [2, [3, [4, [5]]]], 6]))
sys.setrecursionlimit(1000)
nested = []
cur = nested
for _ in range(1200):
    nxt = []
    cur.append(nxt)
    cur = nxt
try:
    print(len(repr(nested)))
except RecursionError as e:
    print("RecursionError:", e)
