for n in [0, 1, -1, 255, -255, 2 ** 40, -(3 ** 30)]:
    print(n, bin(n), oct(n), hex(n), format(n, "b"), format(n, "o"), format(n, "x"), format(n, "X"), f"{n:#010x}", f"{n:_b}" if n >= 0 else "")
for s, b in [("ff", 16), ("FF", 16), ("0xff", 16), ("0xff", 0), ("777", 8), ("0o777", 0), ("1010", 2), ("0b1010", 0), ("zz", 36), ("  -42  ", 10), ("+7", 0), ("1_000", 0), ("0", 0), ("00", 0)]:
    print(repr(s), b, int(s, b))
for s, b in [("08", 0), ("0x", 16), ("12", 2), ("", 10), ("1__0", 10), ("_1", 10), ("0b2", 0), ("9" * 3, 8)]:
    try:
        int(s, b)
    except ValueError as e:
        print("ValueError:", e)
print(int("١٢٣"), int(" \t12\n"), float("١.٥"), int("٣", 16) if False else "skip", str(12345678901234567890), repr(-0), str(True + 0))
print(int(3.9999), int(-2.5), int("-0"), int(b"42"), int(bytearray(b" 7 ")), float(b"1.5"), round(float("1e-3"), 5))
print((1234).__format__(""), (1234).__format__("06"), format(-1234, "+,"), format(1234, "*>+8,"), format(0, "#b"), format(10, "#o"))
print(hex(int("deadbeef", 16)), int(hex(12345), 16), int(oct(12345), 8), int(bin(12345), 2), int(str(-999), 10))
print([int(c, 16) for c in "0123456789abcdef"], "".join("0123456789abcdefghijklmnopqrstuvwxyz"[d] for d in (1, 35, 10)))
def to_base(n, b):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0: return "0"
    sign, n, out = "-" if n < 0 else "", abs(n), []
    while n: n, r = divmod(n, b); out.append(digits[r])
    return sign + "".join(reversed(out))
print([to_base(1000, b) for b in (2, 3, 7, 16, 36)], all(int(to_base(n, b), b) == n for n in (-77, 0, 5, 10 ** 20) for b in range(2, 37)))
