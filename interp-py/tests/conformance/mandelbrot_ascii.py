def mandel(w=24, h=8, maxit=16):
    rows = []
    for j in range(h):
        y = -1.2 + 2.4 * j / (h - 1)
        row = []
        for i in range(w):
            x = -2.1 + 3.0 * i / (w - 1)
            zr = zi = 0.0
            it = 0
            while it < maxit and zr * zr + zi * zi <= 4.0:
                zr, zi = zr * zr - zi * zi + x, 2 * zr * zi + y
                it += 1
            row.append(" .:-=+*#%@"[it * 9 // maxit])
        rows.append("".join(row))
    return rows
for r in mandel():
    print(r)
c = complex(-0.5, 0.5)
z = 0j
for _ in range(10):
    z = z * z + c
print(z, abs(z) < 2)
