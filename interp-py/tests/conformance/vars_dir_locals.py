def f(a, b=2):
    c = a + b
    loc = locals()
    return sorted(loc.items())
print(f(1))
def g():
    x = 1
    l1 = locals()
    y = 2
    l2 = locals()
    return sorted(l1), sorted(l2)
print(g())
class K:
    cls_attr = 1
    def method(self): pass
    print(sorted(k for k in locals() if not k.startswith("__")))
k = K(); k.inst = 5
print(vars(k), sorted(k2 for k2 in vars(K) if not k2.startswith("__")), "inst" in dir(k), "method" in dir(k), "cls_attr" in dir(K))
print(sorted(n for n in dir(int) if not n.startswith("_"))[:6], "append" in dir(list), "keys" in dir({}), len(dir(object)) > 10)
import sys
print("argv" in dir(sys), sorted(vars(sys).keys()) == sorted(sys.__dict__.keys()), type(vars(sys)).__name__)
def closure_locals():
    outer_v = 10
    def inner():
        inner_v = outer_v + 1
        return sorted(locals().items())
    return inner()
print(closure_locals())
x_global = 5
print("x_global" in globals(), globals()["x_global"], globals() is vars(), "x_global" in vars(), "f" in dir())
class Dyn:
    def __dir__(self): return ["b", "a", "c"]
print(dir(Dyn()), sorted(dir(Dyn)) == sorted(set(dir(Dyn))))
try:
    vars(5)
except TypeError as e:
    print("TypeError:", e)
def modify_locals():
    v = 1
    locals()["v"] = 99
    return v
print(modify_locals())
ns = {}
exec("a = 1\nb = a + 1", ns)
print(sorted(k for k in ns if k != "__builtins__"), ns["b"])
print(sorted(vars().keys())[:4])
