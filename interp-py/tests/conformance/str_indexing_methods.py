s = "héllo wörld ☃ 𝄞 end"
print(len(s), s[0], s[1], s[-1], s[12], s[14], s[2:9], s[::-1], s[::3], s[-5:-1], s[100:], s[:-100])
print(s.upper(), s.title(), s.capitalize(), s.swapcase(), s.casefold(), "ß".upper(), "ǅ".lower(), "ﬁ".upper())
print(s.find("ö"), s.index("☃"), s.rfind("l"), s.count("l"), s.find("zz"), s.startswith(("x", "hé")), s.endswith("end", 0, 20))
print(s.split(), s.split("l"), s.split("l", 1), s.rsplit("l", 1), "a,,b,".split(","), "  a  b  ".split(None, 1), "".split(), "".split(","))
print("a\nb\r\nc\rd".splitlines(), "a\nb\n".splitlines(True), "x".join(["1", "2", "3"]), "-".join("abc"), "".join([]))
print(s.replace("l", "L"), s.replace("l", "L", 2), "aaa".replace("", "-"), s.partition(" "), s.rpartition(" "), "abc".partition("z"))
print("  pad ".strip(), "xxpadxx".strip("x"), "  pad ".lstrip(), "  pad ".rstrip(), "abc".center(9, "*"), "abc".ljust(6, "."), "abc".rjust(6), "42".zfill(5), "-42".zfill(6))
print("abc".isalpha(), "abc1".isalnum(), "123".isdigit(), "½".isnumeric(), "١٢".isdecimal(), "  ".isspace(), "Title Case".istitle(), "UP".isupper(), "lo".islower(), "a_b".isidentifier(), "\x07".isprintable(), "ascii".isascii(), "é".isascii())
print("a\tb\tc".expandtabs(4), "tab\t".expandtabs(), "%s-%r-%d" % ("x", "y", 3), "{0}{1}{0}".format("a", "b"), "{name!r:>8}".format(name="n"))
print(ord("€"), chr(8364), chr(0x1F600), ascii("é☃"), repr("é\n\t'\""), repr("\x00\x7f\u200b"), str(b"x"[0]))
print("abc" < "abd", "a" < "B", "é" > "z", "abc" * 3, 3 * "ab", "ab" in "cab", "" in "x", "abc"[1:] + "abc"[:1])
print(s.encode("utf-8"), "é".encode("latin-1"), b"\xc3\xa9".decode(), "x".encode("ascii"), "é".encode("ascii", "replace"), "é".encode("ascii", "ignore"))
print(str.maketrans("ab", "xy"), "aabbc".translate(str.maketrans("ab", "xy", "c")), "hello".translate({ord("l"): None}))
print("Hello World".removeprefix("Hello "), "file.py".removesuffix(".py"), "x".removeprefix("y"))
print(hash("") == hash(""), "abc".__len__(), "abc".__contains__("b"), "abc".__getitem__(1), str(123), str([1, "a"]), format("x", "^5"))
for bad in [lambda: s[100], lambda: "abc".index("z"), lambda: "a" + 1, lambda: "abc"[1.5], lambda: "x".join([1]), lambda: ord("ab"), lambda: chr(-1), lambda: "abc".center("x")]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
t = "abc"
try:
    t[0] = "z"
except TypeError as e:
    print("TypeError:", e)
print(list(reversed("abc")), sorted("hello"), max("hello"), min("hello"), list(enumerate("ab")), dict(zip("ab", "xy")))
print("%5s|%-5s|%.2s|%c|%c|%%|%x|%o|%X|%05.1f|%+d" % ("ab", "cd", "xyz", "q", 65, 255, 8, 255, 3.14159, 5))
print("%(a)s %(b)d" % {"a": "A", "b": 2}, "%s" % (("tuple",),), "%r" % [1], "%i" % 3.9, "%.3g" % 1234.5)
for bad in [lambda: "%d" % "x", lambda: "%s %s" % ("a",), lambda: "%s" % ("a", "b"), lambda: "%z" % 1]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
