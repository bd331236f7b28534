# Python-level part of tern's `_ast` module: the AST node classes of CPython 3.11.
#
# NODE_TABLE is the single source of truth, one row per class in ASDL order:
# (name, base, _fields, _attributes, attributes defaulting to None (the optional `?`
# fields and end positions), docstring). It was transcribed from CPython 3.11's
# Parser/Python.asdl via its `_ast` module. The classes are built from it at import.
#
# What is missing: tern's compiler does not produce these objects yet, so
# `compile(..., PyCF_ONLY_AST)` (and with it `ast.parse`) raises NotImplementedError;
# the classes still let `ast`, `inspect`, `dataclasses`, `pprint` and `unittest` import
# and let programs build and inspect trees by hand.

PyCF_ONLY_AST = 1024
PyCF_TYPE_COMMENTS = 4096
PyCF_ALLOW_TOP_LEVEL_AWAIT = 8192

NODE_TABLE = [
    ('mod', 'AST', (), (), (), 'mod = Module(stmt* body, type_ignore* type_ignores)\n    | Interactive(stmt* body)\n    | Expression(expr body)\n    | FunctionType(expr* argtypes, expr returns)'),
    ('Module', 'mod', ('body', 'type_ignores'), (), (), 'Module(stmt* body, type_ignore* type_ignores)'),
    ('Interactive', 'mod', ('body',), (), (), 'Interactive(stmt* body)'),
    ('Expression', 'mod', ('body',), (), (), 'Expression(expr body)'),
    ('FunctionType', 'mod', ('argtypes', 'returns'), (), (), 'FunctionType(expr* argtypes, expr returns)'),
    ('stmt', 'AST', (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('end_col_offset', 'end_lineno'), 'stmt = FunctionDef(identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment)\n     | AsyncFunctionDef(identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment)\n     | ClassDef(identifier name, expr* bases, keyword* keywords, stmt* body, expr* decorator_list)\n     | Return(expr? value)\n     | Delete(expr* targets)\n     | Assign(expr* targets, expr value, string? type_comment)\n     | AugAssign(expr target, operator op, expr value)\n     | AnnAssign(expr target, expr annotation, expr? value, int simple)\n     | For(expr target, expr iter, stmt* body, stmt* orelse, string? type_comment)\n     | AsyncFor(expr target, expr iter, stmt* body, stmt* orelse, string? type_comment)\n     | While(expr test, stmt* body, stmt* orelse)\n     | If(expr test, stmt* body, stmt* orelse)\n     | With(withitem* items, stmt* body, string? type_comment)\n     | AsyncWith(withitem* items, stmt* body, string? type_comment)\n     | Match(expr subject, match_case* cases)\n     | Raise(expr? exc, expr? cause)\n     | Try(stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody)\n     | TryStar(stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody)\n     | Assert(expr test, expr? msg)\n     | Import(alias* names)\n     | ImportFrom(identifier? module, alias* names, int? level)\n     | Global(identifier* names)\n     | Nonlocal(identifier* names)\n     | Expr(expr value)\n     | Pass\n     | Break\n     | Continue'),
    ('FunctionDef', 'stmt', ('name', 'args', 'body', 'decorator_list', 'returns', 'type_comment'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('returns', 'type_comment'), 'FunctionDef(identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment)'),
    ('AsyncFunctionDef', 'stmt', ('name', 'args', 'body', 'decorator_list', 'returns', 'type_comment'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('returns', 'type_comment'), 'AsyncFunctionDef(identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment)'),
    ('ClassDef', 'stmt', ('name', 'bases', 'keywords', 'body', 'decorator_list'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'ClassDef(identifier name, expr* bases, keyword* keywords, stmt* body, expr* decorator_list)'),
    ('Return', 'stmt', ('value',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('value',), 'Return(expr? value)'),
    ('Delete', 'stmt', ('targets',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Delete(expr* targets)'),
    ('Assign', 'stmt', ('targets', 'value', 'type_comment'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('type_comment',), 'Assign(expr* targets, expr value, string? type_comment)'),
    ('AugAssign', 'stmt', ('target', 'op', 'value'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'AugAssign(expr target, operator op, expr value)'),
    ('AnnAssign', 'stmt', ('target', 'annotation', 'value', 'simple'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('value',), 'AnnAssign(expr target, expr annotation, expr? value, int simple)'),
    ('For', 'stmt', ('target', 'iter', 'body', 'orelse', 'type_comment'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('type_comment',), 'For(expr target, expr iter, stmt* body, stmt* orelse, string? type_comment)'),
    ('AsyncFor', 'stmt', ('target', 'iter', 'body', 'orelse', 'type_comment'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('type_comment',), 'AsyncFor(expr target, expr iter, stmt* body, stmt* orelse, string? type_comment)'),
    ('While', 'stmt', ('test', 'body', 'orelse'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'While(expr test, stmt* body, stmt* orelse)'),
    ('If', 'stmt', ('test', 'body', 'orelse'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'If(expr test, stmt* body, stmt* orelse)'),
    ('With', 'stmt', ('items', 'body', 'type_comment'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('type_comment',), 'With(withitem* items, stmt* body, string? type_comment)'),
    ('AsyncWith', 'stmt', ('items', 'body', 'type_comment'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('type_comment',), 'AsyncWith(withitem* items, stmt* body, string? type_comment)'),
    ('Match', 'stmt', ('subject', 'cases'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Match(expr subject, match_case* cases)'),
    ('Raise', 'stmt', ('exc', 'cause'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('cause', 'exc'), 'Raise(expr? exc, expr? cause)'),
    ('Try', 'stmt', ('body', 'handlers', 'orelse', 'finalbody'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Try(stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody)'),
    ('TryStar', 'stmt', ('body', 'handlers', 'orelse', 'finalbody'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'TryStar(stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody)'),
    ('Assert', 'stmt', ('test', 'msg'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('msg',), 'Assert(expr test, expr? msg)'),
    ('Import', 'stmt', ('names',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Import(alias* names)'),
    ('ImportFrom', 'stmt', ('module', 'names', 'level'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('level', 'module'), 'ImportFrom(identifier? module, alias* names, int? level)'),
    ('Global', 'stmt', ('names',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Global(identifier* names)'),
    ('Nonlocal', 'stmt', ('names',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Nonlocal(identifier* names)'),
    ('Expr', 'stmt', ('value',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Expr(expr value)'),
    ('Pass', 'stmt', (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Pass'),
    ('Break', 'stmt', (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Break'),
    ('Continue', 'stmt', (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Continue'),
    ('expr', 'AST', (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('end_col_offset', 'end_lineno'), 'expr = BoolOp(boolop op, expr* values)\n     | NamedExpr(expr target, expr value)\n     | BinOp(expr left, operator op, expr right)\n     | UnaryOp(unaryop op, expr operand)\n     | Lambda(arguments args, expr body)\n     | IfExp(expr test, expr body, expr orelse)\n     | Dict(expr* keys, expr* values)\n     | Set(expr* elts)\n     | ListComp(expr elt, comprehension* generators)\n     | SetComp(expr elt, comprehension* generators)\n     | DictComp(expr key, expr value, comprehension* generators)\n     | GeneratorExp(expr elt, comprehension* generators)\n     | Await(expr value)\n     | Yield(expr? value)\n     | YieldFrom(expr value)\n     | Compare(expr left, cmpop* ops, expr* comparators)\n     | Call(expr func, expr* args, keyword* keywords)\n     | FormattedValue(expr value, int conversion, expr? format_spec)\n     | JoinedStr(expr* values)\n     | Constant(constant value, string? kind)\n     | Attribute(expr value, identifier attr, expr_context ctx)\n     | Subscript(expr value, expr slice, expr_context ctx)\n     | Starred(expr value, expr_context ctx)\n     | Name(identifier id, expr_context ctx)\n     | List(expr* elts, expr_context ctx)\n     | Tuple(expr* elts, expr_context ctx)\n     | Slice(expr? lower, expr? upper, expr? step)'),
    ('BoolOp', 'expr', ('op', 'values'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'BoolOp(boolop op, expr* values)'),
    ('NamedExpr', 'expr', ('target', 'value'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'NamedExpr(expr target, expr value)'),
    ('BinOp', 'expr', ('left', 'op', 'right'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'BinOp(expr left, operator op, expr right)'),
    ('UnaryOp', 'expr', ('op', 'operand'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'UnaryOp(unaryop op, expr operand)'),
    ('Lambda', 'expr', ('args', 'body'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Lambda(arguments args, expr body)'),
    ('IfExp', 'expr', ('test', 'body', 'orelse'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'IfExp(expr test, expr body, expr orelse)'),
    ('Dict', 'expr', ('keys', 'values'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Dict(expr* keys, expr* values)'),
    ('Set', 'expr', ('elts',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Set(expr* elts)'),
    ('ListComp', 'expr', ('elt', 'generators'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'ListComp(expr elt, comprehension* generators)'),
    ('SetComp', 'expr', ('elt', 'generators'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'SetComp(expr elt, comprehension* generators)'),
    ('DictComp', 'expr', ('key', 'value', 'generators'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'DictComp(expr key, expr value, comprehension* generators)'),
    ('GeneratorExp', 'expr', ('elt', 'generators'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'GeneratorExp(expr elt, comprehension* generators)'),
    ('Await', 'expr', ('value',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Await(expr value)'),
    ('Yield', 'expr', ('value',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('value',), 'Yield(expr? value)'),
    ('YieldFrom', 'expr', ('value',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'YieldFrom(expr value)'),
    ('Compare', 'expr', ('left', 'ops', 'comparators'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Compare(expr left, cmpop* ops, expr* comparators)'),
    ('Call', 'expr', ('func', 'args', 'keywords'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Call(expr func, expr* args, keyword* keywords)'),
    ('FormattedValue', 'expr', ('value', 'conversion', 'format_spec'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('format_spec',), 'FormattedValue(expr value, int conversion, expr? format_spec)'),
    ('JoinedStr', 'expr', ('values',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'JoinedStr(expr* values)'),
    ('Constant', 'expr', ('value', 'kind'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('kind',), 'Constant(constant value, string? kind)'),
    ('Attribute', 'expr', ('value', 'attr', 'ctx'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Attribute(expr value, identifier attr, expr_context ctx)'),
    ('Subscript', 'expr', ('value', 'slice', 'ctx'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Subscript(expr value, expr slice, expr_context ctx)'),
    ('Starred', 'expr', ('value', 'ctx'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Starred(expr value, expr_context ctx)'),
    ('Name', 'expr', ('id', 'ctx'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Name(identifier id, expr_context ctx)'),
    ('List', 'expr', ('elts', 'ctx'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'List(expr* elts, expr_context ctx)'),
    ('Tuple', 'expr', ('elts', 'ctx'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'Tuple(expr* elts, expr_context ctx)'),
    ('Slice', 'expr', ('lower', 'upper', 'step'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('lower', 'step', 'upper'), 'Slice(expr? lower, expr? upper, expr? step)'),
    ('expr_context', 'AST', (), (), (), 'expr_context = Load | Store | Del'),
    ('Load', 'expr_context', (), (), (), 'Load'),
    ('Store', 'expr_context', (), (), (), 'Store'),
    ('Del', 'expr_context', (), (), (), 'Del'),
    ('boolop', 'AST', (), (), (), 'boolop = And | Or'),
    ('And', 'boolop', (), (), (), 'And'),
    ('Or', 'boolop', (), (), (), 'Or'),
    ('operator', 'AST', (), (), (), 'operator = Add | Sub | Mult | MatMult | Div | Mod | Pow | LShift | RShift | BitOr | BitXor | BitAnd | FloorDiv'),
    ('Add', 'operator', (), (), (), 'Add'),
    ('Sub', 'operator', (), (), (), 'Sub'),
    ('Mult', 'operator', (), (), (), 'Mult'),
    ('MatMult', 'operator', (), (), (), 'MatMult'),
    ('Div', 'operator', (), (), (), 'Div'),
    ('Mod', 'operator', (), (), (), 'Mod'),
    ('Pow', 'operator', (), (), (), 'Pow'),
    ('LShift', 'operator', (), (), (), 'LShift'),
    ('RShift', 'operator', (), (), (), 'RShift'),
    ('BitOr', 'operator', (), (), (), 'BitOr'),
    ('BitXor', 'operator', (), (), (), 'BitXor'),
    ('BitAnd', 'operator', (), (), (), 'BitAnd'),
    ('FloorDiv', 'operator', (), (), (), 'FloorDiv'),
    ('unaryop', 'AST', (), (), (), 'unaryop = Invert | Not | UAdd | USub'),
    ('Invert', 'unaryop', (), (), (), 'Invert'),
    ('Not', 'unaryop', (), (), (), 'Not'),
    ('UAdd', 'unaryop', (), (), (), 'UAdd'),
    ('USub', 'unaryop', (), (), (), 'USub'),
    ('cmpop', 'AST', (), (), (), 'cmpop = Eq | NotEq | Lt | LtE | Gt | GtE | Is | IsNot | In | NotIn'),
    ('Eq', 'cmpop', (), (), (), 'Eq'),
    ('NotEq', 'cmpop', (), (), (), 'NotEq'),
    ('Lt', 'cmpop', (), (), (), 'Lt'),
    ('LtE', 'cmpop', (), (), (), 'LtE'),
    ('Gt', 'cmpop', (), (), (), 'Gt'),
    ('GtE', 'cmpop', (), (), (), 'GtE'),
    ('Is', 'cmpop', (), (), (), 'Is'),
    ('IsNot', 'cmpop', (), (), (), 'IsNot'),
    ('In', 'cmpop', (), (), (), 'In'),
    ('NotIn', 'cmpop', (), (), (), 'NotIn'),
    ('comprehension', 'AST', ('target', 'iter', 'ifs', 'is_async'), (), (), 'comprehension(expr target, expr iter, expr* ifs, int is_async)'),
    ('excepthandler', 'AST', (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('end_col_offset', 'end_lineno'), 'excepthandler = ExceptHandler(expr? type, identifier? name, stmt* body)'),
    ('ExceptHandler', 'excepthandler', ('type', 'name', 'body'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('name', 'type'), 'ExceptHandler(expr? type, identifier? name, stmt* body)'),
    ('arguments', 'AST', ('posonlyargs', 'args', 'vararg', 'kwonlyargs', 'kw_defaults', 'kwarg', 'defaults'), (), ('kwarg', 'vararg'), 'arguments(arg* posonlyargs, arg* args, arg? vararg, arg* kwonlyargs, expr* kw_defaults, arg? kwarg, expr* defaults)'),
    ('arg', 'AST', ('arg', 'annotation', 'type_comment'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('annotation', 'end_col_offset', 'end_lineno', 'type_comment'), 'arg(identifier arg, expr? annotation, string? type_comment)'),
    ('keyword', 'AST', ('arg', 'value'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('arg', 'end_col_offset', 'end_lineno'), 'keyword(identifier? arg, expr value)'),
    ('alias', 'AST', ('name', 'asname'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('asname', 'end_col_offset', 'end_lineno'), 'alias(identifier name, identifier? asname)'),
    ('withitem', 'AST', ('context_expr', 'optional_vars'), (), ('optional_vars',), 'withitem(expr context_expr, expr? optional_vars)'),
    ('match_case', 'AST', ('pattern', 'guard', 'body'), (), ('guard',), 'match_case(pattern pattern, expr? guard, stmt* body)'),
    ('pattern', 'AST', (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'pattern = MatchValue(expr value)\n        | MatchSingleton(constant value)\n        | MatchSequence(pattern* patterns)\n        | MatchMapping(expr* keys, pattern* patterns, identifier? rest)\n        | MatchClass(expr cls, pattern* patterns, identifier* kwd_attrs, pattern* kwd_patterns)\n        | MatchStar(identifier? name)\n        | MatchAs(pattern? pattern, identifier? name)\n        | MatchOr(pattern* patterns)'),
    ('MatchValue', 'pattern', ('value',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'MatchValue(expr value)'),
    ('MatchSingleton', 'pattern', ('value',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'MatchSingleton(constant value)'),
    ('MatchSequence', 'pattern', ('patterns',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'MatchSequence(pattern* patterns)'),
    ('MatchMapping', 'pattern', ('keys', 'patterns', 'rest'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('rest',), 'MatchMapping(expr* keys, pattern* patterns, identifier? rest)'),
    ('MatchClass', 'pattern', ('cls', 'patterns', 'kwd_attrs', 'kwd_patterns'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'MatchClass(expr cls, pattern* patterns, identifier* kwd_attrs, pattern* kwd_patterns)'),
    ('MatchStar', 'pattern', ('name',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('name',), 'MatchStar(identifier? name)'),
    ('MatchAs', 'pattern', ('pattern', 'name'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('name', 'pattern'), 'MatchAs(pattern? pattern, identifier? name)'),
    ('MatchOr', 'pattern', ('patterns',), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), (), 'MatchOr(pattern* patterns)'),
    ('type_ignore', 'AST', (), (), (), 'type_ignore = TypeIgnore(int lineno, string tag)'),
    ('TypeIgnore', 'type_ignore', ('lineno', 'tag'), (), (), 'TypeIgnore(int lineno, string tag)'),
]


class AST:
    _fields = ()
    _attributes = ()
    __match_args__ = ()

    def __init__(self, *args, **kwargs):
        fields = self._fields
        if len(args) > len(fields):
            raise TypeError("%s constructor takes at most %d positional argument%s"
                            % (type(self).__name__, len(fields), "" if len(fields) == 1 else "s"))
        for name, value in zip(fields, args):
            setattr(self, name, value)
        for name, value in kwargs.items():
            setattr(self, name, value)

    def __reduce__(self):
        return type(self), (), dict(self.__dict__)


AST.__module__ = "ast"


def _build(table, namespace):
    for name, base, fields, attributes, none_attrs, doc in table:
        body = {"_fields": fields, "_attributes": attributes, "__match_args__": fields,
                "__module__": "ast", "__doc__": doc}
        for attr in none_attrs:
            body[attr] = None
        namespace[name] = type(name, (namespace[base],), body)


_build(NODE_TABLE, globals())
del _build
