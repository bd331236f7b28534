class Token:
    def __init__(self, kind, value):
        self.kind, self.value = kind, value
    def __repr__(self):
        return f"{self.kind}:{self.value}"
def tokenize(s):
    toks, i = [], 0
    while i < len(s):
        ch = s[i]
        if ch.isspace():
            i += 1
        elif ch.isdigit() or ch == ".":
            j = i
            while j < len(s) and (s[j].isdigit() or s[j] == "."):
                j += 1
            toks.append(Token("num", float(s[i:j]) if "." in s[i:j] else int(s[i:j])))
            i = j
        elif ch.isalpha():
            j = i
            while j < len(s) and s[j].isalnum():
                j += 1
            toks.append(Token("name", s[i:j]))
            i = j
        elif ch in "+-*/()^%,":
            toks.append(Token("op", ch)); i += 1
        else:
            raise SyntaxError(f"bad char {ch!r} at {i}")
    toks.append(Token("end", None))
    return toks
class Parser:
    FUNCS = {"max": max, "min": min, "abs": abs}
    def __init__(self, text, env):
        self.toks = tokenize(text); self.pos = 0; self.env = env
    def peek(self): return self.toks[self.pos]
    def take(self):
        t = self.toks[self.pos]; self.pos += 1; return t
    def expect(self, v):
        t = self.take()
        if t.value != v:
            raise SyntaxError(f"expected {v!r}, got {t.value!r}")
    def expr(self):
        v = self.term()
        while self.peek().value in ("+", "-"):
            op = self.take().value
            r = self.term()
            v = v + r if op == "+" else v - r
        return v
    def term(self):
        v = self.factor()
        while self.peek().value in ("*", "/", "%"):
            op = self.take().value
            r = self.factor()
            v = v * r if op == "*" else (v / r if op == "/" else v % r)
        return v
    def factor(self):
        base = self.unary()
        if self.peek().value == "^":
            self.take()
            return base ** self.factor()
        return base
    def unary(self):
        if self.peek().value == "-":
            self.take(); return -self.unary()
        return self.atom()
    def atom(self):
        t = self.take()
        if t.kind == "num": return t.value
        if t.kind == "name":
            if self.peek().value == "(":
                self.take(); args = [self.expr()]
                while self.peek().value == ",":
                    self.take(); args.append(self.expr())
                self.expect(")")
                return self.FUNCS[t.value](*args)
            return self.env[t.value]
        if t.value == "(":
            v = self.expr(); self.expect(")"); return v
        raise SyntaxError(f"unexpected {t!r}")
def calc(s, **env):
    p = Parser(s, env)
    v = p.expr()
    if p.peek().kind != "end":
        raise SyntaxError("trailing input")
    return v
for e in ["1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-4 + 10 % 3", "max(1, x, 3) * 2", "7 / 2", "abs(-2.5) + y", "10 / (5 - 5)", "3 $ 4", "(1 + 2", "unknown + 1"]:
    try:
        print(e, "=", calc(e, x=5, y=0.5))
    except ZeroDivisionError as ex:
        print(e, "-> ZeroDivisionError:", ex)
    except SyntaxError as ex:
        print(e, "-> SyntaxError:", ex)
    except KeyError as ex:
        print(e, "-> KeyError:", ex)
print(tokenize("a1+2.5*(b)"))
