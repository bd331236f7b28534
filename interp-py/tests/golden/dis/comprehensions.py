squares = [x * x for x in range(10)]
evens = {x for x in range(10) if x % 2 == 0 if x}
table = {k: v for k, v in items if v}
nested = [(i, j) for i in range(3) for j in range(i)]
gen = (line.strip() for line in lines)
single = [y for x in data for y in [x + 1]]

def walrus_in_comp(data):
    found = [last := x for x in data if x]
    return last, found

async def async_comps(aiter):
    a = [x async for x in aiter]
    b = [await y for y in items]
    c = (z async for z in aiter)
    return a, b, c
