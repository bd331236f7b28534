import math
print(0 ** 0, 0.0 ** 0, pow(0, 0), (-1) ** 0.5 if False else "skip", 2 ** 0.5 * 2 ** 0.5, 10 ** -1, (-8) ** (1 / 3) if False else "skip2")
print(-7 // 2, -7 % 2, 7 // -2, 7 % -2, -7 // -2, -7 % -2, divmod(-1, 3), divmod(1, -3), (-3) % 5, 3 % -5)
print(int(1e15), int(1e16), int(-1e17), int(2 ** 63 + 0.0), int(float(2 ** 64)), float(2 ** 63) == 2 ** 63, 2 ** 63 == 9.223372036854776e18)
print(1e16 + 1 == 1e16, 2 ** 53 + 1 == float(2 ** 53 + 1), 0.1 + 0.2 > 0.3, (0.1).hex(), float.fromhex("0x1.999999999999ap-4") == 0.1)
print(math.inf > 10 ** 1000, -math.inf < -(10 ** 1000), math.inf == math.inf, math.nan == math.nan, max(1, math.inf), min(-math.inf, 5))
print(round(math.pi, 10), round(-math.pi, 3), round(1e300, -299) if False else "skip", round(12.5), round(13.5), round(-12.5), round(0.05, 1), round(0.15, 1))
print(abs(-2 ** 63), abs(-(2 ** 63)), -2 ** 2, (-2) ** 2, 2 ** -1, -(2 ** -1), 1 / -math.inf, math.copysign(1, 1 / -math.inf))
print(True / 2, True // 2, False * 10.5, True ** 10, 5 % True, divmod(True, True), int(True) << 3)
print(sum([1e100, 1.0, -1e100]), math.fsum([1e100, 1.0, -1e100]), sum([0.1] * 3) == 0.3, math.fsum([0.1] * 3) == 0.30000000000000004)
print((2 ** 64).bit_length(), (2 ** 64 - 1).bit_length(), (-1).bit_length(), (0).bit_length(), (1 << 1000) >> 999, -(1 << 100) >> 99)
print(int("-" + "9" * 20) // 7, int("9" * 20) % -7, -(10 ** 20) // -(10 ** 10), (10 ** 20 + 1) // (10 ** 10), 10 ** 20 / 3)
for v in [0.5, 1.5, -0.5, 1e-300 * 1e-300, 2 ** -1074, 2.0 ** 1023 * 2 if False else 1.0]:
    print(repr(v), v.as_integer_ratio() if math.isfinite(v) else None, v.is_integer())
