# tempfile: temporary files and directories (names are random: only their shape,
# location relative to the chosen directory, and life cycle are printed).
import os
import tempfile

base = "_tmp_tempfile_%d" % os.getpid()
os.mkdir(base)
try:
    fd, path = tempfile.mkstemp(dir=base, prefix="pre_", suffix=".txt")
    name = os.path.basename(path)
    print(type(fd).__name__, os.path.dirname(path) == base, name.startswith("pre_"), name.endswith(".txt"),
          len(name) == len("pre_") + 8 + len(".txt"))
    os.write(fd, b"data")
    os.close(fd)
    print(open(path).read(), oct(os.stat(path).st_mode & 0o777))
    os.unlink(path)
    d = tempfile.mkdtemp(dir=base, suffix="_d")
    print(os.path.isdir(d), d.endswith("_d"), oct(os.stat(d).st_mode & 0o777))
    os.rmdir(d)
    with tempfile.TemporaryDirectory(dir=base, prefix="td") as td:
        print(os.path.isdir(td), os.path.basename(td).startswith("td"))
        with open(os.path.join(td, "inner"), "w") as f:
            f.write("x")
    print(os.path.exists(td))
    with tempfile.NamedTemporaryFile("w+", dir=base, suffix=".log", encoding="utf-8") as f:
        print(type(f).__name__, f.name.endswith(".log"), os.path.exists(f.name), f.mode)
        f.write("hello\nworld\n")
        f.seek(0)
        print(f.readlines(), f.tell())
        kept = f.name
    print(os.path.exists(kept))
    with tempfile.NamedTemporaryFile(dir=base, delete=False) as f:
        f.write(b"kept")
        kept = f.name
    print(os.path.exists(kept), open(kept, "rb").read())
    os.unlink(kept)
    with tempfile.TemporaryFile(dir=base) as f:
        print(f.write(b"anonymous"), f.seek(0), f.read(), os.listdir(base))
    with tempfile.TemporaryFile("w+t", dir=base) as f:
        f.write("text mode")
        f.seek(0)
        print(f.read())
    with tempfile.SpooledTemporaryFile(max_size=10, dir=base) as f:
        f.write(b"short")
        print(f._rolled, f.tell())
        f.write(b" and longer than ten")
        print(f._rolled, f.seek(0), f.read())
    with tempfile.SpooledTemporaryFile(mode="w+", dir=base) as f:
        f.write("spooled text")
        f.seek(0)
        print(f.read(), f._rolled)
    print(os.path.isabs(tempfile.gettempdir()), type(tempfile.gettempdirb()).__name__, tempfile.gettempprefix())
    print(len(set(tempfile._get_candidate_names().__next__() for _ in range(5))) == 5)
    old = tempfile.tempdir
    tempfile.tempdir = base
    fd, path = tempfile.mkstemp()
    os.close(fd)
    print(os.path.dirname(path) == base)
    os.unlink(path)
    tempfile.tempdir = old
    try:
        tempfile.mkstemp(dir=os.path.join(base, "missing"))
    except FileNotFoundError as e:
        print("FileNotFoundError", e.strerror)
    print(os.listdir(base))
finally:
    os.rmdir(base)
print(os.path.exists(base))
