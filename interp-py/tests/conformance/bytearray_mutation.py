ba = bytearray(b"abcdef")
ba[0] = 65; ba[-1:] = b"XYZ"; ba[1:3] = b""; ba += b"!"; ba *= 2
print(ba, len(ba))
ba.extend([48, 49]); ba.append(50); ba.insert(1, 95); print(ba)
print(ba.pop(), ba.pop(0), ba.remove(ord("!")), ba)
del ba[::2]; print(ba)
ba.reverse(); print(ba, ba.count(b"Z"), ba.find(b"Y"), ba.index(b"X") if b"X" in ba else -1)
ba.clear(); print(ba, len(ba), bytearray.fromhex("41 42"), bytearray(b"x") * 3)
b2 = bytearray(range(10))
b2[2:8:2] = b"\xff\xfe\xfd"; print(list(b2))
try:
    b2[0] = 256
except ValueError as e:
    print("ValueError:", e)
try:
    b2[::2] = b"12"
except ValueError as e:
    print("ValueError:", e)
try:
    b2.remove(200)
except ValueError as e:
    print("ValueError:", e)
print(bytearray(b"  spaced  ").strip(), bytearray(b"a,b").split(b","), bytearray(b"Title me").title(), bytearray(b"x").join([b"1", bytearray(b"2")]))
print(bytearray(b"abc") == b"abc", bytearray(b"abc") < b"abd", b"abc" + bytearray(b"d"), type(b"abc" + bytearray(b"d")).__name__, type(bytearray(b"d") + b"abc").__name__)
print(hash(bytes(bytearray(b"k"))) == hash(b"k"))
try:
    hash(bytearray(b"k"))
except TypeError as e:
    print("TypeError:", e)
