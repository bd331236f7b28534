# re on non-ASCII text: code-point positions, Unicode classes, case-insensitive
# matching (simple case folding), ASCII/LOCALE flags, lone surrogates, astral chars.
import re

text = "naïve café — Ünïcödé 𝄞 music ℌello ΣΑΣ σας straße ǅemal 123 ٣٤ ²"
print(re.findall(r"\w+", text))
print(re.findall(r"\w+", text, re.A))
print(re.findall(r"\d+", text), re.findall(r"\d+", text, re.ASCII))
print([m.span() for m in re.finditer(r"\S+", text)])
print(re.search(r"𝄞 (\w+)", text).span(1), re.search(r"ç|é", text).start())
print(re.findall(r"\b\w", "é a ß"), re.findall(r"\B\w", "éa ßb"))
print(re.findall(r"[à-ÿ]+", text))
print(re.findall(r"[^\x00-\x7f]", "aé€𝄞b"))
print(re.split(r"\s+", "a\u2003b\u00a0c\u3000d\x1ce"))
print(re.findall(r".", "a\u2028b\nc"), re.findall(r"(?s).", "a\nb"))
print(re.findall(r"(?m)^\w", "a\u2028b\nc\rd"))

print("--- ignore case")
for p, s in [("straße", "STRASSE"), ("ß", "ẞ"), ("σ", "Σ"), ("σ", "ς"), ("Σ", "ς"),
             ("k", "\u212a"), ("K", "\u212a"), ("[a-z]+", "ÀBC\u212a"), ("ǆ", "ǅ"),
             ("ǅ", "Ǆ"), ("ﬁ", "FI"), ("i", "İ"), ("ı", "I"), ("µ", "Μ"), ("[µ]", "μ"),
             ("é+", "ÉéÉ"), ("[é-ë]+", "ÉÊË"), ("ÿ", "Ÿ"), ("(é)\\1", "éÉ"),
             ("[^é]", "É"), ("\u1f80", "\u1f88"), ("ǰ", "J̌")]:
    m1 = re.fullmatch(p, s, re.I)
    m2 = re.fullmatch(p, s, re.I | re.A)
    print(repr(p), repr(s), m1 is not None, m2 is not None)
print(re.findall(r"(?i)[k]", "kK\u212a"), re.findall(r"(?ia)[k]", "kK\u212a"))
print(re.findall(r"(?i)[^k]", "kK\u212ax"))

print("--- positions in non-ASCII subjects")
s = "αβγ" * 40 + "δ" + "ε" * 100
m = re.search(r"δ(ε+)", s)
print(m.span(), m.span(1), len(m.group(1)))
print(re.compile(r"ε").search(s, 200).start(), re.compile(r"γ").match(s, 119).span())
print(re.sub(r"β", "b", s)[:12], re.subn(r"ε", "", s)[1])
print(re.split(r"γ", "αγβγ"), re.findall(r"(?<=α)β", "αβ ββ αβ"))
print(len(re.findall(r"(\w)(\w)", "日本語テキスト" * 50)))

print("--- surrogates and astral")
print(re.findall(r"[\ud800-\udfff]", "a\ud800b\udfffc"))
print(re.match(r".\udc00", "\ud800\udc00"), re.search("\udc80+", "x\udc80\udc80y").span())
print(re.findall(r"[\U0001d11e-\U0001d130]", "𝄞x𝄪"), re.sub("𝄞", "G", "a𝄞b"))
print(ascii(re.escape("é𝄞 x")))

print("--- LOCALE on bytes, ASCII on str")
print(re.findall(rb"(?L)\w+", b"caf\xe9 ok"), re.findall(rb"(?i)\xe9", b"\xc9\xe9"))
print(re.match(r"(?a:\w+)(\w+)", "abcé").groups())
for pat, fl in [("(?u)a", 0)]:
    try:
        print(re.compile(pat, fl))
    except ValueError as e:
        print("ValueError", e)
for pat in (b"(?u)a", "(?L)a"):
    try:
        re.compile(pat)
    except re.error as e:
        print("error", e)
try:
    re.compile("a", re.L)
except ValueError as e:
    print("ValueError", e)
try:
    re.compile("a", re.A | re.U)
except ValueError as e:
    print("ValueError", e)
