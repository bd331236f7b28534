class Node:
    def __init__(self, name, parent=None):
        self.name = name
        self.parent = parent
    def root(self):
        return self.parent.root() if self.parent else self
    def depth(self):
        return 1 + self.parent.depth()
a = Node("a")
b = Node("b", a)
c = Node("c", b)
print(c.root().name)
print(c.depth())
