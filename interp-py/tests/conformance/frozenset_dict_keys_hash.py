fs = frozenset([3, 1, 2])
print(fs, hash(fs) == hash(frozenset({1, 2, 3})), fs | {4}, fs & {1, 9}, fs - {1}, fs ^ {3, 5}, type(fs | {4}).__name__, frozenset() == set())
d = {fs: "set-key", (1, (2, 3)): "tuple-key", 3.5: "float", -0.0: "negzero", None: "none"}
print(d[frozenset({1, 2, 3})], d[(1, (2, 3))], d[0.0], d[3.5], len(d))
print({frozenset({1}), frozenset({1}), frozenset()}, frozenset({frozenset({1})}), frozenset("aa") == frozenset("a"))
nested = {frozenset({1, 2}): {frozenset({3}): "deep"}}
print(nested[frozenset({2, 1})][frozenset({3})])
try:
    {{1}: 2}
except TypeError as e:
    print("TypeError:", e)
try:
    {(1, [2]): 3}
except TypeError as e:
    print("TypeError:", e)
print(hash((1, 2)) == hash((1, 2)), hash((1, (2, 3))) == hash((1, (2, 3))), hash(frozenset()) == hash(frozenset([])))
print(frozenset(range(10)) <= frozenset(range(20)), frozenset({1}).issubset([1, 2]), frozenset([1, 2]).union([3], {4}), frozenset.fromkeys if hasattr(frozenset, "fromkeys") else "no fromkeys")
s = set()
s.add(frozenset({1})); s.add(frozenset({1})); s.add((1, 2)); s.add((1, 2)); print(len(s))
print(sorted(frozenset({5, 3, 8})), sum(frozenset({1, 2, 3})), max(frozenset({1, 9})), 2 in fs, frozenset(fs) is fs, fs.copy() is fs)
