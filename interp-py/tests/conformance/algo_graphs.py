graph = {"A": ["B", "C"], "B": ["D"], "C": ["D", "E"], "D": ["F"], "E": ["F"], "F": []}
def bfs(start):
    seen, order, queue = {start}, [], [start]
    while queue:
        node = queue.pop(0)
        order.append(node)
        for nb in graph[node]:
            if nb not in seen:
                seen.add(nb); queue.append(nb)
    return order
def dfs(node, seen=None):
    seen = set() if seen is None else seen
    seen.add(node)
    out = [node]
    for nb in graph[node]:
        if nb not in seen:
            out += dfs(nb, seen)
    return out
def topo():
    indeg = {n: 0 for n in graph}
    for n in graph:
        for m in graph[n]: indeg[m] += 1
    ready = sorted(n for n in graph if indeg[n] == 0)
    out = []
    while ready:
        n = ready.pop(0); out.append(n)
        for m in graph[n]:
            indeg[m] -= 1
            if indeg[m] == 0: ready.append(m)
    return out
print(bfs("A"), dfs("A"), topo())
INF = float("inf")
weights = {("A", "B"): 4, ("A", "C"): 1, ("C", "B"): 2, ("B", "D"): 1, ("C", "D"): 5, ("D", "F"): 3, ("C", "E"): 8, ("E", "F"): 1}
def dijkstra(src):
    dist = {n: INF for n in graph}; dist[src] = 0
    todo = set(graph)
    while todo:
        u = min(todo, key=lambda n: (dist[n], n))
        todo.remove(u)
        for v in graph[u]:
            nd = dist[u] + weights[(u, v)]
            if nd < dist[v]: dist[v] = nd
    return dist
print(dijkstra("A"))
grid = ["S.#.....", ".##.###.", "....#...", "##.##.#.", "......#E"]
def maze():
    rows, cols = len(grid), len(grid[0])
    start = next((r, c) for r in range(rows) for c in range(cols) if grid[r][c] == "S")
    dist = {start: 0}; q = [start]
    while q:
        r, c = q.pop(0)
        if grid[r][c] == "E": return dist[(r, c)]
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] != "#" and (nr, nc) not in dist:
                dist[(nr, nc)] = dist[(r, c)] + 1; q.append((nr, nc))
    return -1
print(maze())
parent = {}
def find(x):
    while parent.setdefault(x, x) != x:
        parent[x] = parent[parent[x]]; x = parent[x]
    return x
def union(a, b): parent[find(a)] = find(b)
for a, b in [(1, 2), (3, 4), (2, 3), (5, 6)]: union(a, b)
print(find(1) == find(4), find(5) == find(1), len({find(x) for x in range(1, 7)}))
