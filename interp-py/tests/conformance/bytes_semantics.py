b = b"hello\x00\xff world"
print(b, len(b), b[0], b[-1], b[1:5], b[::-1], list(b[:3]), b.hex(), b.hex(":"), bytes.fromhex("de ad be ef"), b.upper(), b.split())
print(bytes(3), bytes([65, 66]), bytes("é", "utf-8"), bytes(range(5)), b"ab" * 2, b"a" + b"b", b"ab" in b"cab", 98 in b"abc")
print(b.find(b"o"), b.count(b"l"), b.replace(b"l", b"L"), b.startswith(b"he"), b.strip(b"h"), b"a,b".split(b","), b"-".join([b"a", b"b"]))
print(b"abc".decode(), b"\xe9".decode("latin-1"), b"\xff".decode("utf-8", "replace"), b"\xff".decode("utf-8", "ignore"), repr(b"'\""), repr(b'\'"'), b"\t\n\r\\")
ba = bytearray(b"abc")
ba.append(100); ba.extend(b"ef"); ba[0] = 65; ba[1:3] = b"XYZ"; del ba[-1]
print(ba, len(ba), ba.pop(), ba, ba.hex(), bytes(ba), ba == b"AXYZd", bytearray(3), bytearray("ü", "utf-8"))
ba.insert(0, 33); ba.reverse(); ba.remove(90)
print(ba, ba.find(b"X"), ba * 2, ba + b"!", ba.isalpha(), bytearray(b"  x ").strip(), ba.upper(), ba.copy() is ba)
print(b"%s and %d and %x" % (b"bytes", 5, 255), b"%5s|%-5s|" % (b"a", b"b"), b"%c" % 65, b"%c" % b"z")
print(hash(b"") == hash(b""), b"abc" < b"abd", b"a" == bytearray(b"a"), sorted([b"b", b"a"]), max(b"xyz"), int.from_bytes(b"\x00\x10", "big"))
print(b"abc".isalnum(), b"123".isdigit(), b"  ".isspace(), b"Ab".istitle(), b"a b".title(), b"abc".center(7, b"*"), b"x".zfill(3))
print(memoryview(b"abcdef")[1:4].tobytes(), bytes(memoryview(b"xy")), memoryview(b"abc")[0], len(memoryview(b"abcd")), memoryview(b"ab").tolist())
m = memoryview(bytearray(b"hello"))
m[0] = 72
print(m.obj, m.readonly, memoryview(b"x").readonly, bytes(m[1:3]), m.nbytes)
for bad in [lambda: b"a" + "b", lambda: b[100], lambda: bytes([256]), lambda: bytes("x"), lambda: b"\xff".decode(), lambda: "é".encode("ascii"), lambda: bytearray(b"a").pop(5), lambda: b"abc".index(b"z"), lambda: bytes.fromhex("zz"), lambda: ba.__setitem__(0, 300)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
try:
    b[0] = 1
except TypeError as e:
    print("TypeError:", e)
