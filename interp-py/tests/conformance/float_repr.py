vals = [0.0, -0.0, 1.0, 0.1, 0.5, 1.5, 2.675, 1e15, 1e16, 1.23e16, 1e17, 1e-4, 1e-5, 123456.789, 1/3, 2/3, 10/7,
        3.141592653589793, 2.718281828459045, 1e308, 5e-324, 2.2250738585072014e-308, 9007199254740993.0, 0.30000000000000004,
        123456789012345.67, 1.0000000000000002, 100.0, 1e22, 1e23, float("inf"), -float("inf"), float("nan")]
for v in vals:
    print(repr(v), str(v), f"{v:.3f}", f"{v:g}", f"{v:e}" if v == v and abs(v) != float("inf") else "-", format(v, "r") if False else "")
print(0.1 + 0.2 == 0.3, round(0.1 + 0.2, 10) == 0.3, 1e308 * 10, -1e308 * 10, float("1e-400"), float("-0"), 0.0 == -0.0)
print(float.hex(1.0), float.hex(-0.1), float.hex(0.0), float.hex(float("inf")), float.fromhex("0x1p-1074"), float.fromhex("-0x1.fffffffffffffp+1023"))
print((1.5).as_integer_ratio(), (0.0).as_integer_ratio(), (-0.25).as_integer_ratio(), (2.0 ** 60).is_integer(), 1.5.is_integer())
print(int(2.5), int(-2.5), round(2.5), round(-2.5), round(0.125, 2), round(0.375, 2), round(1.005, 2), round(5.5), round(6.5))
print(float("  1.5e3  "), float("inf"), float("-Infinity"), float("nan"), float("1_000.5"), 3.0.__trunc__(), (7.9).__floor__(), (7.1).__ceil__())
print(1e16 + 1, 2 ** 53 + 1.0, 0.1 * 3, 1 - 0.9, 7.0 // 2, 7.0 % 2.5, -7.0 % 2.5, 2.0 ** 0.5, (-8.0) ** (1 / 3) if False else "c")
print(divmod(7.5, 2), divmod(-7.5, 2), 5.0 // 0.3, 5.0 % 0.3, 1e300 * 1e300, -1e-300 * 1e-300, float(2 ** 1023) * 2)
try:
    float("abc")
except ValueError as e:
    print(e)
try:
    (-8.0) ** 0.5
except Exception as e:
    print(type(e).__name__)
print((-8.0) ** 0.5)
print(f"{1234.5678:,.2f} {0.000012345:.3g} {1e21:f} {1.5:08.2f} {-1.5:+.1e} {12.5:%} {1/7:.15f} {2.5:.0f} {3.5:.0f}")
print(format(float("nan"), "f"), format(float("-inf"), "10.2f"), format(1e100, ".2f")[:10], format(0.1, ".20f"), format(1.0, "g"), format(1e-10, "g"))
print(sum([1e100, 1.0, -1e100]), max(0.1, 0.2), min(-0.0, 0.0), sorted([0.5, -1.5, 0.25]))
