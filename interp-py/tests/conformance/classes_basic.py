class Animal:
    kind = "animal"
    count = 0
    def __init__(self, name):
        self.name = name
        Animal.count += 1
    def speak(self):
        return f"{self.name} makes a sound"
    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"
    @property
    def upper(self):
        return self.name.upper()
    @staticmethod
    def helper(x):
        return x * 2
    @classmethod
    def create(cls, name):
        return cls(name)
class Dog(Animal):
    kind = "dog"
    def speak(self):
        return super().speak() + " (woof)"
d = Dog("rex"); a = Animal.create("cat")
print(d, a, d.speak(), a.speak(), d.kind, a.kind, Animal.count, d.upper, Dog.helper(4), d.helper(5))
print(isinstance(d, Animal), issubclass(Dog, Animal), isinstance(a, Dog), type(d) is Dog, Dog.__mro__, Dog.__bases__, Dog.__name__, Dog.__qualname__)
print(hasattr(d, "name"), getattr(d, "missing", "default"), d.__dict__, vars(a))
setattr(d, "age", 3); print(d.age); delattr(d, "age"); print(hasattr(d, "age"))
class Counter:
    def __init__(self): self.n = 0
    def __call__(self, k=1): self.n += k; return self.n
    def __len__(self): return self.n
    def __bool__(self): return self.n > 0
    def __eq__(self, o): return isinstance(o, Counter) and o.n == self.n
    def __hash__(self): return hash(self.n)
    def __getitem__(self, i): return i * 10
    def __contains__(self, x): return x == 42
    def __iter__(self): return iter(range(self.n))
c = Counter(); print(bool(c), c(), c(5), len(c), c[3], 42 in c, 1 in c, list(c), c == Counter(), {c: 1}[c])
class Vec:
    __slots__ = ("x", "y")
    def __init__(self, x, y): self.x, self.y = x, y
    def __add__(self, o): return Vec(self.x + o.x, self.y + o.y)
    def __radd__(self, o): return self if o == 0 else NotImplemented
    def __mul__(self, k): return Vec(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __neg__(self): return Vec(-self.x, -self.y)
    def __lt__(self, o): return (self.x, self.y) < (o.x, o.y)
    def __repr__(self): return f"Vec({self.x}, {self.y})"
print(Vec(1, 2) + Vec(3, 4), 3 * Vec(1, 1), Vec(1, 2) * 2, -Vec(1, 2), sum([Vec(1, 1), Vec(2, 2)]), sorted([Vec(2, 0), Vec(1, 5)]), Vec(1, 2) > Vec(0, 0))
try:
    Vec(1, 2).z = 3
except AttributeError as e:
    print("AttributeError:", e)
class Base:
    def __init_subclass__(cls, **kw):
        cls.tag = kw.get("tag", "none")
        super().__init_subclass__()
class Sub(Base, tag="t1"): pass
class Sub2(Base): pass
print(Sub.tag, Sub2.tag)
class A:
    def who(self): return "A"
class B(A):
    def who(self): return "B" + super().who()
class C(A):
    def who(self): return "C" + super().who()
class D(B, C):
    def who(self): return "D" + super().who()
print(D().who(), [k.__name__ for k in D.__mro__])
class Meta(type):
    def __new__(mcls, name, bases, ns):
        ns["created_by"] = mcls.__name__
        return super().__new__(mcls, name, bases, ns)
class WithMeta(metaclass=Meta): pass
print(WithMeta.created_by, type(WithMeta).__name__, isinstance(WithMeta, Meta))
