class CM:
    def __init__(self, name, swallow=False):
        self.name, self.swallow = name, swallow
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev)
        return self.swallow
with CM("a") as x:
    print("body", x)
with CM("b", swallow=True):
    raise ValueError("swallowed")
print("after b")
try:
    with CM("c"):
        raise KeyError("escapes")
except KeyError as e:
    print("caught", repr(e))
with CM("d") as d1, CM("e") as e1:
    print(d1, e1)
def f():
    with CM("ret"):
        return "returned"
print(f())
for i in range(2):
    with CM(f"loop{i}"):
        if i == 0:
            continue
        break
class Suppress:
    def __init__(self, *exc): self.exc = exc
    def __enter__(self): return self
    def __exit__(self, et, ev, tb): return et is not None and issubclass(et, self.exc)
with Suppress(ZeroDivisionError):
    1 / 0
print("suppressed")
try:
    with CM("nested"):
        with Suppress(KeyError):
            raise IndexError("not suppressed")
except IndexError as e:
    print("outer got", e)
class BadExit:
    def __enter__(self): return self
    def __exit__(self, *a): raise RuntimeError("exit failed")
try:
    with BadExit():
        raise ValueError("original")
except RuntimeError as e:
    print(e, "context:", repr(e.__context__))
try:
    with object():
        pass
except TypeError as e:
    print(e)
f = open("context_managers.py")
with f:
    print(f.readline().rstrip())
print(f.closed)
