# Word frequency counting over generated text: str methods, dicts, sorting with keys.
words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
         "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon"]
lines = []
state = 12345
for i in range(40000):
    parts = []
    for j in range(12):
        state = (state * 1103515245 + 12345) & 0x7fffffff
        w = words[state % len(words)]
        if state & 16:
            w = w.upper()
        elif state & 32:
            w = w.capitalize()
        parts.append(w)
    lines.append(" ".join(parts) + ("." if i % 3 else ","))

counts = {}
lengths = {}
for line in lines:
    for word in line.replace(".", " ").replace(",", " ").split():
        w = word.lower()
        counts[w] = counts.get(w, 0) + 1
        lengths[len(w)] = lengths.get(len(w), 0) + 1

top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
print(top[:5])
print(sorted(lengths.items()))
print(sum(counts.values()), len("".join(lines)), lines[7][:30])
