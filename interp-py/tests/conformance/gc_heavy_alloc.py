class Node:
    __slots__ = ("val", "children")
    def __init__(self, val): self.val, self.children = val, []
def build(depth, fan):
    root = Node(0)
    frontier = [root]
    count = 1
    for d in range(depth):
        nxt = []
        for n in frontier:
            for k in range(fan):
                c = Node(n.val * fan + k)
                n.children.append(c)
                nxt.append(c)
                count += 1
        frontier = nxt
    return root, count
def total(n):
    s, stack = 0, [n]
    while stack:
        x = stack.pop()
        s += x.val
        stack.extend(x.children)
    return s
root, count = build(4, 3)
print(count, total(root))
garbage = 0
for i in range(40):
    tmp = [str(j) * 3 for j in range(20)]
    d = {k: [k] * 2 for k in tmp}
    garbage += len(d) + len("".join(tmp))
print(garbage)
chain = None
for i in range(400):
    chain = (i, chain)
length = 0
while chain:
    length += 1
    chain = chain[1]
print(length)
big = [bytes(100) for _ in range(100)]
print(sum(len(b) for b in big), len({id(b) for b in big[:10]}))
floats = [i * 0.5 for i in range(500)]
print(sum(floats), max(floats), len(set(floats)))
s = set()
for i in range(300):
    s.add((i, str(i)))
    if i % 3 == 0:
        s.discard((i // 2, str(i // 2)))
print(len(s))
