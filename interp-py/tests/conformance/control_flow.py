for i in range(5):
    if i == 3:
        break
else:
    print("no break")
print("after", i)
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
    if n % 2:
        continue
    print("even", n)
for i in range(3):
    for j in range(3):
        if j == i:
            break
        print(i, j, end="; ")
print()
def find(xs, t):
    for i, x in enumerate(xs):
        if x == t:
            return i
    return -1
print(find([4, 5, 6], 6), find([], 1))
total = 0
for a, b in [(1, 2), (3, 4)]:
    total += a * b
print(total)
x = 7
if x > 10:
    print("big")
elif x > 5:
    print("medium")
elif x > 0:
    print("small")
else:
    print("none")
r = "pos" if x > 0 else "neg" if x < 0 else "zero"
print(r)
assert x == 7
try:
    assert x == 8, f"x is {x}"
except AssertionError as e:
    print("assert", e)
try:
    assert False
except AssertionError as e:
    print("empty assert", repr(e))
count = 0
for _ in range(10):
    count += 1
    if count > 5:
        continue
print(count)
def early(v):
    if v:
        return "early"
    print("not early")
print(early(1), early(0))
i = 0
while i < 10:
    i += 3
print(i)
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
try:
    for i in range(3):
        try:
            if i == 1:
                raise StopIteration
        finally:
            print("inner finally", i)
except StopIteration:
    print("stopped at", i)
def nested_finally():
    try:
        try:
            return "a"
        finally:
            print("inner")
    finally:
        print("outer")
print(nested_finally())
def break_in_finally():
    for i in range(3):
        try:
            raise ValueError
        finally:
            break
    return i
print(break_in_finally())
def continue_in_finally():
    out = []
    for i in range(3):
        try:
            out.append(i)
        finally:
            continue
    return out
print(continue_in_finally())
