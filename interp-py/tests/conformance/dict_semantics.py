d = {"b": 1, "a": 2}
d["c"] = 3; d["b"] = 10; del d["a"]; d["a"] = 4
print(d, list(d), list(d.keys()), list(d.values()), list(d.items()), len(d), "a" in d, "z" not in d)
print(d.get("z"), d.get("z", 0), d.pop("c"), d.pop("zz", "dflt"), d.setdefault("n", []), d.setdefault("b", 99), d)
d.update({"x": 1}, y=2); d.update([("z", 3)]); print(d, d.popitem(), d)
print(dict(a=1, b=2), dict([(1, 2)]), dict.fromkeys("abc", 0), dict.fromkeys([1, 2]), {**d, "new": 1}, d | {"q": 0}, {1: 1} == {1: 1.0})
e = dict(d); e |= {"b": -1}; print(e, d == e, d != e, e.copy() == e)
print({1: "a", 1.0: "b", True: "c"}, {(1, 2): "t", frozenset({1}): "f"}, {None: 0}[None])
keys = d.keys(); vals = d.values(); items = d.items()
d["late"] = 1
print(keys, vals, items, len(keys), "late" in keys, ("late", 1) in items, keys & {"b", "q"}, sorted(keys | {"w"}), sorted(keys - {"b"}), sorted(keys ^ {"b", "k"}))
print(list(reversed(d)), list(reversed(d.values())), sorted(d, key=str), {k: v for k, v in zip("abc", range(3)) if v})
try:
    for k in d:
        d["boom"] = 1
except RuntimeError as e:
    print("RuntimeError:", e)
class Key:
    def __init__(self, v): self.v = v
    def __hash__(self): return hash(self.v) % 3
    def __eq__(self, o): return isinstance(o, Key) and self.v == o.v
    def __repr__(self): return f"K{self.v}"
kd = {Key(i): i for i in range(10)}
print(kd[Key(7)], Key(11) in kd, len(kd), list(kd)[:3])
class Missing(dict):
    def __missing__(self, k): return k * 2
m = Missing(a=1); print(m["a"], m["zz"], m.get("zz"), "zz" in m)
for bad in [lambda: {}["x"], lambda: {[]: 1}, lambda: {}.popitem(), lambda: dict(1), lambda: dict([1]), lambda: dict([(1, 2, 3)]), lambda: {1: 2} + {3: 4}, lambda: {}.pop("k")]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", repr(e))
big = {}
for i in range(5000):
    big[i] = i * i
for i in range(0, 5000, 2):
    del big[i]
print(len(big), sum(big.values()), list(big)[:5], big.get(4999))
