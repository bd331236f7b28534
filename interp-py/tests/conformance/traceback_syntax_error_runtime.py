src = "def f(x):\n    return x + 2 2\n"
try:
    compile(src, "<generated>", "exec")
except SyntaxError as e:
    print("SyntaxError:", e.msg, e.lineno, e.offset, repr(e.text), e.filename)
print("now raising at top level")
exec("x = (1, 2\ny = 3")
