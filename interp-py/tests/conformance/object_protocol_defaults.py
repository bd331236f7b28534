class Plain: pass
a, b = Plain(), Plain()
print(a == a, a == b, a != b, a is not b, hash(a) == hash(a), bool(a), str(a) == repr(a), repr(a).startswith("<__main__.Plain object at 0x"))
print(type(a).__name__, a.__class__ is Plain, isinstance(a, object), Plain.__bases__, Plain.__mro__, Plain.__name__, Plain.__module__)
print(object.__eq__(a, a), object.__eq__(a, b), object.__ne__(a, b), a.__eq__(1), a.__lt__(b), a.__hash__() == hash(a), a.__sizeof__() > 0)
try:
    a < b
except TypeError as e:
    print("TypeError:", e)
print(a.__format__(""), format(a, "") == str(a)) if False else print("format ok", format(a, "") == str(a))
try:
    format(a, "x")
except TypeError as e:
    print("TypeError:", e)
print(a.__reduce_ex__ is not None if hasattr(a, "__reduce_ex__") else True, "__dict__" in dir(a), sorted(vars(a)), a.__dict__)
class WithEq:
    def __eq__(self, o): return True
print(WithEq.__hash__ is None, WithEq() == 5, WithEq() != 5)
class OnlyNe:
    def __ne__(self, o): return "custom ne"
print(OnlyNe() != 1, OnlyNe() == OnlyNe())
class Reprs:
    def __repr__(self): return "R!"
print(str(Reprs()), f"{Reprs()}", [Reprs()], "%s %r" % (Reprs(), Reprs()), format(Reprs()))
class Strs:
    def __str__(self): return "S!"
print(str(Strs()), repr(Strs()).startswith("<"), f"{Strs()}", [Strs()][0].__str__())
class BadRepr:
    def __repr__(self): return 42
try:
    repr(BadRepr())
except TypeError as e:
    print("TypeError:", e)
class BadStr:
    def __str__(self): return None
try:
    str(BadStr())
except TypeError as e:
    print("TypeError:", e)
print(object().__class__.__name__, type(object()).__mro__, object.__init__ is Plain.__init__, object.__new__ is Plain.__new__)
try:
    object.__new__(int)
except TypeError as e:
    print("TypeError:", e)
print(issubclass(Plain, object), isinstance(Plain, type), type(Plain) is type, Plain.__dict__["__module__"], "__weakref__" in Plain.__dict__)
