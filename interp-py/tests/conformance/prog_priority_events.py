import math
class Particle:
    __slots__ = ("x", "y", "vx", "vy", "m")
    def __init__(self, x, y, vx, vy, m): self.x, self.y, self.vx, self.vy, self.m = x, y, vx, vy, m
def step(ps, dt):
    for p in ps:
        ax = ay = 0.0
        for q in ps:
            if q is p: continue
            dx, dy = q.x - p.x, q.y - p.y
            d2 = dx * dx + dy * dy + 0.01
            f = q.m / (d2 * math.sqrt(d2))
            ax += f * dx; ay += f * dy
        p.vx += ax * dt; p.vy += ay * dt
    for p in ps:
        p.x += p.vx * dt; p.y += p.vy * dt
def energy(ps):
    k = sum(0.5 * p.m * (p.vx ** 2 + p.vy ** 2) for p in ps)
    u = 0.0
    for i, p in enumerate(ps):
        for q in ps[i + 1:]:
            u -= p.m * q.m / math.sqrt((p.x - q.x) ** 2 + (p.y - q.y) ** 2 + 0.01)
    return k + u
ps = [Particle(math.cos(a) * 2, math.sin(a) * 2, -math.sin(a) * 0.5, math.cos(a) * 0.5, 1.0 + i * 0.1) for i, a in enumerate([0, 2.1, 4.2])]
e0 = energy(ps)
for _ in range(40): step(ps, 0.001)
print(f"{e0:.6f} {energy(ps):.6f} {abs(energy(ps) - e0) < 1e-3}")
print([f"({p.x:.4f}, {p.y:.4f})" for p in ps])
cx = sum(p.x * p.m for p in ps) / sum(p.m for p in ps)
print(f"{cx:.6f}", round(sum(p.m * p.vx for p in ps), 9))
def mandel(c, limit=50):
    z = 0j
    for i in range(limit):
        z = z * z + c
        if abs(z) > 2: return i
    return limit
rows = []
for y in range(-6, 7, 3):
    rows.append("".join(" .:-=+*#%@"[min(9, mandel(complex(x / 10, y / 6)) // 5)] for x in range(-20, 6, 2)))
print("\n".join(rows))
