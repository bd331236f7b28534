compose = lambda f, g: lambda x: f(g(x))
inc = lambda x: x + 1
dbl = lambda x: x * 2
print(compose(inc, dbl)(5), compose(dbl, inc)(5), (lambda: "noargs")(), (lambda *a: sum(a))(1, 2, 3))
print(list(map(lambda p: p[0] * p[1], [(1, 2), (3, 4)])), sorted([3, -1, 2], key=lambda v: abs(v)))
y = 5
add_y = lambda v, y=y: v + y
y = 100
print(add_y(1))
print((lambda x, /, y, *, z: (x, y, z))(1, y=2, z=3))
def apply(f, *args, **kwargs):
    return f(*args, **kwargs)
print(apply(max, 3, 9, 2), apply(sorted, [3, 1], reverse=True), apply(dict, a=1))
print(1 if True else 2, "yes" if [] else "no", (1, 2)[True], [10, 20][False])
print(not 0, not [], 1 and 2, 0 or "default", None or 0 or [] or "last", 1 and 0 and 2)
a = 5
print(0 < a < 10, 10 < a < 20, a == 5 != 6, 1 < 2 > 0, 3 >= 3 <= 4, a is not None, [] is not [])
print(type(lambda: 0).__name__, (lambda: 0).__code__.co_name, callable(lambda: 0))
chained = 1 < 2 < 3 < 4 > 2
print(chained, 2 in [1, 2] in [[1, 2]], (2 in [1, 2]) in [True])
