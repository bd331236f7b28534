print([(x, y) for x in range(3) for y in range(x)], [x for x in range(10) if x % 2 if x % 3], [[y for y in range(x)] for x in range(4)])
print({x: [y for y in range(x)] for x in range(3)}, {(x, y) for x in "ab" for y in "ab" if x != y} == {("a", "b"), ("b", "a")})
print(list(x * y for x in range(3) for y in range(3)), sum(x for x in range(5) for _ in range(2)), [i for i in (1, 2) for i in (i, i * 10)])
gen = (x for x in [1, 2, 3])
print(2 in gen, list(gen))
data = {"a": [1, 2], "b": [3]}
print([k + str(v) for k, vs in data.items() for v in vs], {v: k for k, vs in data.items() for v in vs})
print([x if x % 2 else -x for x in range(6)], [y for x in range(3) if (y := x * 10) > 0])
funcs = [lambda: x for x in range(3)]
print([f() for f in funcs])
outer = "outer"
print([outer for _ in range(2)], [[outer, inner] for inner in "ab"])
class C:
    items = [1, 2, 3]
    total = sum(x for x in items)
    doubled = [x * 2 for x in items]
print(C.total, C.doubled)
try:
    [undefined_var for _ in range(1)]
except NameError as e:
    print("NameError:", e)
def gen_closure():
    return [lambda: i * 2 for i in range(2)], (lambda: [i for i in range(3)])()
fs, lst = gen_closure(); print([f() for f in fs], lst)
print([c for c in "hello" if c not in "aeiou"], "".join(c.upper() for c in "abc"), {c: "hello".count(c) for c in "hello"})
nested = [[1, [2, 3]], [4, [5, 6]]]
print([b for a, (b, c) in nested], [a + b + c for a, (b, c) in nested])
it = iter(range(10))
print([next(it) for _ in range(3)], list(it)[:2])
print(sorted({x % 4 for x in range(20)}), max(x * x for x in range(-5, 3)), min((abs(x), x) for x in [-3, 2, -1]))
