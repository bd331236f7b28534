def producer():
    for i in range(3):
        yield i
    raise LookupError("producer exhausted badly")
def consumer(gen):
    total = 0
    for v in gen:
        total += v
    return total
print(consumer(iter([1, 2])))
consumer(producer())
