class InsufficientFunds(Exception):
    def __init__(self, account, amount):
        super().__init__(f"{account.owner} cannot withdraw {amount:.2f} (balance {account.balance:.2f})")
        self.account, self.amount = account, amount
class Account:
    _next_id = 1000
    def __init__(self, owner, balance=0.0):
        self.owner, self.balance, self.history = owner, balance, []
        self.id = Account._next_id
        Account._next_id += 1
    def deposit(self, amt):
        if amt <= 0: raise ValueError("deposit must be positive")
        self.balance += amt
        self.history.append(("dep", amt))
    def withdraw(self, amt):
        if amt > self.balance: raise InsufficientFunds(self, amt)
        self.balance -= amt
        self.history.append(("wd", amt))
    def __repr__(self): return f"<{self.id} {self.owner}: {self.balance:.2f}>"
class Bank:
    def __init__(self): self.accounts = {}
    def open(self, owner, initial=0): a = Account(owner, initial); self.accounts[a.id] = a; return a
    def transfer(self, src, dst, amt):
        a, b = self.accounts[src], self.accounts[dst]
        a.withdraw(amt)
        try:
            b.deposit(amt)
        except ValueError:
            a.deposit(amt)
            raise
    def report(self): return sorted(self.accounts.values(), key=lambda a: -a.balance)
bank = Bank()
alice, bob, carol = bank.open("alice", 100), bank.open("bob", 50), bank.open("carol")
ops = [("t", alice.id, bob.id, 30), ("t", bob.id, carol.id, 100), ("t", carol.id, alice.id, 0), ("d", carol.id, 25), ("t", 9999, 1000, 1), ("w", bob.id, 80)]
for op in ops:
    try:
        if op[0] == "t": bank.transfer(*op[1:])
        elif op[0] == "d": bank.accounts[op[1]].deposit(op[2])
        else: bank.accounts[op[1]].withdraw(op[2])
        print("ok", op)
    except InsufficientFunds as e:
        print("funds:", e, e.amount)
    except (KeyError, ValueError) as e:
        print(type(e).__name__, e)
print(bank.report(), [len(a.history) for a in bank.report()], sum(a.balance for a in bank.report()))
class TrafficLight:
    transitions = {"red": ("green", 3), "green": ("yellow", 1), "yellow": ("red", 2)}
    def __init__(self): self.state, self.timer, self.log = "red", 0, []
    def tick(self):
        self.timer += 1
        nxt, dur = self.transitions[self.state]
        if self.timer >= dur:
            self.log.append((self.state, "->", nxt))
            self.state, self.timer = nxt, 0
light = TrafficLight()
for _ in range(12): light.tick()
print(light.state, light.log)
def tokenize(expr):
    tokens, i = [], 0
    while i < len(expr):
        c = expr[i]
        if c.isspace(): i += 1; continue
        if c.isdigit() or c == ".":
            j = i
            while j < len(expr) and (expr[j].isdigit() or expr[j] == "."): j += 1
            tokens.append(("num", float(expr[i:j]) if "." in expr[i:j] else int(expr[i:j]))); i = j; continue
        if c in "+-*/()": tokens.append(("op", c)); i += 1; continue
        raise SyntaxError(f"bad char {c!r} at {i}")
    return tokens
def to_rpn(tokens):
    prec, out, stack = {"+": 1, "-": 1, "*": 2, "/": 2}, [], []
    for kind, v in tokens:
        if kind == "num": out.append(v)
        elif v == "(": stack.append(v)
        elif v == ")":
            while stack[-1] != "(": out.append(stack.pop())
            stack.pop()
        else:
            while stack and stack[-1] != "(" and prec[stack[-1]] >= prec[v]: out.append(stack.pop())
            stack.append(v)
    return out + stack[::-1]
def eval_rpn(rpn):
    st = []
    for t in rpn:
        if isinstance(t, str):
            b, a = st.pop(), st.pop()
            st.append({"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else float("inf")}[t])
        else: st.append(t)
    return st[0]
for e in ["1 + 2 * 3", "(1 + 2) * 3", "10 / 4 - 0.5", "2 * (3 + 4) * (5 - 1)", "7 / 0", "3 $ 4"]:
    try:
        print(e, "=", eval_rpn(to_rpn(tokenize(e))), to_rpn(tokenize(e)))
    except SyntaxError as err:
        print("SyntaxError:", err)
