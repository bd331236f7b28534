class Node:
    __slots__ = ("key", "val", "prev", "next")
    def __init__(self, key=None, val=None): self.key, self.val, self.prev, self.next = key, val, None, None
class LRU:
    def __init__(self, cap):
        self.cap, self.map = cap, {}
        self.head, self.tail = Node(), Node()
        self.head.next, self.tail.prev = self.tail, self.head
        self.hits = self.misses = 0
    def _unlink(self, n): n.prev.next, n.next.prev = n.next, n.prev
    def _front(self, n):
        n.next, n.prev = self.head.next, self.head
        self.head.next.prev = n
        self.head.next = n
    def get(self, k):
        n = self.map.get(k)
        if n is None:
            self.misses += 1
            return None
        self.hits += 1
        self._unlink(n); self._front(n)
        return n.val
    def put(self, k, v):
        if k in self.map:
            n = self.map[k]; n.val = v; self._unlink(n); self._front(n); return
        if len(self.map) == self.cap:
            old = self.tail.prev; self._unlink(old); del self.map[old.key]
        n = Node(k, v); self.map[k] = n; self._front(n)
    def keys(self):
        out, n = [], self.head.next
        while n is not self.tail: out.append(n.key); n = n.next
        return out
c = LRU(3)
for k in "abcabdeafa":
    if c.get(k) is None: c.put(k, k.upper())
print(c.keys(), c.hits, c.misses, c.get("a"), c.get("z"))
class Heap:
    def __init__(self, key=lambda x: x): self.a, self.key = [], key
    def push(self, v):
        a = self.a; a.append(v); i = len(a) - 1
        while i and self.key(a[(i - 1) // 2]) > self.key(a[i]):
            a[i], a[(i - 1) // 2] = a[(i - 1) // 2], a[i]; i = (i - 1) // 2
    def pop(self):
        a = self.a
        if not a: raise IndexError("pop from empty heap")
        top = a[0]; last = a.pop()
        if a:
            a[0] = last; i = 0
            while True:
                l, r, m = 2 * i + 1, 2 * i + 2, i
                if l < len(a) and self.key(a[l]) < self.key(a[m]): m = l
                if r < len(a) and self.key(a[r]) < self.key(a[m]): m = r
                if m == i: break
                a[i], a[m] = a[m], a[i]; i = m
        return top
    def __len__(self): return len(self.a)
h = Heap()
seed = 12345
vals = []
for _ in range(200):
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    vals.append(seed % 1000)
for v in vals: h.push(v)
out = [h.pop() for _ in range(len(h))]
print(out[:10], out[-5:], out == sorted(vals), len(h))
try:
    h.pop()
except IndexError as e:
    print("IndexError:", e)
tasks = Heap(key=lambda t: (t[0], t[1]))
for pr, name in [(2, "write"), (1, "plan"), (3, "test"), (1, "design"), (2, "review")]:
    tasks.push((pr, name))
print([tasks.pop() for _ in range(len(tasks))])
def dijkstra(graph, src):
    dist = {src: 0}; pq = Heap(key=lambda t: t[0]); pq.push((0, src)); done = set()
    while len(pq):
        d, u = pq.pop()
        if u in done: continue
        done.add(u)
        for v, w in graph.get(u, ()):
            nd = d + w
            if nd < dist.get(v, float("inf")):
                dist[v] = nd; pq.push((nd, v))
    return dist
g = {"A": [("B", 4), ("C", 1)], "C": [("B", 2), ("D", 7)], "B": [("D", 1)], "D": [("E", 3)]}
print(sorted(dijkstra(g, "A").items()))
