maze = """
#########
#S..#...#
#.#.#.#.#
#.#...#.#
#.#####.#
#...#..E#
#########
""".strip().splitlines()
H, W = len(maze), len(maze[0])
start = next((r, c) for r in range(H) for c in range(W) if maze[r][c] == "S")
end = next((r, c) for r in range(H) for c in range(W) if maze[r][c] == "E")
def bfs(start, end):
    queue, prev, head = [start], {start: None}, 0
    while head < len(queue):
        cur = queue[head]; head += 1
        if cur == end: break
        r, c = cur
        for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < H and 0 <= nc < W and maze[nr][nc] != "#" and (nr, nc) not in prev:
                prev[(nr, nc)] = cur
                queue.append((nr, nc))
    path, node = [], end
    while node is not None:
        path.append(node); node = prev.get(node)
    return path[::-1], len(prev)
path, explored = bfs(start, end)
print(len(path) - 1, explored, path[:4], path[-1] == end)
grid = [list(row) for row in maze]
for r, c in path[1:-1]: grid[r][c] = "*"
print("\n".join("".join(row) for row in grid))
def dfs_components(cells):
    seen, comps = set(), []
    for cell in cells:
        if cell in seen: continue
        stack, comp = [cell], []
        seen.add(cell)
        while stack:
            r, c = stack.pop(); comp.append((r, c))
            for nb in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if nb in cells and nb not in seen:
                    seen.add(nb); stack.append(nb)
        comps.append(sorted(comp))
    return comps
walls = {(r, c) for r in range(H) for c in range(W) if maze[r][c] == "#"}
comps = dfs_components(walls)
print(len(comps), sorted(len(c) for c in comps))
def topo(graph):
    indeg = {n: 0 for n in graph}
    for n in graph:
        for m in graph[n]: indeg[m] = indeg.get(m, 0) + 1
    ready = sorted(n for n, d in indeg.items() if d == 0)
    order = []
    while ready:
        n = ready.pop(0); order.append(n)
        for m in sorted(graph.get(n, ())):
            indeg[m] -= 1
            if indeg[m] == 0: ready.append(m); ready.sort()
    if len(order) != len(indeg): raise ValueError("cycle detected")
    return order
deps = {"app": ["lib", "util"], "lib": ["core"], "util": ["core"], "core": [], "test": ["app"]}
print(topo(deps))
deps["core"] = ["app"]
try:
    topo(deps)
except ValueError as e:
    print("ValueError:", e)
