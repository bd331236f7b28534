from math import sqrt
class Shape:
    count = 0
    def __init__(self, name):
        self.name = name
        Shape.count += 1
    def area(self): raise NotImplementedError(f"{type(self).__name__}.area")
    def __repr__(self): return f"{type(self).__name__}({self.name!r}, area={self.area():.2f})"
    def __lt__(self, o): return self.area() < o.area()
class Rect(Shape):
    def __init__(self, name, w, h): super().__init__(name); self.w, self.h = w, h
    def area(self): return self.w * self.h
class Square(Rect):
    def __init__(self, name, s): super().__init__(name, s, s)
class Circle(Shape):
    def __init__(self, name, r): super().__init__(name); self.r = r
    def area(self): return 3.141592653589793 * self.r ** 2
class Tri(Shape):
    def __init__(self, name, a, b, c): super().__init__(name); self.sides = (a, b, c)
    def area(self):
        a, b, c = self.sides
        s = (a + b + c) / 2
        return sqrt(s * (s - a) * (s - b) * (s - c))
shapes = [Rect("r1", 3, 4), Square("s1", 2.5), Circle("c1", 1), Tri("t1", 3, 4, 5), Circle("c2", 0.5)]
for s in sorted(shapes): print(s)
print(Shape.count, sum(s.area() for s in shapes), max(shapes).name, [type(s).__mro__[1].__name__ for s in shapes])
try:
    Shape("abstract").area()
except NotImplementedError as e:
    print("NotImplementedError:", e)
class Inventory:
    def __init__(self): self.items = {}
    def add(self, name, qty, price):
        item = self.items.setdefault(name, {"qty": 0, "price": price})
        item["qty"] += qty
        return self
    def remove(self, name, qty):
        if name not in self.items: raise KeyError(name)
        if self.items[name]["qty"] < qty: raise ValueError(f"not enough {name}")
        self.items[name]["qty"] -= qty
        if not self.items[name]["qty"]: del self.items[name]
    def total(self): return sum(v["qty"] * v["price"] for v in self.items.values())
    def __len__(self): return len(self.items)
    def __iter__(self): return iter(sorted(self.items.items()))
    def __contains__(self, name): return name in self.items
inv = Inventory().add("apple", 5, 0.5).add("pear", 2, 0.75).add("apple", 3, 0.5)
inv.remove("pear", 2)
print(len(inv), "pear" in inv, list(inv), inv.total())
for op in [lambda: inv.remove("kiwi", 1), lambda: inv.remove("apple", 100)]:
    try:
        op()
    except (KeyError, ValueError) as e:
        print(type(e).__name__, e)
class Event:
    __slots__ = ("time", "kind", "payload")
    def __init__(self, time, kind, payload=None): self.time, self.kind, self.payload = time, kind, payload
class Sim:
    def __init__(self): self.queue, self.log, self.now = [], [], 0
    def schedule(self, ev):
        self.queue.append(ev)
        self.queue.sort(key=lambda e: (e.time, e.kind))
    def run(self, until):
        handlers = {"tick": self.on_tick, "spawn": self.on_spawn}
        while self.queue and self.queue[0].time <= until:
            ev = self.queue.pop(0)
            self.now = ev.time
            handlers[ev.kind](ev)
        return self.log
    def on_tick(self, ev):
        self.log.append(("tick", self.now))
        if self.now < 5: self.schedule(Event(self.now + 2, "tick"))
    def on_spawn(self, ev):
        self.log.append(("spawn", self.now, ev.payload))
        if ev.payload > 1: self.schedule(Event(self.now + 1, "spawn", ev.payload - 1))
sim = Sim(); sim.schedule(Event(0, "tick")); sim.schedule(Event(1, "spawn", 3))
print(sim.run(10), sim.now)
class Observable:
    def __init__(self): self._subs = []
    def subscribe(self, fn): self._subs.append(fn); return lambda: self._subs.remove(fn)
    def emit(self, *a): return [fn(*a) for fn in list(self._subs)]
o = Observable(); unsub = o.subscribe(lambda x: x + 1); o.subscribe(lambda x: x * 10)
print(o.emit(4)); unsub(); print(o.emit(4))
class Matrix:
    def __init__(self, rows): self.rows = [list(r) for r in rows]
    def __matmul__(self, o):
        cols = list(zip(*o.rows))
        return Matrix([[sum(a * b for a, b in zip(r, c)) for c in cols] for r in self.rows])
    def __eq__(self, o): return self.rows == o.rows
    def __repr__(self): return f"Matrix({self.rows})"
    @classmethod
    def identity(cls, n): return cls([[int(i == j) for j in range(n)] for i in range(n)])
m = Matrix([[1, 2], [3, 4]])
print(m @ m, m @ Matrix.identity(2) == m, (m @ m) @ m)
