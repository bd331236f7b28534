s = list(range(10))
print(s[2:8:2], s[::-3], s[-3:], s[:-7:-1], s[8:2:-2], s[100:-100:-1], s[-100:100], s[5:5], s[::1] is s)
sl = slice(1, 9, 3)
print(sl, sl.start, sl.stop, sl.step, sl.indices(5), slice(None, None, -1).indices(4), slice(-3, None).indices(10), s[sl])
t = tuple(s); st = "abcdefghij"; b = bytes(range(10))
print(t[1::4], st[::-2], st[-4:-1], b[2:5], b[::-5], bytearray(b)[1:3], range(10)[::-2], range(0, 20, 3)[1:-1])
a = list(range(8))
a[2:5] = []; print(a)
a[1:1] = ["x", "y"]; print(a)
a[::2] = "ABCD"; print(a)
a[-2:] = [9]; print(a)
del a[::3]; print(a)
a[:] = range(3); print(a)
try:
    a[::2] = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    s[::0]
except ValueError as e:
    print("ValueError:", e)
try:
    s["a":"b"]
except TypeError as e:
    print("TypeError:", e)
class Idx:
    def __index__(self): return 2
print(s[Idx():Idx() + 3], st[Idx()::Idx()], slice(Idx()).indices(10) if False else "skip")
class Rec:
    def __getitem__(self, k): return k
r = Rec()
print(r[1:2], r[::], r[1:2, 3], r[..., 1], r[:, None], r[1:2:3, ::-1])
m = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([row[1:] for row in m[::2]], [row[::-1] for row in m][::-1], m[1][::-1][0])
print(hash(slice(1, 2)) if False else "slices unhashable in 3.11", slice(1, 2) == slice(1, 2), slice(1, 2) < slice(1, 3))
big = list(range(100))
print(big[10:90:17], big[-1:-100:-33], len(big[::7]), sum(big[1::2]), big[95:][::-1])
