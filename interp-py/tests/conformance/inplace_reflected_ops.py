class Num:
    def __init__(self, v): self.v = v
    def __repr__(self): return f"Num({self.v})"
    def __add__(self, o):
        print("add"); return Num(self.v + (o.v if isinstance(o, Num) else o)) if isinstance(o, (Num, int)) else NotImplemented
    def __radd__(self, o):
        print("radd"); return Num(o + self.v) if isinstance(o, int) else NotImplemented
    def __iadd__(self, o):
        print("iadd"); self.v += o.v if isinstance(o, Num) else o; return self
    def __sub__(self, o): print("sub"); return NotImplemented
    def __rsub__(self, o): print("rsub"); return Num(o - self.v)
class NoIadd:
    def __init__(self, v): self.v = v
    def __add__(self, o): print("NoIadd.add"); return NoIadd(self.v + o)
    def __repr__(self): return f"NoIadd({self.v})"
a = Num(1)
b = a; a += 5; print(a, b, a is b)
c = NoIadd(1); d = c; c += 2; print(c, d, c is d)
print(Num(2) + 3, 3 + Num(2), Num(1) + Num(1))
print(10 - Num(4))
try:
    Num(4) - 10
except TypeError as e:
    print("TypeError:", e)
try:
    "s" + Num(1)
except TypeError as e:
    print("TypeError:", e)
class Sub(Num):
    def __radd__(self, o): print("Sub.radd first"); return Num(999)
print(Num(1) + Sub(2))
l = [1]; l2 = l; l += [2]; print(l is l2, l)
t = (1,); t2 = t; t += (2,); print(t is t2, t, t2)
s = {1}; s2 = s; s |= {2}; print(s is s2, s)
st = "a"; st2 = st; st += "b"; print(st, st2)
x = 5; x += 1.5; print(x, type(x).__name__)
class Acc:
    def __init__(self): self.items = []
    def __iadd__(self, v): self.items.append(v); return self
    def __imul__(self, n): self.items *= n; return self
    def __ior__(self, o): self.items.extend(o); return self
    def __isub__(self, v): self.items.remove(v); return self
    def __ifloordiv__(self, v): return "replaced"
acc = Acc(); acc += 1; acc += 2; acc *= 2; acc |= [9]; acc -= 1; print(acc.items)
acc //= 3; print(acc)
class Holder: pass
h = Holder(); h.val = 10; h.val += 5; h.val *= 2; print(h.val)
dd = {"k": [1]}; dd["k"] += [2]; dd["k"] *= 2; print(dd)
m = [[0] * 2 for _ in range(2)]; m[1][0] += 7; m[0][1] -= 3; print(m)
