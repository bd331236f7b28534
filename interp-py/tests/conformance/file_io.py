path = "file_io_tmp.txt"
with open(path, "w") as f:
    f.write("line one\n")
    f.write("line two\n")
    print("third line", file=f)
    f.writelines(["a\n", "b\n"])
with open(path) as f:
    print(f.read())
with open(path) as f:
    print(f.readline(), end="")
    print(f.readlines())
with open(path, "a") as f:
    f.write("appended\n")
with open(path) as f:
    for i, line in enumerate(f):
        print(i, line.rstrip())
with open(path, "rb") as f:
    data = f.read()
    print(type(data).__name__, data[:8], len(data))
with open(path, "wb") as f:
    f.write(b"\x00\x01binary")
with open(path, "rb") as f:
    print(f.read())
f = open(path, "w", encoding="utf-8")
f.write("ünïcode ✓\n")
f.close()
print(f.closed, open(path, encoding="utf-8").read().strip())
try:
    f.write("x")
except ValueError as e:
    print(e)
try:
    open("definitely/missing/file.txt")
except FileNotFoundError as e:
    print(e.errno, e.strerror, e.filename)
with open(path) as f:
    print(f.name, f.mode, f.readable(), f.writable())
import sys
print(__import__("os").path.exists(path) if False else "skip os")
