d = dict.fromkeys("dbca", 0)
d.update({"e": 5, "a": 1})
print(d, list(d.items())[:2], sorted(d.items(), key=lambda kv: kv[0]))
d.pop("b"); d["b"] = 9
print(list(d), next(iter(d)), next(reversed(d)), list(d.values()))
ks = d.keys()
print(ks == {"a", "b", "c", "d", "e"}, ks >= {"a"}, ks.isdisjoint(["z"]), len(ks), "e" in ks, list(ks & {"a", "e"}) == list({"a", "e"} & set(ks)) or True)
it = d.items()
print(("a", 1) in it, ("a", 2) in it, it == dict(d).items(), isinstance(it, type({}.items())))
inv = {v: k for k, v in d.items()}; print(inv)
counts = {}
for w in "the cat and the hat and the bat".split():
    counts[w] = counts.get(w, 0) + 1
print(counts, max(counts, key=counts.get), sorted(counts, key=lambda w: (-counts[w], w)))
nested = {}
for path, val in [("a.b.c", 1), ("a.b.d", 2), ("a.e", 3), ("f", 4)]:
    cur = nested
    *parts, leaf = path.split(".")
    for p in parts:
        cur = cur.setdefault(p, {})
    cur[leaf] = val
print(nested)
def deep_get(d, path, default=None):
    for p in path.split("."):
        if not isinstance(d, dict) or p not in d: return default
        d = d[p]
    return d
print(deep_get(nested, "a.b.d"), deep_get(nested, "a.x"), deep_get(nested, "f.g", "dflt"))
merged = {**{"x": 1, "y": 2}, **{"y": 3, "z": 4}}
print(merged, {"x": 1} | {"x": 2}, dict(sorted(merged.items(), reverse=True)))
od = {}
od[3] = "c"; od[1] = "a"; od[2] = "b"; del od[3]; od[3] = "c2"
print(od, list(od.keys()), od == {1: "a", 2: "b", 3: "c2"}, list(od.items()) == [(1, "a"), (2, "b"), (3, "c2")])
grid = {(x, y): x * y for x in range(3) for y in range(3)}
print(grid[(2, 2)], len(grid), [k for k, v in grid.items() if v == 2], sum(grid.values()))
big = {str(i): i for i in range(1000)}
for i in range(0, 1000, 3): del big[str(i)]
print(len(big), list(big)[:4], big["998"], "999" in big, sum(big.values()))
d2 = {1: "int", 1.0: "float?", True: "bool?"}
print(d2, len(d2), {0: "a", False: "b", 0.0: "c"})
class K:
    def __init__(self, n): self.n = n
    def __hash__(self): return 1
    def __eq__(self, o): return self.n == o.n
    def __repr__(self): return f"K{self.n}"
kd = {K(i): i for i in range(6)}
print(kd, kd[K(4)], K(9) in kd)
del kd[K(2)]; print(list(kd), kd.get(K(2), "deleted"))
print(dict(a=1).copy(), {}.fromkeys(range(3), []), dict.fromkeys([]), dict(zip(range(3), "abc")), dict([("k", "v")], k2="v2"))
