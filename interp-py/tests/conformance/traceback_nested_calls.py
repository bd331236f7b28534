class Account:
    def __init__(self, bal): self.bal = bal
    def withdraw(self, amt):
        if amt > self.bal:
            raise ValueError(f"insufficient funds: {self.bal} < {amt}")
        self.bal -= amt
def process(acct, amounts):
    return [acct.withdraw(a) for a in amounts]
def main():
    a = Account(100)
    process(a, [10, 20])
    print("balance", a.bal)
    lookup = {"a": 1}
    try:
        lookup["b"]
    except KeyError:
        process(a, [
            30,
            500,
        ])
main()
