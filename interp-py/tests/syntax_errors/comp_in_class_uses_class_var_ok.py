class A:
    y = 1
    z = [y for _ in range(3)]
