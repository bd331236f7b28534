# json decoding through the scanner `json.loads` uses (CPython: _json.c_make_scanner;
# tern: the native `_json.make_scanner`): valid documents, hooks, numbers, strings with
# escapes, malformed documents with their messages and positions, the scanner called
# directly (StopIteration positions), and deep nesting (RecursionError).
import json
import json.decoder
import json.scanner
import sys
from collections import OrderedDict
from decimal import Decimal


def show(text, **kw):
    try:
        v = json.loads(text, **kw)
        print(repr(text)[:60], "->", repr(v)[:200])
    except json.JSONDecodeError as e:
        print(repr(text)[:60], "JSONDecodeError:", e.msg, e.pos, e.lineno, e.colno)
    except Exception as e:
        print(repr(text)[:60], type(e).__name__ + ":", str(e)[:120])


print(json.scanner.make_scanner is json.scanner.c_make_scanner,
      json.scanner.make_scanner.__name__)
sc = json.decoder.JSONDecoder().scan_once
print(type(sc).__name__, type(sc).__module__, sc.strict, sc.parse_float, sc.parse_int)

print("--- valid")
for t in [
    '0', '-0', '1', '-1', '12345678901234567', '123456789012345678', '1234567890123456789',
    '-9223372036854775808', '9223372036854775808', '1' * 300, '-' + '9' * 100,
    '0.5', '-0.0', '1e5', '1E+5', '1e-5', '2.5e-3', '1.7976931348623157e308', '1e400',
    '-1e400', '4.9e-324', '1e-400', '0.1', '3.141592653589793', '123.456e7',
    '"abc"', '""', '"\\u00e9\\u20ac\\ud834\\udd1e"', '"\\ud800"', '"\\udc00\\ud800"',
    '"\\ud834\\u0041"', '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"é€𝄞 raw"', '"\\u0000"',
    'true', 'false', 'null', 'NaN', 'Infinity', '-Infinity',
    '[]', '{}', '[ ]', '{ }', ' \t\n\r[1,2 , 3]\n', '[[[]]]', '[{}, {"a": {}}]',
    '{"a": [1, {"b": null}], "c": "d", "é": "€"}', '{"a": 1, "a": 2}',
    '[1, 2.5, -3e2, "x", true, false, null, {"k": []}]',
    '{"k1": [1], "k2": {"k1": 2}, "k3": [{"k1": 3}]}',
    '[-Infinity, Infinity, NaN]', '["\\u00e9", "é", "x\\ny"]',
]:
    show(t)

print("--- nan/inf values")
v = json.loads('[NaN, -Infinity]')
print(v[0] != v[0], v[1])

print("--- hooks")
show('{"x": 1.5, "y": 10, "z": [2, 3.0]}', parse_float=Decimal, parse_int=lambda s: int(s) * 10)
show('[1.5, 2]', parse_float=str, parse_int=str)
show('[1e5, 1E-2, -0, 12]', parse_float=lambda s: ("f", s), parse_int=lambda s: ("i", s))
show('[1, {"a": 2, "b": {"c": 3}}]', object_hook=lambda d: sorted(d.items()))
show('{"a": 1, "b": [{"c": 2}]}', object_pairs_hook=lambda p: p[::-1])
show('{"a": 1, "b": 2}', object_pairs_hook=OrderedDict)
show('{"a": 1}', object_hook=lambda d: 1 / 0)
show('{"a": 1}', object_pairs_hook=lambda d: 1 / 0, object_hook=lambda d: "unused")
show('[NaN, Infinity, -Infinity]', parse_constant=lambda s: "const:" + s)
show('[1.5]', parse_float=lambda s: 1 / 0)
show('[15]', parse_int=lambda s: int(s, 16))
show('[NaN]', parse_constant=lambda s: [][1])
show('["a\\u0001b"]')
show('["a\x01b"]', strict=False)
show('{"a\x1f": "\x00"}', strict=False)

print("--- memo")
v = json.loads('[{"key": 1}, {"key": 2}, {"key": 3}]')
print(v[0].keys() == v[2].keys(), all(list(a)[0] is list(v[0])[0] for a in v))
v = json.loads('[{"key": 1}, {"key": 2}]', object_pairs_hook=list)
print(v, v[0][0][0] is v[1][0][0])

