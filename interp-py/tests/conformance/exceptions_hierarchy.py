def tree(cls, depth=0, out=None):
    if out is None: out = []
    out.append("  " * depth + cls.__name__)
    for sub in sorted(cls.__subclasses__(), key=lambda c: c.__name__):
        if sub.__module__ == "builtins":
            tree(sub, depth + 1, out)
    return out
print("\n".join(tree(ArithmeticError)))
print("\n".join(tree(LookupError)))
print("\n".join(tree(OSError)))
print([c.__name__ for c in ValueError.__subclasses__() if c.__module__ == "builtins"])
print(BaseException.__subclasses__ is not None, Exception.__base__, BaseException.__base__, KeyboardInterrupt.__base__, StopAsyncIteration.__base__, GeneratorExit.__base__)
errs = [ValueError("v"), TypeError("t"), KeyError("k"), IndexError("i"), ZeroDivisionError("z"), AttributeError("a"), NameError("n"),
        UnboundLocalError("u"), RuntimeError("r"), NotImplementedError("ni"), RecursionError("re"), StopIteration(1), OverflowError("o"),
        FileNotFoundError(2, "nf"), PermissionError(13, "perm"), TimeoutError("to"), UnicodeError("ue"), AssertionError("as"), ImportError("im"),
        ModuleNotFoundError("mnf"), MemoryError(), EOFError("eof"), SystemError("se"), BufferError("be"), FloatingPointError("fp"),
        IsADirectoryError(21, "dir"), ConnectionResetError("cr"), BrokenPipeError("bp"), ChildProcessError("cp"), InterruptedError("int")]
for e in errs:
    print(type(e).__name__, [c.__name__ for c in type(e).__mro__[1:-1]], repr(e), str(e))
print(isinstance(FileNotFoundError(), OSError), EnvironmentError is OSError, IOError is OSError, issubclass(ConnectionResetError, ConnectionError))
w = [Warning, UserWarning, DeprecationWarning, PendingDeprecationWarning, SyntaxWarning, RuntimeWarning, FutureWarning, ImportWarning, UnicodeWarning, BytesWarning, ResourceWarning, EncodingWarning]
print([c.__base__.__name__ for c in w])
try:
    raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
except UnicodeError as e:
    print(type(e).__name__, e, e.encoding, e.object, e.start, e.end, e.reason)
try:
    b"\xffabc".decode("utf-8")
except UnicodeDecodeError as e:
    print(e)
try:
    "é".encode("ascii")
except UnicodeEncodeError as e:
    print(e, e.start, e.end)
class E1(Exception): pass
class E2(E1): pass
class E3(E2, KeyError): pass
try:
    raise E3("multi")
except KeyError as e:
    print("caught as KeyError", [c.__name__ for c in type(e).__mro__], repr(e))
print(SyntaxError("msg", ("f.py", 3, 5, "bad line", 3, 8)).lineno, SyntaxError("m").msg, IndentationError.__base__.__name__, TabError.__base__.__name__)
e = SystemExit(3); print(e.code, SystemExit().code, SystemExit("msg").code, SystemExit(1, 2).code)
e = StopIteration(); print(e.value, StopIteration(5, 6).value)
e = KeyError(); print(repr(e), e.args, str(KeyError("a", "b")))
e = OSError(); print(e.errno, e.strerror, repr(e), repr(OSError("just msg")), OSError(1, 2, 3, 4, 5).args)
e = BaseExceptionGroup("grp", [ValueError(1), TypeError(2)]); print(type(e).__name__, e.message, e.exceptions, repr(e))
e = ExceptionGroup("g", [ValueError("x")]); print(type(e).__name__, isinstance(e, Exception), str(e))
try:
    ExceptionGroup("g", [])
except ValueError as err:
    print("ValueError:", err)
try:
    Exception.with_traceback(ValueError(), 5)
except TypeError as err:
    print("TypeError:", err)
ex = ValueError("a")
print(ex.with_traceback(None) is ex, ex.__traceback__, ex.__context__, ex.__cause__, ex.__suppress_context__)
ex.args = ("new", 1); print(ex, ex.args)
