# traceback: formatting exceptions and stacks (print_exc, format_exception, extract_tb,
# StackSummary, TracebackException, chains, format_exception_only, walk_stack).
import sys
import traceback


def inner(x):
    return divmod(10, x)


def outer(x):
    return inner(x)


try:
    outer(0)
except ZeroDivisionError as e:
    exc = e
    traceback.print_exc(file=sys.stdout)
    print(repr(traceback.format_exc()))

print(traceback.format_exception_only(type(exc), exc))
print(traceback.format_exception_only(exc))
print("".join(traceback.format_exception(exc)), end="")
print("".join(traceback.format_exception(type(exc), exc, exc.__traceback__, limit=1)), end="")
tb = traceback.extract_tb(exc.__traceback__)
print(type(tb).__name__, len(tb))
for fs in tb:
    print(fs.name, fs.lineno, fs.line, fs.filename.endswith("stdlib_traceback.py"), fs.colno, fs.end_colno)
print(tb.format())
print(traceback.format_list(tb[-1:]))
print(traceback.format_tb(exc.__traceback__, limit=-1))
traceback.print_tb(exc.__traceback__, limit=2, file=sys.stdout)

try:
    try:
        {}.pop("missing")
    except KeyError as e:
        raise ValueError("while handling") from e
except ValueError as e:
    traceback.print_exception(e, file=sys.stdout)
    print(traceback.format_exception(e, chain=False)[-1], end="")

try:
    try:
        [].pop()
    except IndexError:
        undefined_name
except NameError as e:
    traceback.print_exception(type(e), e, e.__traceback__, file=sys.stdout)

te = traceback.TracebackException.from_exception(exc)
print(te.exc_type.__name__, str(te), len(te.stack), "".join(te.format_exception_only()), end="")
print(list(te.format())[-1], end="")


def where():
    return traceback.extract_stack(limit=2)


st = where()
print([(f.name, f.line) for f in st])
print(traceback.format_stack(limit=1)[0].splitlines()[1].strip())
frames = list(traceback.walk_stack(sys._getframe()))
print(frames[0][0].f_code.co_name, type(frames[0][1]).__name__)

try:
    raise ExceptionGroup("group", [ValueError(1), TypeError("two")])
except ExceptionGroup as eg:
    traceback.print_exception(eg, file=sys.stdout)

e = SyntaxError("bad syntax", ("prog.py", 3, 5, "x = = 1\n", 3, 6))
print("".join(traceback.format_exception_only(e)), end="")
err = ValueError("with notes")
err.add_note("note one")
err.add_note("note two")
print("".join(traceback.format_exception_only(err)), end="")
print(traceback.format_exception_only(None, None) if False else "", end="")
summary = traceback.StackSummary.from_list([("f.py", 1, "fn", "line()"), ("g.py", 2, "gn", None)])
print(summary.format())
