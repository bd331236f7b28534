eg = ExceptionGroup("many", [ValueError(1), TypeError(2), ValueError(3)])
print(eg, repr(eg), eg.message, eg.exceptions)
try:
    raise eg
except* ValueError as g:
    print("values:", repr(g))
except* TypeError as g:
    print("types:", repr(g))
match_, rest = eg.split(ValueError)
print(repr(match_), repr(rest))
print(repr(eg.subgroup(TypeError)))
try:
    try:
        raise ExceptionGroup("inner", [KeyError("k"), OSError("o")])
    except* KeyError:
        print("handled key")
except ExceptionGroup as e:
    print("remaining:", repr(e))
try:
    raise BaseExceptionGroup("base", [KeyboardInterrupt()])
except BaseExceptionGroup as e:
    print(type(e).__name__, e.exceptions)
print(issubclass(ExceptionGroup, Exception), issubclass(BaseExceptionGroup, BaseException))
try:
    ExceptionGroup("x", [])
except ValueError as e:
    print(e)
try:
    ExceptionGroup("x", [KeyboardInterrupt()])
except TypeError as e:
    print(e)
