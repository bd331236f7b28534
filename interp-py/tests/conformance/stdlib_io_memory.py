# io.StringIO and io.BytesIO: reading, writing, seeking, newline handling, errors.
import io

s = io.StringIO()
print(s.write("hello\n"), s.write("world"), s.tell(), repr(s.getvalue()))
print(s.seek(0), repr(s.read(3)), repr(s.readline()), repr(s.readline()), repr(s.readline()))
s.seek(0)
print(s.readlines(), s.read(), s.tell())
s.seek(2)
s.write("XY")
print(repr(s.getvalue()), s.tell())
s.seek(20)
s.write("!")
print(repr(s.getvalue()), len(s.getvalue()))
print(s.truncate(4), repr(s.getvalue()), s.tell())
s.seek(0)
print(list(s), s.seekable(), s.readable(), s.writable(), s.isatty(), s.closed)
print(s.line_buffering, s.newlines, s.encoding, s.errors)
s.close()
print(s.closed)
for op in (s.getvalue, s.read, lambda: s.write("x"), s.tell, lambda: s.seek(0), s.readable):
    try:
        op()
    except ValueError as e:
        print("ValueError", e)
s.close()

for nl in (None, "", "\n", "\r", "\r\n"):
    s = io.StringIO("a\nb\r\nc\rd", newline=nl)
    print(repr(nl), repr(s.getvalue()), s.readlines(), s.newlines)
    s = io.StringIO(newline=nl)
    s.write("x\ny\r\nz\r")
    print("  w", repr(s.getvalue()))

s = io.StringIO("line1\nline2\nline3")
print(s.readline(3), s.readline(-1), s.readline(None), s.read(None), repr(s.read()))
s = io.StringIO("abc")
print(s.seek(0, 2), s.seek(0, 1), s.seek(1, 0))
for args in ((-1,), (1, 1), (1, 2), (0, 3), ("x",)):
    try:
        s.seek(*args)
    except (ValueError, OSError, TypeError) as e:
        print(type(e).__name__, e)
for bad in (lambda: io.StringIO(b"x"), lambda: io.StringIO("x", newline="x"),
            lambda: io.StringIO("x", newline=1), lambda: io.StringIO().write(b"x"),
            lambda: io.StringIO().truncate(-1), lambda: io.StringIO().read("x"),
            lambda: io.StringIO().detach()):
    try:
        bad()
    except (TypeError, ValueError, io.UnsupportedOperation) as e:
        print(type(e).__name__, e)
with io.StringIO("ctx") as s:
    print(s.read())
print(s.closed)
s = io.StringIO("\u20ac\U0001F600x")
print(s.read(1), s.tell(), s.read(), s.tell(), len(s.getvalue()))
s = io.StringIO()
print(s.write(""), s.getvalue() == "", s.writelines(["a", "b", "c"]), s.getvalue())
print(isinstance(io.StringIO(), io.TextIOBase), isinstance(io.StringIO(), io.IOBase))

b = io.BytesIO(b"initial")
print(b.read(3), b.tell(), b.read(), b.read(), b.getvalue())
print(b.write(b"++"), b.getvalue(), b.seek(0), b.write(bytearray(b"IN")), b.getvalue())
print(b.seek(-2, 2), b.read(), b.seek(3), b.seek(2, 1), b.tell())
b.seek(12)
b.write(b"Z")
print(b.getvalue(), len(b.getvalue()))
print(b.truncate(5), b.getvalue(), b.tell())
b.seek(0)
print(b.readline(), b.readlines())
b = io.BytesIO(b"l1\nl2\nl3")
print(list(b), b.read1(), io.BytesIO(b"abc").read1(2), io.BytesIO(b"abcd").readline(2))
buf = bytearray(4)
b = io.BytesIO(b"xyz")
print(b.readinto(buf), buf, b.readinto(buf), b.readable(), b.writable(), b.seekable())
b = io.BytesIO(b"view")
print(bytes(b.getbuffer()), b.write(memoryview(b"MV")), b.getvalue())
for bad in (lambda: io.BytesIO("str"), lambda: io.BytesIO().write("s"), lambda: io.BytesIO().seek(-1),
            lambda: io.BytesIO().seek(0, 5), lambda: io.BytesIO().truncate(-2), lambda: io.BytesIO().seek(1.5)):
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
b.close()
for op in (b.getvalue, b.read, lambda: b.write(b"x"), b.tell, b.readable):
    try:
        op()
    except ValueError as e:
        print("ValueError", e)
print(isinstance(io.BytesIO(), io.BufferedIOBase), issubclass(io.BytesIO, io.IOBase))
print(io.DEFAULT_BUFFER_SIZE, io.SEEK_SET, io.SEEK_CUR, io.SEEK_END)
print(issubclass(io.UnsupportedOperation, OSError), issubclass(io.UnsupportedOperation, ValueError))
