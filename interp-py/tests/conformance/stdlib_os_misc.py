# os: environment, process information, constants, fspath/PathLike, misc functions.
import os
import sys

print(os.name, os.sep, os.linesep == "\n", os.devnull, os.curdir, os.pardir, os.extsep)
print(os.error is OSError, os.path.__name__, "posix" in sys.modules, os.supports_bytes_environ)
print(os.SEEK_SET, os.SEEK_CUR, os.SEEK_END, os.F_OK, os.R_OK, os.W_OK, os.X_OK)
print(os.O_RDONLY, os.O_WRONLY, os.O_RDWR, os.O_APPEND == os.O_APPEND, os.EX_OK, os.WNOHANG)
for name in ("stat", "open", "mkdir", "unlink", "rmdir", "rename", "access", "utime", "chmod",
             "listdir", "scandir", "chdir", "truncate", "link", "symlink", "readlink", "chown"):
    f = getattr(os, name)
    print(name, f in os.supports_fd, f in os.supports_dir_fd, f in os.supports_follow_symlinks)

# environ: str view over the bytes environment, synchronised with putenv/unsetenv.
os.environ["TERN_ENV_A"] = "alpha"
print(os.environ["TERN_ENV_A"], os.getenv("TERN_ENV_A"), os.environb[b"TERN_ENV_A"])
print(os.getenv("TERN_ENV_NOPE"), os.getenv("TERN_ENV_NOPE", "dflt"), "TERN_ENV_A" in os.environ)
os.environ.setdefault("TERN_ENV_B", "beta")
os.environ.setdefault("TERN_ENV_B", "gamma")
print(os.environ["TERN_ENV_B"], os.environ.get("TERN_ENV_B"))
os.environ["TERN_ENV_U"] = "h\xe9llo \u20ac"
print(os.environ["TERN_ENV_U"], os.environb[b"TERN_ENV_U"])
del os.environ["TERN_ENV_A"]
print("TERN_ENV_A" in os.environ, os.environ.pop("TERN_ENV_B"), "TERN_ENV_B" in os.environ)
try:
    os.environ["TERN_ENV_A"]
except KeyError as e:
    print("KeyError", e)
for bad in (lambda: os.environ.__setitem__("X", 1), lambda: os.environ.__setitem__(1, "x"),
            lambda: os.putenv("A=B", "c"), lambda: os.putenv("", "c"), lambda: os.putenv("A\0", "x")):
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
env = os.environ.copy()
print(type(env).__name__, env["TERN_ENV_U"] == os.environ["TERN_ENV_U"])
print(repr(os.environ)[:9], type(os.environ).__name__, isinstance(os.environ, dict))
os.environ["PATH"] = "/bin:/usr/bin"
print(os.get_exec_path(), os.get_exec_path({"PATH": "/x:/y"}))

# fspath and PathLike
class P:
    def __init__(self, p):
        self.p = p
    def __fspath__(self):
        return self.p
print(os.fspath("s"), os.fspath(b"b"), os.fspath(P("via")), os.fspath(P(b"bytes")))
print(isinstance(P("x"), os.PathLike), isinstance("x", os.PathLike), issubclass(P, os.PathLike))
for bad in (P(3), 3, None):
    try:
        os.fspath(bad)
    except TypeError as e:
        print("TypeError", e)
print(os.fsencode("a\udcff"), os.fsdecode(b"a\xff"), os.fsencode(P("p")), os.fsdecode(P(b"q")))

# process information (types and relations only: values differ between runs)
print(type(os.getpid()).__name__, os.getpid() > 0, os.getppid() > 0, os.getpid() != os.getppid())
print(os.getuid() == os.geteuid(), os.getgid() == os.getegid(), type(os.getpgrp()).__name__)
print(type(os.cpu_count()).__name__, os.cpu_count() >= 1, len(os.getloadavg()))
u = os.uname()
print(type(u).__name__, len(u), u.sysname, u[0] == u.sysname, u._fields if hasattr(u, "_fields") else None)
t = os.times()
print(type(t).__name__, len(t), t.user >= 0, t[4] == t.elapsed)
print(len(os.urandom(16)), os.urandom(0), type(os.urandom(3)).__name__)
try:
    os.urandom(-1)
except ValueError as e:
    print("ValueError", e)
print(os.strerror(2), os.strerror(13), os.strerror(0))
print(os.umask(0o22) >= 0, os.umask(0o22))
try:
    os.get_terminal_size(os.open(os.devnull, os.O_RDONLY))
except OSError as e:
    print(type(e).__name__, e.errno, e.strerror)
ts = os.terminal_size((80, 24))
print(ts, ts.columns, ts.lines, ts[0])
print(os.device_encoding(os.open(os.devnull, os.O_RDONLY)))
st = os.WIFEXITED(0), os.WEXITSTATUS(3 << 8), os.WIFSIGNALED(9), os.WTERMSIG(9), os.WIFSTOPPED(0x137f)
print(st, os.waitstatus_to_exitcode(3 << 8), os.waitstatus_to_exitcode(9))
print(os.system("exit 3") >> 8)
sr = os.stat_result((1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
print(sr, sr.st_mode, sr[9], sr.st_mtime, len(sr), os.stat_result.n_sequence_fields)
print(sorted(os.listdir(os.path.dirname(os.__file__)))[:0], os.path.basename(os.__file__))
