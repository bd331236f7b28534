def dumps(obj, indent=None, level=0):
    pad = "" if indent is None else "\n" + " " * (indent * (level + 1))
    end = "" if indent is None else "\n" + " " * (indent * level)
    sep = ", " if indent is None else ","
    if obj is None: return "null"
    if obj is True: return "true"
    if obj is False: return "false"
    if isinstance(obj, (int, float)):
        if isinstance(obj, float) and obj != obj: raise ValueError("NaN not allowed")
        return repr(obj)
    if isinstance(obj, str):
        out = ['"']
        for ch in obj:
            if ch == '"': out.append('\\"')
            elif ch == "\\": out.append("\\\\")
            elif ch == "\n": out.append("\\n")
            elif ord(ch) < 0x20 or ord(ch) > 0x7e: out.append(f"\\u{ord(ch):04x}")
            else: out.append(ch)
        out.append('"')
        return "".join(out)
    if isinstance(obj, (list, tuple)):
        if not obj: return "[]"
        return "[" + sep.join(pad + dumps(v, indent, level + 1) for v in obj) + end + "]"
    if isinstance(obj, dict):
        if not obj: return "{}"
        items = []
        for k, v in obj.items():
            if not isinstance(k, str): raise TypeError(f"keys must be str, not {type(k).__name__}")
            items.append(pad + dumps(k) + ": " + dumps(v, indent, level + 1))
        return "{" + sep.join(items) + end + "}"
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")
class Parser:
    def __init__(self, s): self.s, self.i = s, 0
    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \n\t\r": self.i += 1
    def parse(self):
        self.ws()
        v = self.value()
        self.ws()
        if self.i != len(self.s): raise ValueError(f"extra data at {self.i}")
        return v
    def value(self):
        self.ws()
        c = self.s[self.i]
        if c == "{": return self.obj()
        if c == "[": return self.arr()
        if c == '"': return self.string()
        for lit, val in (("null", None), ("true", True), ("false", False)):
            if self.s.startswith(lit, self.i):
                self.i += len(lit)
                return val
        return self.number()
    def obj(self):
        self.i += 1; d = {}; self.ws()
        if self.s[self.i] == "}": self.i += 1; return d
        while True:
            self.ws(); k = self.string(); self.ws()
            if self.s[self.i] != ":": raise ValueError(f"expected ':' at {self.i}")
            self.i += 1; d[k] = self.value(); self.ws()
            if self.s[self.i] == ",": self.i += 1; continue
            if self.s[self.i] == "}": self.i += 1; return d
            raise ValueError(f"expected ',' or '}}' at {self.i}")
    def arr(self):
        self.i += 1; a = []; self.ws()
        if self.s[self.i] == "]": self.i += 1; return a
        while True:
            a.append(self.value()); self.ws()
            if self.s[self.i] == ",": self.i += 1; continue
            if self.s[self.i] == "]": self.i += 1; return a
            raise ValueError(f"expected ',' or ']' at {self.i}")
    def string(self):
        assert self.s[self.i] == '"', self.i
        self.i += 1; out = []
        while self.s[self.i] != '"':
            ch = self.s[self.i]
            if ch == "\\":
                nxt = self.s[self.i + 1]
                if nxt == "u":
                    out.append(chr(int(self.s[self.i + 2:self.i + 6], 16))); self.i += 6; continue
                out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}[nxt]); self.i += 2; continue
            out.append(ch); self.i += 1
        self.i += 1
        return "".join(out)
    def number(self):
        start = self.i
        while self.i < len(self.s) and self.s[self.i] in "+-0123456789.eE": self.i += 1
        text = self.s[start:self.i]
        if not text: raise ValueError(f"unexpected {self.s[self.i]!r} at {self.i}")
        return float(text) if any(c in text for c in ".eE") else int(text)
doc = {"name": "tern", "version": [0, 1, 2], "fast": True, "jit": None, "ratio": 0.75, "notes": 'say "hi"\nbye', "unicode": "é☃", "nested": {"a": [], "b": {}, "c": [{"d": -1e-7}]}}
text = dumps(doc)
print(text)
print(dumps(doc, indent=2))
back = Parser(text).parse()
print(back == doc, back["nested"]["c"][0]["d"], Parser("[1, 2.5e3, -3, \"\\u00e9\"]").parse())
for bad in ["[1, 2", "{\"a\" 1}", "[1] x", "@"]:
    try:
        Parser(bad).parse()
    except (ValueError, IndexError, KeyError, AssertionError) as e:
        print(type(e).__name__, e)
for bad in [{1: 2}, {"s": {1, 2}}, float("nan")]:
    try:
        dumps(bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
