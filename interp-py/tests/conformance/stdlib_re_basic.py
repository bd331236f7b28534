# re: compile, match/search/fullmatch, groups, Match API, Pattern API, flags.
import re

def show(m):
    if m is None:
        print("None")
        return
    print(repr(m), m.span(), m.group(), m.groups(), m.groupdict(), m.lastindex, m.lastgroup)

pats = [
    (r"abc", "xxabcxx"),
    (r"a(b)c", "abc"),
    (r"(?P<first>\w+) (?P<last>\w+)", "Jane Doe and more"),
    (r"(\d+)-(\d+)?", "12-"),
    (r"(a)|(b)", "b"),
    (r"(a)(b)(c)?", "ab"),
    (r"x*", "aaa"),
    (r"[a-f0-9]+", "zz00ff1g"),
    (r"[^a-z]+", "abcDEF123ghi"),
    (r"\bfoo\b", "a foo b"),
    (r"\Bfoo", "afoo"),
    (r"^\s*#", "   # comment"),
    (r"colou?r", "The color red"),
    (r"\d{2,4}", "1 12 12345"),
    (r"\d{2,4}?", "12345"),
    (r"(?:ab)+", "ababab!"),
    (r"a.c", "a\nc abc"),
    (r"(?s)a.c", "a\nc"),
    (r"(?i)hello", "HeLLo world"),
    (r"(?m)^b", "a\nb"),
    (r"$", "abc\n"),
    (r"\Aabc\Z", "abc"),
    (r"(?x) a \s+ b  # comment", "a   b"),
    (r"(a+)+b", "aaab"),
    (r"(\w)\1", "hello"),
    (r"(?P<q>['\"]).*?(?P=q)", "say 'hi' now"),
]
for p, s in pats:
    print(p, "|", s.replace("\n", "\\n"))
    show(re.search(p, s))
    show(re.match(p, s))
    show(re.fullmatch(p, s))

print("--- Match API")
m = re.match(r"(?P<a>x)(?P<b>y)?(z)", "xz")
print(m.group(0), m.group(1), m.group("a"), m.group(1, "b", 3), m[0], m["a"], m[3])
print(m.groups(), m.groups("-"), m.groupdict(), m.groupdict(0))
print(m.start(), m.end(), m.span(2), m.start("b"), m.end(3), m.regs)
print(m.pos, m.endpos, m.re.pattern, m.string, m.lastindex, m.lastgroup)
print(m.expand(r"<\g<a>|\3|\g<0>>"))
for bad in (4, "zz", -1, 1.5, None):
    try:
        m.group(bad)
    except IndexError as e:
        print("IndexError", e)
print(bool(m), m.__copy__() is m)
import copy
print(copy.copy(m) is m, copy.deepcopy(m) is m)

print("--- Pattern API")
p = re.compile(r"(?P<word>\w+)", re.I)
print(p.pattern, p.flags, p.groups, p.groupindex, dict(p.groupindex))
print(re.compile("a").groupindex, type(re.compile("a").groupindex).__name__)
print(repr(p), repr(re.compile(b"x+")), repr(re.compile("x", re.M | re.S | re.X)))
print(repr(re.compile("a", re.A)), repr(re.compile("a", re.U)), repr(re.compile("y" * 300)))
print(p.match("hello world", 6), p.match("hello world", 6, 8), p.search("hello", 1, 3))
print(p.match("abc", -5), p.match("abc", 10), p.search("abc", 2, 1), p.fullmatch("abc", 1))
print(re.compile("").match("abc", 2, 1))
print(p == re.compile(r"(?P<word>\w+)", re.I), p == re.compile(r"(?P<word>\w+)"))
print(hash(p) == hash(re.compile(r"(?P<word>\w+)", re.I)))
print(copy.copy(p) is p, copy.deepcopy(p) is p)
print(re.Pattern, re.Match, type(p).__name__, type(m).__name__)
print(re.Pattern[str], re.Match[bytes])
for f in (re.I, re.L, re.M, re.S, re.U, re.X, re.A, re.DEBUG, re.NOFLAG):
    print(repr(f), int(f))
try:
    re.Pattern()
except TypeError as e:
    print("TypeError", e)
try:
    class P(re.Pattern):
        pass
except TypeError as e:
    print("TypeError", e)
try:
    p.flags = 3
except AttributeError as e:
    print("AttributeError", type(e).__name__)

print("--- scanner and finditer")
sc = re.compile(r"\d+|[a-z]+").scanner("12ab 34")
print(sc.match().group(), sc.match().group(), sc.match(), sc.search(), sc.pattern.pattern)
sc = re.compile(r"\d+").scanner("a1b22c")
print(sc.search().group(), sc.match(), sc.search(), sc.search())
print(type(re.finditer("a", "aa")).__name__)
print([m.span() for m in re.finditer(r"\w*", "ab cd")])
print([m.group() for m in re.compile(r"\d").finditer("1a2b3", 1, 4)])

print("--- bytes")
print(re.findall(rb"\w+", b"hi there_1 \xe9"), re.match(rb"(?i)ABC", b"abc"))
print(re.sub(rb"a", b"\\\\", b"banana"), re.split(rb",", bytearray(b"a,b")))
print(re.search(rb"b+", memoryview(b"abbbc")))
print(re.match(b"a", bytearray(b"abc")).group())

print("--- purge/escape/cache")
print(re.escape("a.b*c?d+[e]{f}(g)|h^$\\ i-j#k&l~m\n"), re.escape(b"a.b"))
re.purge()
print(re.compile("abc") is re.compile("abc"))
