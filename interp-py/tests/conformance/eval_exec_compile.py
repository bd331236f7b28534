x = 10
print(eval("x + 1"), eval("x * y", {"x": 2, "y": 3}), eval("a", {}, {"a": 5}), eval("[i for i in range(3)]"), eval(" 1 + 2 "))
ns = {}
exec("def f(n):\n    return n * 2\nresult = f(21)", ns)
print(ns["result"], sorted(k for k in ns if k != "__builtins__"), "__builtins__" in ns)
code = compile("a + b", "<expr>", "eval")
print(type(code).__name__, code.co_filename, eval(code, {"a": 1, "b": 2}), code.co_name)
code2 = compile("for i in range(3):\n    out.append(i * i)", "<loop>", "exec")
out = []
exec(code2)
print(out)
single = compile("1 + 1", "<single>", "single")
exec(single)
def scope_test():
    local_var = 5
    l = locals()
    g = globals()
    return sorted(l), "scope_test" in g, eval("local_var * 2")
print(scope_test())
loc = {}
exec("z = 3\nw = z + 1", None, loc)
print(loc, "z" in globals())
exec("global_made = 'yes'")
print(global_made)
class Cfg:
    exec("made_in_class = 1")
print(Cfg.made_in_class)
for src, mode in [("1 +", "eval"), ("x = = 2", "exec"), ("def f(:\n  pass", "exec"), ("return 5", "exec"), ("yield 1", "exec"), ("break", "exec")]:
    try:
        compile(src, "<bad>", mode)
    except SyntaxError as e:
        print("SyntaxError:", e.msg, e.lineno, e.filename)
try:
    eval("undefined_name")
except NameError as e:
    print("NameError:", e)
try:
    eval("1/0")
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    exec("import", {})
except SyntaxError as e:
    print("SyntaxError:", e.msg)
print(eval("__name__"), eval("__name__", {"__name__": "custom"}), eval("len('abc')", {}), eval("abs(-1)", {"__builtins__": {"abs": abs}}))
print(vars()["x"], sorted(vars(Cfg).keys())[:2], dir(Cfg)[-1])
gen_code = compile("(i for i in range(3))", "<g>", "eval")
print(list(eval(gen_code)))
print(eval("lambda q: q + 1")(1), exec("pass"), eval(b"2 * 3"), eval("0x10 + 0o10 + 0b10"))
src = """
def outer():
    v = 'closure'
    def inner():
        return v
    return inner
"""
d = {}
exec(src, d)
print(d["outer"]()(), d["outer"].__module__ if "__name__" in d else d["outer"].__module__)
