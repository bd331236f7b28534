import sys
print(type(sys.argv).__name__, len(sys.argv), sys.argv[0].endswith("sys_module2.py"))
print(sys.version_info.major, sys.version_info >= (3, 11), sys.version_info[:2], type(sys.version).__name__, sys.version.startswith("3.11"))
print(sys.maxsize == 2 ** 63 - 1, sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig, sys.int_info.bits_per_digit if hasattr(sys, "int_info") else "?")
print(sys.hash_info.width, sys.hash_info.modulus, sys.hash_info.inf, sys.hash_info.nan if hasattr(sys.hash_info, "nan") else 0)
print("sys" in sys.modules, "builtins" in sys.modules, sys.modules["__main__"].__name__, type(sys.path).__name__, sys.path[0] != None)
print(sys.getrecursionlimit(), sys.byteorder, sys.platform.startswith("linux"), sys.executable != "", isinstance(sys.flags.optimize, int) if hasattr(sys, "flags") else True)
old = sys.getrecursionlimit(); sys.setrecursionlimit(500); print(sys.getrecursionlimit()); sys.setrecursionlimit(old)
print(sys.intern("hello") == "hello", sys.getdefaultencoding(), sys.stdout.encoding.lower() if hasattr(sys.stdout, "encoding") else "utf-8")
def f():
    frame = sys._getframe(0)
    caller = sys._getframe(1)
    return frame.f_code.co_name, caller.f_code.co_name, frame.f_lineno > 0
print(f())
try:
    raise ValueError("x")
except ValueError:
    et, ev, tb = sys.exc_info()
    print(et.__name__, ev.args, type(tb).__name__, tb.tb_lineno, sys.exception().args)
print(sys.exc_info(), sys.exception())
sys.stdout.write("direct write\n")
print(sys.stdout is sys.__stdout__, sys.stderr is sys.__stderr__, sys.stdin is sys.__stdin__)
try:
    sys.exit("custom message")
except SystemExit as e:
    print("exit code:", e.code)
hooks = []
def my_hook(t, v, tb): hooks.append((t.__name__, str(v)))
sys.excepthook = my_hook
print(sys.excepthook is my_hook, sys.__excepthook__ is not my_hook)
sys.excepthook = sys.__excepthook__
print(sorted(k for k in ("argv", "path", "modules", "version", "exit", "stdin") if hasattr(sys, k)))
sys.argv.append("extra"); print(sys.argv[-1])
