first, *middle, last = [1, 2, 3, 4, 5]
print(first, middle, last)
*init, tail = "hello"; print(init, tail)
head, *rest = range(1); print(head, rest)
(a, b), *c = [(1, 2), 3, 4]; print(a, b, c)
[x, [y, *z]] = [1, [2, 3, 4]]; print(x, y, z)
for i, (j, *k) in enumerate([(1, 2, 3), (4,)]): print(i, j, k)
d = {"a": 1, "b": 2}
k1, k2 = d; print(k1, k2)
(v1, v2), = [d.values()]; print(v1, v2)
print(*[1, 2], *"ab", sep="-")
print([*range(3), *{4: 0}, *(5,)], (*"xy",), {*"aab"} == {"a", "b"}, {**d, "c": 3, **{"a": 0}})
def f(*args, **kw): return args, kw
print(f(*[1, 2], 3, *(), **d, e=5), f(**{}), f(*"ab", **{"z": 1}))
for bad in ["a, b = [1]", "a, b = [1, 2, 3]", "a, *b, c = [1]", "a, b = 5", "(a, b), c = [1, 2]"]:
    try:
        exec(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
data = [5, 0, 12, 7, 0, 3]
if (n := len(data)) > 4: print("long", n)
print([y for x in data if (y := x * 2) > 5], y)
while (item := data.pop()) != 0: print("popped", item)
print(data)
def gen():
    yield (total := 10)
    yield total + 1
print(list(gen()))
print((w := 3) + w, [w := w + 1 for _ in range(2)], w)
