def make_record(name, fields):
    fields = tuple(fields.split())
    def __new__(cls, *values):
        if len(values) != len(fields):
            raise TypeError(f"{name} expects {len(fields)} values, got {len(values)}")
        return tuple.__new__(cls, values)
    def __repr__(self):
        return f"{name}(" + ", ".join(f"{f}={v!r}" for f, v in zip(fields, self)) + ")"
    ns = {"__new__": __new__, "__repr__": __repr__, "_fields": fields, "__slots__": ()}
    for i, f in enumerate(fields):
        ns[f] = property(lambda self, i=i: self[i])
    ns["_replace"] = lambda self, **kw: type(self)(*[kw.get(f, v) for f, v in zip(fields, self)])
    ns["_asdict"] = lambda self: dict(zip(fields, self))
    return type(name, (tuple,), ns)
Point = make_record("Point", "x y")
p = Point(3, 4)
print(p, p.x, p.y, p[0], len(p), p == (3, 4), isinstance(p, tuple), hash(p) == hash((3, 4)), p._fields)
print(p._replace(y=10), p._asdict(), sorted([Point(2, 1), Point(1, 2)]), max(Point(0, 5), Point(1, 0)))
x, y = p; print(x + y, p + (5,), p * 2, p[::-1], type(p[:1]).__name__)
try:
    Point(1)
except TypeError as e:
    print("TypeError:", e)
try:
    p.x = 5
except AttributeError as e:
    print("AttributeError:", e)
t = (1, [2, 3], "s")
t[1].append(4); print(t, t.count(1), t.index("s"), len(t), t[1:], (1, 2) + (3,), tuple(range(3)), tuple(x for x in "ab"))
print((1, 2, 3) < (1, 2, 4), (1, 2) < (1, 2, 0), () < (0,), (2,) > (1, 99), max([(1, "b"), (1, "a")]), sorted([(2, 1), (1, 2), (1, 1)]))
print(tuple() is (), (1,) * 3, ((1, 2), (3, 4))[1][0], [a * b for a, b in ((1, 2), (3, 4))], dict(((1, "a"), (2, "b"))), (*range(2), *"xy"))
nested = ((1, (2, (3, (4,)))),)
depth = 0; cur = nested
while isinstance(cur, tuple) and cur:
    depth += 1; cur = cur[-1]
print(depth, cur)
