print(1 + 2.0, 3 * 0.5, 2 ** 0.5, 7 // 2.0, 7 % 2.5, 1 + 2j, 2 * (1 + 1j), True + 0.5, True * 1j, 10 / 4, 10 // 4, -10 // 4, -10 % 4)
print(type(1 + 2.0).__name__, type(1 + True).__name__, type(2 ** -1).__name__, type(2 ** 2).__name__, type(4 / 2).__name__, type(True + True).__name__)
print(0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-9, 1 == 1.0 == 1 + 0j, 2 ** 53 == 2 ** 53 + 1.0, int(2 ** 53 + 1.0), float(2 ** 53 + 1))
print(10 ** 18 + 0.5, 10 ** 15 + 0.5, 3 * 10 ** 20 / 7, 2 ** 100 / 2 ** 99, 1 / 2 ** 1000 == 0.0, (2 ** 1000) // 3 % 1000)
print(max(1, 2.5, True), min(-1, -1.0), sorted([3, 1.5, True, 0, -2.5]), sum([1, 2.5, True]), round(2.5 + 0.5), abs(-7 // 2))
print(divmod(7, -2), divmod(-7, 2), divmod(7.0, -2), divmod(-7, 2.0), 7 % -3, -7 % 3, 7.5 // -2, -7.5 % 2)
print(1e308 + 1e308, -1e308 * 10, 1e-320 / 10, 5e-324 / 2, float("inf") - float("inf"), float("inf") * 0)
print(int("9" * 30) + 1, int("9" * 30) * 1.0, float(int("9" * 30)), 10 ** 30 == 1e30, 10 ** 22 == 1e22, 10 ** 23 == 1e23)
print(7 .bit_length(), (2 ** 1000).bit_length(), (-(2 ** 70)).bit_length(), (255).to_bytes(1, "big"), int.from_bytes(bytes([1, 0, 0]), "little"))
print(round(0.125, 2), round(0.375, 2), round(2.675, 2), round(-1.5), round(1234.5678, -2), round(5, 1), type(round(5.5)).__name__, type(round(5.5, 1)).__name__)
print(3 & 5, 3 | 5, 3 ^ 5, ~3, 1 << 70, (1 << 70) >> 68, -16 >> 2, -1 >> 100, 2 ** 64 & (2 ** 64 - 1), (-5) & 0xFF)
x = 10
x += 2.5; print(x)
x //= 2; print(x)
x **= 2; print(x)
y = 7
y %= 4; y <<= 3; y |= 1; y ^= 0b11; y &= 0xF; y >>= 1; print(y)
import math
print(math.gcd(12, 18), math.lcm(4, 6), math.factorial(20), math.comb(10, 3), math.perm(5, 2), math.isqrt(10 ** 20 + 1), math.prod([1, 2, 3, 4]))
print(math.floor(2.5), math.ceil(2.1), math.trunc(-2.9), math.fabs(-3), math.fmod(-7, 3), math.remainder(7, 3), math.hypot(3, 4), math.dist((0, 0), (3, 4)))
print(math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024), math.exp(0), math.pow(2, 10), math.sqrt(16), math.degrees(math.pi), math.radians(180))
print(round(math.sin(math.pi / 2), 10), round(math.cos(0), 10), math.atan2(1, 1) * 4 == math.pi, math.isinf(float("inf")), math.isfinite(1e308), math.nan != math.nan)
for bad in [lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.factorial(-1), lambda: math.factorial(2.5), lambda: math.exp(1000)]:
    try:
        bad()
    except (ValueError, OverflowError, TypeError) as e:
        print(type(e).__name__ + ":", e)
