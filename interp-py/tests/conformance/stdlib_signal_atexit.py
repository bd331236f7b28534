# errno, signal (Python handlers, raise_signal, getsignal), atexit (LIFO at exit,
# errors reported as "Exception ignored"), locale and gc basics.
import atexit
import errno
import gc
import locale
import os
import signal
import sys

print(errno.ENOENT, errno.EACCES, errno.EEXIST, errno.EINTR, errno.EAGAIN == errno.EWOULDBLOCK)
print(errno.errorcode[errno.ENOENT], errno.errorcode[errno.EAGAIN], errno.errorcode[errno.EDEADLK])
print(len(errno.errorcode) > 100, all(getattr(errno, name) == code for code, name in errno.errorcode.items()))
try:
    open("/definitely/not/here")
except OSError as e:
    print(e.errno == errno.ENOENT, type(e).__name__)
print([type(OSError(code, "x")).__name__ for code in (errno.EPERM, errno.ENOENT, errno.ESRCH, errno.EINTR,
      errno.EEXIST, errno.ENOTDIR, errno.EISDIR, errno.EPIPE, errno.ETIMEDOUT, errno.ECHILD, errno.EINVAL)])

print(signal.SIGINT, signal.SIGTERM, signal.SIGUSR1, signal.SIG_DFL, signal.SIG_IGN, signal.NSIG)
print(repr(signal.Signals.SIGINT), signal.Signals(15).name, repr(signal.Handlers.SIG_IGN))
print(signal.getsignal(signal.SIGINT) is signal.default_int_handler, signal.getsignal(signal.SIGUSR1))
print(signal.strsignal(signal.SIGTERM), signal.strsignal(signal.SIGKILL), signal.SIGKILL in signal.valid_signals())
received = []
def on_usr1(signum, frame):
    received.append(signal.Signals(signum).name)
old = signal.signal(signal.SIGUSR1, on_usr1)
print(old, signal.getsignal(signal.SIGUSR1) is on_usr1)
signal.raise_signal(signal.SIGUSR1)
os.kill(os.getpid(), signal.SIGUSR1)
n = 0
for i in range(1000):
    n += i
print(received)
def failing(signum, frame):
    raise RuntimeError("raised by handler %d" % signum)
signal.signal(signal.SIGUSR2, failing)
try:
    signal.raise_signal(signal.SIGUSR2)
except RuntimeError as e:
    print("RuntimeError", e)
try:
    signal.raise_signal(signal.SIGINT)
except KeyboardInterrupt as e:
    print("KeyboardInterrupt", repr(e))
signal.signal(signal.SIGUSR1, signal.SIG_IGN)
signal.raise_signal(signal.SIGUSR1)
print(signal.getsignal(signal.SIGUSR1), received)
print(signal.signal(signal.SIGUSR1, signal.SIG_DFL))
for bad in (lambda: signal.signal(0, signal.SIG_DFL), lambda: signal.signal(signal.NSIG, signal.SIG_DFL),
            lambda: signal.signal(signal.SIGUSR1, 5), lambda: signal.signal(signal.SIGKILL, on_usr1),
            lambda: signal.getsignal(-1), lambda: signal.default_int_handler(2, None)):
    try:
        bad()
    except (ValueError, TypeError, OSError, KeyboardInterrupt) as e:
        print(type(e).__name__, e)
old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])
print(sorted(old_mask), signal.SIGUSR2 in signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR2]))
r, w = os.pipe()
os.set_blocking(w, False)
print(signal.set_wakeup_fd(w), signal.set_wakeup_fd(-1) == w)
print(signal.alarm(0))

print(type(locale.getencoding()).__name__, locale.localeconv()["decimal_point"], locale.CHAR_MAX)
print(locale.setlocale(locale.LC_NUMERIC, "C"), locale.format_string("%.2f", 1234.5, grouping=True))
print(locale.str(3.25), locale.atof("2.5"), locale.atoi("42"), locale.currency if False else None)
try:
    locale.setlocale(locale.LC_ALL, "no_SUCH.locale")
except locale.Error as e:
    print("locale.Error", e)
print(gc.isenabled(), gc.collect() >= 0, gc.collect(0) >= 0, gc.get_threshold())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled(), len(gc.get_stats()), sorted(gc.get_stats()[0]), gc.garbage, gc.callbacks)
try:
    gc.collect(3)
except ValueError as e:
    print("ValueError", e)

class Callback:
    def __init__(self, name, fail=False):
        self.name = name
        self.fail = fail
    def __call__(self, *args, **kwargs):
        print("atexit", self.name, args, kwargs)
        if self.fail:
            raise ValueError("failure in " + self.name)
    def __repr__(self):
        return "Callback(%r)" % self.name

first = atexit.register(Callback("first"), 1, key="v")
atexit.register(Callback("second", fail=True))
atexit.register(Callback("third"))
removed = Callback("removed")
atexit.register(removed)
atexit.unregister(removed)
print(type(first).__name__)
try:
    atexit.register(42)
except TypeError as e:
    print("TypeError", e)
sys.stdout.flush()
sys.exit(3)
