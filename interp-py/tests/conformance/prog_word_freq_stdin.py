import sys
text = sys.stdin.read()
lines = text.splitlines()
print(len(lines), "lines", len(text.split()), "words", len(text), "chars")
freq = {}
for line in lines:
    for raw in line.split():
        w = raw.strip(".,;:!?\"'()").lower()
        if w:
            freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
width = max(len(w) for w, _ in top)
for w, c in top:
    print(f"{w:<{width}} {c:>3} {'*' * c}")
longest = max(freq, key=lambda w: (len(w), w))
print("longest:", longest, "unique:", len(freq), "hapax:", sum(1 for c in freq.values() if c == 1))
letters = {}
for ch in text.lower():
    if ch.isalpha():
        letters[ch] = letters.get(ch, 0) + 1
print("".join(sorted(letters, key=lambda c: (-letters[c], c))[:10]))
for i, line in enumerate(lines, 1):
    if "the" in line.lower().split():
        print(f"{i:3}: {line[:50]}")
