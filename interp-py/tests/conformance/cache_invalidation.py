class A:
    def m(self): return "A.m"
    attr = 1
a = A()
def call_m(o): return o.m()
def get_attr(o): return o.attr
for _ in range(3): print(call_m(a), get_attr(a))
A.m = lambda self: "patched"
A.attr = 2
for _ in range(2): print(call_m(a), get_attr(a))
a.attr = "instance"
print(get_attr(a), get_attr(A()))
del a.attr
print(get_attr(a))
a.m = lambda: "instance method"
print(call_m(a), call_m(A()))
class B(A): pass
b = B()
print(call_m(b), get_attr(b))
A.m = lambda self: "repatched"
print(call_m(b))
B.m = lambda self: "B own"
print(call_m(b), call_m(a))
del B.m
print(call_m(b))
x = 1
def read_x(): return x
for _ in range(3): print(read_x())
x = 2
print(read_x())
del x
try:
    read_x()
except NameError as e:
    print(e)
import builtins
def use_len(v): return len(v)
print(use_len([1, 2]))
builtins.len = lambda v: 42
print(use_len([1, 2]))
len = lambda v: "global shadow"
print(use_len([1]))
del len
print(use_len([1]))
del builtins.len
try:
    use_len([1])
except NameError as e:
    print(e)
class P:
    def __init__(self): self.v = 0
def setv(o, val): o.v = val
p = P()
for i in range(3): setv(p, i)
print(p.v)
P.v = property(lambda self: "prop", lambda self, val: print("setter", val))
setv(p, 99)
print(p.v)
class Slots:
    __slots__ = ("v",)
s = Slots()
for i in range(3): setv(s, i)
print(s.v)
class Dyn:
    pass
objs = [Dyn() for _ in range(3)]
for i, o in enumerate(objs):
    if i % 2: o.extra = i
    o.v = i
print([(o.v, getattr(o, "extra", None)) for o in objs])
class Meta(type): pass
class WithMeta(metaclass=Meta):
    def m(self): return 1
w = WithMeta()
print(call_m(w))
WithMeta.m = lambda self: 2
print(call_m(w))
class Changing:
    def __getattr__(self, n): return "getattr " + n
c = Changing()
print(get_attr(c))
Changing.attr = "class attr now"
print(get_attr(c))
class Over:
    def __eq__(self, o): return True
print(Over() == 1)
Over.__eq__ = lambda self, o: False
print(Over() == 1)
class AddMe:
    pass
try:
    AddMe() + 1
except TypeError as e:
    print(e)
AddMe.__add__ = lambda self, o: "added"
print(AddMe() + 1)
AddMe.__bases__ if False else None
