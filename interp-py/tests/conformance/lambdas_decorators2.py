square = lambda x: x * x
print(square(7), (lambda: "no args")(), (lambda *a: len(a))(1, 2, 3), (lambda a, b=2, *, c=3: a + b + c)(1, c=10), square.__name__, square.__qualname__)
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "max": max}
print({k: f(7, 3) for k, f in ops.items()})
pairs = [(1, "one"), (3, "three"), (2, "two")]
print(sorted(pairs, key=lambda p: p[1]), min(pairs, key=lambda p: -p[0]), list(map(lambda p: p[1].upper(), pairs)))
def trace(fn):
    depth = [0]
    def wrapper(*args):
        print("  " * depth[0] + f"-> {fn.__name__}{args}")
        depth[0] += 1
        r = fn(*args)
        depth[0] -= 1
        print("  " * depth[0] + f"<- {r}")
        return r
    return wrapper
@trace
def fact(n): return 1 if n <= 1 else n * fact(n - 1)
fact(3)
def repeat(times):
    def deco(fn):
        def inner(*a, **k): return [fn(*a, **k) for _ in range(times)]
        return inner
    return deco
@repeat(3)
def hello(name): return f"hi {name}"
print(hello("bo"))
def count_calls(fn):
    def wrapper(*a, **k):
        wrapper.calls += 1
        return fn(*a, **k)
    wrapper.calls = 0
    return wrapper
@count_calls
def noop(): pass
for _ in range(4): noop()
print(noop.calls)
class Registry:
    def __init__(self): self.handlers = {}
    def on(self, event):
        def deco(fn):
            self.handlers.setdefault(event, []).append(fn)
            return fn
        return deco
    def fire(self, event, *a): return [h(*a) for h in self.handlers.get(event, [])]
reg = Registry()
@reg.on("greet")
def g1(n): return "hello " + n
@reg.on("greet")
def g2(n): return "hey " + n
print(reg.fire("greet", "x"), reg.fire("none"))
def validate(**types):
    def deco(fn):
        def wrapper(**kw):
            for k, t in types.items():
                if not isinstance(kw.get(k), t):
                    raise TypeError(f"{k} must be {t.__name__}")
            return fn(**kw)
        return wrapper
    return deco
@validate(a=int, b=str)
def combine(a, b): return b * a
print(combine(a=2, b="ab"))
try:
    combine(a="2", b="ab")
except TypeError as e:
    print("TypeError:", e)
class cached_property:
    def __init__(self, fn): self.fn = fn; self.name = fn.__name__
    def __get__(self, obj, cls):
        if obj is None: return self
        v = obj.__dict__[self.name] = self.fn(obj)
        return v
class Data:
    @cached_property
    def total(self):
        print("computing total")
        return 42
d = Data(); print(d.total, d.total, type(Data.total).__name__)
def deco_class(cls):
    cls.tag = "decorated"
    return cls
@deco_class
class T: pass
print(T.tag)
stack = [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in stack], (lambda x: (lambda y: x * y))(3)(4), list(filter(lambda v: v % 3 == 0, range(10))))
print((lambda: (yield 1))().__next__() if False else "lambda gen skipped", (lambda x: [x for x in range(x)])(3))
