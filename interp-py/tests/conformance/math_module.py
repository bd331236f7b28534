import math
print(math.pi, math.e, math.tau, math.inf, math.nan, math.sqrt(2), math.floor(-2.5), math.ceil(2.1), math.trunc(-2.7))
print(math.log(100, 10), math.log2(1024), math.log10(0.001), math.log(math.e), math.log1p(1e-10), math.exp(1), math.expm1(1e-10))
print(math.sin(math.pi / 6), math.cos(0), math.tan(math.pi / 4), math.atan2(1, -1), math.hypot(3, 4), math.hypot(1, 2, 2), math.degrees(math.pi), math.radians(180))
print(math.factorial(20), math.comb(10, 3), math.perm(5, 2), math.gcd(12, 18, 27), math.lcm(4, 6), math.isqrt(10 ** 20 + 1), math.prod([1, 2, 3, 4]))
print(math.isclose(0.1 + 0.2, 0.3), math.isfinite(1e308), math.isinf(-math.inf), math.isnan(math.nan), math.copysign(3, -0.0), math.fabs(-4))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.frexp(8.0), math.ldexp(0.5, 4), math.modf(-3.25), math.fmod(-7, 3), math.remainder(7, 4))
print(math.dist((0, 0), (3, 4)), math.erf(1), math.erfc(1), math.gamma(5), math.lgamma(10), math.cosh(1), math.asinh(1), math.atanh(0.5))
print(math.floor(10 ** 30 + 0.5) == 10 ** 30, math.ceil(7), type(math.floor(2.0)).__name__, math.log(2 ** 1000), math.log2(2 ** 2000))
for bad in ["math.sqrt(-1)", "math.log(0)", "math.exp(1000)", "math.factorial(-1)", "math.sqrt('x')", "math.acos(2)", "math.floor(math.nan)", "math.ceil(math.inf)", "math.pow(0, -1)", "math.comb(-1, 2)"]:
    try:
        eval(bad)
    except Exception as ex:
        print(bad, "->", type(ex).__name__, ex)
print(math.pow(2, 0.5), math.pow(-8, 1 / 3) if False else "skip", math.cbrt(27), math.exp2(10), math.ulp(1.0), math.nextafter(1.0, 2.0))
