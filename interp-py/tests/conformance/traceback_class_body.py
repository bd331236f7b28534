class Fine:
    x = 1
print(Fine.x)
class Broken:
    values = [1, 2, 3]
    total = sum(values)
    ratio = total / (len(values) - 3)
