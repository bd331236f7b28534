def search(grid, target):
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if v == target:
                break
        else:
            continue
        return (r, c)
    return None
print(search([[1, 2], [3, 4]], 4), search([[1]], 9))
def retry(attempts):
    log = []
    n = 0
    while True:
        n += 1
        try:
            if n < attempts:
                raise ConnectionError(f"attempt {n}")
            log.append(f"success on {n}")
            break
        except ConnectionError as e:
            log.append(f"failed: {e}")
            if n >= 5:
                log.append("giving up")
                break
            continue
        finally:
            log.append(f"cleanup {n}")
    return log
print(retry(3))
print(retry(9))
def nested_finally():
    out = []
    try:
        try:
            out.append("inner try")
            return out
        finally:
            out.append("inner finally")
    finally:
        out.append("outer finally")
print(nested_finally())
def break_in_finally():
    for i in range(3):
        try:
            raise ValueError(i)
        finally:
            break
    return f"swallowed at {i}"
print(break_in_finally())
def continue_in_finally():
    seen = []
    for i in range(3):
        try:
            if i == 1:
                raise KeyError(i)
            seen.append(i)
        finally:
            continue
    return seen
print(continue_in_finally())
def exc_in_else():
    try:
        pass
    except Exception:
        return "except"
    else:
        try:
            raise ValueError("in else")
        except ValueError as e:
            return f"else raised {e}"
print(exc_in_else())
i = 0
while i < 10:
    i += 1
    if i % 2: continue
    if i > 6: break
    print("even", i)
else:
    print("not reached")
print("i =", i)
