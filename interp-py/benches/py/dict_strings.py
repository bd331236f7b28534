# String building and dict-heavy code: formatting, joins, membership, dict iteration.
table = {}
for i in range(600000):
    key = "k" + str(i % 5000)
    if key in table:
        table[key] += i
    else:
        table[key] = i
parts = []
for k, v in table.items():
    if v % 3 == 0:
        parts.append(f"{k}={v:x}")
s = ",".join(parts)
inv = {v: k for k, v in table.items()}
words = s.split(",")
letters = {}
for w in words:
    for ch in w:
        letters[ch] = letters.get(ch, 0) + 1
print(len(table), len(s), len(inv), sorted(letters.items())[:5], words[:3])
