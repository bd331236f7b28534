def inner_fail(n):
    raise KeyError(f"missing {n}")
def chained():
    try:
        inner_fail(1)
    except KeyError as e:
        raise RuntimeError("wrapped") from e
excs = []
for f in (lambda: inner_fail(2), chained):
    try:
        f()
    except Exception as e:
        excs.append(e)
nested = ExceptionGroup("inner group", [ValueError("deep"), TypeError("deeper")])
excs.append(nested)
try:
    raise ExceptionGroup("outer", excs)
except* KeyError as eg:
    print("handled KeyErrors:", [repr(e) for e in eg.exceptions])
    raise
