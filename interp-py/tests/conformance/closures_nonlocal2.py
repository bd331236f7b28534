def make_counter(start=0):
    count = start
    def inc(by=1):
        nonlocal count
        count += by
        return count
    def get(): return count
    return inc, get
inc, get = make_counter(10)
inc(); inc(5); print(get(), inc.__closure__[0].cell_contents, inc.__code__.co_freevars, get.__code__.co_freevars)
def outer():
    x = 1
    def mid():
        def inner():
            nonlocal x
            x += 10
            return x
        return inner
    f = mid()
    f(); f()
    return x
print(outer())
g_total = 0
def add_global(v):
    global g_total
    g_total += v
    return g_total
add_global(3); add_global(4); print(g_total)
def late_binding():
    fs = []
    for i in range(3):
        def f(): return i
        fs.append(f)
    i = 99
    return [f() for f in fs]
print(late_binding())
def shadow():
    x = "local"
    def show(): return x
    x = "rebound"
    return show()
print(shadow())
def unbound():
    def inner(): return y
    try:
        inner()
    except NameError as e:
        print("NameError:", e)
    y = 1
    return inner()
print(unbound())
def local_before_assign():
    try:
        print(z)
        z = 1
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
local_before_assign()
z = "global z"
def reads_global(): return z
print(reads_global())
def deleter():
    v = 1
    del v
    try:
        v
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
deleter()
def counter_gen():
    n = 0
    def bump():
        nonlocal n
        n += 1
        return n
    while n < 3:
        yield bump()
print(list(counter_gen()))
class Acc:
    total = 0
    def add(self, v):
        Acc.total += v
        return lambda: Acc.total
a = Acc(); f = a.add(5); a.add(6); print(f(), Acc.total)
def make_adders(): return [lambda x, n=n: x + n for n in range(3)]
print([f(10) for f in make_adders()])
def compose(*fs):
    def run(x):
        for fn in reversed(fs):
            x = fn(x)
        return x
    return run
print(compose(str, lambda v: v * 2, abs)(-21), compose()(5))
def memo(fn):
    cache = {}
    def wrapper(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    wrapper.cache = cache
    return wrapper
@memo
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), len(fib.cache))
def cell_demo():
    a = 1
    def r(): return a
    return r.__closure__[0]
c = cell_demo(); print(type(c).__name__, c.cell_contents)
x = 0
def nested_global():
    def inner():
        global x
        x = 42
    inner()
nested_global(); print(x)
