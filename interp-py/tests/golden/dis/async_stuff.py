import asyncio

async def fetch(url):
    await asyncio.sleep(0)
    return url

async def consume(source):
    async for item in source:
        if item:
            continue
        await fetch(item)
    else:
        done()

async def agen():
    yield 1
    await fetch(2)
    yield 3
