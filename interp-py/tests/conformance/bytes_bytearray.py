b = b"hello world"
print(b, len(b), b[0], b[-1], b[1:5], b.upper(), b.split(), b.replace(b"o", b"0"), b.find(b"wor"), b.count(b"l"))
print(b.startswith(b"he"), b.decode(), b.hex(), bytes.fromhex("deadbeef"), b"a,b".split(b","), b"-".join([b"x", b"y"]))
print(b + b"!", b * 2, b"ll" in b, 111 in b, list(b[:3]), bytes(range(65, 70)), b"\x00\xff", repr(b"'\""), b"\t\n\\")
ba = bytearray(b"abc")
ba.append(100); ba.extend(b"ef"); ba[0] = 65; ba += b"!"
print(ba, len(ba), ba.pop(), ba, bytes(ba), ba.decode(), ba.find(b"c"), ba.upper(), bytearray(3), bytearray("hi", "ascii"))
del ba[1]; ba.insert(0, 120); ba.reverse(); print(ba)
ba[1:3] = b"XYZ"; print(ba, ba.strip(b"!"), ba.isalpha(), b"123".isdigit(), b"  x ".strip(), b"a b".title())
print(b"abc" < b"abd", b"abc" == bytearray(b"abc"), hash(b"abc") == hash(b"abc"), b"%d-%s" % (5, b"x"), b"x".center(5, b"*"))
print(int.from_bytes(b"\x00\x10", "big"), (4096).to_bytes(2, "little"), (-1).to_bytes(2, "big", signed=True), int.from_bytes(b"\xff", "big", signed=True))
print("héllo".encode("utf-8"), "héllo".encode("latin-1"), b"h\xe9llo".decode("latin-1"), "abc".encode("ascii"), b"\xff".decode("utf-8", "replace"))
try:
    b"\xff".decode("utf-8")
except UnicodeDecodeError as e:
    print(e, e.start, e.end, e.reason, e.encoding)
try:
    "é".encode("ascii")
except UnicodeEncodeError as e:
    print(e)
try:
    b[0] = 1
except TypeError as e:
    print(e)
try:
    bytearray(b"a")[5]
except IndexError as e:
    print(e)
mv = memoryview(b"abcdef")
print(mv[1:3].tobytes(), len(mv), mv.tobytes(), bytes(mv[::2]))
print(b"abc".ljust(5, b"-"), b"a:b:c".partition(b":"), b"a\nb".splitlines(), b"AbC".lower(), b"ab".zfill(4), bytes(b"x").islower())
