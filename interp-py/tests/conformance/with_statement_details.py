class CM:
    def __init__(self, name, suppress=False, fail_enter=False):
        self.name, self.suppress, self.fail_enter = name, suppress, fail_enter
    def __enter__(self):
        print("enter", self.name)
        if self.fail_enter:
            raise OSError(f"cannot enter {self.name}")
        return self.name.upper()
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev, tb is not None)
        return self.suppress
with CM("a") as a, CM("b") as b:
    print("body", a, b)
with CM("outer", suppress=True):
    with CM("inner"):
        raise KeyError("k")
    print("not reached")
print("after suppress")
try:
    with CM("x"), CM("y", fail_enter=True), CM("z"):
        print("never")
except OSError as e:
    print("OSError:", e)
def ret_in_with():
    with CM("r"):
        return "returned"
print(ret_in_with())
for i in range(3):
    with CM(f"loop{i}"):
        if i == 0:
            continue
        if i == 1:
            break
class Reuse:
    def __init__(self): self.depth = 0
    def __enter__(self):
        self.depth += 1
        return self
    def __exit__(self, *exc):
        self.depth -= 1
        return False
r = Reuse()
with r as r1:
    with r as r2:
        print(r1 is r2, r.depth)
print(r.depth)
class NoExit:
    def __enter__(self): return 1
try:
    with NoExit():
        pass
except (AttributeError, TypeError) as e:
    print(type(e).__name__, e)
class NoEnter:
    def __exit__(self, *a): pass
try:
    with NoEnter():
        pass
except (AttributeError, TypeError) as e:
    print(type(e).__name__, e)
class ExitReplaces:
    def __enter__(self): return self
    def __exit__(self, et, ev, tb):
        raise ValueError("from exit") from ev
try:
    with ExitReplaces():
        1 / 0
except ValueError as e:
    print("ValueError:", e, type(e.__cause__).__name__, type(e.__context__).__name__)
def gen_cm():
    print("setup")
    try:
        yield "resource"
    finally:
        print("teardown")
class FromGen:
    def __init__(self, g): self.g = g
    def __enter__(self): return next(self.g)
    def __exit__(self, *a):
        try:
            next(self.g)
        except StopIteration:
            return False
with FromGen(gen_cm()) as res:
    print("using", res)
import sys
with CM("exc_info"):
    try:
        raise IndexError("inner")
    except IndexError:
        print(sys.exc_info()[0].__name__)
print(sys.exc_info()[0])
with open(__file__) as fh:
    first = fh.readline()
print(first.strip()[:20], fh.closed)
