# codecs / _codecs: the registry, codec functions with (output, consumed) results,
# incremental codecs, error handlers, and str.encode/bytes.decode through `encodings`.
import codecs
import io

print(codecs.lookup("UTF-8").name, codecs.lookup("latin1").name, codecs.lookup("utf_16_le").name)
print(codecs.lookup("cp1252").name, codecs.lookup("ascii").name, isinstance(codecs.lookup("utf8"), tuple))
try:
    codecs.lookup("no-such-codec")
except LookupError as e:
    print("LookupError", e)
print(codecs.utf_8_encode("h\xe9"), codecs.utf_8_decode(b"h\xc3\xa9"), codecs.utf_8_decode(b"ab\xc3", None, False))
print(codecs.utf_8_decode(b"ab\xc3", "replace", True), codecs.utf_8_decode(b"\xe2\x82", "strict", False))
print(codecs.ascii_encode("abc"), codecs.ascii_decode(b"abc"), codecs.latin_1_encode("\xff"), codecs.latin_1_decode(b"\xff"))
print(codecs.utf_16_encode("ab"), codecs.utf_16_le_encode("ab"), codecs.utf_16_be_encode("ab"))
print(codecs.utf_16_decode(b"\xff\xfea\x00b"), codecs.utf_16_be_decode(b"\x00a\x00"), codecs.utf_16_ex_decode(b"\xfe\xff\x00a", None, 0, True))
print(codecs.utf_32_encode("a"), codecs.utf_32_decode(b"\xff\xfe\x00\x00a\x00\x00\x00"), codecs.utf_32_be_decode(b"\x00\x00\x00a"))
print(codecs.utf_16_le_decode(b"\x3d\xd8\x00", None, False), codecs.utf_16_le_decode(b"\x3d\xd8\x00\xde", None, False))
print(codecs.escape_encode(b"a\n\x00\\'\""), codecs.escape_decode(b"a\\x41\\n\\101\\'"))
print(codecs.unicode_escape_encode("a\u1234\n\xe9'\"\U0001F600"), codecs.unicode_escape_decode(b"\\u0041\\t\\x41\\101\\U0001F600\xe9"))
print(codecs.raw_unicode_escape_encode("a\u1234\n\xe9\\"), codecs.raw_unicode_escape_decode(b"\\u0041\\n\xe9"))
for bad in (lambda: codecs.escape_decode(b"\\x4"), lambda: codecs.unicode_escape_decode(b"\\u12"),
            lambda: codecs.unicode_escape_decode(b"abc\\"), lambda: codecs.utf_8_encode(b"x"),
            lambda: codecs.utf_8_decode("x"), lambda: codecs.utf_8_decode(b"a\xffb")):
    try:
        bad()
    except (ValueError, TypeError, UnicodeError) as e:
        print(type(e).__name__, e)
print(codecs.charmap_decode(b"\x00\x01\x02", "strict", "abc"), codecs.charmap_decode(b"ab", None, {97: "A", 98: 66}))
table = codecs.charmap_build("abc")
print(sorted(table.items()), codecs.charmap_encode("cab", "strict", table))
try:
    codecs.charmap_encode("abz", "strict", table)
except UnicodeEncodeError as e:
    print("UnicodeEncodeError", e)
print(codecs.charmap_encode("abz", "replace", {97: 1, 98: 2, 63: 9}))
print(codecs.readbuffer_encode(b"xy"), codecs.readbuffer_encode("xy"))

# encodings through the registry
for enc in ("cp1252", "cp437", "mac_roman", "iso8859_15", "koi8_r", "cp850"):
    data = "h\xe9llo \u20ac".encode(enc, "replace")
    print(enc, data, data.decode(enc))
print(b"\x81".decode("cp1252", "replace"), b"\x81".decode("cp1252", "ignore") == "", "\u0100".encode("cp1252", "xmlcharrefreplace"))
for bad in (lambda: "\u0100".encode("cp1252"), lambda: b"\x81".decode("cp1252"), lambda: "x".encode("rot13"),
            lambda: b"x".decode("nope"), lambda: "x".encode("utf-8", "nohandler")):
    try:
        bad()
    except (UnicodeError, LookupError) as e:
        print(type(e).__name__, e)
print(codecs.encode("abc", "rot13"), codecs.decode("nop", "rot_13"), codecs.encode("x", "utf-16-be"))
print(codecs.decode(b"\xe9", "latin-1"), codecs.encode("\xe9", encoding="utf-8", errors="strict"))

# error handlers
print(codecs.lookup_error("strict").__name__, codecs.lookup_error("replace").__name__)
print("a\u20acb".encode("ascii", "backslashreplace"), "a\u20acb".encode("latin-1", "xmlcharrefreplace"))
print(b"a\xffb".decode("utf-8", "backslashreplace"), b"a\xffb".decode("ascii", "surrogateescape").encode("ascii", "surrogateescape"))
print("a\ud800".encode("utf-8", "surrogatepass"), b"a\xed\xa0\x80".decode("utf-8", "surrogatepass") == "a\ud800")
def handler(exc):
    if isinstance(exc, UnicodeEncodeError):
        return ("<%s>" % ",".join("%x" % ord(c) for c in exc.object[exc.start:exc.end]), exc.end)
    return ("[%d:%d]" % (exc.start, exc.end), exc.end)
codecs.register_error("tern.test", handler)
print(codecs.lookup_error("tern.test") is handler)
print("ab\xe9\xe8c".encode("ascii", "tern.test"), b"a\xff\xfeb".decode("utf-8", "tern.test"))
print("x\u20acy".encode("cp437", "tern.test"), b"a\x81b".decode("cp1252", "tern.test"))
try:
    codecs.lookup_error("tern.unknown")
except LookupError as e:
    print("LookupError", e)
try:
    codecs.register_error("x", 3)
except TypeError as e:
    print("TypeError", e)

# incremental codecs
dec = codecs.getincrementaldecoder("utf-8")()
print([dec.decode(b) for b in (b"\xe2", b"\x82", b"\xac!", b"")], dec.decode(b"", final=True))
enc = codecs.getincrementalencoder("utf-16")()
print(enc.encode("a"), enc.encode("b"), enc.encode("", final=True))
dec = codecs.getincrementaldecoder("utf-16")()
print([dec.decode(bytes([b])) for b in b"\xff\xfea\x00b\x00"])
dec = codecs.getincrementaldecoder("cp1252")()
print(dec.decode(b"\x80ab"))
try:
    codecs.getincrementaldecoder("utf-8")().decode(b"\xe2\x82", final=True)
except UnicodeDecodeError as e:
    print("UnicodeDecodeError", e)
print(list(codecs.iterdecode([b"\xc3", b"\xa9", b"x"], "utf-8")), b"".join(codecs.iterencode(["a", "\xe9"], "latin-1")))
w = codecs.getwriter("utf-8")(io.BytesIO())
w.write("caf\xe9")
print(w.stream.getvalue())
r = codecs.getreader("utf-8")(io.BytesIO("l1\nl\xe92\n".encode()))
print(r.readline(), r.readlines())
print(codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE)
codecs.register_error("tern.bad", lambda exc: ("\xe9", exc.end))
try:
    "a\u20ac".encode("ascii", "tern.bad")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError", e, e.__suppress_context__ or e.__context__ is None)
