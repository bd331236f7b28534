class InsufficientFunds(Exception):
    def __init__(self, needed, available):
        super().__init__(f"need {needed}, have {available}")
        self.needed, self.available = needed, available
class Account:
    interest = 0.0
    _next_id = 1
    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance
        self.id = Account._next_id
        Account._next_id += 1
        self.history = []
    @property
    def balance(self):
        return self._balance
    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self._balance += amount
        self.history.append(("dep", amount))
        return self
    def withdraw(self, amount):
        if amount > self._balance:
            raise InsufficientFunds(amount, self._balance)
        self._balance -= amount
        self.history.append(("wd", amount))
        return self
    def apply_interest(self):
        self._balance = round(self._balance * (1 + self.interest), 2)
    def __repr__(self):
        return f"{type(self).__name__}(#{self.id} {self.owner}: {self._balance})"
    def __lt__(self, other):
        return self._balance < other._balance
class Savings(Account):
    interest = 0.05
class Checking(Account):
    def __init__(self, owner, balance=0, overdraft=100):
        super().__init__(owner, balance)
        self.overdraft = overdraft
    def withdraw(self, amount):
        if amount > self._balance + self.overdraft:
            raise InsufficientFunds(amount, self._balance + self.overdraft)
        self._balance -= amount
        return self
class Bank:
    def __init__(self):
        self.accounts = {}
    def open(self, kind, owner, balance=0):
        acct = kind(owner, balance)
        self.accounts[acct.id] = acct
        return acct
    def transfer(self, src, dst, amount):
        self.accounts[src].withdraw(amount)
        self.accounts[dst].deposit(amount)
    def total(self):
        return sum(a.balance for a in self.accounts.values())
bank = Bank()
a = bank.open(Savings, "ann", 1000)
b = bank.open(Checking, "bob", 50)
c = bank.open(Account, "cid")
bank.transfer(a.id, b.id, 300)
b.withdraw(400)
try:
    b.withdraw(1000)
except InsufficientFunds as e:
    print("refused:", e, e.needed, e.available)
try:
    c.deposit(-5)
except ValueError as e:
    print("refused:", e)
for acct in bank.accounts.values():
    acct.apply_interest()
print(sorted(bank.accounts.values()), round(bank.total(), 2), a.history, b.balance, max(bank.accounts.values()))
try:
    a.balance = 5
except AttributeError as e:
    print("AttributeError:", e)
