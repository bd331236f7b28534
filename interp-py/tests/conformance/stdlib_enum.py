# enum: CPython's enum.py on tern (metaclass-heavy: EnumType.__new__, __prepare__,
# descriptors, __set_name__, _simple_enum's type(name, bases, ns, **kw)).
import enum
from enum import Enum, Flag, IntEnum, IntFlag, StrEnum, auto, unique

class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
print(Color.RED, repr(Color.GREEN), Color(3), Color['RED'], Color.RED.name, Color.RED.value)
print(list(Color), len(Color), Color.RED in Color, Color.RED is Color(1), Color.RED == 1)
print([c.name for c in Color], Color.__members__.keys(), isinstance(Color.RED, Color))
try:
    Color(7)
except ValueError as e:
    print('ValueError:', e)
try:
    Color['PINK']
except KeyError as e:
    print('KeyError:', e)

class Shape(Enum):
    SQUARE = 2
    DIAMOND = 1
    CIRCLE = 3
    ALIAS_FOR_SQUARE = 2
print(Shape.ALIAS_FOR_SQUARE, list(Shape), Shape(2).name)
try:
    @unique
    class Mistake(Enum):
        ONE = 1
        TWO = 2
        THREE = 2
except ValueError as e:
    print('ValueError:', e)

class Ordinal(Enum):
    FIRST = auto()
    SECOND = auto()
    THIRD = auto()
print([(o.name, o.value) for o in Ordinal])

class Prio(IntEnum):
    LOW = 1
    HIGH = 3
print(Prio.LOW < Prio.HIGH, Prio.HIGH + 1, sorted([Prio.HIGH, Prio.LOW]), int(Prio.HIGH), Prio(3))
print(f'{Prio.HIGH}', str(Prio.LOW), format(Prio.LOW, '>5'))

class Perm(Flag):
    R = 4
    W = 2
    X = 1
rw = Perm.R | Perm.W
print(rw, Perm.R in rw, Perm.X in rw, list(rw), bool(Perm(0)), ~Perm.R, rw & Perm.W)
class Mode(IntFlag):
    A = 1
    B = 2
print(Mode.A | Mode.B, (Mode.A | Mode.B) == 3, Mode(3), Mode.A | 8)

class Http(StrEnum):
    OK = 'ok'
    NOT_FOUND = auto()
print(Http.OK, Http.NOT_FOUND, Http.OK.upper(), Http('ok') is Http.OK, Http.OK == 'ok')

class Planet(Enum):
    MERCURY = (3.303e+23, 2.4397e6)
    EARTH = (5.976e+24, 6.37814e6)
    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius
    @property
    def surface_gravity(self):
        return 6.673e-11 * self.mass / (self.radius * self.radius)
print(round(Planet.EARTH.surface_gravity, 2), Planet.MERCURY.value)

class Weekday(Enum):
    MON = 1
    TUE = 2
    def is_start(self):
        return self is Weekday.MON
    @classmethod
    def first(cls):
        return cls.MON
print(Weekday.MON.is_start(), Weekday.first(), Weekday.TUE.is_start())
Animal = Enum('Animal', 'ANT BEE CAT')
print(list(Animal), Animal.BEE.value)
Dyn = Enum('Dyn', [('X', 10), ('Y', 20)])
print(Dyn.Y, Dyn(10))
print(hash(Color.RED) == hash(Color.RED), {Color.RED: 'r'}[Color.RED], Color.RED.__class__.__name__)
try:
    Color.RED = 5
except AttributeError as e:
    print('AttributeError:', e)
