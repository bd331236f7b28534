# OOP simulation: many small classes, inheritance, properties, super(), dunder methods.
class Vector:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __add__(self, o):
        return Vector(self.x + o.x, self.y + o.y)
    def __mul__(self, k):
        return Vector(self.x * k, self.y * k)
    def length2(self):
        return self.x * self.x + self.y * self.y

class Entity:
    count = 0
    def __init__(self, name, pos):
        self.name = name
        self.pos = pos
        self.alive = True
        Entity.count += 1
    def update(self, dt):
        pass
    @property
    def energy(self):
        return 0

class Mover(Entity):
    def __init__(self, name, pos, vel):
        super().__init__(name, pos)
        self.vel = vel
    def update(self, dt):
        self.pos = self.pos + self.vel * dt
        if self.pos.length2() > 10000.0:
            self.vel = self.vel * -1.0

class Creature(Mover):
    def __init__(self, name, pos, vel, food):
        super().__init__(name, pos, vel)
        self.food = food
    def update(self, dt):
        super().update(dt)
        self.food -= dt
        if self.food < 0:
            self.alive = False
    @property
    def energy(self):
        return self.food * 2

class Plant(Entity):
    def __init__(self, name, pos, growth):
        super().__init__(name, pos)
        self.size = 1.0
        self.growth = growth
    def update(self, dt):
        self.size += self.growth * dt
    @property
    def energy(self):
        return self.size

class World:
    def __init__(self):
        self.entities = []
    def add(self, e):
        self.entities.append(e)
    def step(self, dt):
        for e in self.entities:
            if e.alive:
                e.update(dt)
    def total_energy(self):
        return sum(e.energy for e in self.entities if e.alive)

world = World()
for i in range(300):
    if i % 3 == 0:
        world.add(Plant("p%d" % i, Vector(i, -i), 0.01 * (i % 7)))
    elif i % 3 == 1:
        world.add(Mover("m%d" % i, Vector(i * 0.5, i * 0.25), Vector(1.0, -0.5)))
    else:
        world.add(Creature("c%d" % i, Vector(-i, i), Vector(-0.3, 0.7), 50.0 + i))
for t in range(1500):
    world.step(0.1)
alive = sum(1 for e in world.entities if e.alive)
print(Entity.count, alive, round(world.total_energy(), 6))
