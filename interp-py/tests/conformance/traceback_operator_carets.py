prices = {"apple": 1.5, "pear": None}
total = 0
for name in ["apple", "pear"]:
    total = total + prices[name] * 2
