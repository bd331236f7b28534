# Chaos game fractal: classes with many small methods, float math, a deterministic RNG.
class Rng:
    def __init__(self, seed):
        self.state = seed
    def random(self):
        self.state = (self.state * 1103515245 + 12345) % 2147483648
        return self.state / 2147483648.0
    def randrange(self, n):
        return int(self.random() * n)

class Point:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def midpoint(self, other, t):
        return Point(self.x + (other.x - self.x) * t, self.y + (other.y - self.y) * t)

class Chaos:
    def __init__(self, vertices, ratio, rng):
        self.vertices = vertices
        self.ratio = ratio
        self.rng = rng
    def run(self, n, size):
        grid = [[0] * size for _ in range(size)]
        p = Point(0.5, 0.5)
        nv = len(self.vertices)
        for i in range(n):
            v = self.vertices[self.rng.randrange(nv)]
            p = p.midpoint(v, self.ratio)
            gx = min(size - 1, int(p.x * size))
            gy = min(size - 1, int(p.y * size))
            grid[gy][gx] += 1
        return grid

rng = Rng(42)
verts = [Point(0.0, 0.0), Point(1.0, 0.0), Point(0.5, 0.866), Point(0.1, 0.9), Point(0.9, 0.9)]
c = Chaos(verts, 0.618, rng)
g = c.run(400000, 64)
filled = sum(1 for row in g for v in row if v)
print(filled, max(max(row) for row in g), sum(map(sum, g)))
