class Box:
    def __init__(self, items): self.items = list(items)
    def __len__(self): return len(self.items)
    def __getitem__(self, i):
        if isinstance(i, slice):
            return Box(self.items[i])
        return self.items[i]
    def __setitem__(self, i, v): self.items[i] = v
    def __delitem__(self, i): del self.items[i]
    def __contains__(self, v): return v in self.items
    def __iter__(self): return iter(self.items)
    def __reversed__(self): return iter(self.items[::-1])
    def __repr__(self): return f"Box({self.items})"
    def __bool__(self): return bool(self.items)
    def __eq__(self, o): return isinstance(o, Box) and o.items == self.items
    def __hash__(self): return hash(tuple(self.items))
    def __add__(self, o): return Box(self.items + o.items)
    def __iadd__(self, o): self.items += o.items; return self
    def __mul__(self, n): return Box(self.items * n)
    def __lt__(self, o): return len(self) < len(o)
b = Box([1, 2, 3])
print(len(b), b[0], b[1:], b[::-1], 2 in b, 9 in b, list(b), list(reversed(b)), bool(b), bool(Box([])))
b[0] = 10; del b[1]; print(b, b == Box([10, 3]), {b: 1}[Box([10, 3])], b + Box([0]), b * 2, sorted([Box([1, 2]), Box([1])]))
b += Box([7]); print(b)
class OnlyLen:
    def __len__(self): return 0
class OnlyIter:
    def __iter__(self): return iter([1, 2])
print(bool(OnlyLen()), 2 in OnlyIter(), 3 in OnlyIter(), list(OnlyIter()))
class Idx:
    def __init__(self, v): self.v = v
    def __index__(self): return self.v
print([0, 1, 2, 3][Idx(2)], "abcd"[Idx(1):Idx(3)], range(Idx(3)), bin(Idx(5)), (10).to_bytes(Idx(2), "big"))
class Callable:
    def __call__(self, x, y=1): return x * y
c = Callable(); print(c(3), c(3, y=4), callable(c))
class Num:
    def __init__(self, v): self.v = v
    def __int__(self): return int(self.v)
    def __float__(self): return float(self.v)
    def __complex__(self): return complex(self.v, 1)
    def __round__(self, n=None): return "rounded"
    def __trunc__(self): return 42
    def __floor__(self): return 1
    def __ceil__(self): return 2
    def __abs__(self): return "abs"
import math
n = Num(2.7)
print(int(n), float(n), complex(n), round(n), round(n, 1), math.trunc(n), math.floor(n), math.ceil(n), abs(n))
class Attr:
    def __dir__(self): return ["z", "a"]
print(dir(Attr()))
class Fmt:
    def __repr__(self): return "R"
    def __str__(self): return "S"
print(Fmt(), [Fmt()], str(Fmt()), repr(Fmt()), f"{Fmt()!r}", "%s %r" % (Fmt(), Fmt()))
class NoStr:
    def __repr__(self): return "only repr"
print(NoStr(), str(NoStr()))
class Ctx:
    def __enter__(self): return self
    def __exit__(self, *exc): print("exit got", exc[0] is None); return False
with Ctx() as cx: print(type(cx).__name__)
class Desc:
    def __get__(self, obj, typ): return ("get", obj is None, typ.__name__)
class HasDesc:
    d = Desc()
print(HasDesc.d, HasDesc().d)
class Lenny:
    def __len__(self): return -1
try:
    len(Lenny())
except ValueError as e:
    print(e)
class BadBool:
    def __bool__(self): return 1
try:
    bool(BadBool())
except TypeError as e:
    print(e)
