a = 2 ** 200
b = 3 ** 150
print(a, b, a + b, a - b, a * b, a // b, a % b, b // a, -a // 7, -a % 7, divmod(a, -b))
print(a >> 100, a << 10, a & b, a | b, a ^ b, ~a, -a >> 199, (-a) & 0xFFFF, abs(-a), a.bit_length(), (a - 1).bit_count() if hasattr(int, "bit_count") else 200)
print(a == 2 ** 200, a < b, a > 1.0, a == float(a), float(a), int(float(2 ** 60)), hash(a) == hash(a), hash(2 ** 61 - 1), hash(-(2 ** 61)))
print(pow(3, 1000, 10 ** 9 + 7), pow(a, -1, 1000003), pow(7, 0), 0 ** 0, (-2) ** 63, (-2) ** 64, 10 ** -2)
print(str(10 ** 100)[:20], len(str(7 ** 500)), int("9" * 60) + 1, int("-" + "1" * 40), int("zz", 36), int("Z" * 10, 36))
print(a.to_bytes(26, "big")[:4], int.from_bytes(a.to_bytes(26, "little"), "little") == a, (255).to_bytes(1, "big", signed=False))
print(round(a, -50), round(123456789, -3), round(-987654321, -4), 12345678901234567890 // 10, -12345678901234567890 // 10)
print(1 << 62, (1 << 62) + (1 << 62), -(1 << 62) - (1 << 62), (2 ** 62) * 2, 4611686018427387904 - 1, -4611686018427387905 + 1)
x = 1
for i in range(1, 30):
    x *= i
print(x, x // (2 ** 20), x % 1000007, format(x, ","), format(x, "x"), format(-x, "e"))
print(int(1e20), int(-1.5e19), int(2.0 ** 100), float(10 ** 300) * 10, 10 ** 400 / 10 ** 399, (10 ** 400) // (10 ** 399))
try:
    float(10 ** 400)
except OverflowError as e:
    print(e)
try:
    1 / 0
except ZeroDivisionError as e:
    print(e)
try:
    5 % 0
except ZeroDivisionError as e:
    print(e)
try:
    (2 ** 100) // 0
except ZeroDivisionError as e:
    print(e)
try:
    1.0 / 0
except ZeroDivisionError as e:
    print(e)
print(True + 2 ** 70, int.__add__(3, 4), (5).__mul__(2), (7).__rsub__(10), int.__truediv__(1, 4), (3).real, (3).imag, (6).numerator, (6).denominator)
print(sum(range(10 ** 6)), sum(i * i for i in range(1000)), max(2 ** 80, 3 ** 50), sorted([2 ** 70, -5, 3, 2 ** 65]))
print(isinstance(2 ** 100, int), type(2 ** 100).__name__, (2 ** 100).is_integer() if hasattr(int, "is_integer") else True)
print(7 // -2, -7 // -2, 7 % -2, -7 % -2, divmod(0, 5), divmod(-1, 2 ** 70), (-1) % (2 ** 70))
