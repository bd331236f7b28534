class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(code, msg)
        self.code = code
    def __str__(self): return f"[{self.code}] {self.args[1]}"
def lvl3(): raise KeyError("deep")
def lvl2():
    try:
        lvl3()
    except KeyError as e:
        raise AppError(3, "wrapped") from e
def lvl1():
    try:
        lvl2()
    except AppError as e:
        print("caught", e, repr(e), e.code, e.args, type(e.__cause__).__name__, e.__suppress_context__)
        raise RuntimeError("again")
try:
    lvl1()
except RuntimeError as e:
    print("outer", e, type(e.__context__).__name__, e.__cause__, e.__context__.__cause__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("no cause") from None
except ValueError as e:
    print(e.__cause__, e.__suppress_context__, type(e.__context__).__name__)
def finally_order():
    out = []
    for i in range(3):
        try:
            if i == 1:
                continue
            out.append(f"try{i}")
        finally:
            out.append(f"fin{i}")
    return out
print(finally_order())
def ret_in_finally():
    try:
        return "try"
    finally:
        print("finally runs before return")
print(ret_in_finally())
def override():
    try:
        raise ValueError
    finally:
        return "finally wins"
print(override())
def else_clause(x):
    try:
        v = 10 / x
    except ZeroDivisionError:
        return "div0"
    else:
        return f"ok {v}"
    finally:
        print("cleanup", x)
print(else_clause(2), else_clause(0))
try:
    raise TypeError("a", 1, None)
except (ValueError, TypeError) as e:
    print(type(e).__name__, e.args, str(e))
e_name_cleared = None
try:
    raise ValueError("x")
except ValueError as err:
    pass
try:
    err
except NameError as ne:
    print("NameError:", ne)
print(issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError), issubclass(FileNotFoundError, OSError), KeyboardInterrupt.__mro__)
print(repr(KeyError("k")), str(KeyError("k")), str(KeyError()), str(KeyError(1, 2)), repr(ValueError()), str(OSError(2, "No such file")))
e = OSError(2, "msg", "file.txt"); print(e.errno, e.strerror, e.filename, str(e), type(e).__name__)
print(type(OSError(2, "x")).__name__, isinstance(OSError(2, "x"), FileNotFoundError))
ex = Exception("note me"); ex.add_note("first note"); ex.add_note("second"); print(ex.__notes__)
try:
    raise StopIteration(5)
except StopIteration as s:
    print(s.value, s.args)
class Ctx:
    def __enter__(self): return self
    def __exit__(self, *a): print("exit got", a[0].__name__, a[1]); return True
with Ctx():
    raise IndexError("swallowed")
def nested_handlers():
    try:
        try:
            raise ValueError("inner")
        except ValueError:
            raise
    except ValueError as e:
        return f"re-raised {e}"
print(nested_handlers())
import sys
try:
    raise ValueError("info")
except ValueError:
    t, v, tb = sys.exc_info()
    print(t.__name__, v, tb is not None, sys.exception() is v if hasattr(sys, "exception") else "n/a")
print(sys.exc_info())
try:
    raise Exception
except Exception as e:
    print(repr(e), e.args)
def gen_exc():
    try:
        yield 1
        raise ValueError("in gen")
    except ValueError as e:
        yield f"handled {e}"
print(list(gen_exc()))
try:
    assert 1 == 2, "math broke"
except AssertionError as e:
    print("AssertionError:", e)
try:
    assert False
except AssertionError as e:
    print("bare assert", repr(e))
class Weird(BaseException): pass
try:
    try:
        raise Weird()
    except Exception:
        print("not here")
except BaseException as b:
    print("BaseException caught", type(b).__name__)
raise AppError(7, "final uncaught") from KeyError("root")
