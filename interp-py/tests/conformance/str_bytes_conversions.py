s = "Grüße, 世界! 🎉"
for enc in ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32-le", "latin-1"]:
    try:
        b = s.encode(enc)
        print(enc, len(b), b[:12], b.decode(enc) == s)
    except UnicodeEncodeError as e:
        print(enc, "UnicodeEncodeError:", e.reason, e.start, e.end)
print(s.encode("ascii", "replace"), s.encode("ascii", "ignore"), s.encode("ascii", "xmlcharrefreplace"), s.encode("ascii", "backslashreplace"))
raw = b"caf\xc3\xa9 \xff\xfe end"
print(raw.decode("utf-8", "replace"), raw.decode("utf-8", "ignore"), raw.decode("utf-8", "backslashreplace"), raw.decode("latin-1"))
try:
    raw.decode("utf-8")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e.reason, e.start, e.end, e.encoding)
print(str(b"bytes"), str(b"bytes", "ascii"), repr(b"\x00\x01\x7f\x80"), b"%s" % "é".encode(), bytes("abc", "ascii"), bytes.fromhex("00ff").hex())
print(list("é".encode("utf-8")), list("😀".encode("utf-16-le")), "😀".encode("utf-8").decode("utf-8"), len("😀"), len("😀".encode()))
print(ascii("naïve ☃ 😀"), repr("naïve ☃ 😀"), "\u2603" == "☃", "\U0001F600" == "😀", "\x41\101\N{LATIN SMALL LETTER A}")
print([hex(ord(c)) for c in "aé☃😀"], chr(0xe9), chr(0x2603), "é".casefold(), "ß".casefold(), "ŉ".upper())
print("abc".encode().upper(), bytearray("xyz", "ascii").decode(), memoryview("hi".encode()).tobytes().decode(), b"A".decode() * 3)
print(int.from_bytes("AB".encode(), "big"), (16706).to_bytes(2, "big").decode(), bytes([0xe2, 0x98, 0x83]).decode(), bytes(reversed(b"olleh")))
print("tab\t".expandtabs(2) + "|", "\r\n".encode(), "a\x00b".split("\x00"), "\\n", r"\n", len(r"\n"), "\a\b\f\v".encode())
for bad in [lambda: "x".encode("nope"), lambda: b"x".decode("nope"), lambda: "x".encode("utf-8", "nope-errors") if False else str(b"\xff", "utf-8"), lambda: bytes("é", "ascii")]:
    try:
        bad()
    except (LookupError, UnicodeError) as e:
        print(type(e).__name__ + ":", e)
print("ñ".encode("cp1252") if False else "skip", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢".lower(), "ΆΈΉ".lower(), "ǲ".swapcase(), "İstanbul".lower().encode())
