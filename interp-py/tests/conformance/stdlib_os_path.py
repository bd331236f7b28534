# os.path (posixpath/genericpath) on strings and bytes, plus the file-system predicates
# in a private temporary directory.
import os
import os.path as P

print(P is os.path, P.__name__, P.sep, P.curdir, P.pardir, P.extsep, P.altsep, P.pathsep, P.defpath)
for parts in [("a", "b"), ("a/", "b"), ("/a", "/b"), ("a", ""), ("", "b"), ("a", "b/", "c"),
              (b"x", b"y"), ("",)]:
    print("join", parts, P.join(*parts))
for p in ["a/b/c.txt", "/", "", "a/", "/a/b/", "a", ".hidden", "a.b.c", "a/.b", "x.tar.gz",
          "//a//b//", b"d/e.f"]:
    print(repr(p), P.split(p), P.splitext(p), P.basename(p), P.dirname(p), P.isabs(p),
          P.splitdrive(p))
for p in ["a/./b/../c", "/../a", "//a", "///a", "a//b", "", ".", "..", "a/..", "../../x", "/a/b/../../..",
          b"a/../b"]:
    print("normpath", repr(p), repr(P.normpath(p)))
print(P.relpath("a/b/c", "a"), P.relpath("a", "a/b/c"), P.relpath("/x/y", "/x/z/w"), P.relpath("a"))
print(P.commonpath(["a/b/c", "a/b/d", "a/b"]), P.commonprefix(["interview", "internet", "inter"]))
print(P.commonpath([b"/usr/lib", b"/usr/local"]), P.commonprefix([]))
for bad in (lambda: P.commonpath([]), lambda: P.commonpath(["/a", "b"]),
            lambda: P.join("a", b"b"), lambda: P.join(1), lambda: P.relpath("")):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
os.environ["TERN_HOME_TEST"] = "/home/tern"
os.environ["HOME"] = "/home/user"
print(P.expanduser("~"), P.expanduser("~/x"), P.expanduser("x/~"), P.expanduser(b"~/y"))
print(P.expandvars("$TERN_HOME_TEST/a"), P.expandvars("${TERN_HOME_TEST}b"), P.expandvars("$NOPE_X/c"),
      P.expandvars("$"), P.expandvars(b"$TERN_HOME_TEST"))
print(P.normcase("AbC"), P.islink("nonexistent"), P.ismount("/"), P.lexists("nonexistent"))
print(P.abspath("x") == P.join(os.getcwd(), "x"), P.abspath("/a/../b"), P.isabs(P.abspath(".")))
print(P.realpath("/") , P.realpath("/..//."))

top = "_tmp_os_path_%d" % os.getpid()
os.mkdir(top)
try:
    d = P.join(top, "d")
    f = P.join(top, "f.txt")
    os.mkdir(d)
    with open(f, "w") as fh:
        fh.write("12345")
    os.symlink("f.txt", P.join(top, "link"))
    os.symlink("nowhere", P.join(top, "dangling"))
    for name in ["d", "f.txt", "link", "dangling", "missing"]:
        p = P.join(top, name)
        print(name, P.exists(p), P.lexists(p), P.isdir(p), P.isfile(p), P.islink(p))
    print(P.getsize(f), P.getmtime(f) == os.stat(f).st_mtime, P.getatime(f) > 0, P.getctime(f) > 0)
    print(P.samefile(f, P.join(top, "link")), P.sameopenfile(os.open(f, 0), os.open(f, 0)))
    print(P.relpath(P.realpath(P.join(top, "link")), P.realpath(top)))
    print(P.relpath(P.realpath(P.join(top, "d", "..", "f.txt")), P.realpath(top)))
    try:
        P.getsize(P.join(top, "missing"))
    except FileNotFoundError as e:
        print("FileNotFoundError", e.filename.endswith("missing"), e.strerror)
    print(P.exists(1), P.exists("a\0b"), P.isdir(b"\0"))
finally:
    for name in ["f.txt", "link", "dangling"]:
        os.unlink(P.join(top, name))
    os.rmdir(P.join(top, "d"))
    os.rmdir(top)
print(P.exists(top))
