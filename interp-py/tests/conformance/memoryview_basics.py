data = bytearray(b"hello world")
mv = memoryview(data)
print(len(mv), mv[0], mv[-1], bytes(mv[0:5]), mv[::2].tobytes(), mv.tolist()[:3], mv.readonly, mv.nbytes, mv.itemsize, mv.format, mv.ndim, mv.shape, mv.strides)
mv[0] = ord("H"); mv[6:11] = b"WORLD"
print(data, mv.tobytes(), mv.hex(), bytes(mv) == data)
sub = mv[6:]
sub[0] = ord("w")
print(data, sub.tobytes(), sub.obj is data)
ro = memoryview(b"abc")
try:
    ro[0] = 1
except TypeError as e:
    print("TypeError:", e)
try:
    mv[0:2] = b"xyz"
except ValueError as e:
    print("ValueError:", e)
print(mv == data, mv == b"Hello world", memoryview(b"ab") == memoryview(b"ab"), list(memoryview(b"\x01\x02")))
with memoryview(bytearray(b"ctx")) as m2:
    print(m2.tobytes())
try:
    m2.tobytes()
except ValueError as e:
    print("ValueError:", e)
mv.release()
try:
    len(mv)
except ValueError as e:
    print("ValueError:", e)
print(bytes(memoryview(b"xyz")[1:]), bytearray(memoryview(b"q")), b"".join([memoryview(b"a"), b"b"]), str(memoryview(b"m").tobytes(), "ascii"))
try:
    memoryview("str")
except TypeError as e:
    print("TypeError:", e)
