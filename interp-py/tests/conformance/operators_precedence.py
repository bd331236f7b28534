print(2 + 3 * 4 ** 2 // 5 % 7 - 1, -2 ** 2, (-2) ** 2, 2 ** -1, 2 ** 3 ** 2, (2 ** 3) ** 2, not 1 == 2, not (1 and 0))
print(1 | 2 ^ 3 & 4, (1 | 2) ^ (3 & 4), 1 << 2 + 1, (1 << 2) + 1, ~1 + 1, -~5, ~-5, 5 - -5, +-+1)
print(1 < 2 == 2 > 1, 1 < 3 < 2, 0 == 0 != 1, "a" in "abc" in ["abc"], 3 not in [1, 2], None is None is not False)
print(True or 1 / 0, False and 1 / 0, 0 or "" or None, 1 and [] and 2, [] or {} or 0, (lambda: 5 or 6)())
x = [1, 2, 3]
print(x[1:] + x[:1], x * 2 == x + x, x[-1] * x[0] ** x[1], [i for i in x if i % 2] or "none", {**{1: 2}} | {3: 4})
a, b = 5, 3
print(a // b * b + a % b == a, divmod(a, b), a / b * b == a, round(a / b, 3), a @ b if False else "no matmul for ints")
s = "abc"
print(s * 2 + s[::-1], s[1] * 3, "%s-%s" % (s, s) * 2, f"{s!r}" * 2, s.upper() + s.lower(), s + ("d" if a > b else "e"))
y = 10
y += y * 2; print(y)
y -= y // 3; print(y)
y = y if y > 100 else -y; print(y)
lst = [3, 1, 2]
lst[0], lst[2] = lst[2], lst[0]; print(lst)
i = 0
lst[i], i = 99, 2; print(lst, i)
p = q = []
p.append(1); print(q, p is q)
t = 1, 2, 3; print(t, type(t).__name__, (1), (1,), ())
m = {"a": [1, {"b": (5, 6)}]}
print(m["a"][1]["b"][-1], m.get("a")[0], len(m["a"]))
chained = 1 if False else 2 if False else 3
print(chained, (1, 2) < (1, 3) < (2,), [1, 2] < [1, 2, 0], "b" > "abc")
print(7 & -7, -7 | 3, -8 >> 1, 1 << 63, (1 << 63) - 1 & 0xFF, 0xFF ^ 0x0F, 0b1010 | 0o17, 1_000 + 0x_FF)
print(3.0 * 2 ** -1, 10 % 3 ** 2, -10 // 3 ** 1, 2 * 3 % 4, 2 * (3 % 4), 100 / 10 / 5, 100 / (10 / 5), 2 ** 2 ** 3 // 2)
print(not not 5, (not 5) + 1, -True, True + True + True, ~False, 1 + (2 > 1), sum([True, 2 > 1, 0 < -1]))
