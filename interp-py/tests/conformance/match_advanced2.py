from_json = [
    {"action": "move", "dx": 1, "dy": -2},
    {"action": "say", "text": "hello"},
    {"action": "say", "text": ""},
    {"action": "batch", "items": [{"action": "say", "text": "a"}, {"action": "stop"}]},
    {"action": "stop"},
    {"action": "unknown", "x": 1},
    ["not", "a", "dict"],
    42,
]
def handle(msg, depth=0):
    pad = "  " * depth
    match msg:
        case {"action": "move", "dx": int(dx), "dy": int(dy)} if dx or dy:
            return pad + f"move by ({dx}, {dy})"
        case {"action": "say", "text": str(t)} if t:
            return pad + f"say {t!r}"
        case {"action": "say"}:
            return pad + "say nothing"
        case {"action": "batch", "items": [*items]}:
            return "\n".join([pad + f"batch of {len(items)}"] + [handle(i, depth + 1) for i in items])
        case {"action": "stop", **rest} if not rest:
            return pad + "stop"
        case {"action": action, **rest}:
            return pad + f"unknown action {action} with {rest}"
        case [first, *others]:
            return pad + f"list starting {first!r} (+{len(others)})"
        case int(n) | float(n):
            return pad + f"number {n}"
for m in from_json:
    print(handle(m))
class Color:
    RED, GREEN = "red", "green"
def color_of(c):
    match c:
        case Color.RED: return "is red"
        case Color.GREEN: return "is green"
        case _: return "other"
print(color_of("red"), color_of("green"), color_of("blue"))
def types(v):
    match v:
        case bool(): return "bool"
        case int(): return "int"
        case str() | bytes(): return "text"
        case list() | tuple(): return "seq"
        case dict(): return "map"
        case None: return "none"
        case _: return type(v).__name__
print([types(v) for v in [True, 1, "s", b"b", [1], (1,), {}, None, 1.5]])
def nested(v):
    match v:
        case (("a" | "b") as letter, [int(n), *_]) if n > 0:
            return f"{letter}{n}"
        case (_, []):
            return "empty"
        case _:
            return "no"
print(nested(("a", [3, 4])), nested(("b", [0])), nested(("c", [1])), nested(("x", [])), nested("ab"))
point = (3, 4)
match point:
    case (0, 0): print("origin")
    case (x, 0) | (0, x): print("axis", x)
    case (x, y) if x == y: print("diagonal")
    case (x, y): print("general", x, y)
match {"a": 1, "b": 2, "c": 3}:
    case {"a": 1, "b": b, **others}:
        print(b, others)
match [1, [2, [3, [4]]]]:
    case [a, [b, [c, [d]]]]:
        print(a + b + c + d)
