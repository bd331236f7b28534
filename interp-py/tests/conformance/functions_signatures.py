def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))
print(f(1, c=3), f(1, 2, 3, 4, c=5, e=6), f(*[1, 2], **{"c": 3, "z": 0}), f(a=1, c=2))
def pos_only(a, b, /, c, *, d): return (a, b, c, d)
print(pos_only(1, 2, 3, d=4), pos_only(1, 2, c=3, d=4))
def defaults_mutable(x, acc=[]):
    acc.append(x)
    return acc
print(defaults_mutable(1), defaults_mutable(2), defaults_mutable(3, []))
print(f.__name__, f.__defaults__, f.__kwdefaults__, f.__code__.co_argcount, f.__code__.co_kwonlyargcount, f.__code__.co_varnames[:6], f.__code__.co_posonlyargcount, pos_only.__code__.co_posonlyargcount)
def annotated(x: int, y: "str" = "s") -> bool: return True
print(annotated.__annotations__, annotated.__doc__, annotated.__module__, annotated.__qualname__)
def documented():
    """Docstring here."""
print(documented.__doc__, documented(), (lambda: None).__name__)
def kwonly_only(*, key): return key
print(kwonly_only(key="k"))
def star_only(*args): return args
print(star_only(), star_only(1, *range(3), *"ab"))
def kw_collect(**kw): return kw
print(kw_collect(**{"a": 1}, b=2, **{"c": 3}))
f.custom = "attr"; print(f.custom, f.__dict__)
def rec(n): return 1 if n <= 1 else n * rec(n - 1)
print(rec(20), rec(30))
print((lambda *a, **k: (a, k))(1, x=2), (lambda x, /, y=3: x + y)(1), (lambda: (yield))().__class__.__name__)
def gen_default(n=len("abc")): return n
print(gen_default())
import sys
def introspect():
    frame = sys._getframe()
    return frame.f_code.co_name, frame.f_back.f_code.co_name
print(introspect())
def returns_multiple(): return 1, [2], {3: 4}
a, b, c = returns_multiple(); print(a, b, c)
def no_return(): pass
print(no_return(), callable(no_return), no_return.__class__.__name__)
def chained(x): return lambda y: lambda z: x + y + z
print(chained(1)(2)(3))
def decorate(tag):
    def deco(fn):
        def wrapper(*a, **k):
            return f"<{tag}>{fn(*a, **k)}</{tag}>"
        wrapper.__name__ = fn.__name__
        wrapper.__wrapped__ = fn
        return wrapper
    return deco
@decorate("b")
@decorate("i")
def hello(name): return f"hi {name}"
print(hello("x"), hello.__name__, hello.__wrapped__.__name__)
class WithCall:
    def method(self, a, *, b=1): return (a, b)
m = WithCall().method
print(m(1), m(2, b=3), m.__name__, m.__func__.__defaults__, m.__func__.__kwdefaults__)
def many(a, b, c, d, e, f, g, h): return a + b + c + d + e + f + g + h
print(many(*range(8)), many(1, 2, 3, 4, *[5, 6], **{"g": 7, "h": 8}))
