def counter():
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    def get():
        return count
    return inc, get
inc, get = counter()
inc(); inc(5)
print(get())
def outer():
    x = "outer"
    def middle():
        def inner():
            return x
        return inner
    return middle()()
print(outer())
funcs = []
for i in range(3):
    funcs.append(lambda: i)
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])
x = "global"
def shadow():
    x = "local"
    return [x for _ in range(1)]
print(shadow(), x)
class Scope:
    val = 10
    doubled = [v * 2 for v in range(3)]
    def method(self):
        return self.val
print(Scope.doubled, Scope().method())
def gen_closure():
    total = 0
    def add(n):
        nonlocal total
        total += n
    for i in range(5):
        add(i)
    return total
print(gen_closure())
def make_class():
    secret = 42
    class Inner:
        def reveal(self):
            return secret
    return Inner
print(make_class()().reveal())
def uses_class_var():
    class K:
        attr = 1
        def m(self):
            return __class__.__name__
    return K().m()
print(uses_class_var())
try:
    def bad():
        print(undefined_name_xyz)
    bad()
except NameError as e:
    print(e)
try:
    def unbound():
        print(local_var)
        local_var = 1
    unbound()
except UnboundLocalError as e:
    print(e)
def deep(n):
    def rec(k):
        return k if k == 0 else rec(k - 1) + 1
    return rec(n)
print(deep(50))
print(globals()["x"], "inc" in globals(), sorted(k for k in locals() if k.startswith("sh")))
def show_locals(a, b=2):
    c = a + b
    return sorted(locals().items())
print(show_locals(1))
