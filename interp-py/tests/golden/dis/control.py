def loops(n):
    total = 0
    while n > 0:
        n -= 1
        if n == 5:
            continue
        if n == 2:
            break
        total += n
    else:
        total = -1
    for i in range(10):
        for j in range(i):
            if j > 3:
                break
        else:
            continue
        total += i
    else:
        pass
    if total > 10:
        return 1
    elif total > 5:
        return 2
    elif total:
        return 3
    else:
        return 4

def infinite():
    while True:
        x = f()
        if x:
            break
    while 1:
        pass

def dead():
    if 0:
        unreachable()
    return 1
    more_unreachable()

def unwinding(items):
    for item in items:
        try:
            if item:
                continue
            break
        finally:
            cleanup()
    for item in items:
        with ctx() as c:
            if c:
                break
            continue
    while items:
        try:
            return items.pop()
        except KeyError:
            continue
        finally:
            done()
