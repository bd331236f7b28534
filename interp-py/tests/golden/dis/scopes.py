x = "global"

def outer():
    x = "outer"
    y = "y"
    class Inner:
        x = "class"
        z = x
        w = y
        def method(self):
            return x, y
    return Inner

def shadow():
    import sys
    del sys
    return locals()

class Top:
    def uses_class(self):
        return __class__, Top
