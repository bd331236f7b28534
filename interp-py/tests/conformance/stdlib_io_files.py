# io over real files (FileIO, the buffered classes, TextIOWrapper, io.open) and
# TextIOWrapper over BytesIO: encodings, newline translation, seek/tell, errors.
import io
import os

top = "_tmp_io_files_%d" % os.getpid()
os.mkdir(top)
os.chdir(top)
try:
    # FileIO
    with io.FileIO("raw.bin", "w") as f:
        print(f, f.mode, f.closefd, f.writable(), f.readable(), f.seekable(), f.isatty())
        print(f.write(b"0123456789"), f.tell(), f.seek(2), f.write(b"ab"), f.truncate(), f.tell())
        print(f.fileno() == f.fileno() >= 0, type(f.name).__name__)
    print(f.closed, repr(f))
    with io.FileIO("raw.bin") as f:
        print(f.mode, f.read(3), f.readall(), f.read(), f.seek(0), f.read())
        buf = bytearray(3)
        f.seek(1)
        print(f.readinto(buf), buf)
    with io.FileIO("raw.bin", "r+") as f:
        print(f.mode, f.read(2), f.write(b"XY"), f.seek(0), f.read())
    with io.FileIO("raw.bin", "a") as f:
        print(f.mode, f.write(b"!"), f.tell())
    try:
        io.FileIO("raw.bin", "x")
    except FileExistsError as e:
        print("FileExistsError", e)
    with io.FileIO("new.bin", "x") as f:
        print(f.mode)
    for bad in (lambda: io.FileIO("missing.bin"), lambda: io.FileIO("raw.bin", "rw"),
                lambda: io.FileIO("raw.bin", "q"), lambda: io.FileIO(".", "r"),
                lambda: io.FileIO(-3), lambda: io.FileIO("raw.bin").write(b"x"),
                lambda: io.FileIO("raw.bin", "w").read(), lambda: io.FileIO(1.5)):
        try:
            bad()
        except (OSError, ValueError, TypeError) as e:
            print(type(e).__name__, e)
    fd = os.open("raw.bin", os.O_RDONLY)
    f = io.FileIO(fd, closefd=False)
    print(f.name == fd, f.read(4), repr(f).startswith("<_io.FileIO name="))
    f.close()
    print(os.read(fd, 2))
    os.close(fd)

    # Buffered classes
    with io.open("buf.bin", "wb") as f:
        print(type(f).__name__, f.write(b"line one\nline two\nthree"), f.tell())
        print(f.raw.__class__.__name__, f.name, f.mode, f.writable(), f.readable())
    with open("buf.bin", "rb") as f:
        print(type(f).__name__, f.peek(4)[:4], f.read(5), f.read1(3), f.tell(), f.readline())
        print(f.readlines(), f.read(), f.seek(-5, 2), f.read(), f.seek(0), list(f))
    with open("buf.bin", "r+b") as f:
        print(type(f).__name__, f.read(4), f.write(b"-ONE"), f.seek(0), f.read(9), f.tell())
    with open("buf.bin", "ab", buffering=0) as f:
        print(type(f).__name__, f.write(b"\nfour"))
    with open("buf.bin", "rb", buffering=0) as f:
        print(f.read())
    r = io.BufferedReader(io.BytesIO(b"abcdef"), buffer_size=2)
    print(r.read(3), r.peek(1)[:1], r.read(), r.read(), r.raw.getvalue())
    w = io.BufferedWriter(io.BytesIO(), buffer_size=4)
    w.write(b"ab")
    print(w.raw.getvalue(), w.write(b"cdef"), w.raw.getvalue())
    w.flush()
    print(w.raw.getvalue(), w.tell())
    pair = io.BufferedRWPair(io.BytesIO(b"in"), io.BytesIO())
    print(pair.read(), pair.write(b"out"), pair.readable(), pair.writable())
    rnd = io.BufferedRandom(io.BytesIO(b"0123456789"))
    print(rnd.read(2), rnd.write(b"ab"), rnd.seek(0), rnd.read(), rnd.tell())
    try:
        io.BufferedReader(io.BytesIO(), buffer_size=0)
    except ValueError as e:
        print("ValueError", e)

    # Text files
    with open("t.txt", "w", encoding="utf-8") as f:
        print(f.write("caf\u00e9\n"), f.write("line2\r\nline3\rend"))
        print(f.encoding, f.mode, f.name, f.line_buffering, f.errors, f.writable())
    with open("t.txt", "rb") as f:
        print(f.read())
    with open("t.txt", encoding="utf-8") as f:
        print(f.readline(), f.tell(), f.read(3), f.tell(), f.readlines())
        f.seek(0)
        print(repr(f.read()))
    with open("t.txt", encoding="utf-8", newline="") as f:
        print(f.readlines())
    with open("t.txt", encoding="latin-1") as f:
        print(f.readline(), f.encoding)
    with open("t.txt", "a", encoding="utf-8", newline="\r\n") as f:
        f.write("\nappended\n")
    with open("t.txt", "rb") as f:
        print(f.read()[-16:])
    with open(os.open("t.txt", os.O_RDONLY), encoding="utf-8", closefd=True) as f:
        print(type(f).__name__, f.name == f.fileno(), f.read(4))
    with open("t.txt", encoding="ascii", errors="replace") as f:
        print(f.readline())
    with open("t.txt", encoding="ascii") as f:
        try:
            f.read()
        except UnicodeDecodeError as e:
            print("UnicodeDecodeError", e.start, e.end, e.reason)
    with open("u16.txt", "w", encoding="utf-16") as f:
        f.write("\u20ac uno\ndos\n")
    with open("u16.txt", "rb") as f:
        print(f.read())
    with open("u16.txt", encoding="utf-16") as f:
        print(f.readlines())
    with io.open("t.txt", "r", encoding="utf-8", buffering=1) as f:
        print(f.line_buffering, type(f.buffer).__name__)
    for bad in (lambda: open("t.txt", "rt+b"), lambda: open("t.txt", "rw"), lambda: open("t.txt", "b"),
                lambda: open("t.txt", "rb", encoding="utf-8"), lambda: open("t.txt", "rb", newline=""),
                lambda: open("t.txt", "r", buffering=0), lambda: open("t.txt", encoding="nope"),
                lambda: open("t.txt", newline="x"), lambda: open(["list"]), lambda: open("t.txt", 3),
                lambda: io.open("missing.txt", "r", buffering=-1, errors="strict")):
        try:
            bad()
        except (OSError, ValueError, TypeError, LookupError) as e:
            print(type(e).__name__, e)

    # TextIOWrapper over BytesIO
    t = io.TextIOWrapper(io.BytesIO(b"alpha\r\nbeta\rgamma\n"), encoding="ascii")
    print(t.readline(), t.tell(), t.readline(), t.tell(), t.read(), t.tell())
    t.seek(0)
    print(t.read(7), t.tell(), t.readline(), t.tell())
    t = io.TextIOWrapper(io.BytesIO(b"a\r\nb"), encoding="ascii", newline="")
    print(t.readlines())
    t = io.TextIOWrapper(io.BytesIO(b"a\r\nb\rc"), encoding="ascii", newline="\r")
    print(t.readlines())
    b = io.BytesIO()
    t = io.TextIOWrapper(b, encoding="utf-8", newline="\r\n", write_through=True)
    t.write("x\ny\n\u00e9")
    t.flush()
    print(b.getvalue(), t.encoding, t.errors, t.buffer is b)
    t = io.TextIOWrapper(io.BytesIO("h\u00e9llo w\u00f6rld\n2nd".encode("utf-8")), encoding="utf-8")
    print(t.read(2), t.tell(), t.read(3), t.tell(), t.readline(), t.tell())
    pos = t.tell()
    t.read()
    t.seek(pos)
    print(t.read())
    t = io.TextIOWrapper(io.BytesIO(b"x\xffy"), encoding="utf-8", errors="replace")
    print(t.read())
    t = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    t.write("abc")
    print(t.seek(0), t.read(), t.seek(0, 2))
    for bad in (lambda: t.seek(1, 1), lambda: t.seek(1, 2), lambda: t.seek(-1), lambda: t.write(b"x"),
                lambda: io.TextIOWrapper(io.BytesIO(), encoding=3),
                lambda: io.TextIOWrapper(io.BytesIO(), newline="x")):
        try:
            bad()
        except (OSError, ValueError, TypeError) as e:
            print(type(e).__name__, e)
    t.close()
    print(t.closed)
    try:
        t.read()
    except ValueError as e:
        print("ValueError", e)
    # ABC relations of native and Python-level file objects
    with open("t.txt") as f1, open("t.txt", "rb") as f2, open("t.txt", "rb", buffering=0) as f3:
        for obj in (f1, f2, f3, io.StringIO(), io.BytesIO()):
            print(type(obj).__name__, isinstance(obj, io.IOBase), isinstance(obj, io.TextIOBase),
                  isinstance(obj, io.BufferedIOBase), isinstance(obj, io.RawIOBase))
finally:
    os.chdir("..")
    for name in os.listdir(top):
        os.unlink(os.path.join(top, name))
    os.rmdir(top)
print(os.path.exists(top))
