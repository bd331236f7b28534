# json: dumps/loads round trips, formatting options, the decoder and encoder (through
# _json's scanner and encoder), errors with positions, hooks, custom encoders.
import json
from collections import OrderedDict

doc = {
    "name": "tern", "version": [0, 1, 2], "ratio": 0.1, "big": 10 ** 30, "neg": -5e-324,
    "flags": {"a": True, "b": False, "c": None}, "text": "line\nquote\" tab\t é 𝄞 \u2028",
    "empty": {}, "list": [], "nested": [[1, [2, [3, {"x": []}]]]], "ctl": "\x00\x1f\x7f",
}
s = json.dumps(doc)
print(s)
print(json.loads(s) == doc)
print(json.dumps(doc, sort_keys=True, indent=2))
print(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
print(json.dumps([1, 2, {"a": [3, {}]}], indent="\t"))
print(json.dumps({"b": 1, "a": 2}, sort_keys=True, indent=0))
print(json.dumps({1: "int", 2.5: "float", True: "t", None: "n"}))
print(json.dumps([float("inf"), float("-inf"), float("nan")]))
print(json.dumps("\ud800"), json.dumps(3.0), json.dumps(1e100), json.dumps(-0.0))
print(json.dumps((1, 2)), json.dumps(OrderedDict([("z", 1), ("a", 2)])))

print("--- loads")
print(json.loads('[1, 2.5, -3e2, "a\\u00e9\\ud834\\udd1e", true, false, null, {"k": []}]'))
print(json.loads('  {"a" : 1 , "b":[ ] }  '), json.loads('"\\/\\b\\f\\n\\r\\t"'))
print(json.loads("NaN"), json.loads("-Infinity"), json.loads("1E400"), json.loads("-0"))
print(json.loads('{"a": 1, "a": 2}'), json.loads(b'[1]'), json.loads(bytearray(b'"x"')))
print(json.loads('{"x": 1.5}', parse_float=str, parse_int=lambda s: int(s) * 10))
print(json.loads('[1, {"a": 2}]', object_hook=lambda d: sorted(d.items())))
print(json.loads('{"a": 1, "b": 2}', object_pairs_hook=lambda p: p[::-1]))
print(json.loads("[NaN]", parse_constant=lambda c: "const:" + c))
print(json.loads('"\\ud800"') == "\ud800", json.loads('"\u00e9"'))
print(json.loads("123456789012345678901234567890"))

print("--- errors")
for bad in ('', '[', '[1,]', '{"a" 1}', '{"a": 1,}', '{1: 2}', '"abc', '"\\x"', "[1] x",
            "nul", '"\\u12"', '[1 2]', "\n\n  ]", '{"a": "\x01"}', "01", "-", "[-]", "1.", "tru"):
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print(repr(bad), "->", e, "|", e.msg, e.pos, e.lineno, e.colno)
try:
    json.loads('"\x01"', strict=True)
except ValueError as e:
    print("ValueError", e)
print(json.loads('"\x01"', strict=False) == "\x01")
for obj in ({(1, 2): 3}, object(), {"a": {1, 2}}, b"x"):
    try:
        json.dumps(obj)
    except TypeError as e:
        print("TypeError", e)
try:
    json.dumps([float("nan")], allow_nan=False)
except ValueError as e:
    print("ValueError", e)
a = []
a.append(a)
try:
    json.dumps(a)
except ValueError as e:
    print("ValueError", e)
print(json.dumps({(1, 2): 3, "k": 1}, skipkeys=True))

print("--- custom encoders/decoders")
class Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, set):
            return sorted(o)
        if isinstance(o, complex):
            return {"re": o.real, "im": o.imag}
        return super().default(o)
print(json.dumps({"s": {3, 1, 2}, "c": 1 + 2j}, cls=Enc, sort_keys=True))
print(list(Enc(indent=1).iterencode([1, {"a": 2}])))
dec = json.JSONDecoder()
print(dec.raw_decode('{"a": 1} trailing'), dec.raw_decode('  [2]', 2))
print(json.dumps("é", ensure_ascii=True), json.dumps(["x"] * 3, separators=(";", "=")))
import io
buf = io.StringIO()
json.dump({"k": [1, 2]}, buf, indent=1)
print(buf.getvalue())
print(json.load(io.StringIO('{"v": [true]}')))
