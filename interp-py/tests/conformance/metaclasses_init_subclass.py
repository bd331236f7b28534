class Meta(type):
    registry = []
    def __new__(mcls, name, bases, ns, **kw):
        print("Meta.__new__", name, [b.__name__ for b in bases], sorted(k for k in ns if not k.startswith("__")), kw)
        cls = super().__new__(mcls, name, bases, ns)
        mcls.registry.append(name)
        return cls
    def __init__(cls, name, bases, ns, **kw):
        print("Meta.__init__", name)
        super().__init__(name, bases, ns)
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print("prepare", name, kw)
        return {"injected": 42}
    def __call__(cls, *a, **k):
        print("Meta.__call__", cls.__name__, a)
        return super().__call__(*a, **k)
    def __repr__(cls): return f"<class {cls.__name__} via Meta>"
    def __len__(cls): return 7
    def describe(cls): return f"{cls.__name__} has {len(cls.__dict__)} entries?"
class Base(metaclass=Meta, flavor="x"):
    def __init__(self, v): self.v = v
class Child(Base):
    extra = 1
print(Meta.registry, Base.injected, Child.injected, type(Child) is Meta, repr(Child), len(Child), isinstance(Child, Meta))
c = Child(5); print(c.v, type(c).__name__)
print(Child.describe().split()[0], hasattr(c, "describe"))
class Plugin:
    plugins = {}
    def __init_subclass__(cls, key=None, **kw):
        super().__init_subclass__(**kw)
        print("init_subclass", cls.__name__, key)
        if key: Plugin.plugins[key] = cls
class A(Plugin, key="a"): pass
class B(Plugin, key="b"): pass
class C(A): pass
print(sorted(Plugin.plugins), Plugin.plugins["a"] is A)
try:
    class Bad(Plugin, unknown=1): pass
except TypeError as e:
    print("TypeError:", e)
class Generic:
    def __class_getitem__(cls, item): return f"{cls.__name__}[{item!r}]"
print(Generic[int], Generic["x"], list[int], dict[str, int], tuple[int, ...])
Dyn = type("Dyn", (object,), {"x": 1, "hello": lambda self: "hi " + type(self).__name__})
print(Dyn.x, Dyn().hello(), Dyn.__name__, Dyn.__bases__, Dyn.__mro__)
class Single(type):
    _inst = {}
    def __call__(cls, *a):
        if cls not in cls._inst:
            cls._inst[cls] = super().__call__(*a)
        return cls._inst[cls]
class Conf(metaclass=Single):
    def __init__(self): print("Conf init")
print(Conf() is Conf())
class M1(type): pass
class M2(type): pass
class X1(metaclass=M1): pass
class X2(metaclass=M2): pass
try:
    class X3(X1, X2): pass
except TypeError as e:
    print("TypeError:", e)
print(type(type), type(object), isinstance(type, object), issubclass(Meta, type), Meta.__mro__)
class Abstractish:
    def __init_subclass__(cls):
        missing = [m for m in ("run",) if m not in cls.__dict__]
        if missing: raise TypeError(f"{cls.__name__} lacks {missing}")
class Good(Abstractish):
    def run(self): pass
try:
    class Lazy(Abstractish): pass
except TypeError as e:
    print("TypeError:", e)
