for i in range(5):
    if i == 3:
        break
else:
    print("no break")
print("broke at", i)
for i in range(3):
    pass
else:
    print("for-else ran", i)
n = 0
while n < 3:
    n += 1
else:
    print("while-else", n)
while True:
    n -= 1
    if n == 0:
        break
    continue
print("n", n)
for x in []:
    print("never")
else:
    print("empty for-else")
def find(seq, target):
    for idx, v in enumerate(seq):
        if v == target:
            return idx
    return -1
print(find("hello", "l"), find("hello", "z"))
out = []
for i in range(4):
    for j in range(4):
        if j > i:
            break
        if (i + j) % 2:
            continue
        out.append((i, j))
print(out)
def loop_finally():
    log = []
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
            log.append(("body", i))
        finally:
            log.append(("finally", i))
    return log
print(loop_finally())
def ret_from_loop():
    for i in range(10):
        try:
            return i
        finally:
            print("finally on return", i)
print(ret_from_loop())
x = 5
result = "big" if x > 3 else "small" if x > 1 else "tiny"
print(result, x > 3 and "yes" or "no", not x, -x if x else x)
a = b = c = 7
a += 1; b -= 1; c *= 2
print(a, b, c, 1 < a < 10, 1 < a > 100, a == 8 == a, a is not None is not False)
i = 0
while (i := i + 1) < 5:
    pass
print("walrus loop", i)
matrix = [[1, 2, 3], [4, 5, 6]]
for row_index, (first, *rest) in enumerate(matrix):
    print(row_index, first, rest)
for k, v in sorted({"b": 2, "a": 1}.items()):
    print(k, v, end="; ")
print()
count = 0
for _ in range(1000):
    count += 1
    if count % 7 == 0 and count % 11 == 0:
        break
print(count)
pass_stmt = None
if pass_stmt is None:
    pass
elif pass_stmt:
    print("elif")
else:
    print("else")
try:
    pass
except Exception:
    pass
else:
    print("try-else")
finally:
    print("try-finally")
values = iter(range(10))
for v in values:
    if v == 2:
        next(values)
    print(v, end=" ")
print()
total = 0
for i in range(10, 0, -2):
    total += i
print(total, list(range(10, 0, -2)), sum(i for i in range(100) if i % 3 == 0))
