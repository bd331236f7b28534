print(True + 1, True & False, True | False, True ^ True, ~True, -True, True == 1, True is True, bool(None))
print(repr(True), str(False), int(True), float(False), True.__class__, type(None), None.__class__.__name__)
print(bool(0), bool(0.0), bool(""), bool([]), bool({}), bool(()), bool(set()), bool(range(0)), bool(b""), bool(0j))
print(bool(1), bool(-0.5), bool(" "), bool([0]), bool({0: 0}), bool((None,)), bool(range(1)))
class T:
    def __bool__(self): return False
class L:
    def __len__(self): return 3
class Both:
    def __bool__(self): return True
    def __len__(self): return 0
print(bool(T()), bool(L()), bool(Both()), not T(), not L(), T() or "x", L() and "y")
class BadBool:
    def __bool__(self): return 1
class BadLen:
    def __len__(self): return -1
for o in [BadBool(), BadLen()]:
    try:
        bool(o)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
print(None is None, None == None, None != 0, [None] * 3, {None: 1}[None], hash(None) == hash(None))
print(0 or [] or "last", 1 and 2 and 3, None or 0, "" and 1, not None, not 0, not "a")
x = None
print(x if x is not None else "default", isinstance(None, object), issubclass(bool, int), bool.__mro__)
try:
    None()
except TypeError as e:
    print("TypeError:", e)
try:
    None.foo
except AttributeError as e:
    print("AttributeError:", e)
try:
    bool.__new__(bool, 1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    class B(bool): pass
except TypeError as e:
    print("TypeError:", e)
print(sorted([True, False, True]), sum([True, True, False]), max(False, True), True > False, [1, 2][True])
print(NotImplemented, Ellipsis, ..., type(...).__name__, type(NotImplemented).__name__)
