# re: findall/finditer/sub/subn/split, including empty-match rules (3.7+), templates,
# callables, count/maxsplit, and type errors.
import re

print("--- findall")
print(re.findall(r"\d+", "a1b22c333"))
print(re.findall(r"(\w)(\d)?", "a1b c2"))
print(re.findall(r"(\w)=(\d)", "a=1 b=2"))
print(re.findall(r"", "abc"))
print(re.findall(r"x*", "axxb"))
print(re.findall(r"\b", "ab cd"))
print(re.findall(r"^", "a\nb\n", re.M), re.findall(r"$", "a\nb\n", re.M))
print(re.findall(r"(?=(\w\w))", "abcd"))
print(re.compile(r"\w").findall("abcdef", 2, 4))
print(re.findall(r"a|", "baaa"))

print("--- sub")
print(re.sub(r"\d", "#", "a1b22c"))
print(re.sub(r"x*", "-", "abxd"))
print(re.sub(r"", "-", "abc"))
print(re.sub(r"(?=b)", "^", "abab"))
print(re.sub(r"(\w+)@(\w+)\.com", r"\2:\1", "bob@mail.com, eve@corp.com"))
print(re.sub(r"(?P<k>\w+)=(?P<v>\w+)", r"\g<v>=\g<k>;\g<0>", "a=1 b=2"))
print(re.sub(r"(a)|(b)", r"[\1\2]", "abc"))
print(re.sub(r"a", r"\n\t\\", "bab"))
print(re.sub(r"a", "\\\\x", "a"))
print(re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "1 22 333"))
print(re.sub(r"\w", lambda m: None if m.group() == "b" else m.group().upper(), "abc"))
print(re.sub(r"o", "0", "foo boo", count=2), re.subn(r"o", "0", "foo boo"))
print(re.subn(r"x*", "-", "abc"), re.subn(r"z", "-", "abc"), re.subn("", "", ""))
print(re.sub(r"a", "b", "aaa", -1))
print(re.compile(r"(\d)").sub(r"<\1>", "a1b2", 1))
print(re.sub(b"a+", b"X", b"caaandaa"), re.sub(b"(a)", rb"\1\1", bytearray(b"bab")))
print(re.sub("(a)", r"\g<1>0", "a"), re.sub("(a)", r"\10", "a") if False else "")
print(re.sub("é", "e", "café é"), re.sub("(?i)É", "E", "café"))
print(re.sub("a", lambda m: m.re.pattern + str(m.span()), "banana"))

class S(str):
    pass
r = re.sub("a", "b", S("aa"))
print(r, type(r).__name__)
print(type(re.sub(b"a", b"b", bytearray(b"aa"))).__name__)

print("--- split")
print(re.split(r",", "a,b,,c"))
print(re.split(r"(,)", "a,b"))
print(re.split(r"(,)|(;)", "a,b;c"))
print(re.split(r"\s*", "a b  c"))
print(re.split(r"", "abc"))
print(re.split(r"x*", "axbxc"))
print(re.split(r"\b", "ab cd"))
print(re.split(r",", "a,b,c,d", maxsplit=2), re.split(r",", "a,b", maxsplit=-1))
print(re.split(r"(?=b)", "abab"))
print(re.split(r"^$", "", flags=re.M), re.split("x", ""))
print(re.split(rb"\W+", b"a b--c"))

print("--- finditer")
for m in re.finditer(r"(?P<n>\d+)|(?P<w>[a-z]+)", "ab12cd3"):
    print(m.span(), m.lastgroup, m.group(m.lastgroup))
print([m.span() for m in re.finditer(r"a*", "baac")])

print("--- template errors")
for tmpl in (r"\3", r"\g<x>", r"\g<1", r"\g<>", r"\g<-1>", "\\", r"\q"):
    try:
        print(re.sub(r"(a)", tmpl, "a"))
    except (re.error, IndexError) as e:
        print(type(e).__name__, e)
try:
    re.sub(r"a", lambda m: 5, "aa")
except TypeError as e:
    print("TypeError", e)
try:
    re.sub(b"a", "x", b"aa")
except TypeError as e:
    print("TypeError", e)
print(re.sub(b"a", "x", b"bb"))
try:
    re.sub("a", b"x", "aa")
except TypeError as e:
    print("TypeError", e)
for f, args in ((re.findall, ("a", b"a")), (re.split, (b"a", "a")), (re.search, ("a", 5)),
                (re.match, ("a", None)), (re.sub, ("a", "b", ["a"]))):
    try:
        f(*args)
    except TypeError as e:
        print("TypeError", e)

print("--- expand")
m = re.match(r"(?P<x>\w)(\w)?", "a")
print(repr(m.expand(r"\g<x>[\2]\\n")))
print(m.expand(b"x" if False else "x"))
