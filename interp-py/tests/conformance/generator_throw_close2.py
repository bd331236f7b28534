def worker():
    state = "idle"
    try:
        while True:
            try:
                job = yield state
                state = f"did {job}"
            except ValueError as e:
                state = f"recovered from {e}"
            except GeneratorExit:
                print("worker got GeneratorExit in state", state)
                raise
    finally:
        print("worker finally")
w = worker()
print(next(w), w.send("a"), w.throw(ValueError("oops")), w.send("b"))
w.close()
print(w.gi_frame, w.gi_running if hasattr(w, "gi_running") else None)
try:
    w.throw(ValueError("after close"))
except ValueError as e:
    print("raised directly:", e)
def fresh():
    yield 1
f = fresh()
try:
    f.throw(KeyError("before start"))
except KeyError as e:
    print("KeyError before start:", e)
print(list(f))
def ret_in_finally():
    try:
        yield 1
    finally:
        return "swallowed"
g = ret_in_finally(); next(g)
print(g.close())
def yield_in_finally():
    try:
        yield 1
    finally:
        yield "cleanup"
h = yield_in_finally(); next(h)
try:
    h.close()
except RuntimeError as e:
    print("RuntimeError:", e)
def deleg_inner():
    try:
        yield "inner1"
        yield "inner2"
    finally:
        print("inner cleanup")
def deleg_outer():
    try:
        yield from deleg_inner()
    finally:
        print("outer cleanup")
d = deleg_outer(); print(next(d)); d.close()
d2 = deleg_outer(); next(d2)
try:
    d2.throw(TypeError("into delegate"))
except TypeError as e:
    print("TypeError propagated:", e)
def counter():
    n = 0
    while True:
        cmd = yield n
        if cmd == "reset": n = 0
        elif cmd == "stop": return f"stopped at {n}"
        else: n += 1
c = counter(); next(c)
print([c.send(x) for x in [None, None, "reset", None]])
try:
    c.send("stop")
except StopIteration as s:
    print(s.value)
def gen_with_return_value():
    x = yield 1
    return x * 2
def collector():
    result = yield from gen_with_return_value()
    yield f"sub returned {result}"
cl = collector(); next(cl); print(cl.send(21))
