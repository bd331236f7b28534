# Generator pipelines: generator creation/resumption, yield from, genexps, sum/any/max.
def numbers(n):
    for i in range(n):
        yield i

def squares(it):
    for x in it:
        yield x * x

def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x

def chunks(it, size):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) == size:
            yield buf
            buf = []
    if buf:
        yield buf

def flatten(nested):
    for part in nested:
        yield from part

total = 0
for rep in range(10):
    total += sum(evens(squares(numbers(300000))))
    total += sum(len(c) for c in chunks(numbers(100000), 7))
    total += sum(flatten([range(1000)] * 100))
    total += max(x % 1007 for x in numbers(100000))
print(total)
