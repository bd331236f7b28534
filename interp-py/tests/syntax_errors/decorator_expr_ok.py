@x[0].y(1)
def f():
    pass
