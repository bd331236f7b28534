t = (1, 2, (3, 4), "five", None, ...)
n = -1
big = 2 ** 100
huge = 123456789012345678901234567890
c = 1 + 2j
f = 1.5 * 2
s = "ab" * 3
bs = b"x" + b"y"
idx = "abc"[1]
dbg = __debug__
inset = x in [1, 2, 3]
inset2 = x in {1, 2, 3}
for v in [1, 2, 3]:
    pass
neg = not True
inv = ~5
div = 1 / 4
nodiv = 1 / 0
lst = [1, 2, 3, 4]
st = {1, 2, 3}
d = {"a": 1, "b": 2}
d2 = {**d, "c": 3}
star = [*lst, 5]
