counter = 0
def bump():
    global counter
    counter += 1
for _ in range(3):
    bump()
print(counter)
def make():
    total = 0
    def add(v):
        nonlocal total
        total += v
        return total
    return add
a = make(); a(1); print(a(10))
x = 1
del x
try:
    print(x)
except NameError as e:
    print(e)
lst = [1, 2, 3, 4]
del lst[1]; del lst[-1:]; print(lst)
d = {"a": 1, "b": 2}
del d["a"]; print(d)
class O: pass
o = O(); o.v = 1; del o.v; print(hasattr(o, "v"))
def scope_test():
    def do_local():
        spam = "local spam"
    def do_nonlocal():
        nonlocal spam
        spam = "nonlocal spam"
    def do_global():
        global spam
        spam = "global spam"
    spam = "test spam"
    do_local(); print("After local assignment:", spam)
    do_nonlocal(); print("After nonlocal assignment:", spam)
    do_global(); print("After global assignment:", spam)
scope_test()
print("In global scope:", spam)
def unbound_del():
    v = 1
    del v
    try:
        return v
    except UnboundLocalError as e:
        return str(e)
print(unbound_del())
a, b = 1, 2
a, b = b, a
print(a, b)
i = 10
for i in range(3):
    pass
print(i)
try:
    del undefined_global_q
except NameError as e:
    print(e)
