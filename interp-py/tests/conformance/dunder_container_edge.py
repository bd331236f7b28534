class Grid:
    def __init__(self, w, h): self.w, self.h, self.cells = w, h, {}
    def __getitem__(self, key):
        x, y = key
        if not (0 <= x < self.w and 0 <= y < self.h): raise IndexError(f"{key} out of bounds")
        return self.cells.get(key, ".")
    def __setitem__(self, key, v): self[key]; self.cells[key] = v
    def __delitem__(self, key): self.cells.pop(key, None)
    def __iter__(self):
        for y in range(self.h):
            for x in range(self.w): yield (x, y), self[x, y]
    def __len__(self): return self.w * self.h
    def __contains__(self, v): return v in self.cells.values()
    def __str__(self): return "\n".join("".join(self[x, y] for x in range(self.w)) for y in range(self.h))
g = Grid(4, 3)
g[0, 0] = "#"; g[3, 2] = "@"; g[1, 1] = "#"; del g[1, 1]
print(g); print(len(g), "@" in g, "#" in g, "%" in g, sum(1 for _, v in g if v != "."))
try:
    g[4, 0] = "x"
except IndexError as e:
    print("IndexError:", e)
class Default:
    def __init__(self): self.d = {}
    def __getitem__(self, k): return self.d.get(k, 0)
    def __setitem__(self, k, v): self.d[k] = v
c = Default()
for w in "a b a c b a".split(): c[w] += 1
print(c.d)
class LenOnly:
    def __len__(self): return 3
try:
    iter(LenOnly())
except TypeError as e:
    print("TypeError:", e)
class BadLen:
    def __len__(self): return "3"
try:
    len(BadLen())
except TypeError as e:
    print("TypeError:", e)
class HugeLen:
    def __len__(self): return 2 ** 70
try:
    len(HugeLen())
except OverflowError as e:
    print("OverflowError:", e)
class NegLen:
    def __len__(self): return -5
try:
    len(NegLen())
except ValueError as e:
    print("ValueError:", e)
class ContainsViaIter:
    def __iter__(self): return iter([1, 2, 3])
print(2 in ContainsViaIter(), 5 in ContainsViaIter(), 5 not in ContainsViaIter())
class NoContains: pass
try:
    1 in NoContains()
except TypeError as e:
    print("TypeError:", e)
class IdxErr:
    def __getitem__(self, i):
        if i < 3: return i
        raise IndexError
print(list(IdxErr()), 2 in IdxErr(), [*IdxErr()], sum(IdxErr()))
class ReversedOnly:
    def __len__(self): return 3
    def __getitem__(self, i):
        if i >= 3: raise IndexError
        return i * 10
print(list(reversed(ReversedOnly())), sorted(ReversedOnly(), reverse=True))
