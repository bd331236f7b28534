def tokenize(src): return src.replace("(", " ( ").replace(")", " ) ").split()
def parse(tokens):
    tok = tokens.pop(0)
    if tok == "(":
        lst = []
        while tokens[0] != ")":
            lst.append(parse(tokens))
        tokens.pop(0)
        return lst
    if tok == ")": raise SyntaxError("unexpected )")
    try: return int(tok)
    except ValueError:
        try: return float(tok)
        except ValueError: return tok
class Env(dict):
    def __init__(self, params=(), args=(), outer=None):
        super().__init__(zip(params, args))
        self.outer = outer
    def find(self, name):
        if name in self: return self
        if self.outer is None: raise NameError(f"unbound symbol {name!r}")
        return self.outer.find(name)
def standard_env():
    import math
    env = Env()
    env.update({"+": lambda *a: sum(a), "-": lambda a, b=None: -a if b is None else a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
                "<": lambda a, b: a < b, ">": lambda a, b: a > b, "=": lambda a, b: a == b, "<=": lambda a, b: a <= b,
                "list": lambda *a: list(a), "car": lambda l: l[0], "cdr": lambda l: l[1:], "cons": lambda a, l: [a] + l,
                "null?": lambda l: l == [], "len": len, "sqrt": math.sqrt, "max": max, "not": lambda v: not v})
    return env
class Procedure:
    def __init__(self, params, body, env): self.params, self.body, self.env = params, body, env
    def __call__(self, *args): return evaluate(self.body, Env(self.params, args, self.env))
def evaluate(x, env):
    while True:
        if isinstance(x, str): return env.find(x)[x]
        if not isinstance(x, list): return x
        op, *args = x
        if op == "quote": return args[0]
        if op == "if":
            test, conseq, alt = args
            x = conseq if evaluate(test, env) else alt
            continue
        if op == "define":
            env[args[0]] = evaluate(args[1], env); return None
        if op == "lambda": return Procedure(args[0], args[1], env)
        if op == "begin":
            for e in args[:-1]: evaluate(e, env)
            x = args[-1]; continue
        proc = evaluate(op, env)
        vals = [evaluate(a, env) for a in args]
        if isinstance(proc, Procedure):
            x, env = proc.body, Env(proc.params, vals, proc.env)
            continue
        return proc(*vals)
def lispstr(v):
    if isinstance(v, list): return "(" + " ".join(map(lispstr, v)) + ")"
    if v is True: return "#t"
    if v is False: return "#f"
    return str(v)
env = standard_env()
programs = [
    "(define fact (lambda (n) (if (<= n 1) 1 (* n (fact (- n 1))))))", "(fact 20)",
    "(define fib (lambda (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))", "(fib 7)",
    "(define count (lambda (n acc) (if (= n 0) acc (count (- n 1) (+ acc 1)))))", "(count 100 0)",
    "(define map (lambda (f l) (if (null? l) (quote ()) (cons (f (car l)) (map f (cdr l))))))",
    "(map (lambda (x) (* x x)) (list 1 2 3 4))", "(begin (define r 10) (* 3.14159 (* r r)))",
    "(define make-adder (lambda (n) (lambda (x) (+ x n))))", "((make-adder 5) 37)", "(quote (a b (c d)))",
    "(if (> (sqrt 16) 3) (quote yes) (quote no))", "(not (= 1 2))", "(undefined-thing 1)", "(car (quote ()))", ")",
]
for src in programs:
    try:
        r = evaluate(parse(tokenize(src)), env)
        if r is not None: print(src[:40], "=>", lispstr(r))
    except (NameError, IndexError, SyntaxError) as e:
        print(src[:40], "!!", type(e).__name__, e)
