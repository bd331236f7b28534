l = [5, 3, 8, 1]
l.append(9); l.extend((2, 7)); l.insert(0, 0); l.insert(-1, 6); l.insert(100, 10)
print(l, len(l), l.index(8), l.count(3), l.pop(), l.pop(0), l.pop(-2))
l.remove(3); l.sort(); print(l); l.sort(reverse=True); print(l); l.reverse(); print(l)
l[1:3] = ["a", "b", "c"]; print(l); l[::2] = [0] * len(l[::2]); print(l); del l[::3]; print(l); del l[1]; print(l)
m = [1, 2, 3]
m *= 2; m += [4]; print(m, m * 0, [0] * 3, [[]] * 2, m[::-2], m[-100:100], m[5:1], m.copy() == m, m.copy() is m)
m.clear(); print(m, [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 99], [1, [2]] == [1, [2]], [] == [], [1] != [1.0])
t = (1, "a", 2.5, None, (1, 2))
print(t, t[1:3], t[::-1], t.index(2.5), t.count(1), len(t), t + (9,), t * 2, (1,) * 0, () == (), (1,), tuple([1, 2]), tuple("ab"))
print(hash((1, 2)) == hash((1, 2)), hash((1, (2, 3))), hash(()), hash((1.5, -1)), hash((True, 2.5)))
a, *b, c = range(6); print(a, b, c)
(x, y), z = (1, 2), 3; print(x, y, z)
first, *_ = "hello"; print(first, _)
print([i * j for i in range(3) for j in range(3) if i != j], list(map(lambda p: p[0] + p[1], zip(t[:1], [1]))))
nested = [[1, 2], [3, [4, 5]]]
copy = [row[:] for row in nested]; copy[1][1].append(6); print(nested, copy)
print(sorted([(2, "b"), (1, "z"), (2, "a")]), sorted(["bb", "a", "ccc"], key=len), sorted([3, 1, 2], reverse=True), list(reversed([1, 2, 3])))
print(any([]), all([]), any([0, None, 1]), all([1, "x", []]), sum([[1], [2]], []), max([1, 5, 3]), min((4, 2, 8)), 3 in [1, 2, 3], [1] in [[1]])
for bad in [lambda: [1, 2][5], lambda: [].pop(), lambda: [1].remove(2), lambda: [1].index(3), lambda: (1, 2)[2], lambda: [1] + (2,), lambda: [3, "a"].sort(), lambda: l.__setitem__(slice(0, 10, 2), [1]), lambda: (1,).append(2)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
try:
    t[0] = 5
except TypeError as e:
    print("TypeError:", e)
class Rev(list):
    def __repr__(self): return "Rev" + super().__repr__()
r = Rev([1, 2]); r.append(3); print(r, len(r), isinstance(r, list), r + [4], type(r + [4]).__name__, r[::-1])
big = list(range(100000)); big.sort(key=lambda v: -v); print(big[:3], big[-1], len(big))
