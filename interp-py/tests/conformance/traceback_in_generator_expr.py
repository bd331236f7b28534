rows = [{"n": 1}, {"n": 2}, {"m": 3}]
def total(rs):
    return sum(r["n"] for r in rs)
print(total(rows[:2]))
print(total(rows))
