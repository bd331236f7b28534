import math
name, n, f = "tern", 42, 3.14159
print(f"{name!r} {name!s} {name!a} {n=} {f=:.2f} {n + 1 = } {name.upper()=}")
print(f"{n:5d}|{n:<5d}|{n:^5d}|{n:>5}|{n:05d}|{n:+d}|{-n: d}|{n:x}|{n:#X}|{n:#o}|{n:b}|{n:#b}|{n:c}")
print(f"{f:10.3f}|{f:<10.2e}|{f:^12.4g}|{f:+.1%}|{1234567.891:,.2f}|{1234567:_d}|{0.00001234:.3g}|{1e100:.2e}|{f:=+10.2f}")
print(f"{'text':*^11}|{'x':>3}|{'long string':.4}|{'pad':<6}|{'':-^5}|{name:{'>'}{10}}|{f:{'.'}{3}}")
w, p = 12, 3
print(f"{math.pi:{w}.{p}f}|{math.e:>{w}}|{'nested':{'^'}{w}}")
print(f"{{literal}} {{{n}}} {'{'}", f"{'a' 'b'}", f"{3 if n > 3 else 4}", f"{[1, 2][1]}", f"{ {'k': 'v'}['k'] }", f"{(lambda x: x * 2)(n)}")
print(f"{n!r:>6}|{name!r:^10}|{f!s:.3}")
print(f"{float('inf'):f} {float('-inf'):e} {float('nan'):g} {-0.0:f} {0.5:.0f} {1.5:.0f} {2.5:.0f} {1e16:f} {123.456:.0e}")
print(f"{255:08_b}|{10**12:,}|{-1234.5:,.1f}|{12345.6789:_.2f}|{0:#x}|{True:d}|{True}|{None!r}")
print(format(3.0, ""), format(3.0, "g"), format(1e20, ""), format(1e-7, ""), format(100.0, ".3"), format(12.0, "n"), format(0.1, ".20f"))
print("{:>8.3f}|{:<+6d}|{:^7s}|{!r}|{}".format(2.5, 7, "mid", "r", "last"), "{a[0]}-{b.real}-{c[k]}".format(a=[9], b=3j, c={"k": "v"}))
print("{0:{1}}|{2:{fill}>{width}}".format("x", 5, "y", fill="~", width=4), "{:%}".format(0.25), "{:.2%}".format(1 / 3))
print(str.format("{} {}", 1, 2), "{!a}".format("é"), "{:,}".format(10**9), "{:e}".format(0), "{:g}".format(1e-5), "{:G}".format(1e-50))
class Money:
    def __init__(self, v): self.v = v
    def __format__(self, spec):
        if spec == "usd": return f"${self.v:,.2f}"
        return format(self.v, spec)
    def __str__(self): return f"Money({self.v})"
    def __repr__(self): return "M!"
m = Money(1234.5)
print(f"{m:usd} {m:.1f} {m} {m!r} {m!s:>12}", "{:usd}".format(m), format(m, "usd"))
for bad in ["{:d}".format, "{:q}".format, "{0:,s}".format]:
    try:
        bad("str")
    except ValueError as e:
        print("ValueError:", e)
for spec, val in [(".2f", "x"), ("d", 2.5), ("s", 5), ("c", -1), ("=5", "s"), (",c", 65), ("#s", "x")]:
    try:
        print(format(val, spec))
    except (ValueError, TypeError, OverflowError) as e:
        print(type(e).__name__ + ":", e)
try:
    "{} {}".format(1)
except IndexError as e:
    print("IndexError:", e)
try:
    "{0} {}".format(1, 2)
except ValueError as e:
    print("ValueError:", e)
try:
    "{x}".format(y=1)
except KeyError as e:
    print("KeyError:", e)
print("%-6s|%6.2f|%x|%#o|%e|%5.1s|%c%c" % ("ab", 2.345, 255, 8, 12345.678, "xyz", 72, "i"), "%3d%%" % 50, "%(k)r" % {"k": [1]})
print("%s" % None, "%d" % True, "%.0f" % 2.5, "%.0f" % 3.5, "%g" % 100000, "%g" % 1000000, "%10.3e|" % 0.000123, "%+.2f" % 0, "% d" % 5)
