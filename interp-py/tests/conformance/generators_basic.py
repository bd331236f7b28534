def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "done"
print(list(countdown(5)))
g = countdown(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("stop", e.value)
def echo():
    received = yield "ready"
    while True:
        received = yield f"got {received}"
e = echo(); print(next(e), e.send(1), e.send("x"))
def delegate():
    r = yield from countdown(3)
    yield r
print(list(delegate()))
def thrower():
    try:
        yield 1
    except ValueError as ex:
        yield f"caught {ex}"
t = thrower(); print(next(t), t.throw(ValueError("boom")))
def closer():
    try:
        yield 1
        yield 2
    finally:
        print("closed")
c = closer(); next(c); c.close()
gen_exp = (x * x for x in range(5))
print(sum(gen_exp), list(x for x in "ab"), max(len(w) for w in ["a", "abc"]))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(15)])
def pipeline():
    nums = (i for i in range(20))
    evens = (n for n in nums if n % 2 == 0)
    squares = (n * n for n in evens)
    return list(squares)
print(pipeline())
print(g.gi_running if hasattr(g, "gi_running") else None, type(countdown(1)).__name__)
it = iter([1, 2, 3]); print(next(it), list(it), next(it, "default"))
class Squares:
    def __init__(self, n): self.i, self.n = 0, n
    def __iter__(self): return self
    def __next__(self):
        if self.i >= self.n: raise StopIteration
        self.i += 1
        return self.i ** 2
print(list(Squares(4)), sum(Squares(3)))
