parts = []
for i in range(200):
    parts.append(f"{i:03d}")
s = "".join(parts)
print(len(s), s[:12], s[-6:], s.count("1"), s.find("199"))
acc = ""
for i in range(100):
    acc += chr(65 + i % 26)
print(acc[:30], len(acc), acc.count("A"))
lines = [f"row {i}: " + ", ".join(str(j * i) for j in range(5)) for i in range(5)]
print("\n".join(lines))
table = str.maketrans("abc", "xyz")
print("aabbcc".translate(table) * 2, "-".join(["ab"] * 4), "|".join(map(str, range(10))))
words = "the rain in spain falls mainly on the plain".split()
print(" ".join(w[::-1] for w in words), " ".join(sorted(words, key=lambda w: (len(w), w))), max(words, key=len))
print("".join(sorted(set("mississippi"))), "".join(c for c in "h3ll0 w0rld" if c.isalpha()), "x".join("abc").upper())
cols = ["name", "qty", "price"]
rows = [("apple", 3, 1.25), ("kiwi", 12, 0.5), ("watermelon", 1, 4.0)]
widths = [max(len(str(r[i])) for r in rows + [tuple(cols)]) for i in range(3)]
print(" | ".join(c.ljust(w) for c, w in zip(cols, widths)))
print("-+-".join("-" * w for w in widths))
for r in rows:
    print(" | ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(r, widths))))
print(repr("\n".join(["a", "b"])), "a\tb".split("\t"), "a,b,,c".split(","), ",".join(["", ""]), "".join(reversed("stressed")))
