def risky(n):
    if n == 0:
        raise ValueError("zero")
    if n == 1:
        raise KeyError("one")
    return 10 // (n - 2)
for i in range(4):
    try:
        print(risky(i))
    except ValueError as e:
        print("ValueError", e, e.args)
    except (KeyError, ZeroDivisionError) as e:
        print(type(e).__name__, repr(e))
    else:
        print("no error")
    finally:
        print("finally", i)
class MyError(Exception):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code
try:
    raise MyError(42)
except Exception as e:
    print(e, e.code, isinstance(e, MyError), MyError.__mro__[1:])
try:
    try:
        {}["missing"]
    except KeyError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print(e, repr(e.__cause__), e.__context__ is e.__cause__, e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        int("x")
except ValueError as e:
    print(e, type(e.__context__).__name__)
def f():
    try:
        return "try"
    finally:
        print("cleanup")
print(f())
def g():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print("fin", i)
    return i
print(g())
try:
    assert 1 == 2, "math broke"
except AssertionError as e:
    print("assert:", e)
e = OSError(2, "No such file", "f.txt")
print(e, e.errno, e.strerror, e.filename, type(e).__name__, OSError(2, "x").__class__.__name__)
print(repr(KeyError("k")), str(KeyError("k")), str(KeyError()), StopIteration(5).value, SystemExit(3).code)
e = ValueError("a", 1)
print(e.args, str(e), repr(e))
try:
    raise TypeError("bad type")
except Exception as err:
    err.add_note("note 1")
    print(err.__notes__)
import sys
try:
    raise IndexError("idx")
except IndexError:
    t, v, tb = sys.exc_info()
    print(t.__name__, v, tb is not None, sys.exception() is v)
print(sys.exc_info())
def nested():
    try:
        raise ValueError("inner")
    except ValueError:
        try:
            raise
        except ValueError as e2:
            return str(e2)
print(nested())
print(issubclass(FileNotFoundError, OSError), issubclass(KeyError, LookupError), BaseException.__subclasses__()[:2] != [])
