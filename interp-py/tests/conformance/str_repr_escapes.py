samples = ["plain", "it's", 'say "hi"', "both ' and \"", "tab\there", "new\nline", "back\\slash", "\x00\x01\x1f\x7f", "\x80\x9f\xa0\xad",
           "é ñ ü", "\u200b\u200e\u2028", "\U0001F600", "\ud800", "\uffff", "\r\n", "\a\b\f\v", "\x1b[31m"]
for s in samples:
    print(repr(s), ascii(s), len(s), s.isprintable())
print(repr(["a'b", 'c"d']), repr({"k'": "v\""}), repr(("\n",)), str(["\t"]), f"{'quote' + chr(39)!r}")
print(repr(b"\x00'\"\\\n\x7f\x80\xff"), repr(bytearray(b"'")), repr(b'"'), repr(b"both'\""))
print(eval(repr("tricky \\ ' \" \n \x00 é 😀")) == "tricky \\ ' \" \n \x00 é 😀", eval(repr(b"\x00\xff'\"")) == b"\x00\xff'\"")
print("%r %a %s" % ("é", "é", "é"), "{!r} {!a}".format("ü", "ü"), f"{'ü'!a}")
