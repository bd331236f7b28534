import sys
print("a", "b", sep="", end="|\n")
print("x", 1, None, [1], sep=", ")
print(file=sys.stdout)
print("to stderr", file=sys.stderr)
sys.stdout.write("written\n")
n = sys.stdout.write("abc")
print("", n)
print("flush", flush=True)
print(*[], sep="X")
print("multi\nline", "tab\there")
print(sys.stdout.name if hasattr(sys.stdout, "name") else "?", sys.stderr.name if hasattr(sys.stderr, "name") else "?")
class Weird:
    def __str__(self): return "str-form"
    def __repr__(self): return "repr-form"
print(Weird(), [Weird()], (Weird(),), {Weird(): 1} if False else {1: Weird()}, str(Weird()), f"{Weird()}", f"{Weird()!r}")
try:
    print("x", sep=5)
except TypeError as e:
    print("TypeError:", e)
try:
    print("x", end=[])
except TypeError as e:
    print("TypeError:", e)
try:
    print("x", file=5)
except AttributeError as e:
    print("AttributeError:", e)
class Collector:
    def __init__(self): self.parts = []
    def write(self, s): self.parts.append(s); return len(s)
    def flush(self): pass
c = Collector()
print("captured", 42, sep=":", end="!", file=c)
print(c.parts)
old = sys.stdout
sys.stdout = c
print("redirected")
sys.stdout = old
print("restored", c.parts[-2:])
print("unicode: é ☃ 𝄞", "\u00e9".encode("utf-8"))
sys.stderr.write("stderr write\n")
print(len("x" * 1000), end="\n\n")
print("done")
