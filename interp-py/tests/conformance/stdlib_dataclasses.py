# dataclasses: fields/defaults/factories, repr/eq/order/frozen/unsafe_hash, __post_init__,
# InitVar/ClassVar, inheritance, kw_only, slots, match_args, asdict/astuple/replace,
# make_dataclass, and the errors dataclasses raises.
import dataclasses
from dataclasses import dataclass, field, InitVar, KW_ONLY
from typing import ClassVar, List

@dataclass
class Item:
    name: str
    price: float = 0.0
    tags: List[str] = field(default_factory=list)
    count: ClassVar[int] = 0

i = Item("pen", 1.5)
print(i, i == Item("pen", 1.5), i == Item("pen"), Item.count, [f.name for f in dataclasses.fields(i)])
print(dataclasses.asdict(i), dataclasses.astuple(i), dataclasses.replace(i, price=2))
print(dataclasses.is_dataclass(i), dataclasses.is_dataclass(Item), dataclasses.is_dataclass(1))
print(Item.__match_args__, Item.__dataclass_params__.eq, Item.__init__.__doc__ is None)

@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0
print(sorted([Version(1, 2), Version(0, 9), Version(1)]), hash(Version(1)) == hash(Version(1)))
try:
    Version(1).major = 3
except dataclasses.FrozenInstanceError as e:
    print("FrozenInstanceError", e)

@dataclass
class Base:
    a: int
    b: str = "b"

@dataclass
class Child(Base):
    c: float = 1.0
    scale: InitVar[int] = 2
    def __post_init__(self, scale):
        self.c *= scale
print(Child(1), Child(1, "x", 2.0, 10), [f.name for f in dataclasses.fields(Child)])

@dataclass(kw_only=True)
class Opts:
    verbose: bool = False
    level: int = 1

@dataclass
class Mixed:
    x: int
    _: KW_ONLY
    y: int = 0
print(Opts(level=3), Mixed(1, y=2))
try:
    Opts(True)
except TypeError as e:
    print("TypeError", e)

@dataclass(slots=True)
class Slotted:
    x: int
    y: int = 5
s = Slotted(1)
print(s, Slotted.__slots__, hasattr(s, "__dict__"))

@dataclass(unsafe_hash=True)
class H:
    k: int
    v: list = field(default_factory=list, hash=False, compare=False)
print(hash(H(1)) == hash(H(1, [1])), H(1) == H(1, [2]))

@dataclass(repr=False, eq=False)
class Plain:
    q: int
print(type(repr(Plain(1))).__name__, Plain(1) == Plain(1))

P = dataclasses.make_dataclass("P", ["x", ("y", int, field(default=3))], namespace={"norm": lambda self: self.x + self.y})
print(P(1), P(1).norm(), P.__name__)

for make in (
    lambda: dataclass(type("A", (), {"__annotations__": {"x": int, "y": int}, "x": 1})),
    lambda: field(default=1, default_factory=list),
    lambda: dataclass(type("B", (), {"__annotations__": {"x": list}, "x": []})),
    lambda: dataclasses.asdict(1),
    lambda: dataclasses.replace(Version(1), nope=2),
):
    try:
        make()
        print("ok")
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

match Version(2, 1):
    case Version(2, minor):
        print("matched minor", minor)
