import sys
a = 3 ** 500
b = 7 ** 300 + 12345
print(len(str(a)), str(a)[:30], str(a)[-10:], a % 1000007, a // b % 10 ** 12, (a * b) % (10 ** 9 + 7), a.bit_length(), b.bit_count())
print(pow(a, 3, 10 ** 20), pow(b, -1, 10 ** 9 + 7), divmod(a, -b)[1] % 1000, (-a) // b % 97, (-a) % b % 1000, a >> 700, (a << 100) >> 100 == a)
print(hex(2 ** 200)[:20], oct(3 ** 90)[-8:], bin(5 ** 40)[:40], int(hex(a), 16) == a, int(str(b)) == b, int("1" * 100, 2) == 2 ** 100 - 1)
f = 1
for i in range(1, 101): f *= i
print(f, sum(int(d) for d in str(f)), str(f).count("0"), len(str(f)))
def isqrt(n):
    x = n
    y = (x + 1) // 2
    while y < x:
        x, y = y, (y + n // y) // 2
    return x
print(isqrt(10 ** 100), isqrt(2 * 10 ** 60), isqrt(a) ** 2 <= a < (isqrt(a) + 1) ** 2)
def pi_digits(n):
    q, r, t, k, m, x = 1, 0, 1, 1, 3, 3
    out = []
    while len(out) < n:
        if 4 * q + r - t < m * t:
            out.append(m)
            q, r, m = 10 * q, 10 * (r - m * t), (10 * (3 * q + r)) // t - 10 * m
        else:
            q, r, t, k, m, x = q * k, (2 * q + r) * x, t * x, k + 1, (q * (7 * k + 2) + r * x) // (t * x), x + 2
    return "".join(map(str, out))
print(pi_digits(60))
fibs = [0, 1]
while len(fibs) < 300: fibs.append(fibs[-1] + fibs[-2])
print(fibs[299], fibs[299] % 10 ** 10, fibs[150] * fibs[149] - fibs[148] * fibs[151])
print(-7 ** 30, (-7) ** 31, 2 ** 64 - 1 == 0xFFFFFFFFFFFFFFFF, -(2 ** 63) == -0x8000000000000000, (2 ** 63) * -1, 10 ** 19 // -3, -(10 ** 19) % 7)
print(float(10 ** 300), int(1e300) == 10 ** 300, int(1e300) - 10 ** 300 < 10 ** 284, 10 ** 400 > 1e308, 2 ** 1024 > float("inf"), -(2 ** 1024) < -1e308)
try:
    float(10 ** 400)
except OverflowError as e:
    print("OverflowError:", e)
try:
    10 ** 400 / 1
except OverflowError as e:
    print("OverflowError:", e)
print(10 ** 400 // 10 ** 399, (10 ** 400) / (10 ** 399), 3 ** 400 / 3 ** 399)
try:
    str(10 ** 5000)
except ValueError as e:
    print("ValueError:", e)
try:
    int("1" * 5000)
except ValueError as e:
    print("ValueError:", e)
print(len(hex(10 ** 5000)), sys.int_info.default_max_str_digits if hasattr(sys, "int_info") else "n/a")
print(hash(10 ** 100), hash(-(10 ** 100)), hash(2 ** 61 - 1), hash(2 ** 61 + 5), hash(-(2 ** 61)), {10 ** 20: 1}[10 ** 20])
print(round(10 ** 25 + 5, -1), round(123456789123456789, -5), abs(-(10 ** 30)), max(10 ** 30, 10 ** 30 + 1) - 10 ** 30, sorted([10 ** 20, -(10 ** 20), 0]))
