d = {"one": 1, "two": 2, "three": 3}
print(d.get("one"), d.get("four", 4), d.setdefault("five", 5), d, len(d))
print(list(d.keys()), list(d.values()), list(d.items()), d.keys() == {"one", "two", "three", "five"})
print("one" in d, 1 in d.values(), ("two", 2) in d.items(), d.pop("five"), d.pop("missing", None))
d2 = d.copy(); d2["two"] = 22; print(d, d2)
d.update([("four", 4)]); d.update(six=6); d.update({"seven": 7}.items()); print(d)
print(d.popitem(), d.popitem(), d)
print(dict.fromkeys(["a", "b"], []), dict(zip(range(3), "abc")), dict({"a": 1}, b=2), {**d})
print(d == {"one": 1, "two": 2, "three": 3, "four": 4}, d != {}, {} == dict(), {1: 2} == {1.0: 2})
ks = d.keys(); vs = d.values(); its = d.items()
d["new"] = 0
print(ks, vs, its, len(ks), list(reversed(ks)))
print(ks & {"one", "x"}, ks | {"x"} >= {"x"}, ks - {"one"}, ks ^ {"one", "zz"} == {"two", "three", "four", "new", "zz"}, ks.isdisjoint({"q"}))
print(its & {("one", 1)}, sorted(its)[0], list(vs)[-1])
print(sorted(d), sorted(d, key=d.get), max(d, key=lambda k: d[k]), min(d.values()))
e = {}
for w in "the quick the lazy the end".split():
    e[w] = e.get(w, 0) + 1
print(e, sorted(e.items(), key=lambda kv: -kv[1]))
counts = {}
for ch in "mississippi":
    counts.setdefault(ch, []).append(1)
print({k: len(v) for k, v in counts.items()})
print(d | {"one": 100}, {"a": 1} | {"b": 2}, dict(sorted({"b": 1, "a": 2}.items())))
f = {1: "a"}; f |= {2: "b"}; print(f)
try:
    d["missing"]
except KeyError as ex:
    print("KeyError", ex, repr(ex), ex.args)
try:
    {}.popitem()
except KeyError as ex:
    print(ex)
try:
    dict([(1, 2, 3)])
except ValueError as ex:
    print(ex)
print(repr({}), repr({1: {2: {}}}), str({"a": [1]}), {(1, 2): None}, {None: None}, {1.5: 2}, {True: 1})
class Key:
    def __init__(self, k): self.k = k
    def __hash__(self): return hash(self.k)
    def __eq__(self, o): return isinstance(o, Key) and o.k == self.k
    def __repr__(self): return f"Key({self.k})"
kd = {Key(1): "a", Key(2): "b"}
print(kd[Key(1)], Key(3) in kd, kd, kd.get(Key(2)))
print(type({}.keys()).__name__, type({}.values()).__name__, type({}.items()).__name__, type(iter({})).__name__)
g = dict(a=1, b=2); del g["a"]; g["a"] = 3; print(list(g))
print({i: i for i in range(3)}.values(), list({1: 1, 2: 2}.items())[::-1])
