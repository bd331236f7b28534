class Node:
    __slots__ = ("value", "next")
    def __init__(self, value, next=None):
        self.value, self.next = value, next
class LinkedList:
    def __init__(self, items=()):
        self.head = None
        self.size = 0
        for it in reversed(list(items)):
            self.push(it)
    def push(self, v):
        self.head = Node(v, self.head); self.size += 1
    def __iter__(self):
        n = self.head
        while n:
            yield n.value
            n = n.next
    def __len__(self): return self.size
    def reverse(self):
        prev, cur = None, self.head
        while cur:
            cur.next, prev, cur = prev, cur, cur.next
        self.head = prev
    def __repr__(self): return "LL(" + " -> ".join(map(repr, self)) + ")"
ll = LinkedList(range(5)); ll.push(-1); print(ll, len(ll)); ll.reverse(); print(ll, list(ll)[::2])
class BST:
    def __init__(self): self.root = None
    def insert(self, k):
        def ins(node, k):
            if node is None: return [k, None, None]
            if k < node[0]: node[1] = ins(node[1], k)
            elif k > node[0]: node[2] = ins(node[2], k)
            return node
        self.root = ins(self.root, k)
    def inorder(self):
        out = []
        def walk(n):
            if n:
                walk(n[1]); out.append(n[0]); walk(n[2])
        walk(self.root)
        return out
    def height(self):
        def h(n): return 0 if n is None else 1 + max(h(n[1]), h(n[2]))
        return h(self.root)
    def __contains__(self, k):
        n = self.root
        while n:
            if k == n[0]: return True
            n = n[1] if k < n[0] else n[2]
        return False
t = BST()
for k in [50, 30, 70, 20, 40, 60, 80, 30, 65]:
    t.insert(k)
print(t.inorder(), t.height(), 65 in t, 66 in t)
class Stack(list):
    def push(self, v): self.append(v)
    def peek(self): return self[-1]
s = Stack(); s.push(1); s.push(2); print(s, s.peek(), s.pop(), s, isinstance(s, list))
def balanced(text):
    pairs = {")": "(", "]": "[", "}": "{"}
    st = []
    for ch in text:
        if ch in "([{": st.append(ch)
        elif ch in pairs:
            if not st or st.pop() != pairs[ch]: return False
    return not st
print([balanced(x) for x in ["([]{})", "([)]", "((", ""]])
class LRU:
    def __init__(self, cap): self.cap, self.d = cap, {}
    def get(self, k):
        if k not in self.d: return None
        v = self.d.pop(k); self.d[k] = v; return v
    def put(self, k, v):
        self.d.pop(k, None); self.d[k] = v
        if len(self.d) > self.cap: self.d.pop(next(iter(self.d)))
c = LRU(2); c.put("a", 1); c.put("b", 2); c.get("a"); c.put("c", 3)
print(list(c.d), c.get("b"), c.get("a"))
