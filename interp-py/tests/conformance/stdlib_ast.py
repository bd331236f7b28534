import ast
srcs = [
 "x = 1 + 2 * -y",
 "def f(a, /, b: int = 3, *c, d, e=4, **g) -> None:\n    return a[1:2, ::3]",
 "async def g():\n    async with a as (b, c):\n        await x\n    async for i in y: pass",
 "class C(B, metaclass=M):\n    @dec\n    def m(self): yield from z",
 "try:\n    pass\nexcept (A, B) as e:\n    raise X from e\nelse:\n    pass\nfinally:\n    del q",
 "with open(p) as f, g: print(f'{x!r:>{w}} and {y}')",
 "match p:\n    case [1, *rest]: pass\n    case {'k': v, **kw}: pass\n    case Point(x=0, y=_) | None: pass\n    case str() as s if s: pass",
 "from ..mod import a as b, c\nimport os.path as op\nglobal g\nlambda x, *y: (x, y)",
 "l = [i for i in range(3) if i] + {k: v for k, v in d} ; s = {*a, *b}; t = (yield)",
 "assert a is not b < c in d, 'msg'\nwhile not x: break\nelse: continue",
 "x: int = 5\ny += 1\n(z := 3)\na if b else c\nu'uni' if b'bytes' else ...",
]
for s in srcs:
    print(ast.dump(ast.parse(s), include_attributes=True))
print(ast.dump(ast.parse("1 + x", mode="eval")))
print(ast.dump(ast.parse("x = 1", mode="single")))
print(ast.literal_eval("{'a': [1, 2.5, -3j, (True, None)], 'b': b'x'}"))
try: ast.parse("x = (")
except SyntaxError as e: print("SyntaxError", e.msg, e.lineno)
print(ast.unparse(ast.parse(srcs[1])))

# NodeVisitor / NodeTransformer / walk / fix_missing_locations / copy_location
class Counter(ast.NodeVisitor):
    def __init__(self):
        self.names = []
    def visit_Name(self, node):
        self.names.append(node.id)
        self.generic_visit(node)
tree = ast.parse("def f(a):\n    return a + b * c\nx = f(y)")
c = Counter(); c.visit(tree); print(c.names)
print(sorted({type(n).__name__ for n in ast.walk(tree)}))
class Double(ast.NodeTransformer):
    def visit_Constant(self, node):
        if isinstance(node.value, int):
            return ast.copy_location(ast.Constant(node.value * 2), node)
        return node
t = Double().visit(ast.parse("print(1 + 20, 'a')"))
print(ast.unparse(ast.fix_missing_locations(t)))
print(ast.get_docstring(ast.parse('"""doc"""\nx = 1')), ast.literal_eval("-5 + 3j"))
for bad in ["__import__('os')", "[1, 2 + x]"]:
    try:
        ast.literal_eval(bad)
    except ValueError as e:
        print("ValueError", str(e)[:40])
n = ast.Name("x")
print(n.id, hasattr(n, "ctx"), ast.Name._fields, ast.Constant(5).value, isinstance(ast.parse("1", mode="eval").body, ast.expr))
try:
    ast.BinOp(1, 2, 3, 4)
except TypeError as e:
    print("TypeError", e)
print(ast.dump(ast.parse("f'{a!s:{w}}'"), indent=1))
