import math
vals = [0.0, -0.0, 1.5, -2.5, 1e16, 1e-5, 123456789.123, 1/3, 2/3, 1e300 * 10, -1e300 * 10, 5e-324, 0.1 + 0.2, 1e22, 1e21, 123e-20]
for v in vals:
    print(repr(v), str(v), v.is_integer() if math.isfinite(v) else "inf", v == v)
nan = float("nan")
print(nan == nan, nan != nan, nan < 1, math.isnan(nan), repr(nan), repr(-nan), float("-inf"), float("  3.5  "), float("1_0.5"))
print(7.0 // 2, -7.0 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2, divmod(7.5, 2), divmod(-7.5, 2), 2.0 ** 0.5, (-8.0) ** 2, 2 ** 0.5)
print(round(2.5), round(3.5), round(-2.5), round(2.675, 2), round(1.23456, 3), round(1e20), round(0.5), round(-0.5), round(12.5, -1))
print(int(1e20), int(-1.9), math.floor(-1.5), math.ceil(-1.5), math.trunc(2.7), float(10**20), float(2**1023))
print(hash(1.5), hash(-1.5), hash(0.1), hash(1e100), hash(2.0), hash(float("inf")), hash(-0.0))
print((1.5).as_integer_ratio(), (0.1).as_integer_ratio(), (2.5).hex(), float.fromhex("0x1.8p3"), (-0.0).hex())
print(f"{3.14159:.2f}", f"{1234.5:,.1f}", f"{0.000123:.3e}", f"{1e10:g}", f"{1e-10:g}", f"{123.456:10.2f}|", f"{0.5:%}", f"{2.5:+.0f}", f"{1e16:.17g}")
print("%.3f %e %g %G %10.4f %-8.2f|" % (2.5, 12345.678, 0.00001234, 1e20, 3.14159, 2.0))
print(1e308 * 10 == float("inf"), -1e308 * 10, 1.0 == 1, 0.1 * 3, 1.1 + 2.2, 3 * 1.1, 100 * 1.1, 0.1 + 0.7)
print(sum([0.1] * 10), max(1.5, 2), min(-0.0, 0.0), abs(-3.25), float(True), 3.0.__trunc__())
print(str(1e15), str(1e16), str(1.0e-4), str(1.0e-5), str(12345678901234567.0), str(0.30000000000000004))
for bad in ["abc", "", "1.2.3", "0x10"]:
    try:
        float(bad)
    except ValueError as e:
        print("ValueError:", e)
for op in [lambda: 1.0 / 0, lambda: 1.0 // 0.0, lambda: 1.0 % 0.0, lambda: divmod(1.0, 0)]:
    try:
        op()
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
try:
    2.0 ** 10000
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(float("inf"))
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(float("nan"))
except ValueError as e:
    print("ValueError:", e)
try:
    (-8.0) ** 0.5
except ValueError as e:
    print("ValueError:", e)
else:
    print("complex result", (-8.0) ** 0.5)
print(math.fsum([0.1] * 10), math.sqrt(2), math.pi, math.e, math.inf, math.isclose(0.1 + 0.2, 0.3), math.copysign(1, -0.0))
