import sys
print(sys.version_info[:2], sys.version_info.major, sys.version_info >= (3, 8), type(sys.version).__name__)
print(sys.maxsize, sys.byteorder, sys.platform, type(sys.argv).__name__, sys.argv[0].endswith("sys_module.py"))
print(sys.getrecursionlimit()); sys.setrecursionlimit(2000); print(sys.getrecursionlimit()); sys.setrecursionlimit(1000)
print(sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig, sys.int_info.bits_per_digit, sys.hash_info.modulus)
print(sys.implementation.name in ("cpython", "tern"), "sys" in sys.modules, "builtins" in sys.modules, sys.modules["sys"] is sys)
sys.stdout.write("written\n"); sys.stderr.write("to stderr\n"); print("printed", file=sys.stderr)
print(sys.stdout.isatty() in (True, False), sys.stdin is sys.__stdin__, sys.getdefaultencoding(), sys.intern("abc") == "abc")
print(isinstance(sys.path, list), sys.flags.optimize, sys.getsizeof(1) > 0, sys.maxunicode, sys.exc_info())
class Out:
    def __init__(self): self.parts = []
    def write(self, s): self.parts.append(s)
    def flush(self): pass
old = sys.stdout
sys.stdout = Out()
print("captured", 1, 2)
captured = sys.stdout.parts
sys.stdout = old
print(captured)
def depth():
    f = sys._getframe()
    return f.f_code.co_name, f.f_back.f_code.co_name
print(depth())
print(sys.get_int_max_str_digits())
try:
    int("1" * 5000)
except ValueError as e:
    print(e)
sys.set_int_max_str_digits(6000)
print(len(str(int("1" * 5000))))
