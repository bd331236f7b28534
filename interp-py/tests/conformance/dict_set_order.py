s = {5, 3, 9, 1, 7, 100, 33, 64, 128, 256, 1000, -1, -5}
print(s)
print({3, 1, 2}, {10, 20, 30, 40, 50}, set(range(20, 0, -3)), {-1, -2, -3}, {1.5, 2.5, 0.5}, {(1, 2), (3, 4), (0, 0)})
print({True, 2, 3.0}, {0, 8, 16, 24, 32, 40}, frozenset({7, 3, 11}), set("a") | {1})
s = set()
for i in [17, 4, 99, 42, 8, 23, 16, 15, 1000, 12345]:
    s.add(i)
print(s)
s.discard(99); s.discard(42); s.add(7); print(s, list(s))
big = set(range(0, 200, 7)); print(big)
print(sorted(big)[:5], len(big), 14 in big)
d = {}
for k in ["b", "a", "c"]:
    d[k] = len(d)
del d["a"]; d["a"] = 9; d["d"] = 1
print(d, list(d), list(d.values()), list(d.items()))
print(d.keys() & {"a", "z"}, d.keys() | {"e"} == {"a", "b", "c", "d", "e"}, d.keys() - {"b"} == {"a", "c", "d"}, "a" in d.keys(), len(d.items()))
print(list(reversed(d)), list(reversed(d.values())), list(reversed(d.items()))[0])
keys = d.keys(); d["new"] = 0; print(keys, len(keys))
e = dict.fromkeys(range(10)); print(e)
print({i: i * i for i in range(10) if i % 3}, dict(zip("abc", range(3))), {**{"x": 1}, "y": 2})
f = {1: "a", 1.0: "b", True: "c"}; print(f)
try:
    {}[[]] = 1
except TypeError as ex:
    print(ex)
try:
    d = {1: 2}
    for k in d:
        d[k + 1] = 0
except RuntimeError as ex:
    print(ex)
try:
    s = {1, 2}
    for x in s:
        s.add(x + 10)
except RuntimeError as ex:
    print(ex)
print(frozenset([3, 2, 1]) | frozenset([9]), {1, 2, 3} ^ {3, 4}, {x for x in range(30) if x % 4 == 0})
m = {(1, 2): "t", None: "n", 3.5: "f", -1: "neg"}; print(m, m[(1, 2)], m[None])
print(sorted({"b": 1, "a": 2}.items(), key=lambda kv: kv[1]), max({"x": 3, "y": 5}, key=lambda k: {"x": 3, "y": 5}[k]))
dd = {"a": 1}
print(dd.get("a"), dd.setdefault("b", []), dd, dd.pop("zz", "dflt"), dd.popitem(), dd)
try:
    dd.pop("missing")
except KeyError as ex:
    print("KeyError", ex)
print(set([3, 3, 3]), set(), {1, 2} == {2, 1}, {1, 2}.issubset([1, 2, 3]), {1, 2, 3}.issuperset({1}), {5, 6}.symmetric_difference([6, 7]))
s2 = {1, 2, 3}; s2.update([4], (5,)); s2.intersection_update({1, 2, 3, 4, 9}); s2.difference_update([1]); print(s2, s2.pop(), s2, s2.copy())
