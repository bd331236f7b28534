def producer():
    yield 1
    yield 2
    raise RuntimeError("producer broke")
def consumer():
    total = 0
    for v in producer():
        total += v
    return total
def main():
    return consumer()
main()
