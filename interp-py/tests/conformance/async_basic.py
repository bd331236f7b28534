async def add(a, b):
    return a + b
async def compute():
    x = await add(1, 2)
    y = await add(x, 10)
    return x * y
def run(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as e:
        return e.value
print(run(compute()))
class Sleep:
    def __await__(self):
        value = yield "suspend"
        return value
async def waiter():
    r = await Sleep()
    return f"woke with {r}"
c = waiter()
print(c.send(None))
try:
    c.send(99)
except StopIteration as e:
    print(e.value)
async def agen(n):
    for i in range(n):
        yield i * 10
async def consume():
    out = []
    async for v in agen(3):
        out.append(v)
    return out
print(run(consume()))
class AsyncCM:
    async def __aenter__(self):
        print("aenter")
        return "resource"
    async def __aexit__(self, et, ev, tb):
        print("aexit", et)
        return False
async def use_cm():
    async with AsyncCM() as r:
        print("using", r)
    return "done"
print(run(use_cm()))
async def comp():
    return [x async for x in agen(4) if x > 0]
print(run(comp()))
async def failing():
    raise ValueError("async fail")
try:
    run(failing())
except ValueError as e:
    print("caught", e)
co = add(1, 2)
print(type(co).__name__, co.cr_code.co_name if hasattr(co, "cr_code") else "add")
co.close()
class Ticker:
    def __init__(self, n): self.n = n
    def __aiter__(self): return self
    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n
async def tick():
    return [v async for v in Ticker(3)]
print(run(tick()))
def scheduler(tasks):
    results = {}
    while tasks:
        name, coro = tasks.pop(0)
        try:
            coro.send(None)
            tasks.append((name, coro))
        except StopIteration as e:
            results[name] = e.value
    return results
class Yield:
    def __await__(self):
        yield
async def worker(name, n):
    total = 0
    for i in range(n):
        total += i
        await Yield()
    return f"{name}:{total}"
print(scheduler([("a", worker("a", 3)), ("b", worker("b", 5))]))
