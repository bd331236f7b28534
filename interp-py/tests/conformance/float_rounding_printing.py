vals = [0.1, 0.2, 0.3, 1/3, 2/3, 1e-10, 123456.789, 1e22, 1e23, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 9007199254740993.0, 0.1 + 0.2, 100.0, 1e16, 1.5e16, 12345678912345678.0]
for v in vals:
    print(repr(v), str(v), f"{v:.3g}", f"{v:.17g}", f"{v:e}", round(v, 3))
print([round(x / 8, 2) for x in range(9)], [round(x + 0.5) for x in range(-3, 4)], round(0.5 + 1e-16), round(-1.5), round(2.675, 2), round(1.005, 2))
print(sum(0.1 for _ in range(10)), 0.1 * 10, 1.1 * 1.1, 3.3 / 1.1, 0.7 + 0.1, 0.8 - 0.1, 4.35 * 100, 1e308 * 2 - 1e308 * 2 if False else "skip")
print(float("1e-400"), float("-1e-400"), float("1e400"), float(".5"), float("5."), float("-.5e1"), float("0x1p3") if False else "hex skip", float("  +1.5e+3  "))
print(f"{1.0:.0f} {1.5:.0f} {2.5:.0f} {0.125:.2f} {0.375:.2f} {1e-7:f} {123.456:.1e} {-0.0:+.1f} {0.0:+.1f}")
print(str(1.0), str(-1.0), str(1e-4), str(1e-5), str(123e10), str(1.234e-7), repr(1e100), repr(float(2 ** 53)), repr(float(2 ** 60)))
print(divmod(-0.0, 1), -0.0 == 0.0, str(-0.0), repr(0.0 * -1), abs(-0.0), (-0.0) ** 2, 0.0 ** 0, float("-0"))
import math
print(math.floor(-0.5), math.ceil(-0.5), int(-0.5), round(-0.5), math.copysign(0.0, -1), math.isclose(1e-10, 0, abs_tol=1e-9), math.frexp(8.0), math.ldexp(0.5, 4), math.modf(-3.75))
