def ops(a, b, c):
    r = a + b - c * a / b // c % a ** b
    r = a << b >> c & a | b ^ c @ a
    r = -a + +b + ~c
    r = not a
    r = a < b < c
    r = a == b != c
    r = a is b, a is not b, a in b, a not in b
    r = a and b or c
    r = a if b else c
    if a is None:
        r = 1
    if a is not None and (b or c):
        r = 2
    if not (a in b):
        r = 3
    if a < b < c:
        r = 4
    return r
