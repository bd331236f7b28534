x = 1
def read(): return x
def write():
    global x
    x = 2
def shadow():
    x = 3
    return x
print(read(), shadow(), x); write(); print(read(), x)
def make():
    global made_later
    made_later = "created"
make(); print(made_later)
del made_later
try:
    print(made_later)
except NameError as e:
    print("NameError:", e)
y = [1, 2, 3]
del y[0]; print(y)
z = {"a": 1, "b": 2}
del z["a"]; print(z)
class C:
    attr = 1
c = C(); c.inst = 2
del c.inst; del C.attr
print(hasattr(c, "inst"), hasattr(C, "attr"))
a = b = 5
del a
print(b, "a" in globals(), "b" in globals())
try:
    del undefined_thing
except NameError as e:
    print("NameError:", e)
def del_local():
    v = 1
    del v
    v = 2
    return v
print(del_local())
lst = [1, 2, 3, 4]
del lst[1:3], lst[0]
print(lst)
def nested_scopes():
    level = "outer"
    def middle():
        level2 = level + "-middle"
        def inner():
            return level2 + "-inner", level
        return inner()
    return middle()
print(nested_scopes())
class Scope:
    name = "class"
    def get(self): return name
name = "module"
print(Scope().get())
def builtin_shadow():
    len = lambda s: 42
    return len("abc")
print(builtin_shadow(), len("abc"))
import builtins
builtins.my_custom_builtin = "from builtins"
print(my_custom_builtin)
del builtins.my_custom_builtin
try:
    my_custom_builtin
except NameError as e:
    print("NameError:", e)
print(sorted(k for k in globals() if not k.startswith("__"))[:8])
exec_ns = {"seed": 1}
exec("def f(): return seed * 10", exec_ns)
print(exec_ns["f"](), exec_ns["f"].__globals__ is exec_ns)
