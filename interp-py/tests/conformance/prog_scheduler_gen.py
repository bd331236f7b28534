class Task:
    _ids = 0
    def __init__(self, name, gen, priority=0):
        Task._ids += 1
        self.id, self.name, self.gen, self.priority = Task._ids, name, gen, priority
        self.sendval, self.done, self.result = None, False, None
    def __repr__(self): return f"Task({self.name}#{self.id})"
class Scheduler:
    def __init__(self): self.ready, self.log, self.tick = [], [], 0
    def spawn(self, name, gen, priority=0):
        t = Task(name, gen, priority); self.ready.append(t); return t
    def run(self):
        while self.ready:
            self.ready.sort(key=lambda t: (-t.priority, t.id))
            task = self.ready.pop(0)
            self.tick += 1
            try:
                req = task.gen.send(task.sendval)
            except StopIteration as s:
                task.done, task.result = True, s.value
                self.log.append((self.tick, task.name, "done", s.value))
                continue
            except Exception as e:
                self.log.append((self.tick, task.name, "crashed", repr(e)))
                continue
            if req == "yield":
                task.sendval = self.tick
            elif isinstance(req, tuple) and req[0] == "spawn":
                child = self.spawn(req[1], req[2], task.priority)
                task.sendval = child.id
            elif isinstance(req, tuple) and req[0] == "prio":
                task.priority = req[1]; task.sendval = None
            self.ready.append(task)
        return self.log
def counter(n, tag):
    total = 0
    for i in range(n):
        t = yield "yield"
        total += t
    return f"{tag}:{total}"
def parent():
    cid = yield ("spawn", "child", counter(2, "c"))
    yield ("prio", 5)
    t = yield "yield"
    return f"spawned {cid} at {t}"
def crasher():
    yield "yield"
    raise RuntimeError("task failure")
s = Scheduler()
s.spawn("a", counter(3, "a"))
s.spawn("b", counter(2, "b"), priority=1)
s.spawn("p", parent())
s.spawn("x", crasher())
for entry in s.run():
    print(entry)
print(s.tick)
