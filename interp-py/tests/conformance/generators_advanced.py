def inner():
    try:
        x = yield 1
        print("inner got", x)
        y = yield 2
        print("inner got", y)
    except KeyError as e:
        print("inner caught", repr(e))
        yield "recovered"
    finally:
        print("inner finally")
    return "inner-result"
def outer():
    r = yield from inner()
    print("outer got result", r)
    yield "outer-done"
g = outer()
print(next(g), g.send("a"), g.send("b"), next(g, "exhausted"))
g = outer(); next(g)
print(g.throw(KeyError("k")))
print(next(g), next(g, "end"))
g = outer(); next(g); g.close(); print("closed ok")
def stopper():
    yield 1
    raise StopIteration("bad")
try:
    list(stopper())
except RuntimeError as e:
    print("RuntimeError:", e, "cause:", repr(e.__cause__))
def gen_return():
    yield 1
    return 42
def driver():
    value = yield from gen_return()
    return value * 2
d = driver(); next(d)
try:
    d.send(None)
except StopIteration as e:
    print("driver returned", e.value)
def counter():
    i = 0
    while True:
        cmd = yield i
        if cmd == "reset":
            i = 0
        else:
            i += 1
c = counter()
print([next(c), next(c), c.send("reset"), next(c)])
def genexp_scope():
    x = 10
    return list(x + i for i in range(3))
print(genexp_scope())
def ignore_exit():
    try:
        yield 1
    except GeneratorExit:
        yield 2
g = ignore_exit(); next(g)
try:
    g.close()
except RuntimeError as e:
    print(e)
g = (i for i in range(3))
print(g.gi_frame is not None, next(g), list(g), g.gi_frame)
def running_check():
    yield gr.gi_running
gr = running_check()
print(next(gr), gr.gi_running)
def self_next():
    yield next(sg)
sg = self_next()
try:
    next(sg)
except ValueError as e:
    print(e)
import sys
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], "ab", range(2))))
def tree(n):
    if n == 0:
        yield 0
        return
    yield n
    yield from tree(n - 1)
    yield from tree(n - 1)
print(sum(tree(10)), len(list(tree(8))))
def thrower_in_finally():
    try:
        yield 1
    finally:
        print("cleanup on close")
t = thrower_in_finally(); next(t); t.close()
print("after close")
gen = (x for x in [1])
print(type(gen).__name__, gen.__name__, gen.__qualname__.endswith("<genexpr>"))
