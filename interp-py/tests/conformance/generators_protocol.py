def counter(n):
    print("start")
    i = 0
    while i < n:
        got = yield i
        if got is not None:
            print("got", got)
            i = got
        i += 1
    return "done"
g = counter(5)
print(type(g).__name__, g.__name__, g.__qualname__, next(g), g.send(None), g.send(3), next(g, "end"), next(g, "end"))
def echo():
    try:
        while True:
            try:
                v = yield
                print("echo", v)
            except ValueError as e:
                print("caught", e)
                yield "recovered"
    finally:
        print("echo closed")
e = echo(); next(e); e.send(1); print(e.throw(ValueError("bad"))); next(e); e.send(2); e.close(); e.close()
try:
    e.send(3)
except StopIteration as s:
    print("StopIteration", s.value)
def ret():
    yield 1
    return 99
r = ret(); next(r)
try:
    next(r)
except StopIteration as s:
    print("value", s.value, s.args)
def inner():
    x = yield "i1"
    print("inner received", x)
    yield "i2"
    return "inner-result"
def outer():
    res = yield from inner()
    print("outer got", res)
    yield from [10, 20]
    yield from range(2)
    return "outer-done"
o = outer(); print(next(o), o.send("hello"), next(o), next(o), next(o), next(o))
try:
    next(o)
except StopIteration as s:
    print("outer stop", s.value)
def thrower():
    try:
        yield 1
    except KeyError:
        print("inner handled KeyError")
        yield "after"
def delegator():
    r = yield from thrower()
    yield "end"
d = delegator(); next(d); print(d.throw(KeyError("k")), next(d))
def closer():
    try:
        yield 1
    except GeneratorExit:
        print("GeneratorExit seen")
        raise
c = closer(); next(c); c.close(); print(c.gi_frame is None if hasattr(c, "gi_frame") else "n/a")
def bad_close():
    try:
        yield 1
    except GeneratorExit:
        yield 2
b = bad_close(); next(b)
try:
    b.close()
except RuntimeError as e:
    print("RuntimeError:", e)
def stopper():
    yield 1
    raise StopIteration("oops")
try:
    list(stopper())
except RuntimeError as e:
    print("RuntimeError:", e, type(e.__cause__).__name__)
def running():
    yield g2.send(None)
g2 = running()
try:
    next(g2)
except ValueError as e:
    print("ValueError:", e)
try:
    counter(2).send(5)
except TypeError as e:
    print("TypeError:", e)
gen = (x * x for x in range(5) if x % 2 == 0)
print(gen.__name__, list(gen), list(gen), sum(x for x in range(10)), max((len(w), w) for w in "a bbb cc".split()))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib(); print([next(f) for _ in range(15)])
def pipeline(src):
    for x in src:
        if x % 3 == 0:
            yield x
print(list(pipeline(pipeline(range(30)))), list(zip(fib(), "abc")), dict(enumerate(pipeline(range(10)))))
def lazy_state():
    print("body runs")
    yield
ls = lazy_state(); print("created"); next(ls)
print(iter(g) is g, g.gi_running, counter(1).gi_running)
def catcher():
    while True:
        try:
            yield
        except Exception as e:
            print("caught", type(e).__name__, e.args)
ct = catcher(); next(ct)
ct.throw(ValueError, "with value"); ct.throw(KeyError, ("a", "b")); ct.throw(TypeError); ct.throw(IndexError("inst"))
try:
    ct.throw(IndexError("inst"), "extra")
except TypeError as e:
    print("TypeError:", e)
