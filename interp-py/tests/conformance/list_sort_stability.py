records = [("bob", 25, "nyc"), ("alice", 30, "sf"), ("carol", 25, "la"), ("dave", 30, "nyc"), ("eve", 22, "sf"), ("frank", 25, "sf")]
by_age = sorted(records, key=lambda r: r[1])
print([r[0] for r in by_age])
by_city_then_age = sorted(sorted(records, key=lambda r: r[1]), key=lambda r: r[2])
print([(r[2], r[1], r[0]) for r in by_city_then_age])
print([r[0] for r in sorted(records, key=lambda r: (-r[1], r[0]))])
print([r[0] for r in sorted(records, key=lambda r: r[1], reverse=True)])
data = [5, 2, 9, 1, 5, 6]
data.sort(); print(data)
data.sort(key=lambda v: -v); print(data)
data.sort(reverse=True, key=lambda v: v % 3); print(data)
words = ["banana", "Apple", "cherry", "apple", "Banana", "date"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len), sorted(words, key=lambda w: (len(w), w.lower())))
class Item:
    def __init__(self, n, p): self.n, self.p = n, p
    def __repr__(self): return f"{self.n}:{self.p}"
    def __lt__(self, o): return self.p < o.p
items = [Item("a", 3), Item("b", 1), Item("c", 3), Item("d", 2)]
print(sorted(items), sorted(items, reverse=True), min(items), max(items))
big = [(i * 7919) % 1000 for i in range(300)]
s1 = sorted(big)
print(s1[:5], s1[-5:], s1 == sorted(big, reverse=True)[::-1], len(set(big)))
pairs = [(v % 10, i) for i, v in enumerate(big[:50])]
sp = sorted(pairs, key=lambda p: p[0])
print(all(sp[i][1] < sp[i + 1][1] for i in range(len(sp) - 1) if sp[i][0] == sp[i + 1][0]))
lst = [3, 1, 2]
def bad_key(v):
    lst.append(v)
    return v
try:
    lst.sort(key=bad_key)
except ValueError as e:
    print("ValueError:", e)
try:
    sorted([1, None, 2])
except TypeError as e:
    print("TypeError:", e)
try:
    [3, 1].sort(key=lambda v: 1 / (v - 1))
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(sorted("hello world"), sorted({3: "c", 1: "a"}.items()), sorted([[2, 1], [1, 2], [1]]), sorted([0.5, -1, 3, True]))
nan = float("nan")
print(sorted([3, 1, 2]), sorted([], key=len), sorted([1], reverse=True), list(reversed(sorted(range(5)))))
