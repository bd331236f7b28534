# Python-level part of tern's `atexit` module (run in its namespace at import). The CLI
# calls `_run_exitfuncs` (through the named VM global `atexit.run`) when the program ends
# normally or by SystemExit / an uncaught exception, before the final flush of the
# standard streams; `os._exit` skips it, as in CPython.

_callbacks = []


def register(func, /, *args, **kwargs):
    """Register a function to be executed upon normal program termination."""
    if not callable(func):
        raise TypeError("the first argument must be callable")
    _callbacks.append((func, args, kwargs))
    return func


def unregister(func, /):
    """Unregister an exit function which was previously registered."""
    _callbacks[:] = [cb for cb in _callbacks if not (cb[0] == func)]


def _clear():
    """Clear the list of previously registered exit functions."""
    del _callbacks[:]


def _ncallbacks():
    """Return the number of registered exit functions."""
    return len(_callbacks)


def _report(func, exc):
    import sys
    try:
        sys.stdout.flush()
    except BaseException:
        pass
    try:
        err = sys.stderr
        err.write("Exception ignored in atexit callback: %r\n" % (func,))
        import traceback
        tb = exc.__traceback__
        # Drop this runner's own frame: CPython calls the callbacks from C.
        if tb is not None and tb.tb_frame.f_code is _run_exitfuncs.__code__:
            tb = tb.tb_next
        traceback.print_exception(type(exc), exc, tb, file=err)
    except BaseException:
        pass


def _run_exitfuncs():
    """Run all registered exit functions (last registered first)."""
    while _callbacks:
        func, args, kwargs = _callbacks.pop()
        try:
            func(*args, **kwargs)
        except BaseException as exc:
            _report(func, exc)
