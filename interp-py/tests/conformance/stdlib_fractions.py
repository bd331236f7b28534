# fractions.Fraction: construction from ints, strings, floats and Decimals, arithmetic with
# ints/floats/complex, comparisons, hashing, rounding, limit_denominator, formatting, errors.
from fractions import Fraction as F
from decimal import Decimal
import math


def show(label, f, *a):
    try:
        print(label, repr(f(*a)))
    except Exception as e:
        print(label, type(e).__name__, e)


print(F(1, 3), F(-6, 4), F(3), F('3/7'), F(' -1.25 '), F('1e-3'), F(0.5), F(1.1), F(Decimal('0.75')),
      F(F(1, 2), F(2, 3)), repr(F(5, 10)), F(7, -14).numerator, F(7, -14).denominator)
a, b = F(1, 3), F(1, 6)
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** 2, a ** -2, 2 ** F(1, 2), F(4, 9) ** F(1, 2),
      -a, +a, abs(F(-2, 3)), divmod(F(7, 2), F(2, 3)), a + 1, 1 - a, a * 2.5, a + 1j)
print(a < b, a == F(2, 6), a == 1 / 3, F(1, 2) == 0.5, F(3) == 3, a > 0.3, sorted([F(2, 3), F(1, 2), 0.6]),
      hash(F(1, 2)) == hash(0.5), hash(F(3)) == hash(3), bool(F(0)), int(F(-7, 2)), float(F(1, 8)))
print(math.floor(F(-7, 2)), math.ceil(F(7, 2)), round(F(5, 2)), round(F(7, 2)), round(F(22, 7), 3),
      math.trunc(F(-7, 3)), F(7, 3).as_integer_ratio(), F(3, 4).is_integer() if hasattr(F, 'is_integer') else '')
print(F('3.1415926535').limit_denominator(1000), F(math.pi).limit_denominator(100),
      F(1, 3).limit_denominator(2), F.from_float(0.25), F.from_decimal(Decimal('-1.5')))
print(format(F(1, 3), '') if False else str(F(1, 3)), '%s %r' % (F(2, 4), F(2, 4)))
show('zero', F, 1, 0)
show('parse', F, 'abc')
show('parse', F, '1/0')
show('type', F, 1.5, 2)
show('type', F, [1])
show('nan', F, float('nan'))
show('inf', F, float('inf'))
show('div0', lambda: F(1) / 0)
total = F(0)
for n in range(1, 60):
    total += F(1, n * (n + 1))
print(total, sum(F(1, 2 ** k) for k in range(30)))
