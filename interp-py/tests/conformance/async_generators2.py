class Tick:
    def __await__(self):
        yield "tick"
async def ticker(n):
    for i in range(n):
        await Tick()
        yield i
async def squares(src):
    async for v in src:
        yield v * v
async def take(src, n):
    out = []
    async for v in src:
        if len(out) == n:
            break
        out.append(v)
    return out
async def main():
    print(await take(squares(ticker(10)), 4))
    g = ticker(3)
    print(await g.__anext__(), await g.__anext__(), await g.asend(None))
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("StopAsyncIteration")
    results = [x async for x in ticker(5) if x % 2 == 0]
    print(results, {x: x async for x in ticker(2)} if False else "dictcomp skipped")
    async def cm_user():
        async with Lock("L1") as l:
            print("holding", l)
            await Tick()
        return "released"
    print(await cm_user())
    agen = ticker(5)
    await agen.__anext__()
    await agen.aclose()
    try:
        await agen.__anext__()
    except StopAsyncIteration:
        print("closed generator stops")
    return "done"
class Lock:
    def __init__(self, name): self.name = name
    async def __aenter__(self):
        await Tick()
        print("acquire", self.name)
        return self.name.lower()
    async def __aexit__(self, *exc):
        print("release", self.name, exc[0])
def run(coro):
    ticks = 0
    try:
        while True:
            coro.send(None)
            ticks += 1
    except StopIteration as s:
        print("ticks:", ticks)
        return s.value
print(run(main()))
async def fails():
    await Tick()
    raise KeyError("async boom")
async def catcher():
    try:
        await fails()
    except KeyError as e:
        return f"caught {e!r}"
print(run(catcher()))
async def gather(*coros):
    return [await c for c in coros]
async def value(v):
    await Tick()
    return v * 10
print(run(gather(value(1), value(2), value(3))))
