name = "x"
width = 10
a = f"plain"
b = f"{name}"
c = f"hello {name!r} and {name!s} {name!a}"
d = f"{3.14159:.2f} {name:>{width}} {width:#x}"
e = f"{name=} {width = :>5} {name=!s}"
f = f"{{literal}} {name}" "concat" f"{width}"
g = f"{'nested' + f'{name}'}"
h = "a" "b" 'c'
i = rb"\x00" b"\n"
