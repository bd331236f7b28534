def f():
    x = 1
    class A:
        def g(self):
            nonlocal x
