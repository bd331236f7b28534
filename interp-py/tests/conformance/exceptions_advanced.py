import sys
class E1(Exception): pass
class E2(E1): pass
def h(exc):
    try:
        raise exc
    except E2:
        return "E2"
    except E1:
        return "E1"
    except (TypeError, ValueError) as e:
        return f"TV:{type(e).__name__}"
    except BaseException as e:
        return f"base:{type(e).__name__}"
print(h(E2()), h(E1()), h(TypeError()), h(ValueError()), h(KeyboardInterrupt()), h(SystemExit(2)), h(GeneratorExit()))
def reraiser():
    try:
        raise ValueError("first")
    except ValueError:
        try:
            raise TypeError("second")
        except TypeError:
            pass
        raise
try:
    reraiser()
except ValueError as e:
    print("re-raised", e, e.__context__)
try:
    try:
        raise ValueError("a")
    except ValueError as e:
        raise TypeError("b") from None
except TypeError as e:
    print(e, e.__cause__, e.__suppress_context__, repr(e.__context__))
e = ValueError("x")
print(e.__traceback__, e.with_traceback(None) is e, e.__notes__ if hasattr(e, "__notes__") else "no notes")
try:
    raise e
except ValueError as caught:
    tb = caught.__traceback__
    print(tb.tb_lineno, tb.tb_frame.f_code.co_name, tb.tb_next)
def gen_exc():
    try:
        yield 1
        raise KeyError("in gen")
    finally:
        print("gen finally")
try:
    for v in gen_exc():
        print("got", v)
except KeyError as e:
    print("caught", repr(e))
class CustomInit(Exception):
    def __init__(self, a, b):
        super().__init__(a)
        self.b = b
ci = CustomInit(1, 2)
print(ci.args, ci.b, str(ci), repr(ci))
class NoSuper(Exception):
    def __init__(self, v):
        self.v = v
ns = NoSuper(5)
print(ns.args, str(ns), repr(ns), ns.v)
class WithStr(Exception):
    def __str__(self): return "custom str"
print(str(WithStr()), repr(WithStr("a")), f"{WithStr()}")
print(isinstance(ValueError(), Exception), issubclass(UnicodeDecodeError, ValueError), ZeroDivisionError.__mro__[1].__name__)
print(repr(OSError(1, "x")), OSError("a", "b", "c", "d", "e").args, FileNotFoundError(2, "nf").errno, str(PermissionError(13, "denied", "f")))
print(str(KeyError("a")), str(KeyError("a", "b")), str(IndexError()), repr(StopIteration(1, 2)), SyntaxError("m", ("f.py", 1, 2, "t\n", 1, 3)).lineno)
print(AttributeError("x", name="n", obj=1).name, NameError("x", name="q").name, ImportError("m", name="n", path="p").path)
try:
    raise StopIteration
except StopIteration as e:
    print(repr(e), e.value)
try:
    1 / 0
except ZeroDivisionError:
    print(sys.exc_info()[0].__name__)
    try:
        raise
    except ZeroDivisionError as z:
        print("bare raise re-raised", z)
try:
    raise
except RuntimeError as e:
    print(e)
def f():
    try:
        return 1
    finally:
        try:
            raise ValueError
        except ValueError:
            pass
print(f())
for i in range(3):
    try:
        if i == 1:
            raise ValueError(i)
    except ValueError as e:
        print("loop caught", e)
        continue
    finally:
        print("fin", i)
try:
    raise Exception("with note")
except Exception as e:
    e.add_note("extra info")
    e.add_note("more")
    print(e.__notes__)
try:
    ValueError().add_note(5)
except TypeError as e:
    print(e)
print(BaseException("a", 2).args, Exception().args, str(Exception()), repr(Exception("x", 1)))
