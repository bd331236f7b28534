def attempt(src):
    try:
        exec(src, {})
    except Exception as e:
        print(f"{type(e).__name__}: {e}")
for src in [
    "1 + 'a'", "'a' + 1", "[] + 1", "len(5)", "None()", "5()", "'abc'.nope", "[].apend(1)", "x = undefined_thing",
    "a, b = [1, 2, 3]", "a, b, c = [1, 2]", "a, b = 5", "int('x')", "int('5', 1)", "float('')", "[1][5]", "(1,)[2]",
    "'abc'[10]", "{}['k']", "{'a': 1}[0]", "import nonexistent_mod_zz", "def f(a): pass\nf()", "def f(a): pass\nf(1, 2)",
    "def f(*, k): pass\nf(1)", "def f(a, b): pass\nf(1, a=2)", "def f(): pass\nf(x=1)", "hash([])", "hash({})", "{[]: 1}",
    "sum(['a', 'b'])", "max()", "iter(5)", "next(iter([]))", "list(5)", "dict(5)", "dict([1])", "set(5)", "ord('')",
    "chr(-1)", "range(1.5)", "'x' * 'y'", "[1, 2].remove(3)", "[].pop()", "{}.popitem()", "set().pop()", "(1).x = 2",
    "object().x = 1", "del [][0]", "import math; math.sqrt(-1)", "1 < 'a'", "[1] < (1,)", "abs('x')", "-'x'", "~1.5",
    "'%d' % 'x'", "'%s %s' % ('a',)", "'{} {}'.format(1)", "'{x}'.format()", "'a'.join([1])", "str(b'x', 'bogus')",
    "class A: pass\nA().missing_attr", "class A:\n  __slots__ = ()\nA().y = 1", "int.bogus", "type('X', (int, str), {})",
    "class M(int, str): pass", "isinstance(1, 2)", "issubclass(1, int)", "super()", "getattr(1, 'x')", "f'{1:q}'",
    "format(1, 'q')", "'abc'.index('z')", "[1, 2].index(5)", "(1, 2).index(9)", "bytes([300])", "bytearray(-1)",
    "memoryview(5)", "complex('x')", "divmod(1, 0)", "2 ** -1 % 0", "round(1.5, 'x')", "sorted([1], key=5)",
    "open('/nonexistent/file.txt')", "pow(2, 3, 0)", "pow(2.0, 3, 5)", "int(None)", "float([])", "list.append(1, 2)",
    "str.upper(5)", "(lambda x: x)()", "(lambda: 0)(1)", "print(end=5)", "zip(1)", "enumerate(5)", "[*5]", "{**5}",
    "f(*5) if False else (lambda *a: a)(*5)", "(lambda **k: k)(**5)", "assert False", "raise 5", "raise ValueError from 5",
]:
    attempt(src)
