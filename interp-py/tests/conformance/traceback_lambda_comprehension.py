data = [3, 2, 1, 0]
scale = lambda v: 12 // v
print([scale(v) for v in data[:3]])
result = {v: scale(v) for v in data}
