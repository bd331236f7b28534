"""tern's `_imp`: the interpreter side of the import system that `importlib` expects.

Why this is a tern override: CPython implements `_imp` in C (Python/import.c) with no
pure-Python fallback, and `importlib/__init__.py` imports it unconditionally (so do
`inspect`, `pkgutil`, `unittest` through them). Tern's import system is native and does
not go through `importlib`; this module answers importlib's questions about it:

* "built-in" modules are tern's native modules (`sys.builtin_module_names`) and the
  modules of `interp-py/lib/` that stand in for CPython's C modules (`_LIB_BUILTINS`);
  `create_builtin` imports them through tern's own import system;
* tern has no frozen modules and no C extension modules (`extension_suffixes()` is empty);
* the import lock is a plain re-entrant counter (tern runs Python on one thread).
"""

import sys

# Modules in interp-py/lib/ that replace C modules of CPython (importlib's `_setup` looks up
# `_thread`, `_warnings` and `_weakref` as built-ins).
_LIB_BUILTINS = frozenset({"_ast", "_collections", "_imp", "_thread", "_warnings", "marshal"})

check_hash_based_pycs = "never"

_lock_count = 0


def acquire_lock():
    """Acquires the interpreter's import lock for the current thread."""
    global _lock_count
    _lock_count += 1


def release_lock():
    """Releases the interpreter's import lock."""
    global _lock_count
    if _lock_count == 0:
        raise RuntimeError("not holding the import lock")
    _lock_count -= 1


def lock_held():
    """Return True if the import lock is currently held, else False."""
    return _lock_count > 0


def is_builtin(name):
    """Returns True if the module name corresponds to a built-in module."""
    return 1 if name in sys.builtin_module_names or name in _LIB_BUILTINS else 0


def create_builtin(spec):
    """Create an extension module."""
    name = spec.name
    if not is_builtin(name):
        raise ImportError(f"no built-in module named {name}", name=name)
    module = sys.modules.get(name)
    if module is None:
        __import__(name)
        module = sys.modules[name]
    return module


def exec_builtin(mod):
    """Initialize a built-in module."""
    return 0


def exec_dynamic(mod):
    """Initialize an extension module."""
    return 0


def create_dynamic(spec, file=None):
    """Create an extension module."""
    raise ImportError(f"tern cannot load C extension modules ({spec.name})", name=spec.name)


def extension_suffixes():
    """Returns the list of file suffixes used to identify extension modules."""
    return []


def is_frozen(name):
    """Returns True if the module name corresponds to a frozen module."""
    return False


def is_frozen_package(name):
    """Returns True if the module name is of a frozen package."""
    raise ImportError(f"No such frozen object named {name!r}", name=name)


def find_frozen(name, *, withdata=False):
    """Return info about the corresponding frozen module (if there is one) or None."""
    return None


def get_frozen_object(name, data=None):
    """Create a code object for a frozen module."""
    raise ImportError(f"No such frozen object named {name!r}", name=name)


def init_frozen(name):
    """Initializes a frozen module."""
    return None


def _frozen_module_names():
    return ()


def _fix_co_filename(code, path):
    """Changes code.co_filename to specify the passed-in file path."""
    return None


def source_hash(key, source):
    """The 8-byte hash CPython stores in hash-based .pyc files (SipHash-1-3 of the source
    keyed by `key`); tern never reads or writes .pyc files, so this is not provided."""
    raise NotImplementedError("tern does not use hash-based .pyc files")
