def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)
print(f(1, c=3))
print(f(1, 5, 6, 7, c=3, e=8))
print(f(*[1, 2, 3], **{"c": 9, "z": 0}))
def g(a, b, /, c, *, d):
    return a + b + c + d
print(g(1, 2, 3, d=4), g(1, 2, c=3, d=4))
def defaults(x=[]):
    x.append(1)
    return x
print(defaults(), defaults(), defaults([0]))
lam = lambda x, y=10: x * y
print(lam(3), lam(3, 3), (lambda *a, **k: (a, k))(1, 2, k=3))
def outer():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
c = outer(); c(); c()
print(c(), outer()())
def make_adders():
    return [lambda x, i=i: x + i for i in range(3)]
print([a(10) for a in make_adders()])
def kwonly(*, key):
    return key
print(kwonly(key="k"))
print(f.__name__, f.__defaults__, f.__kwdefaults__, f.__code__.co_argcount, f.__code__.co_varnames[:3], lam.__name__)
def annotated(x: int, y: "str" = "s") -> list:
    "Docstring here."
    return [x, y]
print(annotated.__annotations__, annotated.__doc__, annotated(1))
def rec(n):
    return 1 if n <= 1 else n * rec(n - 1)
print(rec(30))
def gen_args(*args):
    return len(args), args
print(gen_args(), gen_args(*range(5)), gen_args(*"ab", *[1]))
x = 10
def read_global():
    return x
def write_global():
    global x
    x = 20
write_global(); print(read_global())
def closure_cells():
    a = 1
    def inner():
        return a
    a = 2
    return inner
print(closure_cells()(), closure_cells().__closure__[0].cell_contents)
print(max(range(5), key=lambda v: -v), sorted([(1, "b"), (1, "a"), (0, "z")]), sorted(["bb", "a", "ccc"], key=len, reverse=True))
def star_kw(**kw):
    return sorted(kw.items())
print(star_kw(a=1, **{"b": 2}), dict(**{"x": 1}, y=2))
