data = [1, 5, 12, 7, 30]
if (n := len(data)) > 3:
    print(f"{n} items")
print([y for x in data if (y := x * 2) > 10], y)
while (chunk := data[:2]):
    data = data[2:]
    print(chunk)
a, *b = range(4); print(a, b)
*c, d = "xyz"; print(c, d)
[e, [f, *g]] = [1, [2, 3, 4]]; print(e, f, g)
for i, (k, v) in enumerate({"a": 1, "b": 2}.items()): print(i, k, v)
print(*[1, 2], *"ab", sep="-")
print({**{"a": 1}, **{"b": 2}}, [*range(3), *[9]], (*"ab",), {*"aab"} == {"a", "b"})
name, width, prec = "pi", 10, 3
value = 3.14159265
print(f"{name!r:>{width}} = {value:{width}.{prec}f}|")
print(f"{'nested'!s:^12}|{value=}|{value = :.2f}|{1+2=}")
print(f"{{literal}} {[1, 2][0]} {dict(a=1)['a']} {'x' if True else 'y'} {3:#x} {-12:+05d} {1e-7:g} {123456789:_d}")
print(f"{3.0:.0f} {2.5:.0f} {0.125:.2f} {1/3:.10f} {1e20:.2e} {12.0:g} {123456789.0:g} {0.00001:g}")
w = 5
print(f"{'a':<{w}}|{'b':>{w}}|{'c':^{w}}|{42:0{w}d}")
print("%(a)s and %(b)05.1f" % {"a": "x", "b": 2.25}, "%3d|%-3d|%+d" % (1, 2, 3), "%.3s" % "abcdef", "%*d" % (4, 7))
print("{:,.2f}".format(1234567.891), "{:>10.3e}".format(0.000123), "{0[1]} {1[k]}".format([5, 6], {"k": "v"}), "{.real}".format(3j))
print(format(1e16, ""), format(1.5, "0<8"), format(255, "08b"), format(-255, "#x"), format(3.14159, ".3"), format(10**20, "e"))
print(repr(1e16), repr(1.0), repr(1e-4), repr(123456789012345678.0), repr(0.1 + 0.7), repr(-1e-320), str(2.0 ** 70))