print("--- big ints")
show('1' * 4300)
show('[' + '1' * 4301 + ']')
show('-' + '1' * 5000)
sys.set_int_max_str_digits(6000)
print(len(str(json.loads('1' * 5000))))
sys.set_int_max_str_digits(4300)

print("--- malformed")
for t in [
    '', ' ', '[', ']', '{', '}', '[1', '[1,', '[1,]', '[,1]', '[1 2]', '[1;2]', '["a" "b"]',
    '{"a"', '{"a":', '{"a": 1', '{"a": 1,', '{"a": 1,}', '{"a" 1}', '{a: 1}', "{'a': 1}",
    '{1: 2}', '{"a": }', '{,}', '{"a": 1 "b": 2}', '[1] x', '[1]]', '{"a": 1}}',
    '"abc', '"a\\', '"\\x"', '"\\u12"', '"\\u12x4"', '"\\ud834\\uzzzz"', '"a\x01"',
    '["a\nb"]', '{"a\tb": 1}', 'nul', 'nulL', 'tru', 'fals', 'Na', 'Infinit', '-Infinit',
    '-', '--1', '-x', '+1', '01', '00', '1.', '.5', '1.e5', '1e', '1e+', '1ee5', '0x10',
    '[1.5e]', '[-]', '[1, -]', 'NaNx', '[true false]', '{"a": [1, {"b": ]}]', 'x',
    '[1, 2, 3,\n 4,\n x]', '{\n  "a": 1,\n  "b" 2\n}', '\ufeff[1]', '[1]\x00',
    '["é", "€", x]', '{"é": 1 "b"}', '"é\\q"', '"€\x02"', '"𝄞\\u12"', '["𝄞" 1]',
]:
    show(t)

print("--- scanner called directly")
for s, i in [('[x', 0), ('{"a": x}', 0), ('[1,', 0), ('-', 0), ('', 0), ('[]', 5),
             ('  1 2', 2), ('  1 2', 4), ('[1] [2]', 4), ('"é" 3', 4), ('12abc', 0)]:
    try:
        print(repr(s), i, sc(s, i))
    except StopIteration as e:
        print(repr(s), i, "StopIteration", e.value)
    except Exception as e:
        print(repr(s), i, type(e).__name__ + ":", e)
for a in [(b'[]', 0), ('[]', -1), ('[]', 1.5)]:
    try:
        print(sc(*a))
    except Exception as e:
        print(type(e).__name__ + ":", e)
d = json.JSONDecoder()
print(d.raw_decode('[1, 2] tail'), d.raw_decode('{"a": "b"}xyz'))

print("--- deep nesting")
for n in [50, 500]:
    print(n, json.loads('[' * n + ']' * n) is not None, json.loads('{"a":' * n + '1' + '}' * n) is not None)
for t in ['[' * 100000, '{"a":' * 100000, '[{"a":' * 50000]:
    try:
        json.loads(t)
    except RecursionError as e:
        print("RecursionError:", e)
print(json.loads('[' * 100 + ']' * 100 + ' '))

print("--- round trips")
doc = {"records": [{"id": i, "name": "n%d é" % i, "score": i * 1.25, "tags": ["a", "b"][: i % 3],
                    "ok": i % 2 == 0, "none": None, "nested": {"x": [i, -i, i ** 20]}}
                   for i in range(30)]}
for kw in [{}, {"indent": 2}, {"ensure_ascii": False}, {"separators": (",", ":")}]:
    s = json.dumps(doc, **kw)
    print(len(s), json.loads(s) == doc)

print("--- raw_decode loop over one long string")
for ascii in (True, False):
    parts = [json.dumps({"id": i, "s": "é%d€" % i, "v": [i, "𝄞", -i * 0.5]}, ensure_ascii=ascii)
             for i in range(300)]
    s = " ".join(parts)
    out, i = [], 0
    while i < len(s):
        o, i = d.raw_decode(s, i)
        out.append(o)
        while i < len(s) and s[i] == " ":
            i += 1
    print(len(s), len(out), out[0], out[-1], out == [json.loads(p) for p in parts])
    show("[" + ", ".join(parts) + ", x]")
    show("[" + ", ".join(parts) + "}")
