def level3(x):
    return x["key"] + 1
def level2(x):
    return level3(x)
def level1():
    data = {"key": "text"}
    return level2(data)
level1()
