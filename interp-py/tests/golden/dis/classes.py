class Plain:
    pass

class Derived(Base, metaclass=Meta, flag=True):
    """Docstring."""
    attr = 1
    __private = 2

    def method(self):
        return self.__private + super().method()

    @staticmethod
    def static():
        return __class__

    @property
    def prop(self):
        return self._x

    class Nested:
        def deep(self):
            return 1

@decorate
class Decorated(*bases, **kw):
    x: int = 0
    y = [x for x in range(3)]

def factory(value):
    class Local:
        v = value
        def get(self):
            return value
    return Local
