with open("f") as f:
    data = f.read()
with a() as x, b() as (y, z), c():
    use(x, y, z)

async def amain():
    async with lock:
        await work()
    async with a() as x, b():
        pass
