import sys
def show(f):
    try:
        f()
    except Exception as e:
        sys.excepthook(type(e), e, e.__traceback__)
class Config:
    def __init__(self):
        self.timeout = 5
        self.retries = 3
def typo_attr():
    c = Config()
    return c.timeot
show(typo_attr)
def typo_name():
    counter = 1
    return countr + 1
show(typo_name)
def typo_global():
    return prnt("x")
show(typo_global)
def typo_module():
    import math
    return math.sqr(4)
show(typo_module)
def builtin_typo():
    return lenn([1])
show(builtin_typo)
