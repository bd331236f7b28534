log = []
def t(name, v=None):
    log.append(name)
    return v if v is not None else name
def show(label):
    print(label, log)
    log.clear()
t("a") + t("b") * t("c", 2)
show("binop")
t("f", lambda *a, **k: None)(t("arg1"), t("arg2"), k=t("kw"))
show("call")
{t("k1"): t("v1"), t("k2"): t("v2")}
show("dict")
[t("x1"), *[t("x2")], t("x3")]
show("list")
t("obj", {"a": [1, 2]})[t("key", "a")][t("idx", 0)]
show("subscript")
d = {}
d[t("key2", "k")] = t("value")
show("assign subscript")
t("lhs", 1) < t("mid", 2) < t("rhs", 3)
show("chain")
t("lhs", 5) < t("mid", 2) < t("never", 3)
show("chain short")
t("c1", 0) or t("c2", 0) or t("c3", 7)
show("or")
x = t("cond", True) and t("then") if t("test", 1) else t("else")
show("ternary")
a, b = t("r1"), t("r2")
show("tuple assign")
t("base", [0, 0])[t("i", 0)] += t("inc", 1)
show("augassign subscript")
def gen(): t("body"); yield 1
g = gen(); show("gen created"); next(g); show("gen started")
f"{t('f1')}{t('f2')!r}"
show("fstring")
class Meta(type):
    def __new__(m, n, b, ns, **kw): t("meta_new"); return super().__new__(m, n, b, ns)
class K(t("base_expr", object), metaclass=t("meta_expr", Meta)):
    t("class_body")
show("class")
@t("deco1", lambda f: f)
@t("deco2", lambda f: f)
def decorated(a=t("default")): pass
show("decorators")
[t(f"comp{i}") for i in range(2) if t(f"cond{i}", True)]
show("comprehension")
try:
    t("try")
    raise ValueError(t("exc_arg"))
except t("except_expr", ValueError):
    t("handler")
finally:
    t("finally")
show("try")
