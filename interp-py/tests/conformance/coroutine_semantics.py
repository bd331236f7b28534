async def simple():
    return 42
c = simple()
print(type(c).__name__, c.cr_running if hasattr(c, "cr_running") else False, c.__name__, c.__qualname__)
try:
    c.send(None)
except StopIteration as s:
    print("returned", s.value)
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
async def awaits_other():
    v = await simple()
    return v + 1
try:
    awaits_other().send(None)
except StopIteration as s:
    print("chain", s.value)
class Fut:
    def __init__(self): self.result = None
    def __await__(self):
        r = yield self
        return r
async def uses_fut(f):
    got = await f
    return f"got {got}"
f = Fut()
co = uses_fut(f)
print(co.send(None) is f)
try:
    co.send("value!")
except StopIteration as s:
    print(s.value)
co2 = uses_fut(Fut()); co2.send(None)
try:
    co2.throw(ValueError("thrown in"))
except ValueError as e:
    print("ValueError:", e)
co3 = uses_fut(Fut()); co3.send(None); co3.close(); print("closed")
async def bad_await():
    await [1, 2]
try:
    bad_await().send(None)
except TypeError as e:
    print("TypeError:", e)
class BadAwaitable:
    def __await__(self): return 5
async def bad2():
    await BadAwaitable()
try:
    bad2().send(None)
except TypeError as e:
    print("TypeError:", e)
def not_async():
    yield 1
async def await_gen():
    await not_async()
try:
    await_gen().send(None)
except TypeError as e:
    print("TypeError:", e)
async def ret_none(): pass
try:
    ret_none().send(None)
except StopIteration as s:
    print("None result:", s.value)
import sys
async def exc_inside():
    try:
        await Fut()
    except KeyError as e:
        return f"handled {e!r}"
co4 = exc_inside(); co4.send(None)
try:
    co4.throw(KeyError("k"))
except StopIteration as s:
    print(s.value)
