def simple():
    pass

def defaults(a, b=1, *args, c, d=2, **kwargs):
    """A docstring."""
    return a, b, args, c, d, kwargs

def positional(a, b, /, c, *, d):
    return a + b + c + d

def annotated(x: int, *ys: str, z: "float" = 1.0, **kw: dict) -> list:
    return [x]

@decorator
@other(1)
def decorated():
    return 0

def outer():
    count = 0
    def inner():
        nonlocal count
        count += 1
        return count
    return inner

def uses_global():
    global G
    G = 1
    return G

def closure_over_arg(x):
    return lambda: x

square = lambda n, *rest, k=0: n * n + k
def star_ann(*args: *Ts): pass
