# string: constants, capwords, Template (substitute/safe_substitute/idpattern/errors),
# Formatter (format/vformat/parse/get_field/convert_field, subclass hooks), _string.
import string
import _string

print(string.ascii_letters, string.digits, string.hexdigits, string.octdigits)
print(repr(string.punctuation), repr(string.whitespace), len(string.printable))
print(string.capwords("  hello   wORLD  foo "), string.capwords("a-b c-d", "-"))

print("--- Template")
t = string.Template("$who likes ${what}; $$5 for $who")
print(t.substitute(who="tim", what="kung pao"), t.substitute({"who": "x"}, what="y"))
print(t.safe_substitute(who="ann"), t.template)
for tmpl, kw in (("$missing", {}), ("${bad", {}), ("$", {}), ("x $1", {})):
    try:
        print(string.Template(tmpl).substitute(**kw))
    except (KeyError, ValueError) as e:
        print(type(e).__name__, e)
print(string.Template("$a $$ ${b} $").safe_substitute(a=1))
print(string.Template("$x").get_identifiers(), string.Template("$x ${y} $x $$z").get_identifiers())
print(string.Template("$a").is_valid(), string.Template("${").is_valid())

class Pct(string.Template):
    delimiter = "%"
    idpattern = r"[a-z][_a-z0-9]*"
print(Pct("%name is %{age}%%").substitute(name="bob", age=3))

class Braces(string.Template):
    pattern = r"""
    \{\{(?:
      (?P<escaped>\{\{) |
      (?P<named>[_a-z]+)\}\} |
      (?P<braced>[_a-z]+)\}\} |
      (?P<invalid>)
    )"""
print(Braces("{{x}} and {{y}}").substitute(x=1, y=2))

print("--- Formatter")
f = string.Formatter()
print(f.format("{0}{1}{0}", "ab", "cd"), f.format("{} {}", 1, 2), f.format("{a[k]}", a={"k": 3}))
print(f.format("{0:>{1}}|{x!r:^9}|{y.imag}", "r", 6, x="s", y=2j))
print(f.format("{:{}{}}", 3.14159, ".", "2f"), f.vformat("{0}{k}", (1,), {"k": 2}))
print(list(f.parse("a{0}b{x.y[0]!s:>3}c{{d}}e{}")))
print(f.get_field("0.real", (5,), {}), f.get_field("k[1]", (), {"k": "xyz"}))
print(f.convert_field("x", "r"), f.convert_field(1, None), f.format_field(3, "03d"))
for bad in ("{", "}", "{0!x}", "{0:{1:{2}}}", "{!}", "{0[}", "{0]", "{a.}"):
    try:
        print(f.format(bad, 1, 2, 3, a=1))
    except (ValueError, IndexError, KeyError, AttributeError) as e:
        print(type(e).__name__, e)
try:
    f.format("{0}{}", 1, 2)
except ValueError as e:
    print("ValueError", e)
try:
    f.format("{}{0}", 1, 2)
except ValueError as e:
    print("ValueError", e)

class Upper(string.Formatter):
    def format_field(self, value, spec):
        return super().format_field(value, spec).upper()
    def get_value(self, key, args, kwargs):
        if isinstance(key, str) and key not in kwargs:
            return "<" + key + ">"
        return super().get_value(key, args, kwargs)
print(Upper().format("{0} {missing} {x:>4}", "abc", x="y"))

class Strict(string.Formatter):
    def check_unused_args(self, used, args, kwargs):
        unused = set(range(len(args))) | set(kwargs)
        unused -= used
        if unused:
            raise ValueError("unused: %s" % sorted(map(str, unused)))
try:
    Strict().format("{0}", 1, 2, k=3)
except ValueError as e:
    print("ValueError", e)

print("--- _string")
print(list(_string.formatter_parser("x{0!r:>{w}}y{{z}}{}")))
first, rest = _string.formatter_field_name_split("a.b[0][key].c")
print(first, list(rest))
first, rest = _string.formatter_field_name_split("12[3]")
print(first, type(first).__name__, list(rest))
print(_string.formatter_field_name_split("")[0] == "")
for bad in ("}", "{", "{0!", "{0!r", "{0!rx}", "{0:", "{a{b}"):
    try:
        print(list(_string.formatter_parser(bad)))
    except ValueError as e:
        print("ValueError", e)
for bad in ("a[0", "a[]", "a.", "a[0]x"):
    try:
        print(list(_string.formatter_field_name_split(bad)[1]))
    except ValueError as e:
        print("ValueError", e)
for arg in (1, b"x"):
    try:
        _string.formatter_parser(arg)
    except TypeError as e:
        print("TypeError", e)
