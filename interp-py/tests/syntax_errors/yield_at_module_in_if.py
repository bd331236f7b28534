if x:
    yield 1
