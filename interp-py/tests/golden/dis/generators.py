def gen(n):
    for i in range(n):
        received = yield i
        if received:
            yield received
    return "done"

def delegate():
    result = yield from gen(3)
    yield result

def empty_yield():
    yield

lam = lambda: (yield)
