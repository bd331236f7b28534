# re.error: messages, positions, line/column info, and other exceptions from re.
import re

bad = [
    "(", ")", "a)", "[a", "[z-a]", "a**", "*a", "a{2,1}", "(?P<1>x)", "(?P<a>x)(?P<a>y)",
    "(?P=missing)", "\\1", "(a)\\2", "(?<=a+)b", "(?<!a|bc)d", "(?z)", "(?i", "x{1",
    "\\", "\\q", "[\\q]", "(?P<a", "(?#unterminated", "(?(2)a|b)", "(?(a)b)", "a|*",
    "(?i)(?-i:a)(?u-u:b)", "\\x1", "\\u12", "\\U1234567",
    "\\U00110000", "[\\d-z]", "(?P<a-b>x)", "(?'x')", "(?<", "a{,2}b{1,}c{2,3}?)",
    "(?:a)++?", "x++*", "(a)(?(1)b|c|d)", "\\8", "[]", "[^]", "(?<=(?P<g>a))(?P=g)",
    "(?x)a # c\n  (b", "abc\n(def\nghi", "(?m:a", "(?-x:a)", "(?ai)x", "(?aL)x",
]
for p in bad:
    try:
        c = re.compile(p)
        print(repr(p), "ok", c.groups)
    except re.error as e:
        print(repr(p), "->", e, "|", e.msg, e.pos, e.lineno, e.colno)
    except (ValueError, OverflowError) as e:
        print(repr(p), "->", type(e).__name__, e)

print("--- bytes patterns")
for p in (b"(", b"\\u1234"):
    try:
        re.compile(p)
        print(p, "ok")
    except re.error as e:
        print(p, "->", e, e.pos)

print("--- error object")
try:
    re.compile("ab(cd")
except re.error as e:
    print(type(e).__module__, type(e).__name__, e.args, e.pattern, e.pos)
    print(isinstance(e, Exception), re.error is re.PatternError if hasattr(re, "PatternError") else True)
e = re.error("custom")
print(e.msg, e.pattern, e.pos, e.lineno, e.colno, str(e))

print("--- flag and argument errors")
for args in (("a", 1 << 20), ("a", re.A | re.L)):
    try:
        re.compile(*args)
        print("ok")
    except (ValueError, re.error) as e:
        print(type(e).__name__, e)
try:
    re.compile(re.compile("a"), re.I)
except ValueError as e:
    print("ValueError", e)
print(re.compile(re.compile("a")).pattern)
try:
    re.compile(5)
except TypeError as e:
    print("TypeError", e)
try:
    re.compile("a").match("a", "x")
except TypeError as e:
    print("TypeError", e)
for meth in ("match", "search", "split", "findall", "sub"):
    try:
        getattr(re.compile("a"), meth)()
    except TypeError as e:
        print("TypeError", meth, type(e).__name__)
try:
    re.match("(a)", "a").group(2)
except IndexError as e:
    print("IndexError", e)
try:
    re.match("(a)", "a").span("x")
except IndexError as e:
    print("IndexError", e)
print(re.match("(?P<n>a)", "a").start("n"))
try:
    re.compile("(" * 200 + ")" * 200)
    print("deep ok")
except (re.error, RecursionError) as e:
    print(type(e).__name__)
try:
    re.compile("(a)" * 101).match("a" * 101).span(101)
    print("many groups ok")
except re.error as e:
    print("error", e)
