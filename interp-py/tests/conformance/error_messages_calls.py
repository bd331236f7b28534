def f(a, b, c=3, *, d, e=5): pass
def g(x, /, y): pass
def h(*args, **kwargs): pass
def k(a): pass
class C:
    def m(self, x): pass
    @staticmethod
    def s(): pass
    @classmethod
    def c(cls, y): pass
tests = [
    lambda: f(), lambda: f(1), lambda: f(1, 2), lambda: f(1, 2, 3, 4), lambda: f(1, 2, d=1, z=2), lambda: f(1, 2, d=1, a=3),
    lambda: g(x=1, y=2), lambda: g(1), lambda: g(1, 2, 3), lambda: k(), lambda: k(1, 2), lambda: k(b=1),
    lambda: C().m(), lambda: C().m(1, 2), lambda: C.m(1), lambda: C.s(1), lambda: C.c(), lambda: C(1),
    lambda: len(), lambda: len(1, 2), lambda: len(5), lambda: abs("x"), lambda: int("5", base="x"), lambda: sorted(1),
    lambda: max(), lambda: max([]), lambda: min(1), lambda: sum(["a"]), lambda: sum([1], "s"), lambda: divmod(1),
    lambda: isinstance(1, 2), lambda: issubclass(1, int), lambda: getattr(1), lambda: setattr(1, "x", 2), lambda: hash([]),
    lambda: iter(5), lambda: next([1]), lambda: reversed(5), lambda: enumerate(1), lambda: zip(1), lambda: map(len),
    lambda: range(1.5), lambda: range(1, 2, 0), lambda: chr("a"), lambda: ord(5), lambda: round("x"), lambda: pow(1),
    lambda: "x" * "y", lambda: [1] * 1.5, lambda: 1 + "1", lambda: "1" + 1, lambda: [] + {}, lambda: {} | [],
    lambda: -"x", lambda: ~1.5, lambda: 1 < "x", lambda: None + 1, lambda: [1, 2][""], lambda: {}[[]],
    lambda: (1)(2), lambda: "abc"(), lambda: f(*5), lambda: f(**[1]), lambda: h(**{1: 2}), lambda: k(1, **{"a": 2}),
    lambda: object().x, lambda: object.x, lambda: int.nope, lambda: setattr(object(), "x", 1), lambda: delattr(C(), "zz"),
    lambda: type("X", (1,), {}), lambda: type(), lambda: super(), lambda: list(1), lambda: tuple(None), lambda: dict([[1]]),
    lambda: set([[]]), lambda: frozenset(5), lambda: format(1, "q"), lambda: "{}{}".format(1), lambda: "{a}".format(),
    lambda: "{0!z}".format(1), lambda: f"{1:q}", lambda: str(b"x", "nope"), lambda: bytes(-1), lambda: [].sort(key=1),
    lambda: open(), lambda: print(sep=1), lambda: input(1, 2), lambda: vars(1), lambda: dir(1, 2), lambda: id(),
    lambda: int(None), lambda: float([]), lambda: complex({}), lambda: bool(1, 2), lambda: str(1, 2, 3, 4),
    lambda: slice(), lambda: callable(), lambda: globals(1), lambda: exec(5), lambda: eval(5), lambda: compile("x", "f", "q"),
]
for i, t in enumerate(tests):
    try:
        t()
        print(i, "no error")
    except Exception as e:
        print(i, type(e).__name__ + ":", e)
