class A:
    def f(self):
        return [y := x for x in range(3)]
