def matcher(command):
    match command:
        case 0 | 1 | 2:
            return "small"
        case -1:
            return "negative"
        case 1.5 | 2j | 1+2j:
            return "number"
        case "go" | b"go":
            return "go"
        case None:
            return "none"
        case True:
            return "true"
        case Color.RED:
            return "red"
        case [x]:
            return x
        case [x, y, *rest]:
            return rest
        case [first, *_, last]:
            return first, last
        case (a, b, c):
            return a
        case {"key": value, **others}:
            return value, others
        case {"a": 1, "b": b}:
            return b
        case {}:
            return "empty map"
        case Point(x=0, y=0):
            return "origin"
        case Point(px, py):
            return px, py
        case int(n) if n > 100:
            return "big"
        case str() as s:
            return s
        case [Point(x=1) | Point(y=1) as p, *_]:
            return p
        case _:
            return "other"

def no_default(x):
    match x:
        case [1, 2]:
            pass
        case other:
            return other
