def show(f):
    try:
        f()
    except Exception as e:
        import sys
        sys.excepthook(type(e), e, e.__traceback__)
data = {"a": [1, 2]}
show(lambda: data["a"][5])
show(lambda: data["b"])
def attr():
    x = None
    return x.missing
show(attr)
def binop():
    a = 1
    b = "s"
    return a + b
show(binop)
def call_chain():
    return int("x") + 1
show(call_chain)
def nested_call():
    return len(5)
show(nested_call)
def multi_line():
    return (1 +
            "2")
show(multi_line)
def div():
    values = [1, 0]
    return values[0] / values[1]
show(div)
def subscript_call():
    return {"k": lambda: 1 / 0}["k"]()
show(subscript_call)
def whole_line():
    raise ValueError("whole line")
show(whole_line)
