x = "outer"
print([x for x in range(3)], x)
print({k: v for k, v in zip("ab", range(2))}, {c for c in "hello"} == set("helo"), list(c * 2 for c in "ab"))
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([row[i] for i in range(3) for row in matrix], [[row[i] for row in matrix] for i in range(3)])
print([y for row in matrix for y in row if y % 2], [(a, b) for a in range(3) for b in range(a)])
class C:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]
    try:
        broken = [v * len(vals) for v in vals]
    except NameError as e:
        err = str(e)
print(C.doubled, C.err)
def f():
    n = 10
    return [n + i for i in range(3)], (lambda: [n * i for i in range(2)])()
print(f())
funcs = [lambda: i for i in range(3)]
print([g() for g in funcs])
gen = (i * i for i in range(5))
print(next(gen), list(gen))
print([i for i in range(10) if i % 2 if i % 3], [j for i in range(3) for j in range(i) if j])
print({(i, j) for i in range(2) for j in range(2)} == {(0, 0), (0, 1), (1, 0), (1, 1)})
nested = [[j for j in range(i)] for i in range(4)]
print(nested, sum(len(r) for r in nested))
print([(lambda v: v + 1)(v) for v in range(3)], [w := 5, w * 2])
data = {"a": [1, 2], "b": [3]}
print({k: sum(v) for k, v in data.items()}, [k for k in data if len(data[k]) > 1])
