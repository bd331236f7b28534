def step(live):
    counts = {}
    for (x, y) in live:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    k = (x + dx, y + dy)
                    counts[k] = counts.get(k, 0) + 1
    return {c for c, n in counts.items() if n == 3 or (n == 2 and c in live)}
def render(live, w, h):
    return "\n".join("".join("#" if (x, y) in live else "." for x in range(w)) for y in range(h))
glider = {(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)}
g = glider
for gen in range(4):
    g = step(g)
print(render(g, 6, 6))
print(sorted(g), len(g))
blinker = {(1, 0), (1, 1), (1, 2)}
print(sorted(step(blinker)), step(step(blinker)) == blinker)
rpent = {(1, 0), (2, 0), (0, 1), (1, 1), (1, 2)}
r = rpent
sizes = []
for _ in range(12):
    r = step(r)
    sizes.append(len(r))
print(sizes)
xs = [x for x, _ in r]; ys = [y for _, y in r]
print(min(xs), max(xs), min(ys), max(ys))
def langton(steps):
    grid, pos, d = set(), (0, 0), 0
    dirs = [(0, -1), (1, 0), (0, 1), (-1, 0)]
    for _ in range(steps):
        if pos in grid:
            d = (d - 1) % 4; grid.remove(pos)
        else:
            d = (d + 1) % 4; grid.add(pos)
        pos = (pos[0] + dirs[d][0], pos[1] + dirs[d][1])
    return len(grid), pos
print(langton(150), langton(300))
