from __future__ import annotations

x: List[int] = []
y: Dict[str, Callable[..., Optional[int]]]

def f(a: int, b: "quoted", *args: Tuple[int, ...], c: a | b = 1, **kw: Any) -> Set[int]:
    return set()

class C:
    attr: ClassVar[int] = 1
    def m(self, other: C) -> C:
        return self
