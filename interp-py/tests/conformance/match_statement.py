def describe(x):
    match x:
        case 0:
            return "zero"
        case int(n) if n < 0:
            return f"negative {n}"
        case int() | float() as num:
            return f"number {num}"
        case "hello" | "hi":
            return "greeting"
        case str(s):
            return f"string {s!r}"
        case [] :
            return "empty list"
        case [x]:
            return f"one item {x}"
        case [1, 2, *rest]:
            return f"starts 1,2 rest={rest}"
        case (a, b):
            return f"pair {a},{b}"
        case {"type": "point", "x": px, "y": py}:
            return f"point {px},{py}"
        case {"type": t, **others}:
            return f"type {t} others={others}"
        case None:
            return "none"
        case _:
            return "other"
for v in [0, -5, 7, 2.5, "hi", "text", [], [9], [1, 2, 3, 4], (3, 4), {"type": "point", "x": 1, "y": 2}, {"type": "circle", "r": 3}, None, {1, 2}]:
    print(describe(v))
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y): self.x, self.y = x, y
def where(p):
    match p:
        case Point(0, 0): return "origin"
        case Point(x=0, y=y): return f"on y axis at {y}"
        case Point(x, 0): return f"on x axis at {x}"
        case Point(x, y) if x == y: return "diagonal"
        case Point(): return "somewhere"
for p in [Point(0, 0), Point(0, 5), Point(3, 0), Point(2, 2), Point(1, 7)]:
    print(where(p))
import math
def const(v):
    match v:
        case math.pi: return "pi"
        case True: return "true"
        case [*_, "end"]: return "ends with end"
        case {"k": [_, {"deep": d}]}: return f"deep {d}"
    return "no match"
print(const(math.pi), const(True), const(1), const(["a", "end"]), const({"k": [0, {"deep": 42}]}))
match (1, 2, 3):
    case (first, *middle):
        print(first, middle)
cmd = "go north"
match cmd.split():
    case ["go", direction]: print("going", direction)
    case ["quit"]: print("quit")
