text = "The quick brown fox jumps over the lazy dog. The dog sleeps."
words = text.lower().replace(".", "").split()
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5], len(words), len(set(words)))
print(text.count("The"), text.find("dog"), text.rfind("dog"), text.index("fox"), text.rindex("The"), text.find("dog", 50), text.count("o", 10, 30))
print(" ".join(w.capitalize() for w in words[:4]), text.title()[:20], text.swapcase()[:10], "-".join(reversed(words[:3])))
print("a-b_c d".replace("-", " ").replace("_", " ").split(), "CamelCaseString".lower(), "snake_case_here".title().replace("_", ""))
print("x=1;y=2;z=3".split(";"), dict(kv.split("=") for kv in "x=1;y=2".split(";")), "k:v:w".split(":", 1), "k:v:w".rsplit(":", 1))
print("%s has %d chars" % (text[:9], len(text[:9])), text[4:9].center(11, "|"), text[-4:].rjust(8, "."), text[:3].ljust(6, "_") + "|")
print("abc".startswith("ab"), "abc".startswith(("x", "a")), "abc".endswith("bc", 1), "abc".startswith("b", 1), "".startswith(""), "a".endswith(""))
print("tab\tsep\tvalues".split("\t"), "line1\nline2\r\nline3".splitlines(), "   lots   of   space   ".split(), "a b".split(" "), "a  b".split(" "))
print("0042".lstrip("0"), "xxhixx".strip("x"), "www.example.com".lstrip("w."), "file.tar.gz".rsplit(".", 2), "path/to/file".rpartition("/"))
print("abc".zfill(6), "+12".zfill(6), "é".zfill(3), "Straße".upper(), "İ".lower().encode(), "ΣΑΣ".lower(), "ǈ".upper(), "ǈ".title())
print(ord("a"), [ord(c) for c in "AZaz09"], "".join(chr(c) for c in range(65, 91, 5)), chr(0x10FFFF).encode("utf-8"), len(chr(0x10FFFF)))
print("hello world"[::2], "hello"[1:-1], "hello"[-3:], "hello"[10:], "hello"[::-2], "hello"[4:1:-1], "abcdef"[slice(1, None, 2)])
print(repr("quote's"), repr('dq"'), repr("both'\""), repr("\\"), repr("\x1b[0m"), repr("\u00e9\u0301"), repr("\ud800"), str("\ud800".encode("utf-8", "surrogatepass")))
print("a" < "b" < "c", "abc" < "abcd", "Z" < "a", "é" < "f", sorted(["b", "A", "a", "B"]), sorted(["b", "A", "a", "B"], key=str.lower), max("abc", "abd"))
print("{}|{}".format("a".isupper(), "A1".isupper()), "ABC".isupper(), "".isalpha(), "١".isdigit(), "⅓".isnumeric(), "x²".isdigit(), "²".isdecimal())
table = str.maketrans({"a": "1", "b": None, "c": "33"})
print("abcabc".translate(table), str.maketrans("xy", "yx"), "hello".encode().hex(), bytes.fromhex("68656c6c6f").decode())
s = "mississippi"
print(s.replace("ss", "SS", 1), s.partition("ss"), s.rpartition("ss"), s.split("s"), s.split("ss"), s.count("ss"), s.count(""), s.index("pp"))
print("\N{GREEK SMALL LETTER ALPHA}\N{SNOWMAN}", "\u03b1".encode("utf-16-le"), "x".encode("utf-32")[:4], "caf\xe9".encode("latin-1"), "abc".encode("utf-16"))
print("ab" * 0, "ab" * -1, "-" * 10, "=" * 3 + ">" , "".join(["a"] * 3), "a".join("") == "", ",".join(map(str, range(5))))
print("Hello %s, you are %d" % ("Ann", 30), "Value: %08.3f" % 3.14159, "%s|%5s|%-5s|" % ("a", "b", "c"), "%x %X %o" % (255, 255, 8))
