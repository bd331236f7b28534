# warnings: filters, catch_warnings(record=True), showwarning/formatwarning, categories,
# stacklevel, simplefilter actions ("error", "ignore", "once", "always", "default").
import io
import sys
import warnings


def emit(msg, cat=UserWarning, level=1):
    warnings.warn(msg, cat, stacklevel=level)


with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    emit("first")
    emit("second", DeprecationWarning)
    warnings.warn("direct", RuntimeWarning)
    warnings.warn(UserWarning("instance"))
    emit("level2", level=2)
    for r in w:
        print(r.category.__name__, str(r.message), r.filename.endswith("stdlib_warnings.py"), r.lineno, r.line)
    print(len(w))

with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("ignore")
    emit("ignored")
    warnings.simplefilter("error", RuntimeWarning)
    try:
        warnings.warn("now an error", RuntimeWarning)
    except RuntimeWarning as e:
        print("RuntimeWarning raised:", e)
    emit("still ignored")
    print(len(w))

with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("once")
    for i in range(3):
        emit("repeated")
    emit("other")
    print([str(x.message) for x in w])

with warnings.catch_warnings(record=True) as w:
    warnings.resetwarnings()
    warnings.filterwarnings("ignore", message="skip.*")
    warnings.filterwarnings("always", category=UserWarning)
    emit("skip me")
    emit("keep me")
    print([str(x.message) for x in w])

with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("default")
    for i in range(2):
        emit("default action")
    print(len(w))

buf = io.StringIO()
with warnings.catch_warnings():
    warnings.simplefilter("always")
    old = warnings.showwarning
    def show(message, category, filename, lineno, file=None, line=None):
        buf.write("SHOW %s: %s @%d\n" % (category.__name__, message, lineno))
    warnings.showwarning = show
    emit("custom show")
    warnings.showwarning = old
print(buf.getvalue(), end="")
print(warnings.formatwarning("msg", UserWarning, "file.py", 12, "code line"), end="")
print(warnings.formatwarning("msg", FutureWarning, "f.py", 1, ""), end="")

err = io.StringIO()
saved = sys.stderr
sys.stderr = err
try:
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn_explicit("explicit", SyntaxWarning, "prog.py", 7)
        emit("to stderr")
finally:
    sys.stderr = saved
print(err.getvalue().replace("\n    emit(", "\n<src>").splitlines()[0])
print(len(err.getvalue().splitlines()))

for bad in (lambda: warnings.simplefilter("bogus"), lambda: warnings.filterwarnings("ignore", category=int),
            lambda: warnings.warn("x", category=int)):
    try:
        bad()
    except (ValueError, TypeError, AssertionError) as e:
        print(type(e).__name__, e)
print([c.__name__ for c in (Warning, UserWarning, DeprecationWarning, PendingDeprecationWarning,
       SyntaxWarning, RuntimeWarning, FutureWarning, ImportWarning, UnicodeWarning, BytesWarning,
       ResourceWarning, EncodingWarning) if issubclass(c, Warning)])
print(type(warnings.filters).__name__, all(len(f) == 5 for f in warnings.filters))
