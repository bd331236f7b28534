class Countdown:
    def __init__(self, n): self.n = n
    def __iter__(self):
        n = self.n
        while n > 0:
            yield n
            n -= 1
print(list(Countdown(3)), sorted(Countdown(4)), 2 in Countdown(3), max(Countdown(5)), tuple(Countdown(2)))
class Seq:
    def __getitem__(self, i):
        if i >= 4: raise IndexError
        return i * 10
print(list(Seq()), 20 in Seq(), list(reversed([1, 2])), [x for x in Seq()])
class Sized:
    def __len__(self): return 3
    def __getitem__(self, i):
        if i >= 3: raise IndexError(i)
        return chr(97 + i)
print(len(Sized()), list(reversed(Sized())), bool(Sized()))
it = iter([1, 2, 3])
print(iter(it) is it, next(it), list(zip(it, it)))
d = {"a": 1, "b": 2}
ki = iter(d); print(next(ki), list(ki))
print(list(enumerate(iter("xyz"))), dict(enumerate("ab")), list(zip(*[(1, "a"), (2, "b")])))
print(list(map(pow, [2, 3], [3, 2])), list(filter(str.isdigit, "a1b2")), sum(map(len, ["ab", "c"])))
r = range(10)
print(r[2:5], list(r[::-3]), r.start, r.stop, r.step, len(r), 5 in r, r.index(7), list(iter(r))[:3], reversed(r).__class__.__name__)
z = zip([1, 2], [3, 4], strict=True); print(list(z))
try:
    list(zip([1], [1, 2], strict=True))
except ValueError as e:
    print(e)
class Infinite:
    def __init__(self): self.i = 0
    def __iter__(self): return self
    def __next__(self):
        self.i += 1
        return self.i
inf = Infinite()
print([next(inf) for _ in range(3)], next(x for x in inf if x > 10))
a, b, c = iter([1, 2, 3]); print(a + b + c)
print(list(iter([]).__iter__()), iter(range(3)).__length_hint__() if hasattr(iter(range(3)), "__length_hint__") else 3)
try:
    iter(42)
except TypeError as e:
    print(e)
try:
    next([1])
except TypeError as e:
    print(e)
class BadIter:
    def __iter__(self): return 42
try:
    iter(BadIter())
except TypeError as e:
    print(e)
s = iter("ab"); print(list(s), list(s))
print(sorted(set([3, 1, 2])), list(dict.fromkeys([3, 1, 3, 2])), any(x > 2 for x in [1, 5]), all(x for x in []))
