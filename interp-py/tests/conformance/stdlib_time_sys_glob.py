# time (clocks, struct_time, strftime/strptime-free conversions), sys (stdio objects,
# flags, paths, hooks) and glob/fnmatch over a private temporary directory.
import fnmatch
import glob
import io
import os
import sys
import time

t0 = time.monotonic()
print(type(time.time()).__name__, type(time.time_ns()).__name__, time.monotonic() >= t0)
print(time.perf_counter() > 0, type(time.process_time()).__name__, time.thread_time() >= 0)
st = time.gmtime(0)
print(st, st.tm_year, st[0], len(st), st.tm_zone, st.tm_gmtoff)
print(time.gmtime(1234567890.5)[:6], time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(1234567890)))
print(time.asctime(time.gmtime(0)), time.strftime("%a %b %d %j %U %w %%", time.gmtime(86400 * 40)))
print(time.mktime(time.localtime(1000000)) == 1000000.0, time.localtime(5).tm_isdst in (0, 1, -1))
print(time.struct_time((2020, 1, 2, 3, 4, 5, 6, 7, 0)), time.sleep(0), time.get_clock_info if False else None)
for bad in (lambda: time.sleep(-1), lambda: time.gmtime("x"), lambda: time.strftime(3), lambda: time.struct_time((1, 2))):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

print(sys.version_info[:2], sys.version_info.major, sys.implementation.name in ("cpython", "tern"))
print(sys.byteorder, sys.maxsize == 2**63 - 1, sys.maxunicode, sys.platform, type(sys.flags).__name__)
print(sys.getdefaultencoding(), sys.getfilesystemencoding(), sys.getfilesystemencodeerrors())
print(sys.stdout.encoding, sys.stdout.errors, sys.stdout.writable(), sys.stdin.readable(), sys.stderr.mode)
print(sys.stdout.fileno(), sys.stderr.fileno(), sys.stdin.fileno(), sys.__stdout__ is sys.stdout)
print(sys.stdout.buffer.write(b"raw bytes through buffer\n"))
sys.stdout.flush()
print(isinstance(sys.argv, list), os.path.basename(sys.argv[0]), isinstance(sys.path, list), "sys" in sys.modules)
print(sys.getrecursionlimit() >= 1000, callable(sys.exc_info), sys.exc_info(), sys.intern("abc") == "abc")
try:
    raise KeyError("k")
except KeyError:
    et, ev, tb = sys.exc_info()
    print(et.__name__, ev, type(tb).__name__, sys.exception() is ev)
saved = sys.stdout
sys.stdout = io.StringIO()
print("captured")
captured, sys.stdout = sys.stdout.getvalue(), saved
print(repr(captured))
print(sys.getsizeof(0) > 0, sys.float_info.max > 1e308, sys.int_info.bits_per_digit > 0, sys.hash_info.width)
print(type(sys.getswitchinterval()).__name__, sys.is_finalizing(), sys.float_repr_style)

top = "_tmp_glob_%d" % os.getpid()
for name in ("a.py", "b.py", "c.txt", ".hidden.py", "sub/d.py", "sub/deep/e.py", "sub/f.TXT", "x1", "x2", "y[1]"):
    path = os.path.join(top, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").close()
rel = lambda paths: sorted(os.path.relpath(p, top) for p in paths)
print(rel(glob.glob(os.path.join(top, "*.py"))))
print(rel(glob.glob(os.path.join(top, "**", "*.py"), recursive=True)))
print(rel(glob.glob(os.path.join(top, "**"), recursive=True)))
print(rel(glob.glob(os.path.join(top, "x?"))), rel(glob.glob(os.path.join(top, "[ab].*"))))
print(rel(glob.glob(os.path.join(top, glob.escape("y[1]")))), rel(glob.glob(os.path.join(top, "*", "*.TXT"))))
print(sorted(glob.glob("*.py", root_dir=top)), sorted(glob.glob("sub/*", root_dir=top)), glob.glob(os.path.join(top, "nomatch*")))
print(sorted(glob.iglob("**/*.py", root_dir=top, recursive=True)), glob.has_magic("a*"), glob.has_magic("abc"))
print(rel(glob.glob(os.path.join(top, "*"), include_hidden=True)))
print(fnmatch.fnmatch("a.py", "*.py"), fnmatch.fnmatchcase("A.PY", "*.py"), fnmatch.filter(["a.c", "b.h", "c.c"], "*.c"))
print(fnmatch.translate("*.[ch]"), fnmatch.fnmatch("x[1]", "x[[]1]"))
for dirpath, dirnames, filenames in os.walk(top, topdown=False):
    for f in filenames:
        os.unlink(os.path.join(dirpath, f))
    os.rmdir(dirpath)
print(os.path.exists(top))
