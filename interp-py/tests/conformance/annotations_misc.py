x: int = 5
y: "str"
z: list[int] = [1]
print(__annotations__, x, z)
class Point:
    x: float
    y: float = 0.0
    label: "str" = "p"
    def move(self, dx: float, dy: float = 0) -> "Point": return self
print(Point.__annotations__, Point.y, Point.move.__annotations__, hasattr(Point, "x"))
def f(a: int, *args: str, b: bool = True, **kw: dict) -> None: pass
print(f.__annotations__)
def g(): v: int = 3; return v
print(g(), g.__annotations__)
class Empty: pass
print(getattr(Empty, "__annotations__", "none"))
try:
    print(y)
except NameError as e:
    print("NameError:", e)
class Nested:
    class Inner:
        value: int = 1
    attr: Inner
print(Nested.__annotations__["attr"] is Nested.Inner, Nested.Inner.__annotations__)
def ann_eval_order():
    out = []
    def side(v):
        out.append(v)
        return v
    class C:
        a: side("ann-a") = side("val-a")
        b: side("ann-b")
    return out, C.__annotations__
print(ann_eval_order())
lst = [0, 0]
lst[0]: int = 10
print(lst, __annotations__.keys() == {"x", "y", "z"})
