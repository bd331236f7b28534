# contextlib: contextmanager, ExitStack, suppress, redirect_stdout/stderr, closing,
# nullcontext, chdir, AbstractContextManager, ContextDecorator, asynccontextmanager.
import contextlib
import io
import os
import sys


@contextlib.contextmanager
def tag(name, log):
    log.append("<%s>" % name)
    try:
        yield name.upper()
    except KeyError as e:
        log.append("caught %r" % (e,))
    finally:
        log.append("</%s>" % name)


log = []
with tag("a", log) as t:
    log.append(t)
with tag("b", log):
    raise KeyError("k")
try:
    with tag("c", log):
        raise ValueError("v")
except ValueError as e:
    log.append("outer %s" % e)
print(log)


@contextlib.contextmanager
def no_yield():
    if False:
        yield


try:
    with no_yield():
        pass
except RuntimeError as e:
    print("RuntimeError", e)


@contextlib.contextmanager
def twice():
    yield 1
    yield 2


try:
    with twice():
        pass
except RuntimeError as e:
    print("RuntimeError", e)


@tag("deco", log)
def decorated(x):
    return x * 2


log.clear()
print(decorated(21), log)

with contextlib.suppress(ZeroDivisionError, KeyError):
    1 / 0
print("suppressed")
try:
    with contextlib.suppress(KeyError):
        [][1]
except IndexError as e:
    print("IndexError", e)

buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    print("to the buffer")
    print("second", end="!")
print(repr(buf.getvalue()))
err = io.StringIO()
with contextlib.redirect_stderr(err):
    sys.stderr.write("err text\n")
print(repr(err.getvalue()))


class Resource:
    def __init__(self, name):
        self.name = name

    def close(self):
        print("closed", self.name)


with contextlib.closing(Resource("r1")) as r:
    print("using", r.name)
with contextlib.nullcontext(5) as v:
    print("null", v)

with contextlib.ExitStack() as stack:
    for i in range(3):
        stack.callback(print, "callback", i)
    r = stack.enter_context(contextlib.closing(Resource("r2")))
    stack.push(lambda *exc: print("push saw", exc[0]) or False)
    print("inside stack")
print("after stack")


def cleanup_raises():
    raise RuntimeError("from cleanup")


try:
    with contextlib.ExitStack() as stack:
        stack.callback(cleanup_raises)
        raise ValueError("body")
except RuntimeError as e:
    print("RuntimeError", e, "context:", repr(e.__context__))

with contextlib.ExitStack() as stack:
    stack.callback(print, "never")
    moved = stack.pop_all()
print("popped")
moved.close()

top = "_tmp_ctx_%d" % os.getpid()
os.mkdir(top)
before = os.getcwd()
with contextlib.chdir(top):
    print(os.path.basename(os.getcwd()) == top)
print(os.getcwd() == before)
os.rmdir(top)


class Managed(contextlib.AbstractContextManager):
    def __exit__(self, *exc):
        print("Managed exit", exc[0])
        return None


with Managed() as m:
    print(type(m).__name__)
print(issubclass(io.StringIO, contextlib.AbstractContextManager), isinstance(3, contextlib.AbstractContextManager))


class Tracer(contextlib.ContextDecorator):
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, *exc):
        print("exit", exc[0])
        return False


@Tracer()
def traced():
    print("body")


traced()


@contextlib.asynccontextmanager
async def agen():
    print("aenter")
    yield 42
    print("aexit")


async def main():
    async with agen() as v:
        print("async value", v)
    async with contextlib.AsyncExitStack() as stack:
        v = await stack.enter_async_context(agen())
        stack.callback(print, "sync cb")
        print("stacked", v)
    return "done"


coro = main()
try:
    coro.send(None)
except StopIteration as e:
    print("result", e.value)
