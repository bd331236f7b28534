"""tern's `_thread`: the basics that single-threaded programs and the standard library use.

Why this is a tern override: CPython implements `_thread` in C (Modules/_threadmodule.c) and
has no pure-Python fallback. Tern runs Python code on one thread and has no way to start
another yet (`start_new_thread` raises RuntimeError), so a lock is a plain state machine: it
holds no OS resource, and a blocking acquire of a lock that is held can only wait forever
(or until its timeout), which is reported as a deadlock instead. When tern gains threads this
becomes a native module.
"""

TIMEOUT_MAX = 9223372036.0

error = RuntimeError


def get_ident():
    """Return a non-zero integer that uniquely identifies the current thread."""
    return 1



main_thread_ident = get_ident


def _count():
    """Return the number of currently running Python threads, excluding the main thread."""
    return 0


def stack_size(size=0):
    if size != 0 and size < 32768:
        raise ValueError('size not valid: %d bytes' % size)
    return 0


def start_new_thread(function, args, kwargs=None):
    raise RuntimeError("tern cannot start threads yet")


start_new = start_new_thread


def interrupt_main(signum=2):
    raise KeyboardInterrupt


def _check_timeout(blocking, timeout):
    if not blocking and timeout != -1:
        raise ValueError("can't specify a timeout for a non-blocking call")
    if timeout < 0 and timeout != -1:
        raise ValueError('timeout value must be a non-negative number')


class LockType:
    """A lock: held or not; with one thread, acquiring a held lock can never succeed."""

    __slots__ = ('_locked', '__weakref__')

    def __init__(self):
        self._locked = False

    def acquire(self, blocking=True, timeout=-1):
        _check_timeout(blocking, timeout)
        if not self._locked:
            self._locked = True
            return True
        if not blocking or timeout >= 0:
            if timeout > 0:
                import time
                time.sleep(timeout)
            return False
        raise RuntimeError('deadlock: the only thread waits for a lock it holds')

    def release(self):
        if not self._locked:
            raise RuntimeError('release unlocked lock')
        self._locked = False

    def locked(self):
        return self._locked

    def _at_fork_reinit(self):
        self._locked = False

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()

    acquire_lock = acquire
    release_lock = release
    locked_lock = locked

    def __repr__(self):
        state = 'locked' if self._locked else 'unlocked'
        return '<%s %s object at %#x>' % (state, type(self).__qualname__, id(self))


LockType.__name__ = LockType.__qualname__ = 'lock'


def _set_sentinel():
    """A lock that the thread machinery releases when the current thread state is
    deleted (`threading` keeps one per thread; with one thread it is never released)."""
    return LockType()


def get_native_id():
    """Return the native integral Thread ID of the current thread."""
    import posix

    return posix.getpid()


def allocate_lock():
    """Create a new lock object."""
    return LockType()


allocate = allocate_lock


class RLock:
    """A reentrant lock: the owning thread may acquire it again."""

    __slots__ = ('_owner', '_count', '__weakref__')

    def __init__(self):
        self._owner = None
        self._count = 0

    def acquire(self, blocking=True, timeout=-1):
        _check_timeout(blocking, timeout)
        me = get_ident()
        if self._count == 0 or self._owner == me:
            self._owner = me
            self._count += 1
            return True
        if not blocking or timeout >= 0:
            return False
        raise RuntimeError('deadlock: the only thread waits for a lock it holds')

    def release(self):
        if self._count == 0 or self._owner != get_ident():
            raise RuntimeError('cannot release un-acquired lock')
        self._count -= 1
        if self._count == 0:
            self._owner = None

    def _is_owned(self):
        return self._count > 0 and self._owner == get_ident()

    def _recursion_count(self):
        return self._count if self._is_owned() else 0

    def _release_save(self):
        if self._count == 0:
            raise RuntimeError('cannot release un-acquired lock')
        state = (self._count, self._owner)
        self._count = 0
        self._owner = None
        return state

    def _acquire_restore(self, state):
        self._count, self._owner = state

    def _at_fork_reinit(self):
        self._owner = None
        self._count = 0

    __enter__ = acquire

    def __exit__(self, *exc):
        self.release()

    def __repr__(self):
        return '<%s %s object owner=%r count=%d at %#x>' % (
            'locked' if self._count else 'unlocked',
            type(self).__module__ + '.' + type(self).__qualname__,
            self._owner or 0, self._count, id(self))


class _local:
    """Thread-local data: with one thread, an ordinary object."""
    __slots__ = ('__dict__', '__weakref__')


_local.__name__ = _local.__qualname__ = '_thread._local'


class _ExceptHookArgs(tuple):
    pass


def _excepthook(args):
    import sys
    import traceback
    traceback.print_exception(args.exc_type, args.exc_value, args.exc_traceback,
                              file=sys.stderr)


def daemon_threads_allowed():
    return True
