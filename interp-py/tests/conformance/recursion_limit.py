import sys
def depth(n):
    try:
        return depth(n + 1)
    except RecursionError:
        return n
print(depth(0))
def f(n):
    return f(n + 1)
try:
    f(0)
except RecursionError as e:
    print("RecursionError:", e)
class R:
    def __repr__(self):
        return repr(self)
try:
    repr(R())
except RecursionError as e:
    print("repr recursion:", e)
l = []
l.append(l)
print(l, {1: l} if False else "ok")
d = {}
d["self"] = d
print(d)
sys.setrecursionlimit(100)
print(depth(0))
