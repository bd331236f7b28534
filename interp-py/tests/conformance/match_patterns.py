class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y): self.x, self.y = x, y
class Circle:
    __match_args__ = ("center", "r")
    def __init__(self, c, r): self.center, self.r = c, r
def describe(v):
    match v:
        case None:
            return "none"
        case True | False as b:
            return f"bool {b}"
        case 0:
            return "zero"
        case int(n) if n < 0:
            return f"negative {n}"
        case int() | float() as num:
            return f"number {num}"
        case "quit" | "exit":
            return "command"
        case str(s) if len(s) > 5:
            return f"long str {s[:5]}"
        case str():
            return "short str"
        case []:
            return "empty list"
        case [x]:
            return f"singleton {x}"
        case [1, 2, *rest]:
            return f"starts 1,2 rest={rest}"
        case [first, *_, last]:
            return f"first={first} last={last}"
        case (a, b) if False:
            return "never"
        case {"type": "user", "name": str(name), **others}:
            return f"user {name} extra={others}"
        case {"type": t}:
            return f"typed {t}"
        case Point(x=0, y=0):
            return "origin"
        case Point(0, y):
            return f"on y axis at {y}"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Circle(Point(x, y), r=r):
            return f"circle at {x},{y} r={r}"
        case {**kw} if not kw:
            return "empty dict"
        case _:
            return f"other {type(v).__name__}"
tests = [None, True, 0, -5, 7, 2.5, "quit", "abcdefgh", "ab", [], [9], [1, 2, 3, 4], [5, 6, 7], (1, 2, 3),
         {"type": "user", "name": "bo", "age": 3}, {"type": "x"}, Point(0, 0), Point(0, 3), Point(2, 2), Point(1, 2),
         Circle(Point(1, 1), 5), {}, {"k": 1}, set(), b"bytes", "x" * 3]
for t in tests:
    print(repr(t) if not isinstance(t, (Point, Circle)) else type(t).__name__, "->", describe(t))
def cmd(c):
    match c.split():
        case ["go", ("north" | "south") as d]:
            return "go " + d
        case ["take", *items] if items:
            return "take " + ",".join(items)
        case [verb, *_]:
            return "unknown " + verb
        case _:
            return "empty"
print([cmd(c) for c in ["go north", "go west", "take a b", "take", ""]])
import math
def consts(v):
    match v:
        case math.pi:
            return "pi"
        case -1:
            return "minus one"
        case 1 + 2j:
            return "complex"
        case _:
            return "?"
print(consts(math.pi), consts(-1), consts(1 + 2j), consts(3))
match {"a": 1, "b": 2}:
    case {"a": 1, **rest}:
        print("rest", rest)
match "abc":
    case [*chars]:
        print("str is sequence?", chars)
    case _:
        print("str is not a sequence pattern")
match (1, [2, (3, 4)]):
    case (a, [b, (c, d)]):
        print(a + b + c + d)
class NoArgs:
    pass
try:
    match NoArgs():
        case NoArgs(1):
            pass
except TypeError as e:
    print("TypeError:", e)
x = 5
match 5:
    case y:
        print("capture binds", y)
print(y)
