l = list(range(10))
print(l[::2], l[1::3], l[-3:], l[:-7], l[5:2], l[5:2:-1], l[::-2], l[100:200], l[-100:2])
l2 = l.copy(); l2[2:5] = "abc"; print(l2)
l2[::3] = [0, 0, 0, 0]; print(l2)
try:
    l2[::3] = [1]
except ValueError as e:
    print(e)
del l2[1::2]; print(l2)
l3 = [5, 3, 5, 1]; print(l3.index(5), l3.index(5, 1), l3.count(5), l3.count(9))
try:
    l3.index(9)
except ValueError as e:
    print(e)
l3.insert(-1, 7); l3.insert(100, 8); l3.insert(-100, 0); print(l3)
print(l3.pop(), l3.pop(0), l3.pop(-2), l3)
try:
    [].pop()
except IndexError as e:
    print(e)
try:
    [1].pop(5)
except IndexError as e:
    print(e)
l4 = [3, 1, 2]; l4.extend(range(2)); l4.extend("ab"); l4 += [9]; print(l4)
l5 = [1, 2] * 3; l5 *= 2; print(l5, [0] * 0, [] * 5, len([None] * 100))
print([1, [2, 3]] == [1, [2, 3]], [1, 2] < [1, 2, 0], [2] > [1, 9], [[]] == [[]], [1] != [1.0])
a = [1, 2]; b = a; b.append(3); print(a, a is b, a == a.copy(), a is not a.copy())
l6 = [4, 1, 3]; l6.reverse(); print(l6); l6.clear(); print(l6, len(l6))
nested = [[0] * 3 for _ in range(2)]; nested[0][1] = 5; print(nested)
alias = [[0] * 2] * 2; alias[0][0] = 1; print(alias)
print(list(range(5)) + list("ab"), sum([[1], [2, 3]], []), sorted([[2, 1], [1, 2], [1]]))
print(max([[1, 2], [1, 3]]), min([(2, "b"), (2, "a")]), [1, 2, 3][-1], [1, 2, 3][True])
l7 = [1, 2, 3]
for x in l7:
    if x == 2:
        l7.remove(x)
print(l7)
l8 = [1]; l8.append(l8); print(l8, l8[1][1][0])
print(list.__name__, [].__class__, type([]) is list, isinstance([], object), list((1, 2)), list({"k": 1}))
try:
    [1, 2, 3][1.5]
except TypeError as e:
    print(e)
try:
    l = [1]; l[5] = 0
except IndexError as e:
    print(e)
print([i for i in reversed([1, 2, 3])], [x * 2 for x in [1, 2] if x], 3 in [1, 2, 3], "a" not in ["b"])
print(repr([1, "a", None, 2.5, (1,), {}]), str([True]), [1, 2].__len__(), [1, 2].__getitem__(0), list.__getitem__([5], 0))
