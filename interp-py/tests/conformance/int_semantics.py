# int semantics: division, modulo, shifts, bit ops, conversions, bigints
vals = [0, 1, -1, 7, -7, 2**31, -2**31, 2**63 - 1, -2**63, 2**64 + 3, -(10**30) + 17]
divs = [1, -1, 3, -3, 7, 2**33, -(2**65)]
for a in vals:
    row = []
    for b in divs:
        row.append((a // b, a % b, divmod(a, b) == (a // b, a % b)))
    print(a, row)
for a in vals:
    print(a, a << 3, a >> 2, a & 0xFF, a | 0x10, a ^ -1, ~a, -a, abs(a), a.bit_length(), bin(a), oct(a), hex(a))
print(int("  42  "), int("-0x1f", 16), int("0b101", 0), int("0o17", 0), int("z", 36), int("1_000_000"), int(3.99), int(-3.99), int(True))
print(int("123456789012345678901234567890") * 3, 10**40 // 7, -(10**40) // 7, 10**40 % 7, (-10**40) % 7)
print(pow(3, 200, 1000007), pow(2, -1, 7), pow(-3, 3), pow(2, 100), 2 ** -2, (-8) ** (1 / 3) if False else "skip")
print(round(12345, -2), round(12355, -1), round(-25, -1), round(35, -1), round(7), round(2**70 + 1, -20))
print((255).to_bytes(2, "big"), (255).to_bytes(2, "little"), int.from_bytes(b"\x01\x00", "big"), (-1).to_bytes(2, "big", signed=True), int.from_bytes(b"\xff\xfe", "little", signed=True))
print((10).bit_count(), (-10).bit_count(), (6).as_integer_ratio(), (5).conjugate(), (5).real, (5).imag, (5).numerator, (5).denominator)
print(1 < 2 < 3, 3 > 2 > 2, 2**100 > 2**99, -2**100 < 5, 2**64 == 2.0**64, 2**53 + 1 == 2.0**53 + 1, 10**20 == 1e20)
print(hash(2**61 - 1), hash(2**61), hash(-1), hash(-2), hash(10**30), hash(-(10**30)))
print(7 / 2, -7 / 2, 10**20 / 10**10, 1 / 3, 2**1000 // 2**999, float(2**100))
print(sum(range(1000)), max(3, 2**70, -5), min([4, -2**70]), sorted([3, -1, 2**65, -(2**65), 0]))
print(f"{12345678:,}", f"{255:#x}", f"{255:08b}", f"{-42:+d}", f"{42:^10}|", f"{2**70:_}", format(1234, "e"))
for bad in ["", "12a", "0x", " - 1", "1__0"]:
    try:
        int(bad)
    except ValueError as e:
        print("ValueError:", e)
for base in [1, 37]:
    try:
        int("1", base)
    except ValueError as e:
        print("ValueError:", e)
try:
    1 // 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    5 % 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    1 << -1
except ValueError as e:
    print("ValueError:", e)
try:
    pow(2, -1, 4)
except ValueError as e:
    print("ValueError:", e)
print(isinstance(True, int), True + True, True * 10, False - 1, int.__name__, type(2**100).__name__)
