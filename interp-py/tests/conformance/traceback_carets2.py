def f(data):
    return data["key"]["inner"] + len(data)
def g(x, y):
    return x.attr.other if y else (x + y) * 2
def h(items):
    total = 0
    for i in items:
        total += 1 / (i - i)
    return total
for fn, args in [(f, ({"key": {"inner": None}},)), (g, (1, 0)), (h, ([1],)), (g, (None, 1))]:
    try:
        fn(*args)
    except Exception as e:
        print(type(e).__name__, e)
import sys
def show():
    try:
        h([3])
    except ZeroDivisionError as e:
        tb = e.__traceback__
        lines = []
        while tb is not None:
            lines.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
            tb = tb.tb_next
        print(lines)
show()
x = {"a": [1, 2, {"b": None}]}
x["a"][2]["b"]["c"]
