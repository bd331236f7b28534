class P:
    def __init__(self): self.x, self.y = 1, [10, 20]
    def __format__(self, spec): return f"P<{spec}>"
p = P()
print("{0.x} {0.y[1]} {1[key]} {1[0]}".format(p, {"key": "v", 0: "zero"}))
print("{:>{w}}|{:^{w}.{p}}|".format("a", 3.14159, w=8, p=3), "{!s:>5}|{!r:<6}|".format(1, "x"))
print("{0}{1}{0}".format("ab", "-"), "{}{}".format(*"xy"), "{a}{b}".format(**{"a": 1, "b": 2}), "{0[0]}{0[1]}".format("hi"))
print("{:spec here}".format(p), format(p), f"{p:xyz}", "{}".format(p))
print("{:,}".format(1234567), "{:_}".format(1234567), "{:,.3f}".format(1234.5678), "{:e}".format(12345.6789), "{:.2%}".format(0.12345))
print("{:#b} {:#o} {:#x} {:#X}".format(10, 10, 255, 255), "{:08.3f}".format(-3.14159), "{:+}".format(5), "{: }".format(5), "{:=+8}".format(42))
print("{{}} {{{0}}}".format("in"), "{0!a}".format("ñ"), "{:c}".format(9731), "{:5}|{:<5}|{:>5}|{:^5}|".format(1, 2, 3, 4))
print("{:.0f} {:.0f} {:.0f} {:.0f}".format(0.5, 1.5, 2.5, -0.5), "{:g} {:g} {:g}".format(1e-5, 123456789, 0.0001), "{:n}".format(1234))
print("{:*<10}".format("left"), "{:*>10}".format("right"), "{:*^11}".format("mid"), "{:x<4d}".format(7), "{:0=6}".format(-12))
print("%(name)s is %(age)d" % {"name": "Bo", "age": 7}, "%5.2f%%" % 99.567, "%-5d|" % 42, "%+.1e" % 12345.0, "%#x %#o" % (255, 8))
tmpl = "{greeting}, {name}! You have {n} new message{s}."
for n in (0, 1, 5):
    print(tmpl.format(greeting="Hi", name="Ann", n=n, s="" if n == 1 else "s"))
print(str.format_map("{a}-{b}", {"a": 1, "b": 2}))
class Default(dict):
    def __missing__(self, k): return f"<{k}>"
print("{known} {unknown}".format_map(Default(known="K")))
for bad in ["{", "}", "{0:{1:{2}}}", "{!}", "{0.}"]:
    try:
        print(bad.format(1, 2, 3))
    except (ValueError, IndexError, AttributeError) as e:
        print(type(e).__name__ + ":", e)
