# contextvars: ContextVar defaults, get/set/reset, Token (var, old_value, MISSING, reuse),
# Context.run/copy and the mapping protocol, copy_context isolation, errors like CPython's.
import contextvars as c

v = c.ContextVar('x', default=1)
print(c.ContextVar.__module__, c.Token.__module__, c.Context.__module__, type(c.Token.MISSING),
      repr(c.Token.MISSING))
print(v.name, v.get(), v.get(5))
t = v.set(2)
print(t.var is v, t.old_value is c.Token.MISSING, v.get(), repr(t).startswith('<Token var=<ContextVar'))
t2 = v.set(3)
print(t2.old_value, v.get())
v.reset(t2)
print(v.get())
v.reset(t)
print(v.get(), repr(t).startswith('<Token used var='))
try:
    v.reset(t)
except RuntimeError as e:
    print('RuntimeError', str(e).endswith('has already been used once'))
w = c.ContextVar('w')
try:
    w.reset(v.set(9))
except ValueError as e:
    print('ValueError', str(e).endswith('was created by a different ContextVar'))
try:
    w.get()
except LookupError as e:
    print('LookupError', e.args[0] is w)
print(w.get(None), w.get('dflt'))
for bad in [lambda: c.ContextVar(1), lambda: c.Token(), lambda: c.copy_context()[1],
            lambda: c.copy_context()[w], lambda: 1 in c.copy_context(),
            lambda: c.copy_context().get(2)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e if not isinstance(e, KeyError) else 'KeyError(var)')
try:
    class Sub(c.ContextVar):
        pass
except TypeError as e:
    print(e)
try:
    v.name = 'y'
except AttributeError as e:
    print(e)

# Contexts are snapshots; run() switches and restores.
ctx = c.copy_context()
v.set(10)
print(ctx[v], v.get(), len(ctx) >= 1, v in ctx, w in ctx)


def work(a, b=0):
    v.set(a + b)
    w.set('inside')
    return v.get(), w.get(), len(c.copy_context())


print(ctx.run(work, 1, b=2), v.get(), w.get('outside'), ctx[v], ctx[w], ctx.get(w))
print(sorted(var.name for var in ctx), sorted(k.name for k in ctx.keys()),
      sorted(map(str, ctx.values())), sorted((k.name, val) for k, val in ctx.items()))
copy = ctx.copy()
copy.run(lambda: v.set(99))
print(copy[v], ctx[v], c.Context() == c.Context(), len(c.Context()))


def reenter():
    ctx.run(reenter)


try:
    ctx.run(reenter)
except RuntimeError as e:
    print('RuntimeError', str(e).startswith('cannot enter context:'))
try:
    ctx.run(lambda: 1 / 0)
except ZeroDivisionError:
    print('error propagated; context left:', v.get())
tok = ctx.run(lambda: v.set(5))
try:
    v.reset(tok)
except ValueError as e:
    print('ValueError', str(e).endswith('was created in a different Context'))
print(c.ContextVar[int], c.Token[str])
