a = 3 + 4j
b = complex(1, -2)
print(a, b, a + b, a - b, a * b, a / b, -a, +a, abs(a), a.conjugate(), a.real, a.imag)
print(complex("1+2j"), complex("-3.5j"), complex(2), complex(), 1j * 1j, 1j ** 2, (1 + 1j) ** 3, 2 ** (1j * 0))
print(repr(1j), repr(-1j), repr(0j), repr(complex(0.0, -0.0)), repr(complex(-0.0, 0.0)), repr(complex(1e20, 1e-20)), repr(complex(float("inf"), float("nan"))))
print(a == complex(3, 4), a == 3 + 4j, 1 + 0j == 1, hash(1 + 0j) == hash(1), hash(3 + 4j), hash(1j))
print(f"{a:.2f}", format(b, ""), f"{a!r:>12}|", str(complex(1.5, 2.25)))
print(isinstance(a, complex), type(a).__name__, complex(3, 4) != complex(3, 5), bool(0j), bool(1j))
for op in [lambda: a < b, lambda: a // 2, lambda: a % 2, lambda: int(a), lambda: float(a)]:
    try:
        op()
    except TypeError as e:
        print("TypeError:", e)
try:
    a / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    complex("1+2k")
except ValueError as e:
    print("ValueError:", e)
print(sum([1j, 2, 3.5]), [x * 1j for x in range(3)], pow(1j, 4), (2 + 0j) ** 2)
