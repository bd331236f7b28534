a = 1
a = b = c = 2
x, y = y, x
first, *rest = [1, 2, 3]
*init, last = "abc"
(p, (q, r)), s = (1, (2, 3)), 4
[t, *u, v] = range(5)
obj.attr = 5
obj.attr.sub = 6
obj[0] = 7
obj[1:2] = [8]
obj[::2] = [9]
obj[i, j] = 10
a += 1
obj.attr -= 2
obj[k] *= 3
obj[1:2] += [4]
n: int = 5
m: "str"
obj.f: int = 6
obj[0]: int
del a
del obj.attr, obj[0]
del obj[1:2], (x, y)
