print("{:d} {:5d} {:<5d}| {:^7.2f} {:+} {: } {:x} {:X} {:o} {:b} {:e} {:E} {:g} {:%}".format(42, 42, 42, 3.14159, 5, 5, 255, 255, 8, 5, 1234.5, 1234.5, 0.0001, 0.5))
print("{0}{1}{0}".format("a", "b"), "{name} is {age}".format(name="X", age=3), "{0[0]} {0[1]}".format("ab"), "{.__class__.__name__}".format(1))
print("{:,}".format(1234567), "{:_}".format(1234567), "{:,.2f}".format(1234567.891), "{:#x}".format(255), "{:#b}".format(5), "{:08.3f}".format(-1.5))
print("{:>10}".format("right"), "{:*<10}".format("left"), "{:=^10}".format("mid"), "{:10}".format(12), "{:<10}".format(12), "{:010}".format(-12))
print("{!r}".format("q"), "{!s}".format([1]), "{!a}".format("é"), "{:.3}".format("abcdef"), "{:>8.2}".format("abcdef"), "{{}}".format())
print("{:c}".format(65), "{:n}".format(1234), "{:.0f}".format(0.5), "{:.0f}".format(1.5), "{:.1f}".format(0.05), "{:.2%}".format(0.1234))
print("{0:{1}}".format(3.14159, ".2f"), "{0:>{1}}".format("x", 5), "{:{}{}}".format(1, ">", 4), format(1e-5, ".2g"), format(123456789, ".3g"))
class F:
    def __format__(self, spec): return f"F<{spec}>"
    def __str__(self): return "Fstr"
    def __repr__(self): return "Frepr"
print("{} {:xyz} {!r} {!s}".format(F(), F(), F(), F()), f"{F()} {F()!r} {F():abc}", format(F(), "q"))
print("%s %d %5.1f %-4s| %x %o %e %c %%" % ("s", 3, 2.25, "ab", 31, 9, 0.5, "z"), "%(k)s=%(v)d" % {"k": "a", "v": 1})
print("%5s|%-5s|%05.1f|%+d|% d|%#x|%#o|%.2e|%g|%G" % ("ab", "cd", 3.14159, 7, 7, 255, 8, 12345.678, 1e20, 1e-20))
print("%r %a %s" % ("é", "é", b"x"), "%i" % 3.9, "%d" % True, "%s" % (1,), "%s" % [1, 2], "%.0f" % 2.5, "%x" % -255)
try:
    "%d" % "x"
except TypeError as e:
    print(e)
try:
    "%s %s" % (1,)
except TypeError as e:
    print(e)
try:
    "%s" % (1, 2)
except TypeError as e:
    print(e)
try:
    "{} {}".format(1)
except IndexError as e:
    print(e)
try:
    "{x}".format(y=1)
except KeyError as e:
    print("KeyError", e)
try:
    format(1, "q")
except ValueError as e:
    print(e)
try:
    "{:d}".format(1.5)
except ValueError as e:
    print(e)
try:
    "{0} {}".format(1, 2)
except ValueError as e:
    print(e)
print("a{}b{}c".format(*"XY"), "{a}{b}".format(**{"a": 1, "b": 2}), "{:s}".format("str"), "{:}".format(5))
print(str.format("{}-{}", 1, 2), "x".format_map({}), "{k}".format_map({"k": "v"}), "{0:.{1}f}".format(2.71828, 2))
print(f"{'abc':.2}", f"{12345:>10,}", f"{0.000001234:.3e}", f"{-0.0:+.1f}", f"{1e300 * 10:f}", f"{float('nan'):>5}", f"{True:d}", f"{3:.2f}")
