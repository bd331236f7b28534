x = "global"
print([x for x in range(3)], x)
print({k: v for k, v in [("a", 1)]}, {i % 3 for i in range(10)}, list(i * 2 for i in range(4)))
class K:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]
    try:
        bad = [v * len(vals) for v in range(2)]
    except NameError as e:
        err = str(e)
print(K.doubled, K.err)
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])
matrix = [[i * 3 + j for j in range(3)] for i in range(3)]
print(matrix, [row[i] for i, row in enumerate(matrix)], [v for row in matrix for v in row if v % 2], list(zip(*matrix)))
print([(a, b) for a in range(3) for b in range(a)], [[c for c in w] for w in ["ab", "c"]])
def gen_scope():
    n = 10
    return [n + i for i in range(3)], (lambda: [n * j for j in range(2)])()
print(gen_scope())
print([y := 5, y ** 2], y)
total = 0
print([total := total + v for v in range(5)], total)
def outer():
    data = [3, 1, 2]
    return sorted(v for v in data), max((v for v in data), default=None), min((), default="empty")
print(outer())
g = (i for i in range(3))
print(next(g), list(g))
try:
    [z for z in range(2)]
    print(z)
except NameError as e:
    print("NameError:", e)
nested = {k: [v for v in range(k)] for k in range(4)}
print(nested, {frozenset({1, 2}): "fs"}, sorted({(i, -i) for i in range(3)}))
it = iter([1, 2, 3, 4, 5, 6])
print([(a, b) for a, b in zip(it, it)])
print([*range(3), *"ab"], {*range(2), 5}, {**{"a": 1}, "b": 2}, (*[1], 2))
