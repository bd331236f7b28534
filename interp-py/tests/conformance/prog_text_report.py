records = [
    ("2024-01-03", "alice", "books", 12.5, 3), ("2024-01-03", "bob", "games", 59.99, 1),
    ("2024-01-04", "alice", "games", 19.99, 2), ("2024-01-05", "carol", "books", 8.75, 4),
    ("2024-01-05", "bob", "music", 1.29, 12), ("2024-01-06", "dave", "books", 22.0, 1),
    ("2024-01-07", "carol", "music", 0.99, 30), ("2024-01-07", "alice", "books", 15.25, 2),
]
by_user, by_cat = {}, {}
for date, user, cat, price, qty in records:
    total = round(price * qty, 2)
    by_user.setdefault(user, []).append(total)
    by_cat[cat] = by_cat.get(cat, 0) + total
header = f"{'user':<8}|{'orders':>7}|{'total':>10}|{'avg':>8}"
print(header)
print("-" * len(header))
for user in sorted(by_user, key=lambda u: -sum(by_user[u])):
    t = by_user[user]
    print(f"{user:<8}|{len(t):>7}|{sum(t):>10.2f}|{sum(t) / len(t):>8.2f}")
print("=" * len(header))
grand = sum(by_cat.values())
for cat, tot in sorted(by_cat.items()):
    bar = "#" * int(tot / grand * 40)
    print(f"{cat:>6} {tot:8.2f} {tot / grand:6.1%} {bar}")
def wrap(text, width):
    lines, cur = [], ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur: lines.append(cur)
    return lines
para = ("Tern is a Python virtual machine written in Rust. It aims to run real programs "
        "with CPython's exact output, tracebacks included, while being fast without a JIT.")
for w in (30, 45):
    for line in wrap(para, w):
        print(f"|{line:<{w}}|")
    print()
for line in wrap(para, 40):
    print(line.center(44, "."))
dates = sorted({r[0] for r in records})
print(dates[0], "to", dates[-1], len(dates), "days")
matrix = [[sum(r[3] * r[4] for r in records if r[0] == d and r[2] == c) for c in sorted(by_cat)] for d in dates]
print(" " * 11 + "".join(f"{c:>9}" for c in sorted(by_cat)))
for d, row in zip(dates, matrix):
    print(f"{d:<11}" + "".join(f"{v:>9.2f}" if v else f"{'-':>9}" for v in row))
csv = "\n".join(",".join(str(x) for x in r) for r in records[:3])
print(csv)
parsed = [line.split(",") for line in csv.splitlines()]
print([(p[1], float(p[3]) * int(p[4])) for p in parsed])
