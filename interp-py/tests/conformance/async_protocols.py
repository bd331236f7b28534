class Sleep:
    def __init__(self, v): self.v = v
    def __await__(self):
        got = yield ("sleep", self.v)
        return got
async def add(a, b):
    x = await Sleep(a)
    y = await Sleep(b)
    return x + y
async def main():
    r = await add(1, 2)
    print("add ->", r)
    async with Res("r1") as v:
        print("inside", v)
    total = 0
    async for i in ARange(4):
        total += i
    print("async for total", total)
    vals = [v async for v in agen(3)]
    print("async comp", vals)
    try:
        async with Res("r2"):
            raise KeyError("x")
    except KeyError as e:
        print("propagated", e)
    return "main-done"
class Res:
    def __init__(self, n): self.n = n
    async def __aenter__(self):
        await Sleep(0)
        print("aenter", self.n)
        return self.n.upper()
    async def __aexit__(self, t, v, tb):
        print("aexit", self.n, t.__name__ if t else None)
        return False
class ARange:
    def __init__(self, n): self.i, self.n = 0, n
    def __aiter__(self): return self
    async def __anext__(self):
        if self.i >= self.n: raise StopAsyncIteration
        self.i += 1
        await Sleep(self.i)
        return self.i - 1
async def agen(n):
    for i in range(n):
        await Sleep(i)
        yield i * 10
def run(coro):
    sent = None
    steps = 0
    while True:
        try:
            req = coro.send(sent)
        except StopIteration as s:
            print("steps", steps)
            return s.value
        steps += 1
        sent = req[1] if isinstance(req, tuple) else None
print(run(main()))
c = add(1, 1)
print(type(c).__name__, c.__name__, c.__qualname__, type(agen(1)).__name__)
print(run(c))
try:
    run(c)
except RuntimeError as e:
    print("RuntimeError:", e)
c2 = add(2, 2); c2.close(); print("closed ok")
async def raiser():
    await Sleep(1)
    raise ValueError("in coro")
try:
    run(raiser())
except ValueError as e:
    print("ValueError:", e)
async def not_awaitable():
    await 5
try:
    run(not_awaitable())
except TypeError as e:
    print("TypeError:", e)
async def ag2():
    yield 1
    yield 2
a = ag2()
print(type(a.__anext__()).__name__, hasattr(a, "asend"), hasattr(a, "aclose"))
async def consume():
    out = []
    async for v in ag2():
        out.append(v)
    return out
print(run(consume()))
