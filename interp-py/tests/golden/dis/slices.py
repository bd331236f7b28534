def sl(x, i, j, k):
    a = x[i]
    b = x[i:j]
    c = x[i:j:k]
    d = x[:j]
    e = x[i:]
    f = x[::k]
    g = x[i, j]
    h = x[i:j, k]
    x[i:j] = a
    x[::2] = b
    del x[i:j]
    del x[i]
    return a, b, c, d, e, f, g, h
