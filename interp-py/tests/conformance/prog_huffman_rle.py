def rle(s):
    out, i = [], 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]: j += 1
        out.append(f"{j - i}{s[i]}" if j - i > 1 else s[i]); i = j
    return "".join(out)
def unrle(s):
    out, num = [], ""
    for ch in s:
        if ch.isdigit(): num += ch
        else: out.append(ch * int(num or 1)); num = ""
    return "".join(out)
for t in ["aaabccddddde", "abc", "", "zzzzzzzzzzzz"]:
    print(repr(t), rle(t), unrle(rle(t)) == t)
def huffman(text):
    freq = {}
    for ch in text: freq[ch] = freq.get(ch, 0) + 1
    nodes = [(f, i, ch) for i, (ch, f) in enumerate(sorted(freq.items()))]
    counter = len(nodes)
    while len(nodes) > 1:
        nodes.sort(key=lambda n: (n[0], n[1]))
        a, b = nodes.pop(0), nodes.pop(0)
        nodes.append((a[0] + b[0], counter, (a, b))); counter += 1
    codes = {}
    def walk(node, prefix):
        payload = node[2]
        if isinstance(payload, str): codes[payload] = prefix or "0"
        else: walk(payload[0], prefix + "0"); walk(payload[1], prefix + "1")
    walk(nodes[0], "")
    return codes
text = "this is an example of a huffman tree"
codes = huffman(text)
encoded = "".join(codes[c] for c in text)
print(sorted(codes.items(), key=lambda kv: (len(kv[1]), kv[0]))[:6], len(encoded), len(text) * 8)
rev = {v: k for k, v in codes.items()}
buf, decoded = "", []
for bit in encoded:
    buf += bit
    if buf in rev: decoded.append(rev[buf]); buf = ""
print("".join(decoded) == text)
def caesar(s, k): return "".join(chr((ord(c) - 97 + k) % 26 + 97) if c.islower() else c for c in s)
msg = caesar("attack at dawn", 13)
print(msg, caesar(msg, 13))
def vigenere(s, key, sign=1):
    out, ki = [], 0
    for c in s:
        if c.isalpha():
            out.append(chr((ord(c.lower()) - 97 + sign * (ord(key[ki % len(key)]) - 97)) % 26 + 97)); ki += 1
        else: out.append(c)
    return "".join(out)
v = vigenere("hello world", "key"); print(v, vigenere(v, "key", -1))
import sys
data = bytes(range(0, 256, 17))
b64chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
def b64(b):
    out = []
    for i in range(0, len(b), 3):
        chunk = b[i:i + 3]
        n = int.from_bytes(chunk + b"\0" * (3 - len(chunk)), "big")
        out.extend(b64chars[(n >> s) & 63] for s in (18, 12, 6, 0))
        if len(chunk) < 3: out[-(3 - len(chunk)):] = "=" * (3 - len(chunk))
    return "".join(out)
print(b64(b"Man"), b64(b"Ma"), b64(b"M"), b64(data), b64(b"hello world"))
