def f():
    [i for i in range(3) for i in (j := [1])]
