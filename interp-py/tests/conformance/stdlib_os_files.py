# os: file-system calls in a private temporary directory (relative names only).
import os
import stat

top = "_tmp_os_files_%d" % os.getpid()
os.mkdir(top)
os.chdir(top)
try:
    # mkdir / makedirs / listdir / scandir
    os.makedirs("a/b/c")
    os.makedirs("a/b/c", exist_ok=True)
    try:
        os.makedirs("a/b/c")
    except FileExistsError as e:
        print("FileExistsError", e)
    with open("a/f1.txt", "w") as f:
        f.write("hello\n")
    with open("a/f2.bin", "wb") as f:
        f.write(bytes(range(10)))
    print(sorted(os.listdir("a")))
    print(sorted(os.listdir(b"a")))
    print(sorted(os.listdir("a/b")))
    with os.scandir("a") as it:
        for e in sorted(it, key=lambda e: e.name):
            print(repr(e), e.name, e.path, e.is_dir(), e.is_file(), e.is_symlink(),
                  e.stat().st_size if e.is_file() else "-", os.fspath(e))
    entries = list(os.scandir(b"a"))
    print(sorted(e.name for e in entries), type(entries[0].path).__name__)
    # stat
    st = os.stat("a/f1.txt")
    print(st.st_size, stat.S_ISREG(st.st_mode), stat.S_ISDIR(st.st_mode), len(st))
    print(st[stat.ST_SIZE], type(st.st_mtime).__name__, type(st.st_mtime_ns).__name__)
    print(st.st_mtime_ns // 10**9 == st[stat.ST_MTIME], st.st_nlink, isinstance(st, tuple))
    print(stat.S_ISDIR(os.stat("a").st_mode), stat.filemode(os.stat("a").st_mode)[0])
    fd = os.open("a/f1.txt", os.O_RDONLY)
    print(os.fstat(fd).st_size == st.st_size, os.stat(fd).st_ino == st.st_ino)
    os.close(fd)
    # utime / chmod / access
    os.utime("a/f1.txt", (1000000000, 1200000000))
    st = os.stat("a/f1.txt")
    print(st.st_atime, st.st_mtime, st.st_atime_ns, st.st_mtime_ns)
    os.utime("a/f1.txt", ns=(1500000000123456789, 1600000000987654321))
    st = os.stat("a/f1.txt")
    print(st.st_atime_ns, st.st_mtime_ns, st[stat.ST_MTIME])
    os.chmod("a/f1.txt", 0o600)
    print(oct(stat.S_IMODE(os.stat("a/f1.txt").st_mode)), stat.filemode(os.stat("a/f1.txt").st_mode))
    os.chmod("a/f1.txt", 0o644)
    print(os.access("a/f1.txt", os.R_OK), os.access("nope", os.F_OK), os.access("a", os.X_OK))
    # rename / replace / link / symlink / readlink
    os.rename("a/f2.bin", "a/f3.bin")
    print(sorted(os.listdir("a")))
    with open("a/g.txt", "w") as f:
        f.write("g")
    os.replace("a/g.txt", "a/f3.bin")
    print(sorted(os.listdir("a")), open("a/f3.bin").read())
    os.link("a/f1.txt", "a/hard")
    print(os.stat("a/hard").st_nlink, os.path.samefile("a/f1.txt", "a/hard"))
    os.symlink("f1.txt", "a/soft")
    print(os.readlink("a/soft"), os.readlink(b"a/soft"), os.path.islink("a/soft"))
    print(stat.S_ISLNK(os.lstat("a/soft").st_mode), stat.S_ISREG(os.stat("a/soft").st_mode))
    print(os.stat("a/soft", follow_symlinks=False).st_mode == os.lstat("a/soft").st_mode)
    e = [x for x in os.scandir("a") if x.name == "soft"][0]
    print(e.is_symlink(), e.is_file(), e.is_file(follow_symlinks=False))
    # truncate
    os.truncate("a/f1.txt", 3)
    print(open("a/f1.txt").read())
    # low-level descriptors
    fd = os.open("a/raw", os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    print(os.write(fd, b"0123456789"), os.lseek(fd, 0, os.SEEK_CUR))
    print(os.lseek(fd, 2, os.SEEK_SET), os.read(fd, 3), os.lseek(fd, -2, os.SEEK_END), os.read(fd, 10))
    print(os.read(fd, 10), os.pread(fd, 4, 1), os.pwrite(fd, b"AB", 0))
    os.ftruncate(fd, 5)
    os.lseek(fd, 0, 0)
    print(os.read(fd, 100), os.get_inheritable(fd), os.get_blocking(fd))
    fd2 = os.dup(fd)
    print(fd2 != fd, os.get_inheritable(fd2))
    os.set_inheritable(fd2, True)
    print(os.get_inheritable(fd2))
    os.close(fd2)
    os.fsync(fd)
    os.close(fd)
    r, w = os.pipe()
    os.write(w, b"through the pipe")
    os.close(w)
    print(os.read(r, 7), os.read(r, 100), os.read(r, 100), os.isatty(r))
    os.close(r)
    # walk
    for root, dirs, files in os.walk("a"):
        dirs.sort()
        print(root, dirs, sorted(files))
    for root, dirs, files in os.walk("a", topdown=False):
        print(root, sorted(dirs), sorted(files))
    # errors carry the file names
    for fn in (lambda: os.stat("missing"),
               lambda: os.lstat(b"missing"),
               lambda: os.listdir("missing"),
               lambda: os.mkdir("a"),
               lambda: os.rmdir("a"),
               lambda: os.rmdir("a/f1.txt"),
               lambda: os.unlink("a"),
               lambda: os.rename("missing", "other"),
               lambda: os.open("missing", os.O_RDONLY),
               lambda: os.readlink("a/f1.txt"),
               lambda: os.chdir("a/f1.txt"),
               lambda: os.read(9999, 1),
               lambda: os.close(9999),
               lambda: os.scandir("missing"),
               lambda: open("a", "r"),
               lambda: open("missing/x", "w")):
        try:
            fn()
        except OSError as e:
            print(type(e).__name__, e.errno, e.strerror, repr(e.filename), repr(e.filename2), "|", e)
    for fn in (lambda: os.stat(None), lambda: os.stat(1.5), lambda: os.listdir(["x"]),
               lambda: os.mkdir(3), lambda: os.stat("a\0b"), lambda: os.open("x", "r"),
               lambda: os.read(0, -1), lambda: os.write(1, "str"), lambda: os.fspath(3),
               lambda: os.rename("a", 1)):
        try:
            fn()
        except (TypeError, ValueError, OSError) as e:
            print(type(e).__name__, e)
    # cleanup with removedirs / unlink
    for name in ("a/f1.txt", "a/f3.bin", "a/hard", "a/soft", "a/raw"):
        os.remove(name)
    os.removedirs("a/b/c")
    print(os.listdir("."), os.path.exists("a"))
finally:
    os.chdir("..")
    os.rmdir(top)
print(os.path.exists(top))
