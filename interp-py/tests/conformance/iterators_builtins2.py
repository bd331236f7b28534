class Countdown:
    def __init__(self, n): self.n = n
    def __iter__(self): return self
    def __next__(self):
        if self.n <= 0: raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(4)), sum(Countdown(10)), max(Countdown(5)), sorted(Countdown(3)), list(zip(Countdown(3), "abc")))
it = Countdown(3)
print(next(it), list(it), list(it), next(it, None))
class Repeat:
    def __init__(self, v, times): self.v, self.times = v, times
    def __iter__(self):
        for _ in range(self.times): yield self.v
    def __len__(self): return self.times
r = Repeat("x", 3)
print(list(r), list(r), len(r), "".join(r), list(enumerate(r, 1)), list(reversed(list(r))))
print(list(map(lambda a, b, c: a + b + c, [1, 2], [10, 20], [100, 200, 300])), list(filter(str.isdigit, "a1b2c3")), list(zip(range(5), range(3), range(4))))
e = enumerate("abc")
print(next(e), list(e), list(enumerate([], 5)), list(enumerate("xy", start=-1)))
rit = reversed(range(5))
print(next(rit), list(rit), list(reversed(range(0, 20, 3))), list(reversed({"a": 1, "b": 2})), list(reversed({"a": 1}.items())))
it = iter(range(3))
print(it.__length_hint__() if hasattr(it, "__length_hint__") else "n/a", list(it), iter(it) is it)
print(list(iter([1, 2, 3].__iter__())), list(iter("ab")), list(iter((1,))), list(iter({3: 0, 1: 0})), sorted(iter({5, 1})))
sentinel_calls = iter([1, 2, 0, 3]).__next__
print(list(iter(sentinel_calls, 0)))
m = map(int, ["1", "2", "x"])
print(next(m), next(m))
try:
    next(m)
except ValueError as e:
    print("ValueError:", e)
z = zip([1, 2, 3], [4, 5, 6])
print(list(z), list(z))
print(list(zip(*[(1, "a"), (2, "b"), (3, "c")])), dict(zip("abc", range(3))), list(map(list, zip(*[[1, 2], [3, 4]]))))
try:
    zip([1], [2], strict=True)
    print(list(zip([1, 2], [3], strict=True)))
except ValueError as e:
    print("ValueError:", e)
class Getter:
    def __getitem__(self, i):
        if i > 2: raise IndexError(i)
        return i * 10
print(list(Getter()), 20 in Getter(), list(enumerate(Getter())), list(reversed([*Getter()])))
class NotIter: pass
for bad in [lambda: iter(NotIter()), lambda: next(NotIter()), lambda: list(5), lambda: [*None], lambda: dict(NotIter()), lambda: sum(NotIter())]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
gen = (i * i for i in range(4))
print(list(gen), sum(x for x in []), any(iter([])), all(iter([])), min(iter([3, 1, 2])), max(iter("zab")))
d = {"x": 1, "y": 2}
ki = iter(d)
d["z"] = 3
try:
    next(ki)
except RuntimeError as e:
    print("RuntimeError:", e)
li = [1, 2, 3]
out = []
for v in li:
    out.append(v)
    if v == 1:
        li.append(4)
print(out)
print(list(range(-5, 5, 3)), list(range(5, -5, -3)), range(3)[1:], len(range(-10, 10, 7)), list(range(0)), range(1, 7, 2).index(5))
print(sorted([("b", 2), ("a", 2), ("c", 1)], key=lambda t: t[1]), sorted(["a10", "a2", "a1"], key=lambda s: int(s[1:])), sorted([-3, 2, -1], key=abs, reverse=True))
