data = [("alice", 30, 5.5), ("bob", 25, 6.1), ("carol", 30, 5.2), ("dave", 25, 5.9), ("eve", 35, 5.5)]
print(sorted(data, key=lambda r: r[1]))
print(sorted(data, key=lambda r: (r[1], -r[2])))
print(sorted(data, key=lambda r: r[2], reverse=True))
print(sorted([5, 2, 8, 2, 9, 1], reverse=True), sorted("The quick brown fox".split(), key=str.lower))
nums = list(range(100, 0, -7)); nums.sort(key=lambda v: v % 10); print(nums)
words = ["banana", "Apple", "cherry", "apple", "Banana"]
print(sorted(words), sorted(words, key=str.casefold), sorted(words, key=len), min(words), max(words, key=len))
class Rec:
    def __init__(self, k): self.k = k
    def __lt__(self, o): return self.k < o.k
    def __repr__(self): return f"R{self.k}"
print(sorted([Rec(3), Rec(1), Rec(2)]), max([Rec(3), Rec(7)]), min(Rec(5), Rec(4)))
seq = [3, 1, 2]
seq.sort(); print(seq); seq.sort(reverse=True); print(seq)
pairs = [(1, "b"), (0, "z"), (1, "a"), (0, "a")]
print(sorted(pairs), sorted(pairs, key=lambda p: p[0]), sorted(pairs, key=lambda p: p[1], reverse=True))
x = [i * 7919 % 1000 for i in range(50)]
print(sorted(x)[:10], sorted(x)[-5:], x == sorted(x))
try:
    sorted([1, "a"])
except TypeError as e:
    print(e)
big = [(i * 37) % 101 for i in range(1000)]
s = sorted(big)
print(all(s[i] <= s[i + 1] for i in range(len(s) - 1)), s[::100])
stab = sorted([(i % 3, i) for i in range(15)], key=lambda t: t[0])
print(stab)
print(sorted({3: "c", 1: "a"}), sorted({"x", "y"}), sorted(range(5), key=lambda v: -v), list(reversed(sorted([2, 3, 1]))))
