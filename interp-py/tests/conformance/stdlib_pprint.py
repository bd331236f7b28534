# pprint: pformat/pprint of nested containers, width/indent/depth/compact/sort_dicts/
# underscore_numbers, long strings and bytes, recursion, dataclasses, saferepr/isreadable.
import pprint
import dataclasses
from collections import OrderedDict, defaultdict, Counter, deque, ChainMap
import types

data = {
    "numbers": list(range(30)),
    "nested": {"a": [1, {"b": (2, 3, [4, 5, {"c": "deep"}])}], "z": set(range(5))},
    "text": "The quick brown fox jumps over the lazy dog " * 3,
    "bytes": b"\x00\x01binary data that is long enough to wrap around the width" * 2,
    "tuple1": (1,), "empty": [[], {}, (), set(), frozenset()],
    "frozen": frozenset({3, 1, 2}), "big": 12345678901234567890, "float": 1.5e-7,
}
pprint.pprint(data)
print(pprint.pformat(data, width=40, indent=2, depth=2))
print(pprint.pformat(data["numbers"], compact=True, width=50))
print(pprint.pformat({"b": 1, "a": 2, "c": {"z": 0, "y": 1}}, sort_dicts=False))
print(pprint.pformat([10 ** 9, 123456789], underscore_numbers=True))
print(pprint.pformat(OrderedDict([("x", 1), ("y", [2] * 20)]), width=30))
d = defaultdict(list, {"k": list(range(15))})
print(pprint.pformat(d, width=30))
print(pprint.pformat(Counter("abracadabra"), width=30))
print(pprint.pformat(deque(range(20), maxlen=25), width=30))
print(pprint.pformat(ChainMap({"a": 1}, {"b": list(range(12))}), width=30))
print(pprint.pformat(types.SimpleNamespace(alpha=list(range(10)), beta="b" * 30), width=30))
print(pprint.pformat(types.MappingProxyType({"m": list(range(12))}), width=30))

@dataclasses.dataclass
class Point:
    x: int
    y: list = dataclasses.field(default_factory=lambda: list(range(12)))
    hidden: int = dataclasses.field(default=0, repr=False)
print(pprint.pformat([Point(1), Point(2, [])], width=30))

rec = [1, 2]
rec.append(rec)
d2 = {"self": None}
d2["self"] = d2
import re
hide = lambda t: re.sub(r"id=\d+", "id=N", t)
print(hide(pprint.pformat(rec)), hide(pprint.pformat(d2)))
print(hide(pprint.saferepr(rec)), pprint.isreadable(rec), pprint.isrecursive(rec))
print(pprint.isreadable({"a": 1}), pprint.isreadable(object()))
pp = pprint.PrettyPrinter(width=20, depth=1)
pp.pprint([[1, 2], {"a": [3]}, "x"])
print(pp.pformat("a long string that will be broken into several pieces here"))
pprint.pp({"z": 1, "a": 2})
try:
    pprint.PrettyPrinter(width=0)
except ValueError as e:
    print("ValueError", e)
