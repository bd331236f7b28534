def trace(f):
    def wrapper(*args, **kwargs):
        print(f"call {f.__name__}{args}")
        r = f(*args, **kwargs)
        print(f"ret {r}")
        return r
    wrapper.__name__ = f.__name__
    wrapper.__wrapped__ = f
    return wrapper
@trace
def add(a, b):
    return a + b
add(2, 3)
print(add.__name__, add.__wrapped__(1, 1))
def repeat(n):
    def deco(f):
        def inner(*a):
            return [f(*a) for _ in range(n)]
        return inner
    return deco
@repeat(3)
def hello(name):
    return "hi " + name
print(hello("bob"))
def register(registry):
    def deco(cls):
        registry[cls.__name__] = cls
        return cls
    return deco
reg = {}
@register(reg)
class Plugin:
    pass
@register(reg)
class Other:
    pass
print(sorted(reg))
def memo(f):
    cache = {}
    def inner(n):
        if n not in cache:
            cache[n] = f(n)
        return cache[n]
    inner.cache = cache
    return inner
@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), len(fib.cache))
class CountCalls:
    def __init__(self, f):
        self.f = f
        self.calls = 0
    def __call__(self, *a):
        self.calls += 1
        return self.f(*a)
@CountCalls
def sq(x):
    return x * x
print(sq(3), sq(4), sq.calls)
def method_deco(m):
    def w(self, *a):
        return "decorated " + m(self, *a)
    return w
class K:
    @method_deco
    def greet(self, who):
        return "hello " + who
    @staticmethod
    @trace
    def st(x):
        return x
    @classmethod
    def cm(cls):
        return cls.__name__
print(K().greet("x"), K.st(5), K.cm())
def stacked_a(f): return lambda: "a(" + f() + ")"
def stacked_b(f): return lambda: "b(" + f() + ")"
@stacked_a
@stacked_b
def base(): return "base"
print(base())
