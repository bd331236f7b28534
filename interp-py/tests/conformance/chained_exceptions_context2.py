def risky(n):
    if n == 0: raise ZeroDivisionError("n is zero")
    if n < 0: raise ValueError(f"negative: {n}")
    return 10 / n
def safe(n):
    try:
        return risky(n)
    except ZeroDivisionError:
        try:
            return risky(-1)
        except ValueError as inner:
            return f"inner {inner!r} context={inner.__context__!r}"
print(safe(2), safe(0))
try:
    try:
        raise KeyError("first")
    except KeyError:
        raise IndexError("second")
except IndexError as e:
    print(repr(e), repr(e.__context__), e.__cause__, e.__suppress_context__)
try:
    try:
        raise KeyError("first")
    except KeyError as k:
        raise IndexError("second") from k
except IndexError as e:
    print(repr(e.__cause__), e.__suppress_context__, e.__context__ is e.__cause__)
e1 = ValueError("manual")
e1.__cause__ = TypeError("set by hand")
print(e1.__suppress_context__, repr(e1.__cause__))
try:
    raise ValueError("x") from 5
except TypeError as e:
    print("TypeError:", e)
try:
    raise 42
except TypeError as e:
    print("TypeError:", e)
class NotExc: pass
try:
    raise NotExc
except TypeError as e:
    print("TypeError:", e)
try:
    raise ValueError
except ValueError as e:
    print("class raised:", repr(e))
def reraise_bare():
    try:
        raise RuntimeError("orig")
    except RuntimeError:
        try:
            raise
        except RuntimeError as again:
            return repr(again)
print(reraise_bare())
try:
    raise
except RuntimeError as e:
    print("RuntimeError:", e)
def context_in_finally():
    try:
        try:
            raise ValueError("body")
        finally:
            raise KeyError("finally")
    except KeyError as e:
        return repr(e), repr(e.__context__)
print(context_in_finally())
def handler_cleans():
    try:
        raise ValueError("v")
    except ValueError:
        pass
    import sys
    return sys.exc_info()
print(handler_cleans())
cycle = ValueError("a")
try:
    try:
        raise cycle
    except ValueError as a:
        raise KeyError("b") from a
except KeyError as b:
    try:
        raise cycle
    except ValueError as c:
        print(c is cycle, repr(c.__context__), repr(b.__cause__))
