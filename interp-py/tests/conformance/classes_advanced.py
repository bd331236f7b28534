class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        cls = super().__new__(mcls, name, bases, ns)
        cls.extra = kw
        return cls
    def __call__(cls, *args, **kwargs):
        print("Meta.__call__", cls.__name__, args)
        return super().__call__(*args, **kwargs)
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print("prepare", name)
        return {"prepared": True}
    def __repr__(cls):
        return f"<Meta class {cls.__name__}>"
class Thing(metaclass=Meta, flavor="x"):
    def __init__(self, v):
        self.v = v
t = Thing(5)
print(t.v, Thing.extra, Thing.prepared, Thing, type(Thing))
class Singleton:
    _inst = None
    def __new__(cls, *a):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst
    def __init__(self, v):
        self.v = v
a = Singleton(1); b = Singleton(2)
print(a is b, a.v)
class Immutable(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))
    @property
    def x(self): return self[0]
p = Immutable(3, 4)
print(p, p.x, len(p), isinstance(p, tuple), p + (5,), type(p).__name__)
class MyList(list):
    def sum(self): return sum(self)
ml = MyList([1, 2, 3]); ml.append(4)
print(ml, ml.sum(), len(ml), ml[1:3], type(ml[1:3]).__name__, isinstance(ml, list))
class MyDict(dict):
    def __missing__(self, key):
        return f"missing:{key}"
md = MyDict(a=1); print(md["a"], md["zz"], md.get("zz"), len(md))
class MyStr(str):
    def shout(self): return self.upper() + "!"
s = MyStr("hi"); print(s.shout(), s + "x", type(s + "x").__name__, s == "hi", hash(s) == hash("hi"))
class MyInt(int):
    def __add__(self, o): return MyInt(int(self) + int(o) + 1000)
print(MyInt(1) + 2, 2 + MyInt(1), MyInt(5) * 2, type(MyInt(5) * 2).__name__)
class Node:
    def __init__(self, val, children=()):
        self.val, self.children = val, list(children)
    def __iter__(self):
        yield self.val
        for c in self.children:
            yield from c
    def __repr__(self): return f"Node({self.val})"
tree = Node(1, [Node(2, [Node(4)]), Node(3)])
print(list(tree), sum(tree), max(tree))
class Ordered:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
    def __repr__(self): return f"O{self.v}"
print(sorted([Ordered(2), Ordered(1)]), Ordered(1) == Ordered(1), Ordered(1) != Ordered(2), Ordered(3) > Ordered(2))
class WithStatic:
    count = 0
    def __init__(self): type(self).count += 1
class Child(WithStatic): pass
WithStatic(); Child(); Child()
print(WithStatic.count, Child.count)
class Abstractish:
    def area(self): raise NotImplementedError("subclass must implement")
class Sq(Abstractish):
    def __init__(self, s): self.s = s
    def area(self): return self.s ** 2
try:
    Abstractish().area()
except NotImplementedError as e:
    print("NotImplementedError:", e)
print(Sq(3).area())
class Chain:
    def __init__(self): self.ops = []
    def add(self, x): self.ops.append(x); return self
print(Chain().add(1).add(2).ops)
print(Thing.__dict__["__init__"].__qualname__, Sq.__mro__[1].__name__, Sq.area.__qualname__, type(Sq.__dict__).__name__)
class DescInit:
    def __init_subclass__(cls, /, prefix="", **kw):
        super().__init_subclass__(**kw)
        cls.prefix = prefix
class DI(DescInit, prefix="pre"): pass
print(DI.prefix)
class Reprless: pass
r = repr(Reprless()); print(r.startswith("<__main__.Reprless object at 0x"), str(Reprless).startswith("<class"))
print(type.__call__(int, "5"), type(3)(7), int.__new__(int, 9), object.__new__(Reprless).__class__.__name__)
