# pathlib: pure path manipulation and concrete file-system operations in a private
# temporary directory (only relative results are printed).
import os
import pathlib
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

p = PurePosixPath("/usr/lib/python3.11/os.py")
print(p, repr(p), p.parts, p.name, p.stem, p.suffix, p.suffixes, p.anchor, p.root, p.drive)
print(p.parent, list(map(str, p.parents)), p.is_absolute(), p.as_posix(), bytes(p), os.fspath(p))
print(p.with_name("x.txt"), p.with_suffix(".pyc"), p.with_stem("new"), p.relative_to("/usr"))
print(p.is_relative_to("/usr"), p.is_relative_to("/etc"), p.match("*.py"), p.match("lib/*/*.py"), p.match("/*.py"))
q = PurePosixPath("a") / "b" / PurePosixPath("c.tar.gz")
print(q, q.suffixes, q.stem, PurePosixPath("a", "b", "/c"), PurePosixPath("a//b/./c/.."), PurePosixPath())
print(PurePath("x/y") == PurePosixPath("x/y"), PurePosixPath("a") < PurePosixPath("b"),
      sorted([PurePosixPath("b"), PurePosixPath("a/c"), PurePosixPath("a")]), hash(PurePosixPath("a")) == hash(PurePosixPath("a")))
print(PurePosixPath("/a/b").joinpath("c", "d"), "d" / PurePosixPath("e"), PurePosixPath("a.b.c").suffix)
w = PureWindowsPath("C:\\Users\\me\\file.TXT")
print(w, w.drive, w.root, w.parts, w.name, w.suffix, w.as_posix(), w == PureWindowsPath("c:/users/ME/file.txt"))
for bad in (lambda: p.relative_to("/etc"), lambda: PurePosixPath("a").with_suffix("b"),
            lambda: PurePosixPath("").with_name("x"), lambda: PurePosixPath("a") / 3):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

top = Path("_tmp_pathlib_%d" % os.getpid())
top.mkdir()
try:
    print(top.exists(), top.is_dir(), top.is_file(), type(top).__name__, top.is_absolute())
    (top / "sub" / "deep").mkdir(parents=True)
    (top / "sub" / "deep").mkdir(parents=True, exist_ok=True)
    try:
        (top / "sub").mkdir()
    except FileExistsError as e:
        print("FileExistsError", e.strerror)
    f = top / "notes.txt"
    print(f.write_text("line 1\nline 2\n"), f.read_text(), f.read_text().splitlines())
    print(f.write_bytes(b"\x00\x01binary"), f.read_bytes(), f.stat().st_size, f.is_file())
    f.write_text("caf\u00e9", encoding="latin-1")
    print(f.read_bytes(), f.read_text(encoding="latin-1"))
    with f.open("a", encoding="utf-8") as fh:
        fh.write("!")
    with f.open("rb") as fh:
        print(fh.read())
    (top / "sub" / "a.py").write_text("print(1)\n")
    (top / "sub" / "deep" / "b.py").write_text("print(2)\n")
    (top / "sub" / "c.txt").touch()
    print(sorted(x.name for x in top.iterdir()))
    print(sorted(str(x.relative_to(top)) for x in top.glob("*")))
    print(sorted(str(x.relative_to(top)) for x in top.glob("**/*.py")))
    print(sorted(str(x.relative_to(top)) for x in top.rglob("*.py")))
    print(sorted(str(x.relative_to(top)) for x in (top / "sub").glob("*.t?t")))
    link = top / "link"
    link.symlink_to("notes.txt")
    print(link.is_symlink(), link.resolve() == f.resolve(), os.readlink(link), link.readlink())
    print(link.lstat().st_size != link.stat().st_size or True, link.exists())
    g = f.rename(top / "renamed.txt")
    print(g.name, f.exists(), g.exists())
    h = g.replace(top / "final.txt")
    print(h.name, g.exists(), h.read_text(encoding="latin-1"))
    h.chmod(0o600)
    print(oct(h.stat().st_mode & 0o777))
    print(Path(".").resolve() == Path.cwd(), Path("~").expanduser() == Path.home(), h.resolve().is_absolute())
    print(h.samefile(str(h)), h.with_suffix(".bak").name, top.joinpath("x", "y").relative_to(top))
    print((top / "missing").exists(), (top / "missing").is_dir())
    for bad in (lambda: (top / "missing").read_text(), lambda: (top / "missing").unlink(),
                lambda: (top / "sub").rmdir(), lambda: (top / "sub").read_text()):
        try:
            bad()
        except OSError as e:
            print(type(e).__name__, e.strerror)
    (top / "missing").unlink(missing_ok=True)
    for x in sorted(top.rglob("*"), key=lambda x: -len(x.parts)):
        if x.is_dir() and not x.is_symlink():
            x.rmdir()
        else:
            x.unlink()
    print(list(top.iterdir()))
finally:
    top.rmdir()
print(top.exists())
