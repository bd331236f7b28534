# re: backtracking semantics that must equal CPython's exactly: captures after
# backtracking, repeated groups, lastindex, lookarounds, atomic/possessive, conditionals.
import re

def show(p, s, flags=0):
    m = re.search(p, s, flags)
    if m is None:
        print(p, "|", s, "-> None")
    else:
        print(p, "|", s, "->", m.span(), m.groups(), m.lastindex, m.lastgroup)

cases = [
    (r"(a|ab)(c|bcd)(d*)", "abcd"),
    (r"(a*)*", "b"),
    (r"(a*)+", "b"),
    (r"(a|b)*", "ab"),
    (r"(a|b)*?c", "abc"),
    (r"(?:(a)|b)*", "ab"),
    (r"(?:(a)|(b))*", "ab"),
    (r"(?:(a)|(b))+?", "ab"),
    (r"(a)|b", "b"),
    (r"((a)|b)+", "ab"),
    (r"(a)(?:b|(c))*d", "abcbd"),
    (r"(x)?(?(1)y|z)", "z"),
    (r"(x)?(?(1)y|z)", "xy"),
    (r"(?P<n>x)?(?(n)y|z)", "xz"),
    (r"^(a+)+$", "aaaa"),
    (r"(a+)(a+)", "aaaa"),
    (r"(a+?)(a+)", "aaaa"),
    (r"(a{2,3})*", "aaaaaaa"),
    (r"(a{2,3}?)*", "aaaaaaa"),
    (r"(a{2,3}?)*?$", "aaaaaaa"),
    (r"(ab|a)(bc|c)", "abc"),
    (r"(?=(a+))a*b\1", "baaabac"),
    (r"(?=(\w+))\w", "abc"),
    (r"(?!(a)b)a", "ac"),
    (r"(?<=(a))b", "ab"),
    (r"(?<!a)b", "ab cb"),
    (r"(?<=\d{3})x", "12x 123x"),
    (r"(?<=a|c)d", "bcd"),
    (r"(?>a+)b", "aaab"),
    (r"(?>a+)ab", "aaab"),
    (r"a++b", "aaab"),
    (r"a++ab", "aaab"),
    (r"(?:ab)++c", "ababc"),
    (r"(?:a|ab)++c", "abc"),
    (r"(a)*+b", "aab"),
    (r"x*+", "xxx"),
    (r"(\w+)\s+\1", "hello hello world"),
    (r"(?i)(\w+) \1", "Hello HELLO"),
    (r"(a)?\1", "b"),
    (r"(a)|\1", "x"),
    (r"()\1*", "ab"),
    (r"(a*)*b", "aaab"),
    (r"(a*?)*?b", "aab"),
    (r"(?:a*)*?b", "ab"),
    (r"(\d+)(?:\.(\d+))?", "3.14 and 42"),
    (r"(?:(\d)|x)+", "1x2x"),
    (r"(?:(\d)|x){2}", "1x2x"),
    (r"(?:(\d)|x){1,3}?y", "1x2y"),
    (r"(a)(?:(b)|c)(?(2)d|e)", "ace"),
    (r"<(\w+)>.*?</\1>", "<a><b>x</b></a>"),
    (r"(.)(?=(.))", "xyz"),
    (r"\b(\w)(\w)?\b", "a bc"),
]
for p, s in cases:
    show(p, s)

print("--- findall with groups after backtracking")
print(re.findall(r"(a)|(b)", "abab"))
print(re.findall(r"(?:(a)|b)+", "abba ab"))
print(re.findall(r"((a)|(b))*c", "abc bac c"))
print([m.groups() for m in re.finditer(r"(\d)?(x)", "1xx2x")])

print("--- deep inputs (explicit stack, no recursion limit)")
print(re.match(r"(a|b)*c", "ab" * 100000))
print(re.match(r"(a|b)*c", "ab" * 50000 + "c").span())
print(re.match(r"(?:a|b)*?c", "ab" * 50000 + "c").span())
print(re.match(r"(ab)*", "ab" * 50000).span(1))
print(re.fullmatch(r"(?:x+y)*", "xy" * 30000) is not None)
print(len(re.findall(r"(a)|b", "ab" * 20000)))
print(re.search(r"(x+x+)+y", "x" * 18) is None)
