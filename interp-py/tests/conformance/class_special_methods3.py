class Temperature:
    def __init__(self, c): self.c = c
    def __repr__(self): return f"Temperature({self.c})"
    def __str__(self): return f"{self.c}°C"
    def __format__(self, spec):
        if spec.endswith("F"): return format(self.c * 9 / 5 + 32, spec[:-1] or "") + "°F"
        return format(self.c, spec) + "°C"
    def __int__(self): return int(self.c)
    def __float__(self): return float(self.c)
    def __index__(self): return int(self.c)
    def __round__(self, nd=None): return Temperature(round(self.c, nd))
    def __trunc__(self): return int(self.c)
    def __floor__(self): return int(self.c // 1)
    def __ceil__(self): return -int(-self.c // 1)
    def __complex__(self): return complex(self.c, 0)
    def __bytes__(self): return str(self.c).encode()
    def __hash__(self): return hash(self.c)
    def __eq__(self, o): return isinstance(o, Temperature) and o.c == self.c
    def __bool__(self): return self.c != 0
    def __neg__(self): return Temperature(-self.c)
    def __lt__(self, o): return self.c < o.c
import math
t = Temperature(21.456)
print(repr(t), str(t), f"{t}", f"{t:.1f}", f"{t:.0F}", format(t, "F"), int(t), float(t), round(t), round(t, 1), math.trunc(t), math.floor(t), math.ceil(t))
print(complex(t), bytes(t), bool(Temperature(0)), -t, hex(Temperature(255)), [10, 20, 30][Temperature(1.5)], sorted([Temperature(3), t]))
class Seq:
    def __init__(self, *items): self.items = list(items)
    def __len__(self): return len(self.items)
    def __getitem__(self, i):
        if isinstance(i, slice): return Seq(*self.items[i])
        return self.items[i]
    def __setitem__(self, i, v): self.items[i] = v
    def __delitem__(self, i): del self.items[i]
    def __contains__(self, v): return v in self.items
    def __iter__(self): return iter(self.items)
    def __reversed__(self): return reversed(self.items)
    def __add__(self, o): return Seq(*(self.items + list(o)))
    def __radd__(self, o): return Seq(*(list(o) + self.items))
    def __iadd__(self, o): self.items.extend(o); return self
    def __mul__(self, n): return Seq(*(self.items * n))
    def __eq__(self, o): return list(self) == list(o)
    def __repr__(self): return f"Seq{tuple(self.items)}"
s = Seq(1, 2, 3)
s[0] = 10; del s[1]; s += [4]
print(s, len(s), s[1:], s[::-1], 3 in s, list(reversed(s)), s + [5], [0] + s, s * 2, s == [10, 3, 4], sorted(s), max(s), sum(s))
class Attr:
    def __dir__(self): return ["zeta", "alpha", "mid"]
print(dir(Attr()))
class Sized:
    def __len__(self): return 5
    def __length_hint__(self): return 99
print(len(Sized()), bool(Sized()))
class Pw:
    def __pow__(self, e, mod=None): return ("pow", e, mod)
    def __rpow__(self, b): return ("rpow", b)
    def __ipow__(self, e): return ("ipow", e)
p = Pw(); print(p ** 2, pow(p, 2, 5), 2 ** p); p **= 3; print(p)
class Shift:
    def __lshift__(self, o): return f"<<{o}"
    def __rrshift__(self, o): return f"{o}>>"
    def __matmul__(self, o): return "@"
    def __rmatmul__(self, o): return "r@"
    def __imatmul__(self, o): return "i@"
sh = Shift(); print(sh << 1, 1 >> sh, sh @ 1, 1 @ sh); sh @= 2; print(sh)
class Inst:
    def __instancecheck__(self, obj): return obj == "magic"
    def __subclasscheck__(self, cls): return cls is int
print(isinstance("magic", Inst()), isinstance("other", Inst()), issubclass(int, Inst()), issubclass(str, Inst()))
class Meta(type):
    def __instancecheck__(cls, obj): return hasattr(obj, "quack")
class Duck(metaclass=Meta): pass
class Robot:
    quack = True
print(isinstance(Robot(), Duck), isinstance(5, Duck))
class Del:
    def __del__(self): pass
d = Del(); del d; print("del ok")
class Missing(dict):
    def __missing__(self, key):
        self[key] = len(key)
        return self[key]
m = Missing(); print(m["abc"], m["x"], m)
