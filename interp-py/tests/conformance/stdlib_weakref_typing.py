# weakref (ref, proxy, WeakValueDictionary, WeakKeyDictionary, WeakSet, finalize API) and
# typing (generics, aliases, get_type_hints, Protocol, TypedDict, NamedTuple, overload,
# cast, NewType, Literal, Union/Optional repr).
import gc
import typing
import weakref
from typing import (Any, Callable, ClassVar, Dict, Final, Generic, List, Literal, NamedTuple,
                    NewType, Optional, Protocol, Tuple, TypedDict, TypeVar, Union)


class Obj:
    def __init__(self, name):
        self.name = name

    def method(self):
        return "method of " + self.name

    def __repr__(self):
        return "Obj(%r)" % self.name


a = Obj("a")
r = weakref.ref(a)
print(r() is a, r().name, weakref.getweakrefcount.__name__, type(r).__name__)
p = weakref.proxy(a)
print(p.name, p.method(), type(p).__name__ in ("weakproxy", "ProxyType"))
wm = weakref.WeakMethod(a.method)
print(wm()(), isinstance(wm, weakref.ref))
d = weakref.WeakValueDictionary()
keep = [Obj("k%d" % i) for i in range(3)]
for o in keep:
    d[o.name] = o
print(sorted(d.keys()), len(d), d.get("k1"), "k0" in d)
wk = weakref.WeakKeyDictionary()
for o in keep:
    wk[o] = o.name.upper()
print(sorted(wk.values()), wk[keep[2]], len(wk))
ws = weakref.WeakSet(keep)
print(len(ws), keep[0] in ws, sorted(o.name for o in ws))
print(r == weakref.ref(a), hash(r) == hash(weakref.ref(a)))
try:
    weakref.ref(3)
except TypeError as e:
    print("TypeError", e)
print(callable(weakref.finalize), weakref.ReferenceType is weakref.ref)

T = TypeVar("T")
K = TypeVar("K", bound=str)
UserId = NewType("UserId", int)
print(T, K.__bound__, UserId(5), UserId.__name__, typing.cast(int, "x"))
print(Optional[int], Union[int, str], Union[int, None] == Optional[int], List[int], Dict[str, List[int]])
print(Tuple[int, ...], Callable[[int, str], bool], Literal["a", 1], typing.get_origin(List[int]), typing.get_args(Dict[str, int]))
print(list[int], dict[str, int] == typing.Dict[str, int], int | str, typing.get_args(int | None))


class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item

    def get(self) -> T:
        return self.item


print(Box[int], Box[int](3).get(), Box.__parameters__, typing.get_origin(Box[str]) is Box)


class Point(NamedTuple):
    x: int
    y: int = 0


pt = Point(1)
print(pt, pt._fields, pt._replace(y=5), Point._field_defaults, pt._asdict())


class Movie(TypedDict, total=False):
    title: str
    year: int


m: Movie = {"title": "X"}
print(m, Movie.__total__, sorted(Movie.__annotations__), sorted(Movie.__optional_keys__))


class Greeter(Protocol):
    def greet(self) -> str: ...


@typing.runtime_checkable
class Closer(Protocol):
    def close(self) -> None: ...


class File:
    def close(self):
        pass


print(isinstance(File(), Closer), isinstance(3, Closer))


class Config:
    name: str
    retries: ClassVar[int] = 3
    limit: Final = 10
    items: "List[int]"

    def method(self, a: int, b: Optional[str] = None) -> bool:
        return True


print(typing.get_type_hints(Config))
print(typing.get_type_hints(Config.method))


@typing.overload
def f(x: int) -> int: ...
@typing.overload
def f(x: str) -> str: ...
def f(x):
    return x


print(f(2), f("s"), typing.TYPE_CHECKING, Any, typing.NoReturn)


@typing.final
class Leaf:
    pass


print(Leaf.__name__, typing.Annotated[int, "meta"], typing.get_args(typing.Annotated[int, "meta"]))
S = TypeVar("S", int, str)
print(S.__constraints__, typing.Sequence[int], typing.Iterable, typing.Mapping[str, int])
try:
    Union[()]
except TypeError as e:
    print("TypeError", e)
