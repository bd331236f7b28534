# Classes created in quick succession: the base of each new class is a young object, which a
# collection during type creation (member descriptors for __slots__) may move.
made = []
for i in range(30):
    class Base:
        __slots__ = ("a",)
    class WithDict(Base):
        __slots__ = ("b", "__dict__")
    class Plain(Base):
        pass
    w = WithDict()
    w.a, w.b, w.c = i, i * 2, i * 3
    p = Plain()
    p.a, p.z = i, -i
    made.append((w.a, w.b, w.c, sorted(vars(w)), p.a, p.z, hasattr(Base(), "__dict__")))
print(made[0], made[-1], len(made))
print(WithDict.__dict__.get("__dict__") is not None, "__weakref__" in Plain.__dict__)
